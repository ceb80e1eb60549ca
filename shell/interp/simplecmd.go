package interp

// Simple commands: expanding a command's words and assignments, and
// running it as a function, a builtin, an embedder's command or an
// external program (a one-stage pipeline), with its redirections and
// prefix assignments. Pipelines of several stages are pipeline.go's.

import (
	"errors"
	"strings"

	"github.com/plumbsh/plumb/exec"
	"github.com/plumbsh/plumb/parser"
)

// envWith returns the environment for an external command: the exported
// variables, overridden by the command's prefix assignments.
func (s *Shell) envWith(assigns []string) []string {
	env := s.environ()
	if len(assigns) == 0 {
		return env
	}
	out := make([]string, 0, len(env)+len(assigns))
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		if !hasAssign(assigns, k) {
			out = append(out, kv)
		}
	}
	return append(out, assigns...)
}

func hasAssign(assigns []string, name string) bool {
	for _, a := range assigns {
		if strings.HasPrefix(a, name) && len(a) > len(name) && a[len(name)] == '=' {
			return true
		}
	}
	return false
}

// expandAssigns expands prefix assignments into NAME=value strings.
func (s *Shell) expandAssigns(as []*parser.Assign) ([]string, error) {
	if len(as) == 0 {
		return nil, nil
	}
	out := make([]string, 0, len(as))
	// Each assignment is in force, exported, while the ones after it
	// expand (`FOO=foo BAR="[$FOO]" cmd`, as bash and dash); the shell's
	// own variables are back as they were when this returns.
	var restores []func()
	defer func() {
		for i := len(restores) - 1; i >= 0; i-- {
			restores[i]()
		}
	}()
	for i, a := range as {
		if a.Index != nil {
			// bash refuses an element before a command, and runs
			// the command.
			s.errorf("`%s[%s]': not a valid identifier", a.Name, parser.Format(a.Index))
			continue
		}
		var v string
		var err error
		if a.Array != nil {
			v, err = s.arrayText(a.Array)
		} else {
			v, err = s.expandString(a.Value)
		}
		if err != nil {
			return nil, err
		}
		if a.Append {
			old, _ := s.get(a.Name)
			v = old + v
		}
		out = append(out, a.Name+"="+v)
		if i < len(as)-1 {
			restores = append(restores, s.tempAssign(out[len(out)-1:]))
		}
	}
	return out, nil
}

// plainAssigns returns the assignments of as that are not to an array
// element or of an array value.
func plainAssigns(as []*parser.Assign) []*parser.Assign {
	out := as[:0:0]
	for _, a := range as {
		if a.Index == nil && a.Array == nil {
			out = append(out, a)
		}
	}
	return out
}

// runSimple runs a simple command in this shell.
func (s *Shell) runSimple(c *parser.SimpleCmd, rs []*parser.Redirect) error {
	// Taken at once: a command substitution in the words runs in a
	// copy of the shell, which must not exec (oneshot.go).
	oneShot := s.oneShot
	s.oneShot = false
	if err := s.debugTrap(c); err != nil { // trap_bash.go
		return err
	}
	s.lastSubst = -1
	argv, err := s.expandArgs(c)
	if err != nil {
		return err
	}
	if len(argv) == 0 {
		s.lastArg = ""
		return s.runAssignOnly(c, rs)
	}
	s.lastArg = argv[len(argv)-1]
	if c.ArgArrays != nil {
		// `declare a=(1 2)`: $_ is the name, as in bash.
		if i := strings.Index(s.lastArg, "=\x00"); i >= 0 {
			s.lastArg = s.lastArg[:i]
		}
	}
	assigns, err := s.expandAssigns(c.Assigns)
	if err != nil {
		return err
	}
	if argv[0] == "exec" && len(argv) == 1 {
		return s.execRedirs(rs)
	}
	if s.isExternal(argv[0]) && argv[0] != "exec" {
		if oneShot {
			if done, err := s.runOneShot(argv, assigns, rs); done {
				return err
			}
		}
		defer s.saveVarRedirs(rs)()
		redirs, err := s.openRedirs(rs)
		if err != nil {
			return s.redirFailed(err)
		}
		return s.runExternal(argv, assigns, redirs)
	}
	// The trace goes out before the redirections are made, as in bash:
	// `echo x 2>/dev/null` under set -x still shows `+ echo x`.
	if s.opts.xtrace {
		s.traceCommand(assigns, argv)
	}
	restore, err := s.applyRedirs(rs)
	if err != nil {
		return s.redirFailed(err)
	}
	defer restore()
	return s.runTraced(argv, assigns)
}

// runAssignOnly runs `x=1 y=2` (and `>file` alone): the assignments stay
// in the shell; the status is that of the last command substitution.
func (s *Shell) runAssignOnly(c *parser.SimpleCmd, rs []*parser.Redirect) error {
	for _, a := range c.Assigns {
		if a.Index != nil || a.Array != nil {
			t, err := s.assignIndexed(a)
			if err != nil {
				var se *shellError
				if !errors.As(err, &se) {
					return err
				}
				s.errorf("%v", err)
				s.status = 1
				return s.specialFailed()
			}
			if s.opts.xtrace {
				s.traceLine(t)
			}
			continue
		}
		v, err := s.expandString(a.Value)
		if err != nil {
			return err
		}
		if s.opts.xtrace {
			// One line per assignment, before it is made (PS4 sees the
			// old values), only the value quoted: bash's `+ y='a b'`.
			op := "="
			if a.Append {
				op = "+=" // bash shows what was written, not the sum
			}
			s.traceLine(a.Name + op + traceQuote(v))
		}
		if err := s.assignVar(a.Name, v, a.Append); err != nil {
			if err, ok := s.intAssignFailed(err, ""); ok {
				return err
			}
			s.errorf("%v", err)
			s.status = 1
			return s.specialFailed()
		}
	}
	st := 0
	if s.lastSubst >= 0 {
		st = s.lastSubst
	}
	if len(rs) > 0 {
		red, err := s.openRedirs(rs)
		if err != nil {
			return s.redirFailed(err)
		}
		closeRedirs(red)
	}
	s.status = st
	return nil
}

