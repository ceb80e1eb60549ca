package interp

import (
	"path/filepath"

	"golang.org/x/sys/unix"

	"github.com/plumbsh/plumb/shell/lineedit"
)

// historyPath is where the prompt keeps its history: $HISTFILE, as in
// bash ("" when it is unset or empty: nothing is read or saved, the
// usual `unset HISTFILE` before typing a secret).
func historyPath(s *Shell) string {
	p, _ := s.get("HISTFILE")
	return p
}

// initHistfile gives an interactive shell its HISTFILE before the rc
// files run, so they can change or unset it: $PLUMB_HISTFILE, else
// $XDG_STATE_HOME/plumb/history, else ~/.local/state/plumb/history
// (unset when that is empty).
// bash keeps a HISTFILE it inherits; plumb replaces it, since an
// inherited one names another shell's file, written in that shell's
// format, which plumb's appends and compaction would damage.
func (s *Shell) initHistfile() {
	p, ok := s.get("PLUMB_HISTFILE")
	if !ok {
		if d, ok := s.get("XDG_STATE_HOME"); ok && d != "" {
			p = filepath.Join(d, "plumb", "history")
		} else if home, _ := s.get("HOME"); home != "" {
			p = filepath.Join(home, ".local", "state", "plumb", "history")
		}
	}
	if p == "" { // PLUMB_HISTFILE= or no home: no history file
		s.unsetVar("HISTFILE")
		return
	}
	s.setVar("HISTFILE", p) // fails only when readonly: then it stays
}

// editHost is the shell as the line editor's completion and highlighting
// see it (lineedit.Host). They run only while the prompt waits in
// ReadLine, when nothing else uses the shell's state. intr is the
// prompt's: Ctrl-C ends a completion function as it ends a command line.
type editHost struct {
	s    *Shell
	intr *interrupter
}

func (h editHost) Dir() string                    { return h.s.dir }
func (h editHost) Var(name string) (string, bool) { return h.s.get(name) }
func (h editHost) Tilde(user string) string       { return h.s.tilde(user) }

func (h editHost) VarNames() []string {
	var names []string
	for k, v := range h.s.vars {
		if v.set {
			names = append(names, k)
		}
	}
	return names
}

func (h editHost) CommandNames() []string {
	var names []string
	for n := range h.s.funcs {
		names = append(names, n)
	}
	for n := range h.s.aliases {
		names = append(names, n)
	}
	for n := range builtins {
		names = append(names, n)
	}
	return names
}

func (h editHost) IsCommand(name string) bool {
	if _, ok := h.s.funcs[name]; ok || h.s.hasAlias(name) {
		return true
	}
	if _, ok := builtins[name]; ok {
		return true
	}
	_, st := h.s.lookPath(name)
	return st == 0
}

// Complete runs the completion spec for the command of req, as bash
// does at Tab: -I for the first word, -E for an empty line, else the
// command's spec (by its name as typed, then its last path component),
// else -D. The function of -F runs in the shell itself, as in bash: it
// may set variables, define functions and call compopt for this
// completion. $? is left as it was. The terminal stays in the line
// editor's mode (what the function runs reads raw keys, as under
// bash's readline), with signal keys on: Ctrl-C sends SIGINT to the
// shell's group, which ends what the function runs and, through intr,
// the function itself; the line being edited stays as it was.
func (h editHost) Complete(req lineedit.CompRequest) (lineedit.CompReply, bool) {
	s := h.s
	sp := s.compSpecFor(req.Words, req.CWord)
	if sp == nil {
		return lineedit.CompReply{}, false
	}
	cur := *sp // compopt in the function changes this completion only
	s.compCur = &cur
	status := s.status
	cc := compCall{
		cmd: req.Words[0], cur: req.Cur, prev: req.Prev,
		words: req.Words, cword: req.CWord, line: req.Line, point: req.Point,
		typ: '\t', key: '\t',
	}
	var words []string
	// The commands the function runs stay in the shell's process
	// group, as a script's do, and the terminal stays the shell's:
	// readline reads ahead on a goroutine of its own, and its pending
	// read fails (EIO, which it takes for the end of input) when
	// another group is given the terminal.
	jc := s.jc
	s.jc = nil
	restoreTerm := signalKeysOn()
	h.s.interruptible(h.intr, func() error {
		var err error
		words, _, err = s.compGenerate(&cur, &cc)
		return err
	})
	restoreTerm()
	s.jc = jc
	s.compCur = nil
	s.status = status
	s.diedOfSIGINT = false
	o := cur.opts
	return lineedit.CompReply{
		Words:     words,
		Filenames: o&coFilenames != 0, NoQuote: o&coNoquote != 0,
		NoSpace: o&coNospace != 0, NoSort: o&coNosort != 0,
		BashDefault: o&coBashdefault != 0, Default: o&coDefault != 0, DirNames: o&coDirnames != 0,
	}, true
}

// signalKeysOn turns the terminal's signal keys on while a completion
// function runs (the line editor reads keys raw, with them off), and
// returns what puts back the modes it found.
func signalKeysOn() (restore func()) {
	saved, err := unix.IoctlGetTermios(0, unix.TCGETS)
	if err != nil || saved.Lflag&unix.ISIG != 0 {
		return func() {}
	}
	t := *saved
	t.Lflag |= unix.ISIG
	unix.IoctlSetTermios(0, unix.TCSETS, &t)
	return func() { unix.IoctlSetTermios(0, unix.TCSETS, saved) }
}
