package exec

import (
	"os"

	"golang.org/x/sys/unix"
)

// awaitExit blocks the calling goroutine, but no OS thread, until the
// process pid has exited. It reaps nothing: the process stays a zombie
// for reap's waitid(WNOWAIT) and wait4, which then return at once.
//
// Why: waitid blocks in the kernel, and a goroutine blocked in a system
// call holds an OS thread. With one reaping goroutine per stage, a
// 500-stage pipeline had 502 threads, each with its stacks (16 MiB of
// RSS where bash needs 3.4), and every stage paid for a thread handoff.
// A pidfd becomes readable when its process exits, so the goroutine
// parks in the runtime's poller instead, like one waiting on a socket.
//
// The first threadReapers stages of a plan still wait in waitid: for
// the common one- or two-command pipeline a blocked thread is cheaper
// than the poller, which wakes the runtime's sysmon thread every 20µs
// while a fork is under way (a script of 1,000 /bin/true took 7% more
// CPU with a pidfd per command, and no less time).
//
// It reports false when it could not wait this way (pidfd_open missing
// before Linux 5.3, no descriptor left, a poller that refuses the fd);
// the caller then waits in waitid as before.
func awaitExit(pid int) bool {
	fd, err := unix.PidfdOpen(pid, unix.PIDFD_NONBLOCK)
	if err != nil {
		return false
	}
	// PIDFD_NONBLOCK makes os register the fd with the poller.
	// PidfdOpen's descriptor is close-on-exec (the kernel sets it).
	f := os.NewFile(uintptr(fd), "pidfd")
	defer f.Close()
	rc, err := f.SyscallConn()
	if err != nil {
		return false
	}
	err = rc.Read(func(uintptr) bool {
		for {
			code, _, err := waitid(pid, unix.WEXITED|unix.WNOWAIT|unix.WNOHANG)
			if err == unix.EINTR {
				continue
			}
			// Done when it has exited, or when waitid fails: reap's own
			// waitid then reports the error.
			return err != nil || code != 0
		}
	})
	return err == nil
}

// threadReapers is how many stages of a plan are waited for in waitid,
// each holding a thread, before awaitExit takes over.
const threadReapers = 2