// isSpecialBuiltin reports whether name is one of POSIX's special
// builtins (and source, bash's other name for .), which set -o posix
// finds before functions.
func isSpecialBuiltin(name string) bool {
	switch name {
	case "break", ":", ".", "source", "continue", "eval", "exec", "exit", "export",
		"readonly", "return", "set", "shift", "times", "trap", "unset":
		return true
	}
	return false
}

// specialFailed is what a failed assignment does: in a script it
// abandons the rest of the line (an eval string: the eval), as bash
// does; under set -e or set -o posix it ends the shell, as in POSIX sh.
func (s *Shell) specialFailed() error {
	if s.interactive {
		return nil
	}
	if s.opts.posix {
		return &fatalError{Status: 1}
	}
	return s.abandonLine()
}

// runExternal runs one external command as a one-stage pipeline.
func (s *Shell) runExternal(argv, assigns []string, redirs []exec.Redir) error {
	st := s.externalStage(argv, assigns, redirs)
	plan := s.newPlan()
	plan.Stages = []*exec.Stage{st}
	res, err := s.runPlan(plan)
	if res == nil {
		return nil
	}
	s.status = res.Stages[0].Status
	s.blamePipeline(res)
	return err // Ctrl-C ended a foreground job (foreground.go)
}

// runArgv runs an expanded command in this shell: a function, a builtin,
// an embedder's command or an external program.
func (s *Shell) runArgv(argv, assigns []string) error {
	if s.opts.xtrace {
		s.traceCommand(assigns, argv)
	}
	return s.runTraced(argv, assigns)
}

// runTraced is runArgv after the command's xtrace line.
func (s *Shell) runTraced(argv, assigns []string) error {
	name := argv[0]
	mark := s.blame.mark()
	if b, ok := builtins[name]; ok && s.opts.posix && isSpecialBuiltin(name) {
		// POSIX: a special builtin is found before any function, and
		// its prefix assignments stay in the shell (not exported).
		for _, a := range assigns {
			k, v, _ := strings.Cut(a, "=")
			if err := s.setVar(k, v); err != nil {
				s.errorf("%v", err)
				s.status = 1
				return s.specialFailed()
			}
		}
		st, err := b(s, argv)
		s.status = st
		s.blameArgv(mark, "builtin", argv, st, err)
		return err
	}
	if fd, ok := s.funcs[name]; ok {
		restore := s.tempAssign(assigns)
		defer restore()
		err := s.callFunction(fd, argv[1:])
		s.blameArgv(mark, "function", argv, s.status, err)
		return err
	}
	if b, ok := builtins[name]; ok {
		restore := s.tempAssign(assigns)
		defer restore()
		st, err := b(s, argv)
		s.status = st
		s.blameArgv(mark, "builtin", argv, st, err)
		return err
	}
	if s.cmdHook != nil {
		if f := s.cmdHook(name); f != nil {
			s.status = s.callCommand(s.ctx, f, argv, assigns, s.files)
			s.blameArgv(mark, "command", argv, s.status, nil)
			return nil
		}
	}
	return s.runExternal(argv, assigns, nil)
}

// tempAssign sets prefix assignments for the length of one builtin or
// function call, as bash does outside POSIX mode.
func (s *Shell) tempAssign(assigns []string) func() {
	if len(assigns) == 0 {
		return func() {}
	}
	type saved struct {
		name string
		v    *variable
	}
	var old []saved
	for _, a := range assigns {
		k, v, _ := strings.Cut(a, "=")
		var prev *variable
		if p, ok := s.vars[k]; ok {
			cp := *p
			prev = &cp
			p.attrs = 0 // bash's temporary variable has none: i=1+2 f sees 1+2
		}
		old = append(old, saved{k, prev})
		s.setVar(k, v)
		s.exportVar(k)
	}
	return func() {
		for i := len(old) - 1; i >= 0; i-- {
			s.restoreOuter(old[i].name, old[i].v)
		}
		s.env = nil
		s.pathCache = nil
	}
}

// execRedirs is `exec` with only redirections: they apply to the shell
// itself from now on, and the files it opens are the shell's to close.
func (s *Shell) execRedirs(rs []*parser.Redirect) error {
	red, err := s.openRedirs(rs)
	if err != nil {
		return s.redirFailed(err)
	}
	// All or none, as in bash: `exec 3>a 4>&9 5>b` with fd 9 closed
	// changes nothing, and the files opened for 3 and 5 are closed.
	if _, err := applyFiles(s.files, red); err != nil {
		closeRedirs(red)
		s.errorf("%v", err)
		s.status = 1
		return nil
	}
	for _, r := range red {
		switch {
		case r.File != nil:
			s.setFile(r.Fd, r.File, true)
		case r.Close:
			if r.Fd < len(s.files) { // beyond the table it is closed already
				s.setFile(r.Fd, nil, false)
			}
		default:
			f := s.file(r.DupFrom)
			if f == nil {
				s.errorf("%d: Bad file descriptor", r.DupFrom)
				s.status = 1
				return nil
			}
			// A dup shares the open file: owned where the source is owned.
			_, own := s.entry(r.DupFrom)
			s.setFile(r.Fd, f, own)
		}
	}
	s.status = 0
	return nil
}
