package exec

import (
	"strconv"
	"sync"

	"golang.org/x/sys/unix"
)

// inheritedLimit returns one more than the highest descriptor of this
// process that is not close-on-exec, or 0 if there is none above fd 2.
//
// Every descriptor exec, the os and net packages and the runtime make is
// close-on-exec from birth. What is not is what this process inherited
// from its own parent (a CI runner's pipes, a jobserver's fds, a
// terminal's extra fds): ForkExec leaves those open in the child unless
// its table covers them. Start pads every external stage's table with
// closed entries up to this limit, so ForkExec's child closes them too and
// the child gets exactly its table. Descriptors made by other code
// without close-on-exec after this scan would still leak; Go code that
// does that must hold syscall.ForkLock, which nothing of ours can see.
//
// The scan runs once per process, at the first Start: what a process
// inherited is there from its first instruction, and scanning
// /proc/self/fd at every Start cost about 25µs a command (an open, two
// getdents and an fcntl per descriptor), 4% of a script of /bin/true.
// Padding up to a limit that is stale because such a descriptor was
// closed since is harmless: the child closes one more number.
func inheritedLimit() int {
	inherited.once.Do(func() { inherited.limit = scanInheritedLimit() })
	return inherited.limit
}

var inherited struct {
	once  sync.Once
	limit int
}

// scanInheritedLimit is inheritedLimit's scan of /proc/self/fd.
func scanInheritedLimit() int {
	limit := 0
	for _, fd := range InheritedFDs() {
		limit = max(limit, fd+1)
	}
	return limit
}

// InheritedFDs returns the descriptors above 2 that this process holds
// without close-on-exec, in /proc/self/fd order: those it inherited from
// its parent (or that other code made without the flag). A shell that
// wants to pass them on, as sh does, names them in its stages' Files;
// otherwise every child closes them (see inheritedLimit). It reads the
// directory with getdents, not os.ReadDir, because it runs at start-up.
func InheritedFDs() []int {
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
		for _, s := range names {
			fd, err := strconv.Atoi(s)
			if err != nil || fd <= 2 || fd == d {
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
