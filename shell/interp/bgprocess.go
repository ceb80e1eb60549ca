package interp

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/plumbsh/plumb/exec"
	"github.com/plumbsh/plumb/parser"
)

// A background list that would run inside plumb — a subshell, a brace
// group, a function, a builtin, an and-or list — runs in a process of its
// own in the plumb command (ownsSignals), as in sh: it outlives the shell
// that started it, and $! is its pid, which `kill`, `wait` and `ps -p`
// know. Go cannot fork, so the process is plumb again (/proc/self/exe,
// through the trampoline's init: trampoline.go), given the list's source
// text after a prelude that recreates the state a forked subshell would
// have: variables with their attributes, functions, aliases, options,
// ignored traps, umask and positional parameters. The working directory
// and the descriptor table are the stage's own (Dir, Files); $$, $!, $?,
// the resource limits `ulimit` changed and $0 travel in the trampoline's
// variable and argv. The text goes in
// a memfd, one more descriptor of the child that it reads and closes
// before anything runs, so no size limit of the environment applies.
// An embedder's shell keeps such a list in-process, with a pseudo-pid:
// its program is not plumb, and its jobs end with the Runner's call.

// runsInPlumb reports whether `a &` would run, in part, in the plumb
// process: anything but a pipeline of commands that are neither
// builtins nor functions, as far as the syntax tells (a command name
// that is an expansion is taken as external).
func (s *Shell) runsInPlumb(a *parser.AndOr) bool {
	if len(a.Rest) > 0 {
		return true
	}
	for _, st := range a.First.Stages {
		c, ok := st.Cmd.(*parser.SimpleCmd)
		if !ok || len(c.Args) == 0 {
			return true
		}
		name := c.Args[0].Lit()
		if _, fn := s.funcs[name]; fn {
			return true
		}
		if _, bi := builtins[name]; bi {
			return true
		}
		for _, r := range st.Redirs {
			if r.Word != nil && r.Hdoc == nil && s.namesFifo(r.Word) {
				// Opening a FIFO waits for its other side, which the
				// commands after `&` may open: the process of its own
				// opens it, as bash's forked child does (fifoopen.go).
				return true
			}
		}
	}
	return false
}

// namesFifo reports whether the redirection target w names a FIFO, when
// expanding it has no side effect (no substitution, no ${x:=v}).
func (s *Shell) namesFifo(w *parser.Word) bool {
	if !plainWord(w.Parts) {
		return false
	}
	fields, err := s.expandFields([]*parser.Word{w})
	if err != nil || len(fields) != 1 {
		return false
	}
	path := s.devFdPath(fields[0])
	if !filepath.IsAbs(path) {
		path = filepath.Join(s.dir, path)
	}
	return isFifo(path)
}

