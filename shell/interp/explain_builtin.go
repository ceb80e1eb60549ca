package interp

import (
	"strings"

	"github.com/plumbsh/plumb/shell/explain"
)

// The explain builtin shows, for a command line given as its arguments,
// what --explain shows for a script: `explain 'cat f | sort |> uniq'` at
// the prompt prints the stages, the links and every stage's descriptors
// without running anything. At the prompt the inherited descriptors are
// the terminal's; elsewhere they are the shell's.
func init() { builtins["explain"] = biExplain }

// isBuiltin is how explain tells builtins from external commands.
func isBuiltin(name string) bool {
	_, ok := builtins[name]
	return ok
}

func biExplain(s *Shell, args []string) (int, error) {
	src := strings.Join(args[1:], " ")
	if strings.TrimSpace(src) == "" {
		s.errorf("explain: usage: explain 'COMMAND LINE'")
		return 2, nil
	}
	f, err := s.parserConfig().Parse([]byte(src), "explain") // aliases as typed
	if err != nil {
		s.printSyntax(err)
		return 2, nil
	}
	var b strings.Builder
	if s.interactive {
		err = explain.Line(&b, f, isBuiltin)
	} else {
		err = explain.Script(&b, f, isBuiltin)
	}
	if err != nil {
		s.errorf("explain: %v", err)
		return 1, nil
	}
	if err := s.print(1, b.String()); err != nil {
		return s.writeFailed("explain", err)
	}
	return 0, nil
}
