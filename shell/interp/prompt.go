package interp

import (
	"path/filepath"
)

// historyPath is $PLUMB_HISTFILE, else $XDG_STATE_HOME/plumb/history,
// else ~/.local/state/plumb/history; "" means no file.
func historyPath(s *Shell) string {
	if p, ok := s.get("PLUMB_HISTFILE"); ok {
		return p
	}
	if d, ok := s.get("XDG_STATE_HOME"); ok && d != "" {
		return filepath.Join(d, "plumb", "history")
	}
	home, _ := s.get("HOME")
	if home == "" {
		return ""
	}
	return filepath.Join(home, ".local", "state", "plumb", "history")
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
