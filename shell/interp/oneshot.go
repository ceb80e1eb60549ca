package interp

import (
	"bytes"

	"github.com/plumbsh/plumb/parser"
)

// A `plumb -c` string, or the text of a background list's own process
// (bgprocess.go), whose only command is one external program becomes
// that program: the process execs it rather than starting it as a child
// and waiting, as bash and dash do. Then the pid the caller holds is the
// program's: `kill $!` after `(server) &` stops the server, and
// `timeout 2 plumb -c 'sleep 97'` kills sleep, not a shell that would
// leave it running. The process is replaced as by `exec`
// (replaceProcess), so a failed execve leaves the shell to report it and
// exit as it would have.
//
// Only when nothing could tell the difference: no trap is set (an EXIT
// trap would have to run after the command), no xtrace or stats (their
// output comes after the command too), no here-document (a goroutine of
// this process writes a large body while the command reads) or process
// substitution (the shell holds its end and waits for its list), no
// prefix assignment, and the name is found in PATH (a missing command
// keeps its usual message).

// oneShotShape reports whether st is one simple command with a name,
// run in the foreground on its own.
func oneShotShape(st *parser.Stmt) bool {
	if st.Background || len(st.AndOr.Rest) > 0 {
		return false
	}
	p := st.AndOr.First
	if p.Negated || len(p.Stages) != 1 {
		return false
	}
	c, ok := p.Stages[0].Cmd.(*parser.SimpleCmd)
	return ok && len(c.Args) > 0 && len(c.Assigns) == 0
}

// markOneShot sets oneShot for stmts, the command runSource is about to
// run, when it is the whole of what is left (rest) of a source that may
// end in an exec (execsLast).
func (s *Shell) markOneShot(stmts []*parser.Stmt, rest []byte) {
	s.oneShot = s.execsLast && !s.interactive && len(stmts) == 1 && oneShotShape(stmts[0]) &&
		len(bytes.TrimSpace(rest)) == 0
}

// runOneShot replaces the process with argv, after the command's
// redirections, when nothing forbids it (see above). done is false when
// the command is to run as usual instead.
func (s *Shell) runOneShot(argv, assigns []string, rs []*parser.Redirect) (done bool, err error) {
	if len(assigns) > 0 || len(s.traps) > 0 || s.opts.xtrace || s.opts.stats || s.recorder != nil ||
		len(s.substEnds) > 0 {
		return false, nil
	}
	for _, r := range rs {
		switch r.Op {
		case parser.Heredoc, parser.DashHeredoc, parser.Herestring:
			// A body larger than a pipe buffer is written by a
			// goroutine of this process while the command reads.
			return false, nil
		}
	}
	if _, st := s.lookPath(argv[0]); st != 0 {
		return false, nil
	}
	restore, err := s.applyRedirs(rs)
	if err != nil {
		return true, s.redirFailed(err)
	}
	handled, st, _ := s.replaceProcess(argv, "")
	restore()
	if !handled {
		return false, nil
	}
	s.status = st
	return true, &exitError{Status: st}
}
