package interp

import (
	"slices"
	"strings"

	"github.com/plumbsh/plumb/parser"
)

// Exported functions (`export -f name`, `declare -fx name`) travel in the
// environment in bash's format, so that a bash started by plumb sees
// plumb's exported functions and a plumb started by bash sees bash's:
//
//	BASH_FUNC_name%%=() { body
//	}
//
// The variable's name is not a shell name, so it never becomes a shell
// variable; newShell hands such entries to importFuncs, which defines
// each function (marked exported again, so it reaches grandchildren)
// when its value parses as one function body, and drops it otherwise, as
// bash does.

const (
	funcEnvPrefix = "BASH_FUNC_"
	funcEnvSuffix = "%%"
)

// importFuncs defines the functions env carries in bash's format.
func (s *Shell) importFuncs(env []string) {
	for _, kv := range env {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || !strings.HasPrefix(k, funcEnvPrefix) || !strings.HasSuffix(k, funcEnvSuffix) {
			continue
		}
		name := strings.TrimSuffix(strings.TrimPrefix(k, funcEnvPrefix), funcEnvSuffix)
		if name == "" || !strings.HasPrefix(v, "() {") {
			continue
		}
		f, err := parser.Parse([]byte(name+" "+v), "")
		if err != nil || len(f.Stmts) != 1 {
			continue
		}
		fd := funcDeclOf(f.Stmts[0])
		if fd == nil || fd.Name != name {
			continue
		}
		s.funcs[name] = &function{FuncDecl: fd, exported: true}
	}
}

// funcDeclOf is the function definition st consists of, or nil.
func funcDeclOf(st *parser.Stmt) *parser.FuncDecl {
	if st.Background || st.AndOr == nil || len(st.AndOr.Rest) != 0 {
		return nil
	}
	p := st.AndOr.First
	if p == nil || p.Negated || len(p.Stages) != 1 || len(p.Stages[0].Redirs) != 0 {
		return nil
	}
	fd, _ := p.Stages[0].Cmd.(*parser.FuncDecl)
	return fd
}

// funcEnviron is the environment entries of the exported functions,
// sorted by name.
func (s *Shell) funcEnviron() []string {
	var env []string
	for name, fn := range s.funcs {
		if fn.exported {
			env = append(env, funcEnvPrefix+name+funcEnvSuffix+"="+funcEnvValue(fn.FuncDecl))
		}
	}
	slices.Sort(env)
	return env
}

// funcEnvValue is a function's value in the environment, as bash writes
// it: "() { " and the body, which bash wants to start with "{".
func funcEnvValue(fd *parser.FuncDecl) string {
	return parser.FormatFuncValue(fd)
}

// exportFuncs is `export -f [-n] name…`: each name must be a function.
// Without names it lists the exported functions, as bash does.
func (s *Shell) exportFuncs(cmd string, names []string, unexport bool) (int, error) {
	if len(names) == 0 {
		var list []string
		for name, fn := range s.funcs {
			if fn.exported {
				list = append(list, name)
			}
		}
		slices.Sort(list)
		var b strings.Builder
		for _, name := range list {
			b.WriteString(parser.FormatFunc(s.funcs[name].FuncDecl) + "\ndeclare -fx " + name + "\n")
		}
		if err := s.print(1, b.String()); err != nil {
			return s.writeFailed(cmd, err)
		}
		return 0, nil
	}
	status := 0
	for _, name := range names {
		fn, ok := s.funcs[name]
		if !ok {
			s.errorf("%s: %s: not a function", cmd, name)
			status = 1
			continue
		}
		if fn.exported != !unexport {
			// A copy: a subshell's function table shares the
			// values with its parent's (clone).
			c := *fn
			c.exported = !unexport
			s.funcs[name] = &c
			s.env = nil
		}
	}
	return status, nil
}
