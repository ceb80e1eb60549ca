package netredir

import (
	"context"
	"net"
	"strconv"
	"testing"

	"golang.org/x/sys/unix"
)

// The socket of a /dev/tcp redirection is close-on-exec (so no other
// child inherits it by accident) and blocking (a child must never get a
// non-blocking descriptor), and is connected to the listener.
func TestDevSocketFlags(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	proto, host, p, ok := Parse("/dev/tcp/127.0.0.1/" + strconv.Itoa(port))
	if !ok || proto != "tcp" || host != "127.0.0.1" || p != strconv.Itoa(port) {
		t.Fatalf("Parse: %q %q %q %v", proto, host, p, ok)
	}
	f, err := Open(context.Background(), proto, host, p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fd := int(f.Fd())
	if fl, _ := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0); fl&unix.FD_CLOEXEC == 0 {
		t.Error("socket is not close-on-exec")
	}
	if fl, _ := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0); fl&unix.O_NONBLOCK != 0 {
		t.Error("socket is non-blocking")
	}
	sa, err := unix.Getpeername(fd)
	if a, ok := sa.(*unix.SockaddrInet4); err != nil || !ok || a.Port != port {
		t.Errorf("peer %v, %v; want 127.0.0.1:%d", sa, err, port)
	}
	// IPv6 literals keep their colons; the port follows the last slash.
	if _, host, port, _ := Parse("/dev/udp/::1/53"); host != "::1" || port != "53" {
		t.Errorf("ipv6: %q %q", host, port)
	}
	if _, _, _, ok := Parse("/dev/tcpx/a/1"); ok {
		t.Error("/dev/tcpx taken as a socket")
	}
}
