package tty

import (
	"os"
	"sync"

	"golang.org/x/sys/unix"

	"github.com/plumbsh/plumb/exec"
)

// Terminal is the controlling terminal of an interactive shell and which
// process group owns it. The zero Terminal opens nothing until Open is
// called, so `plumb -c true` pays nothing for it.
//
// The hand-off to a job is done by the job's child: exec.Plan.Foreground
// makes its first external stage call tcsetpgrp before execve, with
// signals blocked. Taking the terminal back, and handing it to a stopped
// job that `fg` resumes, is SetForeground here, with SIGTTOU blocked on
// the calling thread for just that call (exec.SetForeground).
type Terminal struct {
	once sync.Once
	// f is the controlling terminal, opened from /dev/tty by Open;
	// nil when there is none. Owned by the Terminal and never closed:
	// it lives as long as the process.
	f    *os.File
	fd   int
	pgid int // the shell's own process group

	// origFg is the terminal's foreground group when Acquire found it,
	// given back by Release.
	origFg int
}

// Open opens the controlling terminal once and reports whether there is
// one. O_CLOEXEC: the descriptor must never reach a child. Opened with
// unix.Open and wrapped by os.NewFile so that it stays a blocking
// descriptor outside Go's poller (os.OpenFile would put a terminal into
// non-blocking mode).
func (t *Terminal) Open() bool {
	t.once.Do(func() {
		t.fd = -1
		fd, err := unix.Open("/dev/tty", unix.O_RDWR|unix.O_CLOEXEC|unix.O_NOCTTY, 0)
		if err != nil {
			return
		}
		t.fd = fd
		t.f = os.NewFile(uintptr(fd), "/dev/tty")
		t.pgid = unix.Getpgrp()
	})
	return t.f != nil
}

// File is the terminal, for exec.Plan.TTY; nil before Open or without one.
func (t *Terminal) File() *os.File { return t.f }

// SetForeground makes pgid the terminal's foreground group.
func (t *Terminal) SetForeground(pgid int) error {
	return exec.SetForeground(t.f, pgid)
}

// TakeBack is the prompt's check before it reads a line: if the shell's
// group is not the terminal's foreground group, whatever left it so (an
// execve that failed after the child handed the terminal to its group, a
// child that died before its program ran, a job killed or stopped), it
// takes the terminal back. Without it the prompt's read fails and the
// shell exits.
func (t *Terminal) TakeBack() {
	if fg, err := unix.IoctlGetInt(t.fd, unix.TIOCGPGRP); err == nil && fg != t.pgid {
		t.SetForeground(t.pgid)
	}
}

// Size returns the terminal's window size; ok is false when it cannot
// be read or is not set (0 by 0, as a new pty has it).
func (t *Terminal) Size() (cols, rows int, ok bool) {
	ws, err := unix.IoctlGetWinsize(t.fd, unix.TIOCGWINSZ)
	if err != nil || ws.Col == 0 || ws.Row == 0 {
		return 0, 0, false
	}
	return int(ws.Col), int(ws.Row), true
}

// Modes returns the terminal's current modes, nil if they can't be read.
func (t *Terminal) Modes() *unix.Termios {
	m, err := unix.IoctlGetTermios(t.fd, unix.TCGETS)
	if err != nil {
		return nil
	}
	return m
}

// Reclaim takes the terminal back after a foreground job and, when
// restore is set, puts back the modes saved before the job: a program
// that crashed in raw mode (or was killed by Ctrl-C inside a full-screen
// program) must not leave the prompt without echo or line editing. It
// also clears O_NONBLOCK on fds 0-2, which such a program can leave set
// on the terminal's shared open file description; a non-blocking stdin
// makes the next reader fail with EAGAIN.
func (t *Terminal) Reclaim(saved *unix.Termios, restore bool) {
	t.SetForeground(t.pgid)
	if restore && saved != nil {
		unix.IoctlSetTermios(t.fd, unix.TCSETSW, saved)
	}
	for fd := 0; fd <= 2; fd++ {
		if fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0); err == nil && fl&unix.O_NONBLOCK != 0 {
			unix.FcntlInt(uintptr(fd), unix.F_SETFL, fl&^unix.O_NONBLOCK)
		}
	}
}

// KeepSettings returns the modes a foreground job that exited left (now)
// with what a full-screen program leaves behind when it exits without
// cleaning up taken back from the modes from before it (saved): raw
// mode, that is canonical input, signal keys, CR/NL mapping, output
// processing and VMIN/VTIME. What else the job changed stays, as the
// user asked for it: echo (`stty -echo; read pw; stty echo` typed at the
// prompt must not show the password), flow control, the special
// characters, speeds. A job killed by a signal gets all of saved back.
func KeepSettings(saved, now *unix.Termios) *unix.Termios {
	t := *now
	const (
		lflags = unix.ICANON | unix.ISIG | unix.IEXTEN
		iflags = unix.ICRNL | unix.INLCR | unix.IGNCR | unix.ISTRIP
		oflags = unix.OPOST | unix.ONLCR | unix.OCRNL | unix.ONLRET
	)
	t.Lflag = t.Lflag&^lflags | saved.Lflag&lflags
	t.Iflag = t.Iflag&^iflags | saved.Iflag&iflags
	t.Oflag = t.Oflag&^oflags | saved.Oflag&oflags
	t.Cflag = t.Cflag&^unix.CSIZE | saved.Cflag&unix.CSIZE
	t.Cc[unix.VMIN], t.Cc[unix.VTIME] = saved.Cc[unix.VMIN], saved.Cc[unix.VTIME]
	return &t
}

// Acquire makes the calling process the terminal's owner, as a
// job-control shell must: it waits (stopped by SIGTTIN, the default)
// until it is in the foreground, becomes its own process group, and
// takes the terminal. It reports false when there is no terminal to
// control.
func (t *Terminal) Acquire() bool {
	if !t.Open() {
		return false
	}
	for {
		fg, err := unix.IoctlGetInt(t.fd, unix.TIOCGPGRP)
		if err != nil {
			return false
		}
		if fg == unix.Getpgrp() {
			t.origFg = fg
			break
		}
		// In the background: stop until the user's shell puts us in
		// the foreground (SIGTTIN has its default action here).
		unix.Kill(0, unix.SIGTTIN)
	}
	pid := os.Getpid()
	if unix.Getpgrp() != pid {
		if err := unix.Setpgid(0, 0); err != nil {
			return false
		}
	}
	t.pgid = pid
	t.SetForeground(pid)
	return true
}

// Release gives the terminal back to the group that had it when Acquire
// took it, if that was another group.
func (t *Terminal) Release() {
	if t.origFg != 0 && t.origFg != t.pgid {
		t.SetForeground(t.origFg)
	}
}
