package shell

import (
	"golang.org/x/sys/unix"
)

// Start-up work of cmd/plumb, kept to plain system calls: `plumb -c true`
// should cost little more than the Go runtime's own start (bench/).
// os.ReadFile or os.ReadDir would each open an os.File, whose first use
// sets up the runtime's poller (epoll_create, eventfd, a thread woken to
// poll it) for a file that cannot be polled anyway.

// seedProcessUmask reads the process umask with the umask call itself,
// which sets it (to the value it had) in passing. That is only safe while
// nothing else in the process creates files, which is true at the top of
// Main and not in an embedding program: there, currentUmask reads
// /proc/self/status instead.
func seedProcessUmask() {
	umaskOnce.Do(func() {
		old := unix.Umask(0o077)
		unix.Umask(old)
		processUmask = old
	})
}

// inheritedFds returns the descriptors above 2 that this process holds
// without close-on-exec, in /proc/self/fd order.
func inheritedFds() []int {
	d, err := unix.Open("/proc/self/fd", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil
	}
	defer unix.Close(d)
	var fds []int
	var buf [4096]byte
	var names []string
	for {
		n, err := unix.Getdents(d, buf[:])
		if err != nil || n <= 0 {
			break
		}
		names = names[:0]
		_, _, names = unix.ParseDirent(buf[:n], -1, names)
		for _, name := range names {
			fd := 0
			for _, c := range []byte(name) {
				fd = fd*10 + int(c-'0')
			}
			if fd <= 2 || fd == d {
				continue
			}
			flags, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
			if err == nil && flags&unix.FD_CLOEXEC == 0 {
				fds = append(fds, fd)
			}
		}
	}
	return fds
}
