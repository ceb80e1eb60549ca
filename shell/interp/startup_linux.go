package interp

import (
	"fmt"
	"os"

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

// lowFdLimit is the soft RLIMIT_NOFILE under which start-up sets up the
// runtime's poller at once (prepareFdLimit).
const lowFdLimit = 64

// prepareFdLimit makes a plumb started under a low descriptor limit
// (`ulimit -n 6`) fail cleanly instead of aborting. The Go runtime sets
// up its poller (an epoll instance and an eventfd) at the first use of
// a pollable file: a command substitution's pipe, a redirection's file.
// If no descriptor is free at that moment the runtime aborts the whole
// process with a goroutine dump. So under a low limit the poller is set
// up here, while descriptors are free, and a later shortage is an
// ordinary error of one command (EMFILE). It costs nothing under an
// ordinary limit, where nothing is done. When not even the poller fits,
// plumb cannot run, and says so in one line (status 126).
func prepareFdLimit() error {
	var lim unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &lim); err != nil || lim.Cur >= lowFdLimit {
		return nil
	}
	// The poller takes two descriptors, and a pollable file to set it
	// up takes a third: make sure three are free before the runtime
	// tries, since it cannot fail gracefully.
	var fds [3]int
	for i := range fds {
		fd, err := unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
		if err != nil {
			for _, fd := range fds[:i] {
				unix.Close(fd)
			}
			return fmt.Errorf("too few file descriptors to run (ulimit -n %d)", lim.Cur)
		}
		fds[i] = fd
	}
	unix.Close(fds[0])
	unix.Close(fds[1])
	// A non-blocking descriptor makes os.NewFile register it with the
	// poller, which sets the poller up in the two numbers just freed.
	os.NewFile(uintptr(fds[2]), "poller").Close()
	return nil
}
