package exec

import (
	"fmt"
	"os"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// An end is the parent's copy of one end of a link. refs counts the
// stages whose final table holds it and that have not yet started
// (external) or returned (Func); the last release closes it. See doc.go
// for why the parent must not keep it any longer.
type end struct {
	f    *os.File
	refs atomic.Int32
}

func (e *end) hold() { e.refs.Add(1) }

func (e *end) release() {
	if e.refs.Add(-1) == 0 {
		e.f.Close()
	}
}

// makeLink makes the kernel object of one link and returns its two ends:
// left is the left stage's (the write end of a one-way link), right the
// right stage's. Both are close-on-exec from birth and blocking; on error
// nothing is left open.
func makeLink(i int, l Link, pipeSize int) (left, right *os.File, err error) {
	var lfd, rfd int
	switch l.Kind {
	case Pipe:
		lfd, rfd, err = pipeLink(pipeSize)
	case Unix:
		lfd, rfd, err = unixLink(l.Bidi)
	case TCP:
		lfd, rfd, err = tcpLink(l.Bidi)
	default:
		err = fmt.Errorf("unknown link kind %v", l.Kind)
	}
	if err != nil {
		return nil, nil, err
	}
	dir := [2]string{"w", "r"}
	if l.Bidi {
		dir = [2]string{"rw", "rw"}
	}
	left = os.NewFile(uintptr(lfd), fmt.Sprintf("|%d %s %s", i, l.Kind, dir[0]))
	right = os.NewFile(uintptr(rfd), fmt.Sprintf("|%d %s %s", i, l.Kind, dir[1]))
	return left, right, nil
}

// pipeLink makes a pipe of size bytes: 0 is the kernel's default, and a
// negative size -n asks for n bytes but keeps the default if the kernel
// refuses (AutoPipeSize).
func pipeLink(size int) (w, r int, err error) {
	var p [2]int
	if err := unix.Pipe2(p[:], unix.O_CLOEXEC); err != nil {
		return -1, -1, os.NewSyscallError("pipe2", err)
	}
	if size != 0 {
		// The read and write ends share one buffer; setting it on
		// either sets it for both.
		if err := setPipeSize(p[1], max(size, -size), size < 0); err != nil {
			unix.Close(p[0])
			unix.Close(p[1])
			return -1, -1, err
		}
	}
	return p[1], p[0], nil
}

func unixLink(bidi bool) (l, r int, err error) {
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, -1, os.NewSyscallError("socketpair", err)
	}
	if err := halfClose(fds[0], fds[1], bidi); err != nil {
		unix.Close(fds[0])
		unix.Close(fds[1])
		return -1, -1, err
	}
	return fds[0], fds[1], nil
}

// halfClose shuts down the unused direction of a one-way socket link:
// the writer cannot read and the reader cannot write. Then the writer
// gets EPIPE (and SIGPIPE) once the reader is gone, exactly as with a
// pipe, and a reader that tries to answer gets EPIPE instead of filling a
// buffer nobody drains.
func halfClose(w, r int, bidi bool) error {
	if bidi {
		return nil
	}
	if err := unix.Shutdown(w, unix.SHUT_RD); err != nil {
		return os.NewSyscallError("shutdown", err)
	}
	if err := unix.Shutdown(r, unix.SHUT_WR); err != nil {
		return os.NewSyscallError("shutdown", err)
	}
	return nil
}

// testHookListening, when set (by tests), is called with the listener's
// address after listen and before the dial: a test connects a stranger
// here, which then sits first in the accept queue.
var testHookListening func(sa unix.Sockaddr)

// acceptTimeout bounds the wait for our own connection to show up in the
// accept queue; on loopback it is there before connect returns.
const acceptTimeout = 5 * time.Second

