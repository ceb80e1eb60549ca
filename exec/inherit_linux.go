package exec

import (
	"slices"
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
// The scan runs once per process, at the first Start or the first call
// of InheritedFDs, whichever comes first (a shell calls InheritedFDs at
// start-up to pass those descriptors on, and its first command then
// reuses that scan): what a process inherited is there from its first
// instruction, and scanning /proc/self/fd at every Start cost about 25µs
// a command (an open, two getdents and an fcntl per descriptor), 4% of a
// script of /bin/true. Padding up to a limit that is stale because such
// a descriptor was closed since is harmless: the child closes one more
// number.
func inheritedLimit() int {
	inherited.once.Do(func() { inherited.set(scanInherited()) })
	return inherited.limit
}

var inherited inheritedScan

type inheritedScan struct {
	once  sync.Once
	limit int
	// fds is the scan's answer: the only descriptors of this process
	// that may be open without close-on-exec (see trimTable).
	fds []int
}

// set records the first scan.
func (in *inheritedScan) set(fds []int) {
	in.limit, in.fds = limitOf(fds), fds
}

// limitOf is one more than the highest of fds, or 0.
func limitOf(fds []int) int {
	limit := 0
	for _, fd := range fds {
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
// The first call's answer is also Start's (see inheritedLimit).
func InheritedFDs() []int {
	fds := scanInherited()
	inherited.once.Do(func() { inherited.set(fds) })
	return fds
}

// scanInherited is InheritedFDs' scan of /proc/self/fd.
func scanInherited() []int {
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

// FdLimit returns the soft RLIMIT_NOFILE of this process: no descriptor
// can be placed at or above it, in this process or in a child before its
// execve. (Go's runtime raises the soft limit to the hard one at start
// and puts the original back in each child just before execve, so this
// is the limit the plumbing works under, not necessarily the one a
// child runs with.) Start refuses a Redir whose Fd is at or above it,
// and a shell should refuse such a redirection too, before a table
// grows to that size: `echo hi 99999999>f` is "Bad file descriptor".
func FdLimit() int {
	var lim unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &lim); err != nil || lim.Cur > 1<<30 {
		return 1 << 30 // no limit, or none that fits a table
	}
	return int(lim.Cur)
}

// trimTable drops the tail of an external stage's table (fds, as
// syscall.ForkExec takes it) that asks the child for nothing execve would
// not do anyway, given inheritedFDs, the descriptors the first scan found
// without close-on-exec. ForkExec's child makes one system call per
// entry: a shell that inherited a CI runner's fd 251 and passes it on
// under its own number, as sh does, would otherwise close 248 numbers in
// every child (mostly EBADF), ≈ 20% of the cost of starting /bin/true.
// An entry can go when it is
//   - closed (-1) and nothing is open there without close-on-exec: the
//     number is not one of inheritedFDs, or it is but is now closed or
//     close-on-exec (the shell closed it, the number was reused);
//   - the descriptor of that number itself, open without close-on-exec
//     (an inherited one passed on): execve keeps it.
//
// The child moves ForkExec's error pipe, and each source that a lower
// target would clobber, to the numbers above both len(fds) and the
// table's highest source (with dup3, which replaces what is there; see
// syscall's forkAndExecInChild1), so no descriptor kept only by execve
// may sit on those numbers: the table keeps growing over them until none
// does.
// The answer never asks the child for less than fds did.
func trimTable(fds []uintptr, inheritedFDs []int) []uintptr {
	const closed = ^uintptr(0)
	n := len(fds)
	var passed []int // dropped entries that execve keeps open
	for ; n > 3; n-- {
		fd, i := fds[n-1], n-1
		if fd == closed && !slices.Contains(inheritedFDs, i) {
			continue
		}
		if fd != closed && fd != uintptr(i) {
			break
		}
		flags, err := unix.FcntlInt(uintptr(i), unix.F_GETFD, 0)
		open := err == nil && flags&unix.FD_CLOEXEC == 0
		if fd == closed && open || fd != closed && !open {
			break // the child must close it, or place it
		}
		if open {
			passed = append(passed, i)
		}
	}
	// The child's dup3 targets are the numbers from one above both the
	// table's length and its highest source on (its nextfd): one for the
	// error pipe, one per entry whose source is below its index, and one
	// more where it steps over the pipe.
	for grown := true; grown; {
		grown = false
		next, moves := n, 2
		for i, fd := range fds[:n] {
			if fd != closed {
				next = max(next, int(fd))
				if fd < uintptr(i) {
					moves++
				}
			}
		}
		for _, p := range passed {
			if p >= n && p > next && p <= next+moves {
				n, grown = p+1, true
			}
		}
	}
	return fds[:n]
}

// fitTable trims the end of an external stage's table (fds, as
// syscall.ForkExec takes it) so that ForkExec's child can run under
// limit, FdLimit(). The child first moves ForkExec's error pipe above
// both the table's length and every descriptor in it, and dup3 fails
// with EBADF at or above the limit: with `ulimit -n 64` and a
// descriptor 251 inherited without close-on-exec (a CI runner's), the
// padding up to inheritedLimit, or a shell passing fd 251 on as fd 251,
// would make every start fail. Trailing entries that are closed
// padding, or a descriptor without close-on-exec passed on under its own
// number, can go: what execve does to that number is then what it would
// have done anyway, except that an inherited descriptor at or above the
// limit reaches the child, as it would from sh.
func fitTable(fds []uintptr, limit int) []uintptr {
	for n := len(fds); n > 0 && n+1 >= limit; n-- {
		fd := fds[n-1]
		if fd != ^uintptr(0) && fd != uintptr(n-1) {
			break
		}
		if fd != ^uintptr(0) {
			flags, err := unix.FcntlInt(fd, unix.F_GETFD, 0)
			if err != nil || flags&unix.FD_CLOEXEC != 0 {
				break // execve would close it: the table must place it
			}
		}
		fds = fds[:n-1]
	}
	return fds
}
