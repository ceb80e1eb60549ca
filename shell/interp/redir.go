package interp

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/plumbsh/plumb/exec"
	"github.com/plumbsh/plumb/parser"
	"github.com/plumbsh/plumb/shell/expand"
	"github.com/plumbsh/plumb/shell/netredir"
)

// openRedirs turns a command's redirections into exec.Redir values,
// opening every file they name (close-on-exec, relative to the shell's
// directory). The caller owns the opened files: it hands them to
// exec.Start, which closes them after the stage starts, or applies them
// in-process and closes them with closeRedirs. On failure it prints one
// line (or returns the fatal error of an expansion), closes what it opened
// and returns a non-nil error.
func (s *Shell) openRedirs(rs []*parser.Redirect) (out []exec.Redir, err error) {
	if len(rs) == 0 {
		return nil, nil
	}
	// A process substitution as a target (`< <(cmd)`) is opened like
	// any /dev/fd/N; the open file holds the pipe, so the table's end is
	// closed at once and the command's body does not inherit it.
	defer s.closeSubstEnds(len(s.substEnds))
	defer func() {
		if err != nil {
			closeRedirs(out)
			out = nil
		}
	}()
	for _, r := range rs {
		fd := r.N
		if r.Var != "" {
			if fd, err = s.varRedirFd(r, out); err != nil {
				return out, err
			}
		}
		if fd < 0 {
			fd = 1
			switch r.Op {
			case parser.RdrIn, parser.RdrInOut, parser.DupIn, parser.Heredoc, parser.DashHeredoc, parser.Herestring:
				fd = 0
			}
		}
		switch r.Op {
		case parser.Heredoc, parser.DashHeredoc, parser.Herestring:
			if fdTooHigh(fd) {
				s.errorf("%d: Bad file descriptor", fd)
				return out, errRedir
			}
			var text string
			var err error
			if r.Op == parser.Herestring {
				text, err = s.expandString(r.Word)
				text += "\n"
			} else {
				text, err = s.expandQuoted(r.Hdoc)
			}
			if err != nil {
				return out, err
			}
			f, err := s.textReader(text)
			if err != nil {
				s.errorf("here-document: %v", err)
				return out, errRedir
			}
			out = append(out, exec.Redir{Fd: fd, File: f})
			continue
		}
		var target string
		if r.Op == parser.DupIn || r.Op == parser.DupOut {
			target, err = s.expandString(r.Word)
		} else {
			target, err = s.redirTarget(r.Word)
		}
		if err != nil {
			return out, err
		}
		switch r.Op {
		case parser.DupIn, parser.DupOut:
			if target == "-" {
				out = append(out, exec.Redir{Fd: fd, Close: true})
				continue
			}
			if n, err := strconv.Atoi(target); err == nil && n >= 0 {
				if fdTooHigh(fd) {
					// bash names the source, as dup2 fails on it.
					s.errorf("%d: Bad file descriptor", n)
					return out, errRedir
				}
				out = append(out, exec.Redir{Fd: fd, DupFrom: n})
				continue
			}
			// N>&M- moves M to N: a dup, then M closes (bash, ksh).
			if m, ok := strings.CutSuffix(target, "-"); ok {
				if n, err := strconv.Atoi(m); err == nil && n >= 0 {
					out = append(out, exec.Redir{Fd: fd, DupFrom: n})
					if n != fd {
						out = append(out, exec.Redir{Fd: n, Close: true})
					}
					continue
				}
			}
			if r.Op == parser.DupIn || r.N >= 0 {
				s.errorf("%s: ambiguous redirect", target)
				return out, errRedir
			}
			// bash: `>&file` with no fd number means `&>file`.
			f, ok := s.openFile(target, parser.RdrOut)
			if !ok {
				return out, errRedir
			}
			out = append(out, exec.Redir{Fd: 1, File: f}, exec.Redir{Fd: 2, DupFrom: 1})
		case parser.RdrAll, parser.AppendAll:
			op := parser.RdrOut
			if r.Op == parser.AppendAll {
				op = parser.RdrAppend
			}
			f, ok := s.openFile(target, op)
			if !ok {
				return out, errRedir
			}
			out = append(out, exec.Redir{Fd: 1, File: f}, exec.Redir{Fd: 2, DupFrom: 1})
		default:
			f, ok := s.openFile(target, r.Op)
			if !ok {
				return out, errRedir
			}
			if fdTooHigh(fd) {
				// Opened first, as bash does: the file is created.
				f.Close()
				s.errorf("%d: Bad file descriptor", fd)
				return out, errRedir
			}
			out = append(out, exec.Redir{Fd: fd, File: f})
		}
	}
	return out, nil
}

