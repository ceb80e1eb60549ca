package exec

import (
	"bytes"
	"os"
	"strconv"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Each external stage has a goroutine, started by Start, that waits for
// that one pid; each in-process stage has the goroutine it runs in. Both
// record into the stage's result under r.mu and poke r.changed; Wait
// only reads. Waiting per pid, never for "any child" or for the group,
// keeps exec from reaping children it did not start: other pipelines of
// the same program, and commands a Func stage runs in this group.

// reap waits for the external stage s until it has been reaped, exactly
// once. The exit is first observed with waitid(WNOWAIT), which leaves the
// child a zombie: its /proc/PID/io can still be read (Plan.Stats), and
// its pid, which is also the group's id when s leads the group, stays
// taken. Then wait4 reaps it and collects its rusage.
func (r *Running) reap(s *stageRun) {
	opts := unix.WEXITED | unix.WNOWAIT
	if r.plan.Untraced {
		opts |= unix.WSTOPPED | unix.WCONTINUED
	}
	for {
		code, status, err := waitid(s.pid, opts)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			r.failed(s, os.NewSyscallError("waitid", err))
			return
		}
		if code == cldExited || code == cldKilled || code == cldDumped {
			if code != cldExited && r.plan.Foreground && (status == int(unix.SIGINT) || status == int(unix.SIGQUIT)) {
				// The terminal's Ctrl-C (Ctrl-\) reached the group, which
				// the in-process stages are not in: they end with it.
				// Now, not when s is reaped: a group leader is reaped
				// only after the Func stages have returned.
				r.funcCancel()
			}
			break
		}
		r.noteStop(s)
	}
	end := time.Now()
	rchar, wchar := int64(-1), int64(-1)
	if r.plan.Stats {
		rchar, wchar = procIO(s.pid)
	}
	if s == r.leader {
		// A stage that leads the group is reaped only after every Func
		// stage has returned: until then its zombie keeps the group
		// alive, so commands a Func stage starts can still join it
		// (setpgid into a group with no member left fails with EPERM).
		<-r.fnDone
	}
	r.reaped(s, end, rchar, wchar)
}

// noteStop consumes a stop or continue report of s that waitid(WNOWAIT)
// has seen, and records it. The report is consumed (WNOHANG, without
// WEXITED so an exit is never taken here) under r.mu, the lock Continue
// holds while it clears the stop flags and sends SIGCONT: so either the
// stop is recorded before Continue clears it, or the process is already
// continued and the kernel has dropped the report, and a stop that
// Continue has undone is never recorded after it.
func (r *Running) noteStop(s *stageRun) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for {
		code, status, err := waitid(s.pid, unix.WSTOPPED|unix.WCONTINUED|unix.WNOHANG)
		if err == unix.EINTR {
			continue
		}
		switch {
		case err != nil || s.done:
		case code == cldStopped || code == cldTrapped:
			s.stopped = true
			s.res.Signal = syscall.Signal(status)
			r.newStop = true
			r.poke()
		case code == cldContinued:
			s.stopped = false
		}
		return
	}
}

// reaped reaps the external stage s, which has exited, with wait4 and
// records its status and rusage. wait4 does not block here (waitid has
// seen the exit). It runs under r.mu together with the liveExt count
// that Signal checks before kill(-pgid): Signal never sends once the
// last of our processes is reaped, when the group's id may be free for
// the kernel to give to someone else.
func (r *Running) reaped(s *stageRun, end time.Time, rchar, wchar int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var ws unix.WaitStatus
	var ru unix.Rusage
	var err error
	for {
		_, err = unix.Wait4(s.pid, &ws, 0, &ru)
		if err != unix.EINTR {
			break
		}
	}
	res := &s.res
	res.End = end
	res.Wall = end.Sub(res.Start)
	res.Signal = 0
	switch {
	case err != nil:
		r.failedLocked(s, os.NewSyscallError("wait4", err))
		return
	case ws.Signaled():
		res.Signal = ws.Signal()
		res.Status = 128 + int(ws.Signal())
	default:
		res.Status = ws.ExitStatus()
	}
	res.User = time.Duration(ru.Utime.Nano())
	res.Sys = time.Duration(ru.Stime.Nano())
	res.MaxRSS = -1
	if ru.Maxrss > selfMaxRSS() {
		res.MaxRSS = ru.Maxrss * 1024 // kilobytes on Linux
	}
	res.ReadBytes, res.WriteBytes = rchar, wchar
	s.done = true
	s.stopped = false
	r.liveExt--
	r.checkFinished()
}

