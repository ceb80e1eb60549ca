// Command linkhelper is a helper program for plumb's link tests: it
// reports what descriptors it was started with, and speaks both ways over
// a two-way link. It is built by the tests (shell/links_test.go).
//
//	linkhelper fdinfo OUT     write, to file OUT, one line per fd 0 and 1:
//	                          its kind and, for a socket, domain, type,
//	                          addresses and the shut-down direction; then
//	                          the descriptors it inherited through execve.
//	linkhelper sendrecv IN OUT
//	                          write file IN to fd 1, then shut down the
//	                          writing half of fd 1; meanwhile read fd 0 to
//	                          EOF; write the sha256 of what was read to OUT.
package main

import (
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

func main() {
	// First, before anything of this program opens a descriptor.
	fds := openFDs()
	signal.Ignore(syscall.SIGPIPE)
	switch os.Args[1] {
	case "fdinfo":
		var b strings.Builder
		for fd := 0; fd <= 1; fd++ {
			fmt.Fprintf(&b, "fd%d %s\n", fd, describe(fd))
		}
		fmt.Fprintf(&b, "open %s\n", strings.Join(fds, " "))
		if err := os.WriteFile(os.Args[2], []byte(b.String()), 0o644); err != nil {
			fail(err)
		}
	case "sendrecv":
		sendrecv(os.Args[2], os.Args[3])
	default:
		fail(fmt.Errorf("unknown mode %q", os.Args[1]))
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "linkhelper:", err)
	os.Exit(1)
}

// openFDs lists the open descriptors with raw system calls, minus the
// one it uses to read the directory.
func openFDs() []string {
	dfd, err := unix.Open("/proc/self/fd", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		fail(err)
	}
	defer unix.Close(dfd)
	var names []string
	buf := make([]byte, 8192)
	for {
		n, err := unix.ReadDirent(dfd, buf)
		if err != nil {
			fail(err)
		}
		if n == 0 {
			break
		}
		_, _, names = unix.ParseDirent(buf[:n], -1, names)
	}
	// Every descriptor this process got through execve has FD_CLOEXEC
	// clear (one with it set would have been closed by the execve);
	// those with it set are the Go runtime's own (it keeps cgroup
	// files open to follow CPU limits) and the directory read here.
	var out []string
	for _, nm := range names {
		fd, err := strconv.Atoi(nm)
		if err != nil {
			continue
		}
		if fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0); err == nil && fl&unix.FD_CLOEXEC == 0 {
			out = append(out, nm)
		}
	}
	sort.Slice(out, func(i, j int) bool { a, _ := strconv.Atoi(out[i]); b, _ := strconv.Atoi(out[j]); return a < b })
	return out
}

// describe says what fd is: "fifo", "file", or
// "socket unix stream" / "socket inet stream 127.0.0.1:P->127.0.0.1:Q",
// followed by "rd=eof" when reading it gives EOF at once (its reading half
// is shut down) and "wr=EPIPE" when writing fails with EPIPE.
func describe(fd int) string {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return "closed"
	}
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFIFO:
		return "fifo"
	case unix.S_IFREG:
		return "file"
	case unix.S_IFCHR:
		return "chardev"
	case unix.S_IFSOCK:
	default:
		return "other"
	}
	dom, _ := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_DOMAIN)
	typ, _ := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_TYPE)
	d := map[int]string{unix.AF_UNIX: "unix", unix.AF_INET: "inet", unix.AF_INET6: "inet6"}[dom]
	ty := map[int]string{unix.SOCK_STREAM: "stream", unix.SOCK_DGRAM: "dgram"}[typ]
	s := "socket " + d + " " + ty
	if dom != unix.AF_UNIX {
		la, _ := unix.Getsockname(fd)
		pa, _ := unix.Getpeername(fd)
		s += " " + addr(la) + "->" + addr(pa)
	}
	// Probe the unused direction of a one-way link without blocking:
	// the writer's fd 1 must give EOF when read, the reader's fd 0 EPIPE
	// when written (one byte, which a two-way peer may receive).
	var b [1]byte
	if fd == 1 {
		if n, _, err := unix.Recvfrom(fd, b[:], unix.MSG_DONTWAIT|unix.MSG_PEEK); n == 0 && err == nil {
			s += " rd=eof"
		}
	}
	if fd == 0 {
		if err := unix.Sendto(fd, []byte{'x'}, unix.MSG_DONTWAIT|unix.MSG_NOSIGNAL, nil); err == unix.EPIPE {
			s += " wr=EPIPE"
		}
	}
	return s
}

func addr(sa unix.Sockaddr) string {
	switch a := sa.(type) {
	case *unix.SockaddrInet4:
		return fmt.Sprintf("%d.%d.%d.%d:%d", a.Addr[0], a.Addr[1], a.Addr[2], a.Addr[3], a.Port)
	case *unix.SockaddrInet6:
		return fmt.Sprintf("[%x]:%d", a.Addr, a.Port)
	}
	return "?"
}

func sendrecv(in, out string) {
	done := make(chan error, 1)
	go func() {
		f, err := os.Open(in)
		if err != nil {
			done <- err
			return
		}
		defer f.Close()
		w := os.NewFile(1, "link")
		if _, err := io.Copy(w, f); err != nil {
			done <- err
			return
		}
		done <- unix.Shutdown(1, unix.SHUT_WR)
	}()
	h := sha256.New()
	if _, err := io.Copy(h, os.NewFile(0, "link")); err != nil {
		fail(err)
	}
	if err := <-done; err != nil {
		fail(err)
	}
	if err := os.WriteFile(out, fmt.Appendf(nil, "%x\n", h.Sum(nil)), 0o644); err != nil {
		fail(err)
	}
}
