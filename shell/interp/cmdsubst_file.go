package interp

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/plumbsh/plumb/parser"
)

// substFileName reports whether the command substitution c is bash's
// $(< file), which is the file's contents without running a command,
// and returns the redirection that names the file.
func substFileName(c *parser.CmdSubst) (*parser.Redirect, bool) {
	if len(c.Stmts) != 1 {
		return nil, false
	}
	fd := c.Stmts[0]
	if fd.Background || fd.AndOr == nil || len(fd.AndOr.Rest) != 0 {
		return nil, false
	}
	p := fd.AndOr.First
	if p == nil || p.Negated || len(p.Stages) != 1 || len(p.Stages[0].Redirs) != 1 {
		return nil, false
	}
	sc, ok := p.Stages[0].Cmd.(*parser.SimpleCmd)
	r := p.Stages[0].Redirs[0]
	if !ok || len(sc.Args) != 0 || len(sc.Assigns) != 0 || r.Op != parser.RdrIn || (r.N != -1 && r.N != 0) {
		return nil, false
	}
	return r, true
}

// substFile is $(< file): the file's contents less trailing newlines. A
// file that cannot be read is a message and status 1, as in bash.
func (s *Shell) substFile(r *parser.Redirect) (string, error) {
	name, err := s.expandString(r.Word)
	if err != nil {
		return "", err
	}
	path := name
	if !filepath.IsAbs(path) {
		path = filepath.Join(s.dir, path)
	}
	data, err := os.ReadFile(s.devFdPath(path))
	if err != nil {
		s.errorf("%s: %s", name, errText(err))
		s.lastSubst, s.status = 1, 1
		return "", nil
	}
	s.lastSubst, s.status = 0, 0
	out := string(data)
	if strings.IndexByte(out, 0) >= 0 {
		s.errorf("warning: command substitution: ignored null byte in input")
		out = strings.ReplaceAll(out, "\x00", "")
	}
	return strings.TrimRight(out, "\n"), nil
}
