package interp

import (
	"fmt"

	"github.com/plumbsh/plumb/parser"
)

// CheckCommands finds the commands of f, named by a plain literal word,
// that are none of: a function the script defines, a builtin, a
// Runner.Commands entry, an executable found in the shell's $PATH (or
// by its path, for a name with a slash), each as "FILE:LINE:COL: NAME"
// (for Runner.CheckCommands).
func (s *Shell) CheckCommands(f *parser.File, name string) []string {
	funcs := map[string]bool{}
	parser.Walk(f, func(n parser.Node) bool {
		if fd, ok := n.(*parser.FuncDecl); ok {
			funcs[fd.Name] = true
		}
		return true
	})
	seen := map[string]bool{}
	var missing []string
	parser.Walk(f, func(n parser.Node) bool {
		c, ok := n.(*parser.SimpleCmd)
		if !ok || len(c.Args) == 0 {
			return true
		}
		cmd := c.Args[0].Lit()
		if cmd == "" || seen[cmd] || funcs[cmd] || !s.isExternal(cmd) {
			return true
		}
		if _, ok := s.aliases[cmd]; ok {
			return true
		}
		seen[cmd] = true
		if _, status := s.lookPath(cmd); status != 0 {
			p := c.Args[0].Pos()
			missing = append(missing, fmt.Sprintf("%s:%d:%d: %s", name, p.Line, p.Col, cmd))
		}
		return true
	})
	return missing
}
