package interp

import (
	"context"
	"errors"
	"os"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Interruptible input for the read builtin.
//
// read takes its line from the shell's fd 0 (or read -u's) one byte at a time, so that
// what follows the line is left for the next command. On a terminal, a
// pipe or a socket, read(2) blocks until input comes, and a signal does
// not end it: Go's handlers are SA_RESTART, so the kernel restarts the
// call. Yet three things must reach a read that waits:
//
//   - Ctrl-C at the prompt: the interactive goroutine cancels s.ctx (as
//     for `wait`); read gives up its line and the prompt comes back
//     with status 130, as in bash;
//   - a Runner's cancelled context, which also ends s.ctx;
//   - a signal with a trap, queued on s.sigCh: its handler runs at once
//     and read goes on waiting for its line, as bash 5.2 does (bash
//     --posix and dash make read fail instead).
//
// So when something can interrupt the shell, read blocks in poll(2)
// rather than read(2): on the input, and on an
// eventfd that a waker goroutine makes readable when s.ctx is done or a
// signal comes on s.sigCh, the two channels `wait` selects on
// (awaitInterrupt). read(2) is called only for bytes that poll and
// TIOCINQ say are there, so read still takes no more than its line.
// Regular files go the same way: TIOCINQ tells what is left of them,
// and poll says they are always readable.
//
// The descriptor's blocking mode is left alone: fds 0-2 are mostly
// shared with other processes (a terminal's open file description is
// the whole session's), and O_NONBLOCK set there reaches every one of
// them. That leaves a window: another process that reads the same
// terminal or pipe between our poll and our read(2) can take the byte,
// and read(2) then blocks as it did before this file existed. On a
// descriptor that is non-blocking already (a Runner's stdin pipe, in
// Go's poller) read(2) says EAGAIN instead, and read polls again.

// lineInput is the input of one read: fd 0 of the shell's table.
type lineInput struct {
	s *Shell
	f *os.File
	// rc is f's descriptor when read waits in poll; nil when nothing
	// can interrupt the shell (a script without traps), and a plain
	// f.Read does.
	rc syscall.RawConn
	// avail is how many bytes poll and TIOCINQ said are there and
	// have not been read yet.
	avail int
	// w is started the first time read has to wait, and stopped by close.
	w *waker
	// deadline ends the wait with errReadTimeout (read -t); zero for
	// none.
	deadline time.Time
	// read1 reads into buf, and says how in n and rerr: a closure
	// made once, so that a byte costs no allocation. buf is one
	// byte, so that no more than the line is taken, unless readAhead
	// made it larger.
	read1 func(fd uintptr)
	one   [1]byte
	buf   []byte
	n     int
	rerr  error
	// pending is what a read(2) into a larger buf brought beyond the
	// byte that next returned.
	pending []byte
}

// readAhead lets in take up to size bytes with one read(2), for a
// reader that consumes all of its input anyway (mapfile without -n).
func (in *lineInput) readAhead(size int) {
	in.buf = make([]byte, size)
}

// errReadTimeout ends a read whose -t time is up.
var errReadTimeout = errors.New("read timed out")

// newLineInput returns read's input from f. A timeout that is not 0
// ends the wait for input after that long (read -t): the input is
// then always polled.
func (s *Shell) newLineInput(f *os.File, timeout time.Duration) *lineInput {
	in := &lineInput{s: s, f: f}
	in.buf = in.one[:]
	if timeout > 0 {
		in.deadline = time.Now().Add(timeout)
	} else if s.ctx.Done() == nil && s.sigCh == nil {
		return in
	}
	if rc, err := f.SyscallConn(); err == nil {
		in.rc = rc
		in.read1 = func(fd uintptr) { in.n, in.rerr = unix.Read(int(fd), in.buf[:min(in.avail, len(in.buf))]) }
	}
	return in
}

// close stops the waker, if one was started.
func (in *lineInput) close() {
	if in.w != nil {
		in.w.close()
		in.w = nil
	}
}

// next returns the next byte of input. ok is false at the end of the
// input and on a read error (read then fails with status 1). err is
// not nil when the wait was ended: by a cancelled context (an
// *abortError with 128+15, the status of a cancelled `wait`), by a
// trap handler's exit, return or break, or by the deadline
// (errReadTimeout).
func (in *lineInput) next() (c byte, ok bool, err error) {
	if len(in.pending) > 0 {
		c, in.pending = in.pending[0], in.pending[1:]
		return c, true, nil
	}
	if in.rc == nil {
		n, _ := in.f.Read(in.buf)
		if n == 0 {
			return 0, false, nil
		}
		in.pending = in.buf[1:n]
		return in.buf[0], true, nil
	}
	for {
		// The deadline holds whatever arrives: input that never stops
		// (/dev/zero, `yes`) would otherwise never let wait see it.
		if !in.deadline.IsZero() && !time.Now().Before(in.deadline) {
			return 0, false, errReadTimeout
		}
		if in.avail == 0 {
			if err := in.wait(); err != nil {
				return 0, false, err
			}
		}
		if cerr := in.rc.Control(in.read1); cerr != nil {
			return 0, false, nil
		}
		switch {
		case in.rerr == unix.EINTR:
			continue
		case in.rerr == unix.EAGAIN:
			in.avail = 0 // taken by another reader: wait again
			continue
		case in.rerr != nil || in.n == 0:
			return 0, false, nil
		}
		in.avail -= in.n
		in.pending = in.buf[1:in.n]
		return in.buf[0], true, nil
	}
}

// wait blocks until the input has bytes, its end or an error, and sets
// avail. A trapped signal that comes meanwhile has its handler run and
// the wait goes on; a cancelled context or the deadline ends it.
func (in *lineInput) wait() error {
	// The first look costs one ioctl: a pipe that is ahead of read, or
	// a regular file, needs no poll, no eventfd and no goroutine.
	if cerr := in.rc.Control(func(fd uintptr) { in.avail = queued(int(fd)) }); cerr != nil || in.avail > 0 {
		in.avail = max(in.avail, 1) // closed under us: read(2) fails and read ends
		return nil
	}
	timeout := 0 // no waker yet: look, then start one and wait
	for {
		fds := []unix.PollFd{{Fd: -1, Events: unix.POLLIN}, {Fd: -1, Events: unix.POLLIN}}
		if in.w != nil {
			fds[1].Fd = int32(in.w.fd)
		}
		var perr error
		cerr := in.rc.Control(func(fd uintptr) {
			fds[0].Fd = int32(fd)
			if _, perr = unix.Poll(fds, in.pollTimeout(timeout)); perr == nil && fds[0].Revents != 0 {
				// At least one read(2): poll also says "readable" at
				// the end of the input and on an error, where TIOCINQ
				// says 0.
				in.avail = max(queued(int(fd)), 1)
			}
		})
		switch {
		case perr == unix.EINTR:
			continue
		case cerr != nil || perr != nil || fds[0].Revents != 0:
			// Input, or a failure that read(2) will report.
			in.avail = max(in.avail, 1)
			return nil
		case fds[1].Revents != 0:
			in.close()
			if in.s.ctx.Err() != nil {
				// The command line is abandoned, not the shell: a
				// Session's cancelled call leaves the session up.
				return &abortError{Status: 128 + 15}
			}
			if err := in.s.runTraps(); err != nil {
				return err
			}
			timeout = 0
			continue
		case !in.deadline.IsZero() && !time.Now().Before(in.deadline):
			return errReadTimeout
		}
		if in.w == nil {
			w, err := newWaker(in.s.ctx, in.s.sigCh)
			if err != nil {
				// No eventfd (EMFILE): block in read(2), as before.
				in.avail = 1
				return nil
			}
			in.w = w
		}
		timeout = -1
	}
}

// pollTimeout is poll's timeout in milliseconds: ms (-1 for none),
// shortened to what is left until the deadline, rounded up.
func (in *lineInput) pollTimeout(ms int) int {
	if in.deadline.IsZero() {
		return ms
	}
	left := int((time.Until(in.deadline) + time.Millisecond - 1) / time.Millisecond)
	if ms < 0 {
		return max(left, 0)
	}
	return max(min(ms, left), 0)
}

// queued is what TIOCINQ (FIONREAD) says fd holds: the bytes queued on
// a pipe or socket, the complete lines on a terminal in canonical mode,
// what is left of a regular file; 0 when it cannot say.
func queued(fd int) int {
	n, err := unix.IoctlGetInt(fd, unix.TIOCINQ)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// waker is an eventfd that becomes readable when the shell is
// interrupted: its context is done, or a signal comes for a trap. It
// lets a system call that waits in poll(2) be interrupted by what ends
// a `wait`.
type waker struct {
	fd   int // eventfd, close-on-exec; written once, never read
	stop chan struct{}
	done chan struct{}
}

// newWaker starts a waker on ctx and sigCh (the shell's, taken now: the
// goroutine must not read the Shell, which runs on). A signal it takes
// from sigCh goes back there, for runTraps, before the eventfd is
// written.
func newWaker(ctx context.Context, sigCh chan os.Signal) (*waker, error) {
	fd, err := unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
	if err != nil {
		return nil, os.NewSyscallError("eventfd", err)
	}
	w := &waker{fd: fd, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		sig, cancelled := awaitInterrupt(ctx, sigCh, w.stop)
		if sig != nil {
			requeue(sigCh, sig)
		}
		if sig != nil || cancelled {
			one := [8]byte{1}
			unix.Write(fd, one[:]) // eventfd counts in host order; any non-zero wakes
		}
	}()
	return w, nil
}

// close stops the goroutine, waits for it (so that a signal it took is
// back on sigCh) and closes the eventfd.
func (w *waker) close() {
	close(w.stop)
	<-w.done
	unix.Close(w.fd)
}

// awaitInterrupt waits until done is closed, ctx is done, or a signal
// comes on sigCh (the trap queue; nil outside the top-level shell,
// which never delivers), and says which: the signal, or cancelled.
func awaitInterrupt(ctx context.Context, sigCh chan os.Signal, done <-chan struct{}) (sig os.Signal, cancelled bool) {
	select {
	case <-done:
		return nil, false
	case <-ctx.Done():
		return nil, true
	case sig := <-sigCh:
		return sig, false
	}
}