// selfMaxRSS is this process's peak resident set size, in kilobytes.
//
// Why a stage's ru_maxrss is compared with it: the kernel keeps a
// process's maxrss in its signal_struct, which survives execve, and
// execve raises it to the high-water mark of the memory map it is
// leaving. A child started by fork/exec leaves, at its execve, a map
// that is ours: shared with us (Go starts children with CLONE_VM|
// CLONE_VFORK) or copied from ours with its high-water mark (fork). So
// a stage's ru_maxrss is the larger of its own peak (and its reaped
// children's) and our peak at the moment it started: with a 256 MiB Go
// heap here, `true` would report 256 MiB. Our peak only grows, so a
// figure above our peak now is the stage's own; one at or below it
// cannot be told from ours, and is reported as unknown.
func selfMaxRSS() int64 {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_SELF, &ru); err != nil {
		return 1 << 62 // nothing can be told
	}
	return ru.Maxrss
}

// failed records that s could not be waited for (someone else reaped
// it, or SIGCHLD is ignored): a plumbing error Wait returns.
func (r *Running) failed(s *stageRun, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failedLocked(s, err)
}

func (r *Running) failedLocked(s *stageRun, err error) {
	if r.waitErr == nil {
		r.waitErr = &StartError{Stage: s.i, Name: name(s.st), Err: err}
	}
	s.res.End = time.Now()
	s.res.Wall = s.res.End.Sub(s.res.Start)
	s.res.Status = 255
	s.res.Signal = 0
	s.done = true
	s.stopped = false
	r.liveExt--
	r.checkFinished()
}

// runFunc runs the in-process stage s in its own goroutine.
func (r *Running) runFunc(s *stageRun) {
	io := &StageIO{Files: s.files, Pgid: r.pgid}
	status := s.fn(r.funcCtx, io)
	end := time.Now()
	// Its ends are closed only now: a Func's files are this process's
	// own descriptors, in use until it returns.
	s.release()
	r.mu.Lock()
	defer r.mu.Unlock()
	s.res.Status = status
	s.res.End = end
	s.res.Wall = end.Sub(s.res.Start)
	s.done = true
	r.liveFn--
	if r.liveFn == 0 {
		close(r.fnDone)
	}
	r.checkFinished()
}

// checkFinished, with r.mu held, closes r.finished once every stage is
// done, and pokes Wait.
func (r *Running) checkFinished() {
	if r.liveExt == 0 && r.liveFn == 0 {
		select {
		case <-r.finished:
		default:
			close(r.finished)
			r.releasePipes() // every stage has closed its ends
			if r.stopWatch != nil && r.stopWatch() {
				close(r.watched) // the context was not cancelled
			}
		}
	}
	r.poke()
}

func (r *Running) poke() {
	select {
	case r.changed <- struct{}{}:
	default:
	}
}

// watch, run by the context when it is cancelled before the plan ends
// (see Start), turns the cancellation into SIGTERM to the
// group (and SIGCONT, so a stopped stage gets it), then SIGKILL after
// Plan.Grace if anything is still running, and sweeps what the stages
// left in the group. It closes r.watched when done, which Wait waits
// for: a cancelled pipeline's Wait returns when its group is gone.
// In-process stages see their context cancelled; exec cannot stop one
// that does not look.
func (r *Running) watch() {
	defer close(r.watched)
	defer r.funcCancel()
	r.Signal(unix.SIGTERM)
	r.Signal(unix.SIGCONT)
	grace := r.plan.Grace
	if grace <= 0 {
		grace = time.Second
	}
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-r.finished:
		r.sweep(t)
	case <-t.C:
		// Some stage outlived SIGTERM; while it is unreaped the group's
		// id is ours, and SIGKILL reaches all of the group.
		r.Signal(unix.SIGKILL)
		<-r.finished
		r.awaitDeath()
	}
}

