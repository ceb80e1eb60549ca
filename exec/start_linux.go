package exec

import (
	"context"
	"errors"
	"os"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Running is a started pipeline.
type Running struct {
	plan   *Plan
	stages []*stageRun
	// funcCtx, derived from Start's context, is the one Func stages get,
	// cancelled also by Signal(SIGINT/SIGTERM/SIGKILL).
	funcCtx    context.Context
	funcCancel context.CancelFunc

	// pgid is the process group (0 when no external stage started);
	// leader is the stage that made it, nil when the group is Plan.Pgid.
	pgid   int
	leader *stageRun
	// inline is the stage Run reaps in its own goroutine, nil if none.
	// For a script of external commands that saves a goroutine and the
	// thread wake-ups around it: 1,000 lines of /bin/true took 8% less.
	inline *stageRun
	// pipePages is what the plan's pipes took from the pipe budget
	// (AutoPipeSize), given back by releasePipes.
	pipePages atomic.Int64
	// inherited is inheritedLimit(), scanned once per process.
	inherited int
	// fdLimit is FdLimit() when Start began (see fitTable).
	fdLimit int

	mu sync.Mutex
	// liveExt counts external stages not yet reaped, liveFn in-process
	// stages not yet returned, plus one for Start itself until every
	// stage has started: a Func stage started in its turn may return
	// before the stages to its right exist, and neither fnDone nor
	// finished may close before they do.
	liveExt, liveFn int
	newStop         bool  // a stage stopped since Wait last returned
	waitErr         error // first plumbing error while waiting
	// changed gets a token whenever the state above changes.
	changed chan struct{}
	// fnDone is closed when every in-process stage has returned;
	// finished when every stage is done.
	fnDone, finished chan struct{}
	// watched is closed when watch is done: on cancellation, after the
	// group has been swept; else when the plan ends (checkFinished).
	watched chan struct{}
	// stopWatch unregisters watch from Start's context (AfterFunc).
	stopWatch func() bool

	waitMu sync.Mutex // one Wait at a time
	result *Result
}

// Start makes the links of the plan, starts every stage and returns
// without waiting for them. On error nothing it made is left open and
// nothing it started is left running or unreaped.
func Start(ctx context.Context, p *Plan) (*Running, error) {
	return start(ctx, p, false)
}

// start is Start. With inline (Run, which calls Wait at once), the last
// external stage of a plan that is not Untraced gets no reaping
// goroutine: Run reaps it in the calling goroutine (Running.inline).
func start(ctx context.Context, p *Plan, inline bool) (*Running, error) {
	if err := p.validate(); err != nil {
		closeRedirFiles(p)
		if se, ok := err.(*StartError); ok {
			return nil, se
		}
		return nil, &StartError{Stage: -1, Err: err}
	}
	fdLimit := FdLimit()
	if err := checkFds(p, fdLimit); err != nil {
		closeRedirFiles(p)
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		closeRedirFiles(p)
		return nil, err
	}
	r := &Running{
		plan:     p,
		pgid:     p.Pgid,
		liveFn:   1, // Start's own count, dropped when every stage has started
		changed:  make(chan struct{}, 1),
		fnDone:   make(chan struct{}),
		finished: make(chan struct{}),
		watched:  make(chan struct{}),
	}
	r.funcCtx, r.funcCancel = context.WithCancel(ctx)

	// Links are made lazily, in order: link i just before stage i, the
	// first stage that holds one of its ends, and each end is closed as
	// soon as the stages holding it have started. So while a pipeline
	// starts this process holds the two ends of one new link, the read
	// end waiting for the next stage and the ends of Func stages, held
	// until they return: a number that does not grow with the
	// pipeline's length (a 2,000-stage pipeline starts under `ulimit -n
	// 64`). ends[i] is nil until link i is made; buildTable for stage i
	// reads only ends[i-1] and ends[i].
	ends := make([][2]*end, len(p.Links))
	// later holds the Func stages that wait for the group (see below).
	var later []*stageRun
	fail := func(err error) (*Running, error) {
		// All or nothing. Kill what started and cancel the Func stages
		// running already; close every end that none of them holds,
		// so that one blocked on a link whose peer never started (or
		// was just killed) sees EOF or EPIPE; wait until each has
		// returned (and released its own ends), so that no shell code
		// of a failed Start runs on; then close every Redir file, reap
		// (the group leader only now, as always after the Func stages)
		// and give the pipe pages back.
		r.killStarted()
		r.funcCancel()
		running := func(j int) bool {
			s := r.stages[j]
			return s != nil && s.fn != nil && !slices.Contains(later, s)
		}
		for j, e := range ends {
			for k, x := range e {
				// ends[j][k] is stage j+k's; a second Close of a
				// released one is harmless.
				if x != nil && !running(j+k) {
					x.f.Close()
				}
			}
		}
		r.mu.Lock()
		r.liveFn-- // Start's own count
		if r.liveFn == 0 {
			close(r.fnDone)
		}
		r.mu.Unlock()
		<-r.fnDone
		closeRedirFiles(p)
		r.reapStarted()
		r.releasePipes()
		return nil, err
	}
	// Before any link exists: the first call scans /proc/self/fd.
	r.inherited = inheritedLimit()
	r.fdLimit = fdLimit
	pipeSize := p.PipeSize
	if pipeSize == AutoPipeSize {
		// Best effort, within the budget (pipesize_linux.go): negative
		// tells makeLink that a failure is not an error.
		pipeSize = -r.reservePipes(countPipes(p))
	}

	r.stages = make([]*stageRun, len(p.Stages))
	for i, st := range p.Stages {
		if i >= 2 {
			dropClosed(&ends[i-2])
		}
		if i < len(p.Links) {
			lf, rf, err := makeLink(i, p.Links[i], pipeSize)
			if err != nil {
				return fail(&StartError{Stage: i, Name: name(st), Link: true, Err: err})
			}
			ends[i] = [2]*end{{f: lf}, {f: rf}}
		}
		var leftEnd, rightEnd *end
		if i > 0 {
			leftEnd = ends[i-1][1]
		}
		if i < len(p.Links) {
			rightEnd = ends[i][0]
		}
		s := buildTable(p, i, leftEnd, rightEnd, r.fdLimit)
		s.res = StageResult{Argv: st.Argv, Status: -1, ReadBytes: -1, WriteBytes: -1}
		for _, e := range s.ends {
			e.hold()
		}
		s.fn = st.Func
		r.stages[i] = s
		// Stage i is the only one that can hold the right end of the
		// link to its left and the left end of the link to its right.
		// One its table does not name (a one-way end under a Bidi
		// link, or one a Redir replaced) is closed now, so its peer
		// sees EOF or EPIPE at once instead of when the pipeline ends.
		closeUnheld(leftEnd)
		closeUnheld(rightEnd)
		if s.badFd != nil {
			// checkFds has failed the plan already if st has no
			// StartErr.
			s.useStartErr(s.badFd)
		}
		if s.fn == nil {
			if h := testHookForking; h != nil {
				h(i)
			}
			err := r.forkExec(s)
			if err != nil && (st.StartErr == nil || !isExecErrno(err)) {
				return fail(&StartError{Stage: i, Name: name(st), Err: err})
			}
			if err == nil {
				s.release()
				if h := testHookStarted; h != nil {
					h(i)
				}
				if s == r.leader && len(later) > 0 {
					r.goFuncs(later...) // the group they waited for
					later = nil
				}
				continue
			}
			s.useStartErr(err)
		}
		// An in-process stage starts in its turn, before the stages to
		// its right are forked, as a shell forks a pipeline's subshells
		// from left to right: in `{ echo hi; exit 55; } | false` the
		// brace group can write into the pipe before false has exited
		// and closed it. It must report the process group (StageIO.Pgid),
		// so it waits while there is none yet: Plan.Pgid is 0 and no
		// external stage to its left has made one (job control), in
		// which case it starts right after the first external stage,
		// or after the last stage if none starts. Its ends stay open
		// until it returns.
		if r.pgid == 0 {
			later = append(later, s)
			continue
		}
		r.goFuncs(s)
	}
	if len(later) > 0 {
		r.goFuncs(later...)
	}

	if ctx.Done() == nil {
		// Nothing can cancel the plan (context.Background, WithoutCancel).
		close(r.watched)
	} else {
		// watch runs only if ctx is cancelled: a goroutine waiting for
		// either end would cost two thread wake-ups per command.
		// checkFinished stops it when the plan ends first, which it
		// cannot before Start drops its own count below.
		r.stopWatch = context.AfterFunc(ctx, r.watch)
	}
	r.mu.Lock()
	for _, s := range r.stages {
		if s.fn == nil {
			r.liveExt++
		}
	}
	r.liveFn-- // Start's own count: every stage has started
	if r.liveFn == 0 {
		close(r.fnDone)
		if r.liveExt == 0 {
			r.checkFinished() // every stage has returned already
		}
	}
	r.mu.Unlock()
	if inline && !p.Untraced {
		for _, s := range r.stages {
			if s.fn == nil {
				r.inline = s
			}
		}
	}
	var group []*stageRun // reaped together (pidfd_linux.go)
	for _, s := range r.stages {
		switch {
		case s.fn != nil, s == r.inline:
		case !p.Untraced && s.i >= threadReapers:
			group = append(group, s)
		default:
			go r.reap(s)
		}
	}
	if len(group) > 0 {
		go r.reapGroup(group)
	}
	return r, nil
}

// useStartErr turns s into an in-process stage that runs Stage.StartErr
// with the error s could not start with.
func (s *stageRun) useStartErr(err error) {
	s.res.Err = err
	s.fn = func(_ context.Context, io *StageIO) int { return s.st.StartErr(err, io) }
}

// closeUnheld closes e if no stage's final table holds it.
func closeUnheld(e *end) {
	if e != nil && e.refs.Load() == 0 {
		e.f.Close()
	}
}

// goFuncs starts the in-process stages ss, each in a goroutine of its
// own, counted in r.liveFn before any of them can return.
//
// A stage whose right neighbour is an in-process stage too has entered
// its function before goFuncs goes on. Go's scheduler runs the goroutine
// started last first (it takes the P's runnext slot, and the one before
// goes to the back of the queue), so the right one would otherwise run
// first, as if a shell forked its subshells from right to left: in
// `{ echo hi; exit 55; } | false` the builtin false would close the pipe
// before the brace group writes, which would end with 141 nearly every
// time where bash says 55. Waiting until the left one runs gives it the head start
// of the child a shell forks first. Only then: before an external stage
// the fork is head start enough, and waiting would leave Start behind a
// busy stage when there is one P (GOMAXPROCS=1).
func (r *Running) goFuncs(ss ...*stageRun) {
	r.mu.Lock()
	r.liveFn += len(ss)
	r.mu.Unlock()
	for _, s := range ss {
		s.res.fn = true
		s.res.Start = time.Now()
		if s.i+1 == len(r.stages) || r.plan.Stages[s.i+1].Func == nil {
			go r.runFunc(s)
			continue
		}
		entered := make(chan struct{})
		go func() {
			close(entered)
			r.runFunc(s)
		}()
		<-entered
	}
}

// testHookForking, when set (by tests), is called right before stage i,
// an external one, is forked.
var testHookForking func(i int)

// testHookStarted, when set (by tests), is called after stage i, an
// external one, has started and its ends have been released: a test
// counts the descriptors this process holds at that point.
var testHookStarted func(i int)

// release drops the stage's references to its link ends and closes its
// Redir files: called once, right after it started or returned. The
// table goes with them: a started stage keeps its pid and result, so
// what a long pipeline holds while it runs is ≈ 300 bytes a stage, not
// the table and two *os.File of closed link ends (TestRetainedPerStage).
func (s *stageRun) release() {
	for _, e := range s.ends {
		e.release()
	}
	for _, f := range s.owned {
		f.Close()
	}
	s.table = nil
}

// forkExec starts the external stage s with exactly its final table.
func (r *Running) forkExec(s *stageRun) error {
	st := s.st
	path := st.Path
	if path == "" {
		path = st.Argv[0]
	}
	argv := st.Argv
	if len(argv) == 0 {
		argv = []string{path}
	}
	env := st.Env
	if env == nil {
		env = os.Environ()
	}
	// syscall.ForkExec's child dup2s fds[i] onto i (first moving any
	// source that a lower target would clobber out of the way), clears
	// close-on-exec on the result, and closes i where fds[i] is -1.
	// Every other descriptor of this process is close-on-exec (ours from
	// birth, the runtime's and os's too), so execve leaves the child with
	// exactly this table, whatever other goroutines open meanwhile; the
	// table is padded with -1 over what this process inherited without
	// close-on-exec (see inheritedLimit), then its tail that asks the
	// child for nothing execve would not do is dropped (trimTable).
	fds := make([]uintptr, max(len(s.files), r.inherited))
	for i := range fds {
		fds[i] = ^uintptr(0)
	}
	for i, f := range s.files {
		if f != nil {
			// Fd puts a file the runtime polls back into blocking
			// mode: the child must not inherit O_NONBLOCK.
			fds[i] = f.Fd()
		}
	}
	fds = trimTable(fds, inherited.fds)
	if len(fds)+1 >= r.fdLimit {
		fds = fitTable(fds, r.fdLimit)
	}
	sys := &syscall.SysProcAttr{Setpgid: true, Pgid: r.pgid}
	prevFg := 0 // the terminal's foreground group before a hand-over
	if r.pgid == 0 && r.plan.Foreground && r.plan.TTY != nil {
		// The child puts its new group in the foreground before execve,
		// with signals blocked, so it gets no SIGTTOU; later stages join
		// that group, already in the foreground. Plumb's prompt takes
		// the terminal back after Wait.
		sys.Foreground = true
		sys.Ctty = int(r.plan.TTY.Fd())
		prevFg = foregroundGroup(r.plan.TTY)
	}
	attr := &syscall.ProcAttr{Dir: st.Dir, Env: env, Files: fds, Sys: sys}
	s.res.Start = time.Now()
	pid, err := syscall.ForkExec(path, argv, attr)
	// The files must stay open until the child has its copies.
	runtime.KeepAlive(s.files)
	runtime.KeepAlive(r.plan.TTY)
	if err != nil {
		// ForkExec has already reaped a child that failed to exec. It
		// may have handed the terminal to its group first: give it back
		// now, before the stage's StartErr runs in this process (an
		// ENOEXEC file runs as a script, which may read the terminal)
		// and before a later stage starts a group of its own.
		if prevFg > 0 {
			SetForeground(r.plan.TTY, prevFg)
		}
		return &os.PathError{Op: "fork/exec", Path: path, Err: err}
	}
	s.pid = pid
	s.res.Pid = pid
	if r.pgid == 0 {
		r.pgid = pid
		r.leader = s
	}
	return nil
}

// isExecErrno reports whether err is an error of execve itself (the
// program is missing, not executable, not a binary) rather than of the
// plumbing (fork, setpgid, descriptors), so that the shell can turn it
// into status 126 or 127.
func isExecErrno(err error) bool {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return false
	}
	switch errno {
	case unix.ENOENT, unix.EACCES, unix.ENOEXEC, unix.EISDIR, unix.ENOTDIR,
		unix.ENAMETOOLONG, unix.E2BIG, unix.ELOOP, unix.ETXTBSY, unix.ELIBBAD:
		return true
	}
	return false
}

// killStarted kills the external stages Start has started so far, before
// a failed Start reaps them (reapStarted). Each is killed by pid (it is
// ours and unreaped, so the pid cannot have been reused) and, when the
// group is the plan's own, the whole group too, which catches what they
// forked already. A group named by Plan.Pgid belongs to someone else and
// is left alone.
func (r *Running) killStarted() {
	if r.leader != nil {
		unix.Kill(-r.pgid, unix.SIGKILL)
	}
	for _, s := range r.stages {
		if s != nil && s.fn == nil && s.pid > 0 {
			unix.Kill(s.pid, unix.SIGKILL)
		}
	}
}

// reapStarted reaps the external stages killStarted killed. A failed
// Start calls it once its Func stages have returned: until then the
// leader's zombie keeps the group's id taken (see reap).
func (r *Running) reapStarted() {
	for _, s := range r.stages {
		if s != nil && s.fn == nil && s.pid > 0 {
			var ws unix.WaitStatus
			for {
				_, err := unix.Wait4(s.pid, &ws, 0, nil)
				if err != unix.EINTR {
					break
				}
			}
		}
	}
}