// plainWord reports whether parts are literal text and plain parameter
// expansions only.
func plainWord(parts []parser.WordPart) bool {
	for _, p := range parts {
		switch p := p.(type) {
		case *parser.Lit, *parser.SglQuoted:
		case *parser.DblQuoted:
			if !plainWord(p.Parts) {
				return false
			}
		case *parser.ParamExp:
			if p.Op != parser.ParamNone || p.Sub != nil || p.Indirect || p.Bad != "" {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// subshellProcess is the plan of one stage that runs `a` in a new plumb
// process, on the shell's descriptors (see runsInPlumb).
func (s *Shell) subshellProcess(a *parser.AndOr) (*exec.Plan, error) {
	body, line, list := subshellBody(a)
	return s.subshellProcessText(body, line, !list && len(a.Rest) == 0)
}

// subshellProcessText is the plan of one stage that runs the source body
// in a new plumb process, on the shell's descriptors, after the prelude
// that recreates the shell's state. line is where the body starts in
// the shell's source, for $LINENO; quietTop says that the body is one
// pipeline whose own status runs no ERR trap (bashTrapState).
func (s *Shell) subshellProcessText(body string, line int, quietTop bool) (*exec.Plan, error) {
	fd, err := unix.MemfdCreate("plumb-subshell", unix.MFD_CLOEXEC)
	if err != nil {
		return nil, os.NewSyscallError("memfd_create", err)
	}
	// Owned by the plan from here: exec closes a Redir's File once the
	// stage has started, or on any failure of Start.
	text := os.NewFile(uintptr(fd), "plumb-subshell")
	prelude := s.subshellPrelude()
	src := prelude + body
	if _, err := text.WriteString(src); err != nil {
		text.Close()
		return nil, err
	}
	// The child reads from its own descriptor, which shares this offset.
	if _, err := text.Seek(0, 0); err != nil {
		text.Close()
		return nil, err
	}
	// The text goes in the first closed slot above 2, not past the end
	// of the table: an inherited descriptor high in the table (a CI
	// runner's fd 251) then stays the table's last entry, which exec
	// can leave out under a low `ulimit -n` (fitTable); past it, every
	// start would fail with EBADF.
	n := 3
	for n < len(s.files) && s.files[n] != nil {
		n++
	}
	v := fmt.Sprintf("subshell %d %d %d %d %d %s %t %d %t", n, s.pid, s.lastBg, s.status, len(prelude), formatLimits(s.changedLimits()), s.asyncIgnoresInt, max(line+s.lineBase-1, 0), quietTop)
	env := s.environ()
	st := &exec.Stage{
		Argv:   []string{s.arg0},
		Path:   "/proc/self/exe",
		Env:    append(env[:len(env):len(env)], trampolineVar+"="+v),
		Dir:    s.dir,
		Files:  s.files,
		Redirs: []exec.Redir{{Fd: n, File: text}},
	}
	plan := s.newPlan()
	plan.Stages = []*exec.Stage{st}
	return plan, nil
}

// subshellPrelude is the script that gives a new plumb the state of s, as
// a forked subshell inherits it: what declare -p, declare -f, alias,
// shopt -p and set +o show, ignored traps (handled traps are reset in a
// subshell) and the umask. xtrace and verbose come last, so that only
// the list itself is traced.
func (s *Shell) subshellPrelude() string {
	var b strings.Builder
	names := make([]string, 0, len(s.vars))
	for k := range s.vars {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		v := s.vars[k]
		switch k {
		case "UID", "EUID", "BASH_VERSINFO", "SHLVL", "SHELLOPTS", "BASHOPTS":
			// set by every plumb, read-only (the options follow, and an
			// exported SHELLOPTS stays so through the environment);
			// SHLVL: not one deeper
			continue
		}
		if v.nameref {
			b.WriteString("declare -n " + k + "=" + singleQuote(v.value) + "\n")
			continue
		}
		b.WriteString(s.declareText(k, v) + "\n")
	}
	for _, k := range slices.Sorted(maps.Keys(s.funcs)) {
		b.WriteString(parser.Format(s.funcs[k].FuncDecl) + "\n")
	}
	for _, k := range slices.Sorted(maps.Keys(s.aliases)) {
		b.WriteString("alias " + k + "=" + singleQuote(s.aliases[k]) + "\n")
	}
	for i, on := range s.opts.shopt {
		if on != defaultShopts()[i] {
			b.WriteString(fmt.Sprintf("shopt %s %s\n", map[bool]string{true: "-s", false: "-u"}[on], shoptNames[i]))
		}
	}
	for name, action := range s.traps {
		if action == "" {
			b.WriteString("trap '' " + name + "\n")
		}
	}
	fmt.Fprintf(&b, "umask %04o\n", s.umask)
	b.WriteString("set --")
	for _, a := range s.args {
		b.WriteString(" " + singleQuote(a))
	}
	b.WriteString("\n")
	last := []string{"xtrace", "verbose"}
	for _, o := range longOptionNames {
		if o == "noexec" || slices.Contains(last, o) {
			continue
		}
		if p := s.longOption(o); p != nil && *p {
			b.WriteString("set -o " + o + "\n")
		} else if p != nil {
			b.WriteString("set +o " + o + "\n")
		}
	}
	// The ERR trap under set -E, DEBUG and RETURN under set -T, as a
	// subshell inherits them (inheritBashTraps): after every other line,
	// so that none runs for the prelude (but a DEBUG trap does for the
	// set -x line below, when there is one).
	c := &Shell{traps: map[string]string{}}
	c.inheritBashTraps(s)
	for _, name := range slices.Sorted(maps.Keys(c.traps)) {
		b.WriteString("trap -- " + singleQuote(c.traps[name]) + " " + name + "\n")
	}
	// One command, read before either takes effect: neither shows it.
	set := ""
	for _, o := range last {
		if *s.longOption(o) {
			set += " -o " + o
		}
	}
	if set != "" {
		b.WriteString("set" + set + "\n")
	}
	return b.String()
}

// subshellBody is the text the process runs for `a &`, and the line
// where it starts. For `( list ) &` it is the list (and list is true):
// the process is the subshell, as sh's one fork is, so an `exec` in it
// replaces the process that $! names.
func subshellBody(a *parser.AndOr) (text string, line int, list bool) {
	p := a.First
	if len(a.Rest) == 0 && !p.Negated && len(p.Stages) == 1 && len(p.Stages[0].Redirs) == 0 {
		if sub, ok := p.Stages[0].Cmd.(*parser.Subshell); ok && len(sub.Stmts) > 0 {
			return stmtsText(sub.Stmts), sub.Stmts[0].Pos().Line, true
		}
	}
	// As a statement, so that the bodies of its here-documents follow.
	return parser.Format(&parser.Stmt{AndOr: a}) + "\n", a.Pos().Line, false
}

// stmtsText is the source of stmts for a process of its own, laid out
// so that $LINENO counts as in the shell's source: a statement that
// began on the line where the one before it ended follows it there
// (after "; ", or " " after "&"), and one further down starts on its
// own line, blank lines added. (After a here-document's body, which
// Format puts right after its statement, lines can only follow.)
func stmtsText(stmts []*parser.Stmt) string {
	var b strings.Builder
	line, prevEnd, prevText := 0, 0, ""
	for i, st := range stmts {
		text := parser.Format(st)
		switch {
		case i == 0:
			line = st.Pos().Line
		case st.Pos().Line == prevEnd && !strings.Contains(prevText, "\n"):
			if stmts[i-1].Background {
				b.WriteByte(' ')
			} else {
				b.WriteString("; ")
			}
		default:
			if !strings.HasSuffix(prevText, "\n") {
				b.WriteByte('\n')
				line++
			}
			for ; line < st.Pos().Line; line++ {
				b.WriteByte('\n')
			}
		}
		b.WriteString(text)
		line += strings.Count(text, "\n")
		prevEnd, prevText = st.End().Line, text
	}
	if !strings.HasSuffix(prevText, "\n") {
		b.WriteByte('\n')
	}
	return b.String()
}
