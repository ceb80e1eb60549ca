package netredir

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// Parse reports whether name is a network redirection target and
// returns its protocol ("tcp" or "udp"), host and port.
func Parse(name string) (proto, host, port string, ok bool) {
	rest, found := strings.CutPrefix(name, "/dev/tcp/")
	proto = "tcp"
	if !found {
		rest, found = strings.CutPrefix(name, "/dev/udp/")
		proto = "udp"
	}
	if !found {
		return "", "", "", false
	}
	// The host may be an IPv6 address, which has no slash; the port is
	// what follows the last slash.
	i := strings.LastIndexByte(rest, '/')
	if i < 0 {
		return proto, rest, "", true
	}
	return proto, rest[:i], rest[i+1:], true
}

// connectTimeout bounds one connect attempt to one address, so a host
// that drops packets does not keep the shell waiting for the kernel's
// few minutes of SYN retries; Ctrl-C (the shell's context) ends it sooner.
const connectTimeout = 30 * time.Second

// Open connects the socket for /dev/tcp/HOST/PORT or
// /dev/udp/HOST/PORT. Every address HOST resolves to is tried in turn;
// the first that connects is returned, owned by the caller. On failure
// nothing is left open and the error reads as one line after the name.
func Open(ctx context.Context, proto, host, port string) (*os.File, error) {
	if host == "" || port == "" {
		return nil, errors.New("expected /dev/" + proto + "/HOST/PORT")
	}
	pn, err := strconv.Atoi(port)
	if err != nil {
		// A service name from /etc/services, as bash allows (http, smtp).
		var ok bool
		if pn, ok = servicePort("/etc/services", port, proto); !ok {
			return nil, fmt.Errorf("unknown port %s", port)
		}
	}
	if pn < 0 || pn > 65535 {
		return nil, fmt.Errorf("bad port %s", port)
	}
	ips := resolve(ctx, strings.Trim(host, "[]"), proto)
	if len(ips) == 0 {
		return nil, fmt.Errorf("unknown host %s", host)
	}
	typ := unix.SOCK_STREAM
	if proto == "udp" {
		typ = unix.SOCK_DGRAM
	}
	var first error
	for _, ip := range ips {
		fd, err := dialSocket(ctx, typ, ip, pn)
		if err == nil {
			return os.NewFile(uintptr(fd), "/dev/"+proto+"/"+host+"/"+port), nil
		}
		if first == nil {
			first = err
		}
		if ctx.Err() != nil {
			break
		}
	}
	return nil, first
}

// dialSocket makes one socket and connects it to ip:port. The connect is
// non-blocking so that it can be abandoned when ctx is done or the
// timeout passes; the descriptor is made blocking again before it is
// returned.
func dialSocket(ctx context.Context, typ int, ip []byte, port int) (int, error) {
	family := unix.AF_INET6
	var sa unix.Sockaddr
	if len(ip) == 4 {
		family = unix.AF_INET
		a := &unix.SockaddrInet4{Port: port}
		copy(a.Addr[:], ip)
		sa = a
	} else {
		a := &unix.SockaddrInet6{Port: port}
		copy(a.Addr[:], ip)
		sa = a
	}
	fd, err := unix.Socket(family, typ|unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK, 0)
	if err != nil {
		return -1, os.NewSyscallError("socket", err)
	}
	if err := connectNonblock(ctx, fd, sa); err != nil {
		unix.Close(fd)
		return -1, err
	}
	if err := unix.SetNonblock(fd, false); err != nil {
		unix.Close(fd)
		return -1, os.NewSyscallError("fcntl", err)
	}
	return fd, nil
}

// connectNonblock connects a non-blocking socket and waits for the
// outcome, polling in short slices so a cancelled ctx is noticed.
func connectNonblock(ctx context.Context, fd int, sa unix.Sockaddr) error {
	err := unix.Connect(fd, sa)
	if err == nil {
		return nil
	}
	if err != unix.EINPROGRESS && err != unix.EINTR && err != unix.EALREADY {
		return os.NewSyscallError("connect", err)
	}
	deadline := time.Now().Add(connectTimeout)
	for {
		if ctx.Err() != nil {
			return os.NewSyscallError("connect", unix.EINTR)
		}
		if time.Now().After(deadline) {
			return os.NewSyscallError("connect", unix.ETIMEDOUT)
		}
		pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLOUT}}
		n, err := unix.Poll(pfd, 100)
		if err == unix.EINTR || n == 0 {
			continue
		}
		if err != nil {
			return os.NewSyscallError("poll", err)
		}
		soErr, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_ERROR)
		if err != nil {
			return os.NewSyscallError("getsockopt", err)
		}
		if soErr != 0 {
			return os.NewSyscallError("connect", unix.Errno(soErr))
		}
		return nil
	}
}
