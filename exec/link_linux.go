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

// dropClosed forgets the ends of a link, the slot of Start's list of
// ends, once both are closed (both its stages have started, or a table
// did not name one), so that the list does not keep every link's
// *os.File reachable until Start returns. An end a Func stage holds
// stays: Start's failure path closes it.
func dropClosed(link *[2]*end) {
	if link[0].refs.Load() == 0 && link[1].refs.Load() == 0 {
		*link = [2]*end{}
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
// address after listen and before the dial: a test connects strangers
// here, which then sit first in the accept queue, or fill it.
var testHookListening func(sa unix.Sockaddr)

// listenBacklog is the listener's backlog (the kernel caps it at
// net.core.somaxconn). The larger, the more strangers it takes to fill
// the queue before our own connection is in it; tests lower it to fill
// it on purpose.
var listenBacklog = unix.SOMAXCONN

// linkTimeout bounds the making of a TCP link. On loopback our own
// connection is in the accept queue before connect returns, unless
// strangers had filled the queue: then its SYN was dropped, and the
// kernel sends it again after 1s, then 3s, while acceptPeer drains them.
const linkTimeout = 10 * time.Second

// tcpLink makes one loopback TCP connection. It does not use the net
// package: (*net.TCPConn).File dups the descriptor and the runtime's
// poller would make the socket non-blocking, which a child must not
// inherit. The listener is bound to port 0 on loopback, so only local
// processes can reach it; but any of them can connect to it while the
// link is made, and some may have filled its accept queue, so:
//
//   - the dial follows listen at once, non-blocking, so our connection
//     is normally the first in the queue;
//   - the accept loop runs while the dial is in progress, not after it,
//     so a queue that strangers filled is drained and the dial's
//     retransmitted SYN finds room;
//   - every connection accepted whose peer is not our dialer's address
//     is closed, however many there are, until ours arrives.
//
// A stranger can thus delay the link (by the kernel's SYN retransmit
// time) but not make it fail, nor get into it.
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
	d, err := unix.Socket(family, unix.SOCK_STREAM|unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK, 0)
	if err != nil {
		return -1, -1, os.NewSyscallError("socket", err)
	}
	fail := func(err error) (int, int, error) {
		unix.Close(d)
		return -1, -1, err
	}
	if err := unix.Connect(d, lsa); err != nil && err != unix.EINPROGRESS && err != unix.EINTR {
		return fail(os.NewSyscallError("connect", err))
	}
	// connect has bound d to its address even while in progress: that
	// is the peer address our own connection shows at accept.
	local, err := unix.Getsockname(d)
	if err != nil {
		return fail(os.NewSyscallError("getsockname", err))
	}
	a, err := acceptPeer(ln, d, local)
	if err != nil {
		return fail(err)
	}
	// The child must get a blocking socket (accept4 without
	// SOCK_NONBLOCK gives one already).
	if err := unix.SetNonblock(d, false); err != nil {
		unix.Close(a)
		return fail(os.NewSyscallError("fcntl", err))
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
// no IPv4 loopback. The listener is non-blocking, so that accept never
// waits for a connection that was aborted after poll saw it.
func listenLoopback() (fd, family int, err error) {
	try := func(family int, sa unix.Sockaddr) (int, error) {
		fd, err := unix.Socket(family, unix.SOCK_STREAM|unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK, 0)
		if err != nil {
			return -1, os.NewSyscallError("socket", err)
		}
		if err := unix.Bind(fd, sa); err != nil {
			unix.Close(fd)
			return -1, os.NewSyscallError("bind", err)
		}
		if err := unix.Listen(fd, listenBacklog); err != nil {
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

// acceptPeer waits, until linkTimeout, for both the non-blocking
// connect of d to complete and the connection whose peer address is want
// to be accepted on ln; it accepts and closes every other connection
// meanwhile, without limit. It returns the accepted descriptor
// (blocking, close-on-exec).
func acceptPeer(ln, d int, want unix.Sockaddr) (int, error) {
	deadline := time.Now().Add(linkTimeout)
	a, connected := -1, false
	fail := func(err error) (int, error) {
		if a >= 0 {
			unix.Close(a)
		}
		return -1, err
	}
	for a < 0 || !connected {
		ms := time.Until(deadline).Milliseconds()
		if ms <= 0 {
			if !connected {
				return fail(os.NewSyscallError("connect", unix.ETIMEDOUT))
			}
			return fail(os.NewSyscallError("accept4", unix.ETIMEDOUT))
		}
		pfd := []unix.PollFd{{Fd: int32(ln), Events: unix.POLLIN}, {Fd: int32(d), Events: unix.POLLOUT}}
		if connected {
			pfd = pfd[:1]
		}
		if a >= 0 {
			pfd = pfd[1:]
		}
		if _, err := unix.Poll(pfd, int(ms)); err != nil && err != unix.EINTR {
			return fail(os.NewSyscallError("poll", err))
		}
		for _, p := range pfd {
			switch {
			case p.Revents == 0:
			case int(p.Fd) == d:
				n, err := unix.GetsockoptInt(d, unix.SOL_SOCKET, unix.SO_ERROR)
				if err != nil {
					return fail(os.NewSyscallError("getsockopt", err))
				}
				if n != 0 {
					return fail(os.NewSyscallError("connect", unix.Errno(n)))
				}
				connected = true
			default:
				// Drain the queue: every connection in it now.
				for a < 0 {
					fd, peer, err := unix.Accept4(ln, unix.SOCK_CLOEXEC)
					if err == unix.EAGAIN || err == unix.EINTR || err == unix.ECONNABORTED {
						break
					}
					if err != nil {
						return fail(os.NewSyscallError("accept4", err))
					}
					if sameAddr(peer, want) {
						a = fd
					} else {
						unix.Close(fd) // a stranger
					}
				}
			}
		}
	}
	return a, nil
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
