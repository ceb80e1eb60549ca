package exec

import (
	"os"
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
		opts |= unix.WSTOPPED
	}
	for {
		code, status, err := waitid(s.pid, opts)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			r.reaped(s, time.Now(), nil, nil, os.NewSyscallError("waitid", err))
			return
		}
		if code == cldStopped || code == cldTrapped {
			// Consume the stop report (WSTOPPED without WNOWAIT, and
			// without WEXITED so an exit is never taken here), or the
			// next waitid would return the same stop at once.
			waitid(s.pid, unix.WSTOPPED|unix.WNOHANG)
			r.mu.Lock()
			if !s.done {
				s.stopped = true
				s.res.Signal = syscall.Signal(status)
				r.newStop = true
			}
			r.mu.Unlock()
			r.poke()
			continue
		}
		break
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
	var ws unix.WaitStatus
	var ru unix.Rusage
	r.mu.Lock()
	// Reaping and Signal's kill(-pgid) are serialized by r.mu: Signal
	// only sends while one of our processes is unreaped, which keeps the
	// group's id from being reused for someone else's group.
	var err error
	for {
		_, err = unix.Wait4(s.pid, &ws, 0, &ru)
		if err != unix.EINTR {
			break
		}
	}
	r.mu.Unlock()
	if err != nil {
		r.reaped(s, end, nil, nil, os.NewSyscallError("wait4", err))
		return
	}
	r.mu.Lock()
	s.res.ReadBytes, s.res.WriteBytes = rchar, wchar
	r.mu.Unlock()
	r.reaped(s, end, &ws, &ru, nil)
}

// reaped records the exit of the external stage s.
func (r *Running) reaped(s *stageRun, end time.Time, ws *unix.WaitStatus, ru *unix.Rusage, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	res := &s.res
	res.End = end
	res.Wall = res.End.Sub(res.Start)
	res.Signal = 0
	switch {
	case err != nil:
		if r.waitErr == nil {
			r.waitErr = &StartError{Stage: s.i, Name: name(s.st), Err: err}
		}
		res.Status = 255
	case ws.Signaled():
		res.Signal = ws.Signal()
		res.Status = 128 + int(ws.Signal())
	default:
		res.Status = ws.ExitStatus()
	}
	if ru != nil {
		res.User = time.Duration(ru.Utime.Nano())
		res.Sys = time.Duration(ru.Stime.Nano())
		res.MaxRSS = ru.Maxrss * 1024 // kilobytes on Linux
	}
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

// watch turns the cancellation of Start's context into SIGTERM to the
// group (and SIGCONT, so a stopped stage gets it), then SIGKILL after
// Plan.Grace if anything is still running. In-process stages see their
// context cancelled; exec cannot stop one that does not look.
func (r *Running) watch() {
	defer r.funcCancel()
	select {
	case <-r.finished:
		return
	case <-r.ctx.Done():
	}
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
	case <-t.C:
		r.Signal(unix.SIGKILL)
	}
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
// the group. SIGINT, SIGTERM and SIGKILL also cancel the context of the
// in-process stages. Once every process of the pipeline has been reaped
// nothing is sent: the group's id may belong to someone else by then.
func (r *Running) Signal(sig syscall.Signal) error {
	if sig == unix.SIGINT || sig == unix.SIGTERM || sig == unix.SIGKILL {
		r.funcCancel()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
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
	for _, s := range r.stages {
		s.stopped = false
	}
	r.mu.Unlock()
	return r.Signal(unix.SIGCONT)
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
	cldExited  = 1
	cldKilled  = 2
	cldDumped  = 3
	cldTrapped = 4
	cldStopped = 5
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