// awaitDeath waits, after SIGKILL went to the group, until no member is
// alive: a process takes a moment to die of it (longer in uninterruptible
// sleep), and Wait's caller must find the group dead. It only reads
// /proc, so it gives up after a while rather than hang on a process in
// D state.
func (r *Running) awaitDeath() {
	if r.leader == nil {
		return
	}
	for i := 0; i < 500 && liveInGroup(r.pgid); i++ {
		time.Sleep(10 * time.Millisecond)
	}
}

// sweep finishes a cancellation whose stages have all been reaped while
// what they forked may still be in the group: the `sleep 100` that
// `sh -c '(trap "" TERM; sleep 100) & sleep 100'` leaves, which ignores
// SIGTERM and may hold a pipe open. Until t fires it polls the group;
// a live member left then gets SIGKILL.
//
// kill(-pgid) is safe here, after our last process is reaped, only
// because it follows a scan that saw a live member: the kernel never
// gives a pid (the id of a new group) that is still a group's id while
// the group has a member. Only a group this plan made is swept; a group
// named by Plan.Pgid is its maker's to clean up.
func (r *Running) sweep(t *time.Timer) {
	if r.leader == nil {
		return
	}
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for liveInGroup(r.pgid) {
		select {
		case <-tick.C:
		case <-t.C:
			if liveInGroup(r.pgid) {
				unix.Kill(-r.pgid, unix.SIGKILL)
				r.awaitDeath()
			}
			return
		}
	}
}

// liveInGroup reports whether a process that is not a zombie is in
// process group pgid (/proc/PID/stat: state is field 3, pgrp field 5).
// Zombies are members too, but dead: an orphan's waits for pid 1.
func liveInGroup(pgid int) bool {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return false
	}
	want := []byte(strconv.Itoa(pgid))
	for _, e := range ents {
		if n := e.Name(); n[0] < '0' || n[0] > '9' {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// The command name (field 2) is in parentheses and may hold
		// spaces and parentheses: the fields after it start after the
		// last ')'.
		i := bytes.LastIndexByte(b, ')')
		if i < 0 {
			continue
		}
		f := bytes.Fields(b[i+1:])
		if len(f) >= 3 && f[0][0] != 'Z' && f[0][0] != 'X' && bytes.Equal(f[2], want) {
			return true
		}
	}
	return false
}

// Wait waits until every stage is done: each external stage reaped
// exactly once (whatever the number of calls to Wait), each in-process
// stage returned. Exit statuses are results, not errors; the error is
// for plumbing failures only (a wait system call failing).
//
// With Plan.Untraced, Wait also returns when a stage stops: Stopped is
// then true and the result is a snapshot, in which running stages have
// Status -1 and stopped ones Stopped set, Signal the stop signal and
// Status 128+that signal (what $? says for a stopped job). Call Continue
// and Wait again.
func (r *Running) Wait() (*Result, error) {
	r.waitMu.Lock()
	defer r.waitMu.Unlock()
	for {
		r.mu.Lock()
		if r.liveExt == 0 && r.liveFn == 0 {
			if r.result == nil {
				r.result = r.snapshot()
				r.funcCancel()
			}
			res, err := r.result, r.waitErr
			r.mu.Unlock()
			// After a cancellation, until the group is swept.
			<-r.watched
			return res, err
		}
		if r.newStop {
			r.newStop = false
			res := r.snapshot()
			r.mu.Unlock()
			return res, nil
		}
		r.mu.Unlock()
		<-r.changed
	}
}

