package interp

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// errorf prints one line on the shell's stderr: "plumb: " plus, in a
// script, "FILE:LINE: ", plus the message.
func (s *Shell) errorf(format string, a ...any) {
	s.writeErr(s.prefix() + fmt.Sprintf(format, a...) + "\n")
}

// prefix is the start of every message: where the shell is.
func (s *Shell) prefix() string {
	if s.bashName != "" {
		return s.bashPrefix() // bashmsg.go
	}
	if s.source != "" && s.line > 0 {
		return fmt.Sprintf("plumb: %s:%d: ", s.source, s.line)
	}
	return "plumb: "
}

func (s *Shell) writeErr(msg string) {
	s.print(2, msg)
}

// writeTo writes msg to descriptor fd of an in-process stage's table,
// ignoring a closed one.
func writeTo(files []*os.File, fd int, msg string) {
	if fd < len(files) && files[fd] != nil {
		writeStage(files[fd], msg)
	}
}

// errText is the message of a system error without Go's decoration:
// "No such file or directory", as sh prints it.
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	var se *os.SyscallError
	if errors.As(err, &se) {
		err = se.Err
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		msg := errno.Error()
		if msg != "" {
			return strings.ToUpper(msg[:1]) + msg[1:]
		}
	}
	return err.Error()
}

// devSocketError is the one line printed for a network redirection that
// failed: "/dev/tcp/HOST/PORT: connect: Connection refused".
func devSocketError(name string, err error) string {
	var se *os.SyscallError
	if errors.As(err, &se) {
		return name + ": " + se.Syscall + ": " + errText(se.Err)
	}
	return name + ": " + err.Error()
}

// lookPath finds an external command: a name with a slash is taken as a
// path (relative to the shell's directory), any other is searched in
// $PATH. status is 0 when found, 126 when only a file that cannot be
// executed exists, 127 when nothing does. Hits are cached until PATH
// changes.
func (s *Shell) lookPath(name string) (string, int) {
	if strings.Contains(name, "/") {
		p := name
		if !filepath.IsAbs(p) {
			p = filepath.Join(s.dir, p)
		}
		return p, executable(p)
	}
	if c, ok := s.hashTable()[name]; ok {
		return c.path, 0
	}
	pathVar := s.pathFor
	status := 127
	p, found := s.searchPath(pathVar, name, func(p string) bool {
		switch executable(p) {
		case 0:
			return true
		case 126:
			status = 126
		}
		return false
	})
	if found {
		s.pathCache[name] = &cachedPath{path: p}
		return p, 0
	}
	if status == 126 {
		return name, 126
	}
	return "", 127
}

// searchPath tries the places of name in the directories of pathVar, in
// order (an empty entry is ".", relative ones are from the shell's
// directory), and returns the first that try accepts.
func (s *Shell) searchPath(pathVar, name string, try func(p string) bool) (string, bool) {
	for _, dir := range filepath.SplitList(pathVar) {
		if dir == "" {
			dir = "."
		}
		p := filepath.Join(dir, name)
		if !filepath.IsAbs(p) {
			p = filepath.Join(s.dir, p)
		}
		if try(p) {
			return p, true
		}
	}
	return "", false
}

// lookPathWith is lookPath for a command run with prefix assignments:
// `PATH=dir cmd` searches dir, as bash does. A hit counts for `hash`.
func (s *Shell) lookPathWith(name string, assigns []string) (string, int) {
	if !hasAssign(assigns, "PATH") {
		p, st := s.lookPath(name)
		if c := s.pathCache[name]; c != nil {
			c.hits++
		}
		return p, st
	}
	for i := len(assigns) - 1; i >= 0; i-- {
		if strings.HasPrefix(assigns[i], "PATH=") {
			restore := s.tempAssign(assigns[i : i+1])
			defer restore()
			break
		}
	}
	return s.lookPath(name)
}

// executable returns 0 for an executable regular file, 126 for a file
// that exists but cannot be run, 127 when there is none.
func executable(p string) int {
	fi, err := os.Stat(p)
	if err != nil {
		return 127
	}
	if fi.IsDir() || unix.Access(p, unix.X_OK) != nil {
		return 126
	}
	return 0
}

// readUmask reads the process umask from /proc/self/status, which (unlike
// the umask call) can read it without setting it.
func readUmask() int {
	b, err := os.ReadFile("/proc/self/status")
	if err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "Umask:"); ok {
				if n, err := strconv.ParseInt(strings.TrimSpace(v), 8, 32); err == nil {
					return int(n)
				}
			}
		}
	}
	return 0o022
}

func randomInt() int { return rand.IntN(32768) }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isNameStr reports whether s is a variable name.
func isNameStr(s string) bool {
	for i, r := range s {
		if r != '_' && !(r >= 'a' && r <= 'z') && !(r >= 'A' && r <= 'Z') && !(i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return s != ""
}
