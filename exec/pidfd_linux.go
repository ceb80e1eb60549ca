package exec

import (
	"golang.org/x/sys/unix"
)

// Waiting for many stages at once.
//
// reap waits in waitid, which blocks in the kernel, and a goroutine
// blocked in a system call holds an OS thread. With one reaping goroutine
// per stage, a 500-stage pipeline had 502 threads and 500 goroutine
// stacks: 16 MiB of RSS where bash needs 3.4, and a thread handoff per
// stage. So only the first threadReapers stages of a plan (and the one
// Run reaps itself) get their own goroutine; the rest are waited for
// together by one goroutine, reapGroup, on one epoll instance holding a
// pidfd per stage, for at most maxPidfds stages at a time (a pidfd
// becomes readable when its process exits).
// Once a stage has exited, reap finishes it as before: its waitid
// returns at once. Untraced plans (job control) keep a goroutine per
// stage, since a pidfd does not report stops.

// threadReapers is how many stages of a plan get a reaping goroutine of
// their own before reapGroup takes the rest: for the common one- to
// three-command pipeline that is cheaper than an epoll instance.
const threadReapers = 2

// maxPidfds is how many pidfds reapGroup holds at a time. The rest of
// its stages wait in order for a slot: a stage that exits before it has
// one stays a zombie until then, which costs nothing but its pid. So a
// long pipeline does not hold a descriptor per stage while it runs
// either (a 2,000-stage pipeline runs under `ulimit -n 64`), and leaves
// descriptors for the Func stages and the rest of the program. Stages
// of a pipeline mostly end in order, from the first.
const maxPidfds = 32

// testHookWatching, when set (by tests), is called by reapGroup once it
// has opened its first pidfds, with their number.
var testHookWatching func(watched int)

// reapGroup reaps stages, each exactly once: it waits for their exits on
// pidfds and calls reap for each as it exits (in a goroutine of its own
// for the group leader, whose reaping waits for the Func stages). A stage
// it cannot watch (no pidfd_open before Linux 5.3, or no descriptor left
// while it watches no other stage) gets reap in a goroutine of its own,
// as every stage once did.
func (r *Running) reapGroup(stages []*stageRun) {
	finish := func(s *stageRun) {
		if s == r.leader {
			go r.reap(s)
		} else {
			r.reap(s)
		}
	}
	ep, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		for _, s := range stages {
			go r.reap(s)
		}
		return
	}
	defer unix.Close(ep)
	// pidfds[i] is stage i's pidfd while it is watched; next is the
	// first stage not yet watched or handed to reap.
	pidfds := make([]int, len(stages))
	for i := range pidfds {
		pidfds[i] = -1
	}
	next, waiting := 0, 0
	watch := func() {
		for next < len(stages) && waiting < maxPidfds {
			i, s := next, stages[next]
			fd, err := unix.PidfdOpen(s.pid, 0) // close-on-exec, as pidfds are
			if (err == unix.EMFILE || err == unix.ENFILE) && waiting > 0 {
				return // a slot frees when a watched stage exits
			}
			next++
			if err == nil {
				ev := unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(i)}
				if err = unix.EpollCtl(ep, unix.EPOLL_CTL_ADD, fd, &ev); err != nil {
					unix.Close(fd)
				}
			}
			if err != nil {
				go r.reap(s)
				continue
			}
			pidfds[i] = fd
			waiting++
		}
	}
	watch()
	if h := testHookWatching; h != nil {
		h(waiting)
	}
	events := make([]unix.EpollEvent, min(len(stages), maxPidfds))
	for waiting > 0 {
		n, err := unix.EpollWait(ep, events, -1)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			// Cannot happen with a valid epoll fd and buffer; hand
			// what is left to reap, which waits in waitid.
			for i := range next {
				if pidfds[i] >= 0 {
					unix.Close(pidfds[i])
					go r.reap(stages[i])
				}
			}
			for _, s := range stages[next:] {
				go r.reap(s)
			}
			return
		}
		for _, ev := range events[:n] {
			i := int(ev.Fd)
			if pidfds[i] < 0 {
				continue
			}
			unix.Close(pidfds[i]) // also takes it out of ep
			pidfds[i] = -1
			waiting--
			finish(stages[i])
		}
		watch()
	}
}
