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
