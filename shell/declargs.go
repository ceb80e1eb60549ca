package shell

import (
	"strings"

	"github.com/plumbsh/plumb/parser"
)

// A declaration builtin's `name=value` argument (declare, typeset, local,
// readonly, export) is expanded as an assignment is, in bash: one field,
// neither split nor globbed, so `local x=$1` keeps "$1" whole. Other
// arguments expand as usual.

// isDeclCmd reports whether c is a declaration builtin with arguments.
func isDeclCmd(c *parser.SimpleCmd) bool {
	if len(c.Args) < 2 {
		return false
	}
	switch c.Args[0].Lit() {
	case "declare", "typeset", "local", "readonly", "export":
		return true
	}
	return false
}

// isAssignArg reports whether w starts, unquoted, with `name=`,
// `name+=` or `name[sub]=`.
func isAssignArg(w *parser.Word) bool {
	if len(w.Parts) == 0 {
		return false
	}
	lit, ok := w.Parts[0].(*parser.Lit)
	if !ok {
		return false
	}
	i := strings.IndexByte(lit.Value, '=')
	if i <= 0 {
		return false
	}
	name := strings.TrimSuffix(lit.Value[:i], "+")
	if j := strings.IndexByte(name, '['); j > 0 && strings.HasSuffix(name, "]") {
		name = name[:j]
	}
	return parser.IsName(name)
}

// declFields expands one argument of a declaration builtin.
func (s *Shell) declFields(w *parser.Word) ([]string, error) {
	if !isAssignArg(w) {
		return s.expandFields([]*parser.Word{w})
	}
	v, err := s.expandString(w)
	if err != nil {
		return nil, err
	}
	return []string{v}, nil
}

// expandDeclArgs expands the words of a declaration command.
func (s *Shell) expandDeclArgs(c *parser.SimpleCmd) ([]string, error) {
	argv := make([]string, 0, len(c.Args))
	for _, w := range c.Args {
		fields, err := s.declFields(w)
		if err != nil {
			return nil, err
		}
		argv = append(argv, fields...)
	}
	return argv, nil
}

// callerLocal reports whether name is a local of one of the function
// calls below frame top: a variable a new local may shadow even when it
// is read-only (bats: local -r in one function, local of the same name
// in the function it calls).
func (s *Shell) callerLocal(name string, top int) bool {
	for _, frame := range s.locals[:top] {
		if _, ok := frame[name]; ok {
			return true
		}
	}
	return false
}
