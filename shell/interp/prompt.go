package interp

import (
	"path/filepath"
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
// ReadLine, when nothing else uses the shell's state.
type editHost struct{ s *Shell }

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
