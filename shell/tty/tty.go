package tty

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// Reader reads descriptor FD with read(2) itself, one byte per call.
//
// Why one byte: whatever a reader takes from the terminal beyond the
// command line it was asked for is stolen from the command that runs
// next (a foreground `cat` must receive every line typed while it runs,
// and lines typed ahead of it). A line editor that reads through a
// bufio.Reader, fed one byte at a time, never holds more than the key
// being decoded. Reading the descriptor directly, not through os.Stdin,
// keeps Go's poller out of it: a read is issued only when the line
// editor asks.
type Reader struct{ FD int }

func (r Reader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		n, err := unix.Read(r.FD, p[:1])
		switch {
		case err == unix.EINTR:
			continue
		case err == unix.EAGAIN:
			// A job left the terminal non-blocking (the prompt clears
			// that after each job; this catches a background job doing
			// it meanwhile): make it blocking again and retry.
			if fl, e := unix.FcntlInt(uintptr(r.FD), unix.F_GETFL, 0); e == nil {
				unix.FcntlInt(uintptr(r.FD), unix.F_SETFL, fl&^unix.O_NONBLOCK)
			}
			continue
		case err != nil:
			return 0, err
		case n == 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

// Close does nothing: the descriptor is the shell's stdin, and the line
// editor reading it must never close it.
func (Reader) Close() error { return nil }

// IsTerminal reports whether f is a terminal.
func IsTerminal(f *os.File) bool {
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return err == nil
}