// snapshot copies the results, with r.mu held.
func (r *Running) snapshot() *Result {
	res := &Result{Stages: make([]StageResult, len(r.stages))}
	for i, s := range r.stages {
		sr := s.res
		if s.stopped && !s.done {
			sr.Stopped = true
			sr.Status = 128 + int(sr.Signal)
		} else if !s.done {
			sr.Signal = 0
		}
		res.Stages[i] = sr
	}
	res.Status = res.Stages[len(res.Stages)-1].Status
	return res
}

// Pgid returns the pipeline's process group, 0 if it has no external
// stage and Plan.Pgid was 0.
func (r *Running) Pgid() int { return r.pgid }

// Pids returns the pid of each stage, 0 for in-process ones.
func (r *Running) Pids() []int {
	pids := make([]int, len(r.stages))
	for i, s := range r.stages {
		pids[i] = s.pid
	}
	return pids
}

// Signal sends sig to the pipeline's process group (kill(-pgid)), which
// also reaches what the stages forked and commands Func stages ran in
// the group; when that group is the caller's own, to each of the
// pipeline's processes instead. SIGINT, SIGTERM and SIGKILL also cancel the context of the
// in-process stages. Once every process of the pipeline has been reaped
// nothing is sent: the group's id may belong to someone else by then.
func (r *Running) Signal(sig syscall.Signal) error {
	if sig == unix.SIGINT || sig == unix.SIGTERM || sig == unix.SIGKILL {
		r.funcCancel()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.signalLocked(sig)
}

func (r *Running) signalLocked(sig syscall.Signal) error {
	if r.pgid <= 0 {
		return nil // no group: never kill(0), which is our own group
	}
	// Our group's id stays taken while any of our processes is unreaped
	// (the leader is reaped last). A group named by Plan.Pgid is kept by
	// whoever made it, at least while our Func stages run in it.
	alive := r.liveExt > 0 || (r.leader == nil && r.liveFn > 0)
	if !alive {
		return nil
	}
	if r.pgid == unix.Getpgrp() {
		// The caller's own group (Plan.Pgid): kill(-pgid) would signal
		// the caller and everyone else in it. Each external stage that
		// is not reaped yet is ours, so its pid cannot have been reused.
		var first error
		for _, s := range r.stages {
			if s == nil || s.fn != nil || s.pid <= 0 || s.done {
				continue
			}
			if err := unix.Kill(s.pid, sig); err != nil && err != unix.ESRCH && first == nil {
				first = os.NewSyscallError("kill", err)
			}
		}
		return first
	}
	if err := unix.Kill(-r.pgid, sig); err != nil && err != unix.ESRCH {
		return os.NewSyscallError("kill", err)
	}
	return nil
}

// Stopped reports whether a stage is stopped, as far as Wait has seen
// (Plan.Untraced only).
func (r *Running) Stopped() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range r.stages {
		if s.stopped && !s.done {
			return true
		}
	}
	return false
}

// Continue sends SIGCONT to the group; Wait may then be called again.
func (r *Running) Continue() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range r.stages {
		s.stopped = false
	}
	r.newStop = false
	return r.signalLocked(unix.SIGCONT)
}

// siginfo is the part of the kernel's siginfo_t that waitid fills for
// SIGCHLD (x/sys/unix's Siginfo hides the union).
type siginfo struct {
	Signo  int32
	Errno  int32
	Code   int32
	_      int32
	Pid    int32
	UID    uint32
	Status int32
	_      [100]byte
}

const (
	cldExited    = 1
	cldKilled    = 2
	cldDumped    = 3
	cldTrapped   = 4
	cldStopped   = 5
	cldContinued = 6
)

// waitid is waitid(P_PID, pid, options) returning si_code and si_status.
// With WNOHANG and nothing to report, code is 0.
func waitid(pid, options int) (code, status int, err error) {
	var info siginfo
	_, _, e := unix.Syscall6(unix.SYS_WAITID, unix.P_PID, uintptr(pid),
		uintptr(unsafe.Pointer(&info)), uintptr(options), 0, 0)
	if e != 0 {
		return 0, 0, e
	}
	return int(info.Code), int(info.Status), nil
}