// varRedirFd is the descriptor of a {name} redirection: for {name}>&-
// the one $name holds; otherwise the lowest one from 10 up that neither
// the table nor an earlier redirection of the command uses, which name
// is set to (bash). The descriptor outlives the command (applyRedirs).
func (s *Shell) varRedirFd(r *parser.Redirect, earlier []exec.Redir) (int, error) {
	if varRedirCloses(r) {
		v, _ := s.get(r.Var)
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			s.errorf("%s: ambiguous redirect", r.Var)
			return 0, errRedir
		}
		return n, nil
	}
	fd := 10
	for s.file(fd) != nil || slices.ContainsFunc(earlier, func(e exec.Redir) bool { return e.Fd == fd }) {
		fd++
	}
	if err := s.setVar(r.Var, strconv.Itoa(fd)); err != nil {
		s.errorf("%v", err)
		return 0, errRedir
	}
	return fd, nil
}

// fdTooHigh reports whether a redirection cannot set descriptor fd: one at
// or above the soft RLIMIT_NOFILE (exec.FdLimit) cannot exist, and
// refusing it here keeps `echo hi 99999999>f` from growing descriptor
// tables to that size; bash says "99999999: Bad file descriptor" too.
func fdTooHigh(fd int) bool {
	return fd > 2 && fd >= exec.FdLimit()
}

// redirTarget expands the file name of a redirection as bash does: braces,
// splitting and globbing apply, and the result must be one word
// (`> $file` with file='a b' is an error, `> *.log` the one match).
func (s *Shell) redirTarget(w *parser.Word) (string, error) {
	if lit := w.Lit(); lit != "" && !strings.ContainsAny(lit, expand.GlobChars+"{") {
		return lit, nil
	}
	fields, err := s.expandFields([]*parser.Word{w})
	var fe *fatalError
	if errors.As(err, &fe) && fe.Status == 1 && s.opts.shopt[shFailglob] {
		return "", errRedir // failglob: its message is printed
	}
	if err != nil {
		return "", err
	}
	if len(fields) != 1 {
		s.errorf("%s: ambiguous redirect", parser.Format(w))
		return "", errRedir
	}
	return fields[0], nil
}

// errRedir reports a redirection that failed; its message is printed.
var errRedir = errors.New("redirection failed")

// closeRedirs closes the files that openRedirs opened.
func closeRedirs(rs []exec.Redir) {
	for _, r := range rs {
		if r.File != nil {
			r.File.Close()
		}
	}
}

// openFile opens a redirection target for op.
func (s *Shell) openFile(name string, op parser.RedirOp) (*os.File, bool) {
	if proto, host, port, ok := netredir.Parse(name); ok {
		// /dev/tcp and /dev/udp connect out whatever op is (package netredir).
		f, err := netredir.Open(s.ctx, proto, host, port)
		if err != nil {
			s.errorf("%s", devSocketError(name, err))
			return nil, false
		}
		return f, true
	}
	path := s.devFdPath(name)
	if !filepath.IsAbs(path) {
		path = filepath.Join(s.dir, path)
	}
	flag := unix.O_CLOEXEC
	switch op {
	case parser.RdrIn:
		flag |= os.O_RDONLY
	case parser.RdrOut, parser.RdrClobber:
		flag |= os.O_WRONLY | os.O_CREATE | os.O_TRUNC
		if op == parser.RdrOut && s.opts.noclobber {
			// noclobber refuses to truncate an existing regular file;
			// O_EXCL makes the check and the creation one step.
			if fi, err := os.Stat(path); err == nil {
				if fi.Mode().IsRegular() {
					s.errorf("%s: cannot overwrite existing file", name)
					return nil, false
				}
			} else {
				flag = unix.O_CLOEXEC | os.O_WRONLY | os.O_CREATE | os.O_EXCL
			}
		}
	case parser.RdrAppend:
		flag |= os.O_WRONLY | os.O_CREATE | os.O_APPEND
	case parser.RdrInOut:
		flag |= os.O_RDWR | os.O_CREATE
	}
	existed := true
	if flag&os.O_CREATE != 0 && s.umask != processUmask {
		_, err := os.Lstat(path)
		existed = err == nil
	}
	if s.rlimits != nil && s.noFreeFd() {
		s.errorf("%s: %s", name, errText(unix.EMFILE))
		return nil, false
	}
	if s.fifoOpens != nil {
		if f, ok := s.deferFifo(name, path, flag); ok { // fifoopen.go
			return f, true
		}
	}
	f, err := os.OpenFile(path, flag, 0o666)
	if err != nil {
		s.errorf("%s: %s", name, errText(err))
		return nil, false
	}
	if !existed {
		// The kernel applied the process's umask; the shell's own umask
		// is what the user set, so the new file gets that instead.
		f.Chmod(os.FileMode(0o666 &^ s.umask))
	}
	return f, true
}

// textReader returns the read end of a pipe that yields text and then EOF
// (here-documents and here-strings). A body that fits in the smallest pipe
// buffer is written at once; a larger one by a goroutine, so a reader that
// never reads cannot block the shell.
func (s *Shell) textReader(text string) (*os.File, error) {
	r, w, err := osPipe()
	if err != nil {
		return nil, err
	}
	if len(text) <= 4096 {
		w.WriteString(text)
		w.Close()
		return r, nil
	}
	go func() {
		// A reader that stops early breaks the pipe: EPIPE, not a
		// SIGPIPE to the shell (sigpipe_linux.go).
		writeStage(w, text)
		w.Close()
	}()
	return r, nil
}

