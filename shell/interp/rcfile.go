package interp

import (
	"errors"
	"os"
	"path/filepath"
)

// Start-up files. A login shell (`plumb -l`, `--login`, or an argv[0]
// starting with "-", which is how login(1) and sshd start a user's shell)
// runs /etc/profile and then ~/.profile, as sh does, so plumb can be a
// login shell without its users rewriting their profiles. An interactive
// shell then runs its rc file: --rcfile FILE, else $PLUMBRC, else
// ~/.plumbrc; --norc skips it. The rc file is read by interactive shells
// only (scripts must not depend on one user's aliases and functions), and
// after the profile (as zsh does: ~/.profile rarely sources a plumb file,
// so a login prompt would otherwise start without the user's settings).
//
// An error in a start-up file is printed and the shell goes on: a typo in
// ~/.plumbrc must not lock its owner out of their shell. `exit` in one
// ends the shell, as in sh.

// startupFiles says which start-up files a shell reads.
type startupFiles struct {
	login  bool
	noRC   bool
	rcFile string // --rcfile; "" for the default
	// command is the string of -i -c, which the interactive shell runs
	// in place of reading lines at the prompt; nil for none.
	command *string
}

// profilePaths are the files a login shell runs, in order.
func (s *Shell) profilePaths() []string {
	paths := []string{"/etc/profile"}
	if home, _ := s.get("HOME"); home != "" {
		paths = append(paths, filepath.Join(home, ".profile"))
	}
	return paths
}

// rcPath is the rc file an interactive shell runs, or "" for none.
func (s *Shell) rcPath(sf startupFiles) string {
	switch {
	case sf.noRC:
		return ""
	case sf.rcFile != "":
		return sf.rcFile
	}
	if p, ok := s.get("PLUMBRC"); ok {
		return p // PLUMBRC= (empty) turns the rc file off
	}
	if home, _ := s.get("HOME"); home != "" {
		return filepath.Join(home, ".plumbrc")
	}
	return ""
}

// runStartupFile runs the file at path in the shell itself, as `.` does.
// A file that does not exist is skipped silently: every start-up file is
// optional. It returns a non-nil *exitError only when the file ran `exit`.
func (s *Shell) runStartupFile(path string) error {
	if path == "" {
		return nil
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	_, err := s.sourcePath(path, path, nil)
	var ee *exitError
	if errors.As(err, &ee) {
		return ee
	}
	if st, ok := s.endStatus(err); ok {
		s.status = st
	}
	return nil
}

// runProfiles runs a login shell's profile files.
func (s *Shell) runProfiles() error {
	for _, p := range s.profilePaths() {
		if err := s.runStartupFile(p); err != nil {
			return err
		}
	}
	return nil
}