// tcpLink makes one loopback TCP connection. It does not use the net
// package: (*net.TCPConn).File dups the descriptor and the runtime's
// poller would make the socket non-blocking, which a child must not
// inherit. The listener is bound to port 0 on loopback, so only local
// processes can reach it; any of them could connect in the window between
// listen and accept, so the accepted peer must be our own dialer, by its
// address: strangers are closed and accept goes on until ours shows up.
func tcpLink(bidi bool) (dialed, accepted int, err error) {
	ln, family, err := listenLoopback()
	if err != nil {
		return -1, -1, err
	}
	// Closed before return: no stage ever sees the listener, and no one
	// can connect to it once the link is made.
	defer unix.Close(ln)
	lsa, err := unix.Getsockname(ln)
	if err != nil {
		return -1, -1, os.NewSyscallError("getsockname", err)
	}
	if h := testHookListening; h != nil {
		h(lsa)
	}
	d, err := unix.Socket(family, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, -1, os.NewSyscallError("socket", err)
	}
	fail := func(err error) (int, int, error) {
		unix.Close(d)
		return -1, -1, err
	}
	if err := connect(d, lsa); err != nil {
		return fail(err)
	}
	local, err := unix.Getsockname(d)
	if err != nil {
		return fail(os.NewSyscallError("getsockname", err))
	}
	a, err := acceptPeer(ln, local)
	if err != nil {
		return fail(err)
	}
	for _, fd := range []int{d, a} {
		// Small writes go out at once, as they would through a pipe.
		unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1)
	}
	if err := halfClose(d, a, bidi); err != nil {
		unix.Close(a)
		return fail(err)
	}
	return d, a, nil
}

// listenLoopback listens on 127.0.0.1:0, or on [::1]:0 when the host has
// no IPv4 loopback.
func listenLoopback() (fd, family int, err error) {
	try := func(family int, sa unix.Sockaddr) (int, error) {
		fd, err := unix.Socket(family, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
		if err != nil {
			return -1, os.NewSyscallError("socket", err)
		}
		if err := unix.Bind(fd, sa); err != nil {
			unix.Close(fd)
			return -1, os.NewSyscallError("bind", err)
		}
		if err := unix.Listen(fd, 16); err != nil {
			unix.Close(fd)
			return -1, os.NewSyscallError("listen", err)
		}
		return fd, nil
	}
	fd, err4 := try(unix.AF_INET, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}})
	if err4 == nil {
		return fd, unix.AF_INET, nil
	}
	fd, err6 := try(unix.AF_INET6, &unix.SockaddrInet6{Addr: [16]byte{15: 1}})
	if err6 == nil {
		return fd, unix.AF_INET6, nil
	}
	return -1, 0, err4
}

// connect is a blocking connect that survives EINTR: an interrupted
// connect goes on in the kernel, so wait for it and read its outcome
// instead of calling connect again.
func connect(fd int, sa unix.Sockaddr) error {
	err := unix.Connect(fd, sa)
	if err == nil {
		return nil
	}
	if err != unix.EINTR && err != unix.EINPROGRESS && err != unix.EALREADY {
		return os.NewSyscallError("connect", err)
	}
	deadline := time.Now().Add(acceptTimeout)
	for {
		if err := pollIn(fd, unix.POLLOUT, deadline); err != nil {
			return os.NewSyscallError("connect", err)
		}
		n, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_ERROR)
		if err != nil {
			return os.NewSyscallError("getsockopt", err)
		}
		if n != 0 {
			return os.NewSyscallError("connect", unix.Errno(n))
		}
		return nil
	}
}

// acceptPeer accepts connections on ln until the one whose peer address
// is want, closing every other, or fails after acceptTimeout.
func acceptPeer(ln int, want unix.Sockaddr) (int, error) {
	deadline := time.Now().Add(acceptTimeout)
	for {
		if err := pollIn(ln, unix.POLLIN, deadline); err != nil {
			return -1, os.NewSyscallError("accept4", err)
		}
		fd, peer, err := unix.Accept4(ln, unix.SOCK_CLOEXEC)
		if err == unix.EINTR || err == unix.ECONNABORTED || err == unix.EAGAIN {
			continue
		}
		if err != nil {
			return -1, os.NewSyscallError("accept4", err)
		}
		if sameAddr(peer, want) {
			return fd, nil
		}
		unix.Close(fd) // a stranger
	}
}

// pollIn waits until fd is ready for events or the deadline passes
// (ETIMEDOUT).
func pollIn(fd int, events int16, deadline time.Time) error {
	for {
		ms := time.Until(deadline).Milliseconds()
		if ms <= 0 {
			return unix.ETIMEDOUT
		}
		pfd := []unix.PollFd{{Fd: int32(fd), Events: events}}
		n, err := unix.Poll(pfd, int(ms))
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
	}
}

func sameAddr(a, b unix.Sockaddr) bool {
	switch a := a.(type) {
	case *unix.SockaddrInet4:
		b, ok := b.(*unix.SockaddrInet4)
		return ok && a.Port == b.Port && a.Addr == b.Addr
	case *unix.SockaddrInet6:
		b, ok := b.(*unix.SockaddrInet6)
		return ok && a.Port == b.Port && a.Addr == b.Addr
	}
	return false
}