// applyFiles applies redirections to a descriptor table in-process, the
// way the child side of exec.Start does, and returns the new table.
func applyFiles(files []*os.File, rs []exec.Redir) ([]*os.File, error) {
	t := append([]*os.File(nil), files...)
	set := func(fd int, f *os.File) {
		for len(t) <= fd {
			t = append(t, nil)
		}
		t[fd] = f
	}
	for _, r := range rs {
		switch {
		case r.File != nil:
			set(r.Fd, r.File)
		case r.Close:
			if r.Fd < len(t) {
				t[r.Fd] = nil
			}
		default:
			if r.DupFrom >= len(t) || t[r.DupFrom] == nil {
				return t, errorf("%d: Bad file descriptor", r.DupFrom)
			}
			set(r.Fd, t[r.DupFrom])
		}
	}
	return t, nil
}

// applyRedirs applies a command's redirections to this shell's table for
// the length of one command. restore puts back what the redirections
// replaced and closes what they opened; every other descriptor keeps any
// change the command made, as in sh: in `{ exec 3>f; } 2>/dev/null`, fd 3
// stays open after the block and fd 2 comes back. A failed redirection
// has printed its message; err is errRedir or a fatal expansion error.
func (s *Shell) applyRedirs(rs []*parser.Redirect) (restore func(), err error) {
	if len(rs) == 0 {
		return func() {}, nil
	}
	red, err := s.openRedirs(rs)
	if err != nil {
		return nil, err
	}
	t, err := applyFiles(s.files, red)
	if err != nil {
		s.errorf("%v", err)
		closeRedirs(red)
		return nil, errRedir
	}
	type entry struct {
		fd    int
		file  *os.File
		owned bool
	}
	// The descriptor of a {name} redirection outlives the command, as
	// in bash, so that `: {fd}>file` opens a descriptor for later
	// commands; shopt -s varredir_close closes it with the command.
	var keep []int
	if !s.opts.shopt[shVarredirClose] {
		for _, r := range rs {
			if r.Var != "" && !varRedirCloses(r) {
				v, _ := s.get(r.Var)
				if n, err := strconv.Atoi(v); err == nil {
					keep = append(keep, n)
				}
			}
		}
	}
	var saved []entry
	for _, r := range red {
		fd := r.Fd
		if r.Close && fd >= len(s.files) {
			// Closing what the table does not reach is a no-op
			// (`99999999>&-`): nothing to save, nothing to grow.
			continue
		}
		f, own := s.entry(fd)
		saved = append(saved, entry{fd, f, own})
	}
	// The shell's own file is kept open underneath the redirection and
	// owned again when it comes back.
	s.useFiles(t, func(fd int) bool {
		return !slices.ContainsFunc(saved, func(e entry) bool { return e.fd == fd })
	})
	return func() {
		for i := len(saved) - 1; i >= 0; i-- {
			if e := saved[i]; !slices.Contains(keep, e.fd) {
				s.setFile(e.fd, e.file, e.owned)
			}
		}
		for i, r := range red {
			if slices.Contains(keep, r.Fd) {
				s.keepVarRedir(r)
				red[i].File = nil // the table's now
			}
		}
		closeRedirs(red)
	}, nil
}

// keepVarRedir makes the descriptor r set the shell's own: the file r
// opened, or a duplicate of the one it copied.
func (s *Shell) keepVarRedir(r exec.Redir) {
	switch {
	case r.File != nil:
		s.setFile(r.Fd, r.File, true)
	case !r.Close:
		if f, err := dupFile(s.file(r.Fd)); err == nil {
			s.setFile(r.Fd, f, true)
		} else {
			s.setFile(r.Fd, nil, false)
			s.errorf("%d: %v", r.Fd, err)
		}
	}
}

// saveVarRedirs saves the variables that rs's {name} redirections set
// and returns what puts them back. For an external command bash makes
// its redirections in the forked child, so `cmd {fd}>file` sets fd
// there and not in the shell.
func (s *Shell) saveVarRedirs(rs []*parser.Redirect) (restore func()) {
	type saved struct {
		name string
		v    *variable
	}
	var old []saved
	for _, r := range rs {
		if r.Var != "" && !varRedirCloses(r) {
			var cp *variable
			if v := s.vars[r.Var]; v != nil {
				c := *v
				cp = &c
			}
			old = append(old, saved{r.Var, cp})
		}
	}
	return func() {
		for i := len(old) - 1; i >= 0; i-- {
			s.restoreOuter(old[i].name, old[i].v)
		}
	}
}

// varRedirCloses reports whether r is {name}>&- (or <&-), which closes
// the descriptor $name holds.
func varRedirCloses(r *parser.Redirect) bool {
	return (r.Op == parser.DupIn || r.Op == parser.DupOut) && r.Word != nil && r.Word.Lit() == "-"
}
