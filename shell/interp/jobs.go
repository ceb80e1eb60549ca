package interp

import "syscall"
import "golang.org/x/sys/unix"

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/plumbsh/plumb/exec"
	"github.com/plumbsh/plumb/parser"
)

// A job is a pipeline or list started with `&`. Its Wait runs in a
// goroutine from the moment it starts, so a finished background process
// is reaped at once and never lingers as a zombie; `wait` only reads the
// status that goroutine left.
type job struct {
	id     int
	pid    int // what $! says: the last stage's pid, or a pseudo-pid (embedders only)
	text   string
	run    *exec.Running
	done   chan struct{}
	status int
	ctl    jobState // stopped/notified state (jobState, below)
}

// jobTable holds one shell's background jobs.
type jobTable struct {
	mu   sync.Mutex
	list []*job
	next int
	// cur and prev are the jobs %+ and %- name (current, below).
	cur, prev *job
}

func newJobTable() *jobTable { return &jobTable{next: 1} }

// pseudoPidBase is above the largest pid Linux can hand out
// (PID_MAX_LIMIT, 2^22), so a job that runs in-process gets a $! that can
// never name a real process.
const pseudoPidBase = 1<<22 + 1

var pseudoPids struct {
	sync.Mutex
	n int
}

func newPseudoPid() int {
	pseudoPids.Lock()
	defer pseudoPids.Unlock()
	pseudoPids.n++
	return pseudoPidBase + pseudoPids.n
}

var devNull struct {
	once sync.Once
	f    *os.File
}

// nullFile is /dev/null, opened once for the process and never closed:
// the stdin of background jobs in a non-interactive shell (POSIX).
func nullFile() *os.File {
	devNull.once.Do(func() {
		devNull.f, _ = os.OpenFile(os.DevNull, os.O_RDWR, 0)
	})
	return devNull.f
}

// startBackground starts `st &`: one pipeline is started as a plan whose
// stages are this pipeline's; an and-or list runs as one in-process stage.
func (s *Shell) startBackground(st *parser.Stmt) {
	// A copy without the terminal: nothing a background job runs may
	// take it (jc nil).
	bg := s.clone()
	bg.subshell = s.subshell
	bg.jc = nil
	bg.blame = nil // its commands end while the shell goes on
	// set -m in a script: each job is a process group of its own, led by
	// its first process, and does not ignore SIGINT, as with bash, so
	// that `kill -INT -- -$!` reaches the whole job and nothing else.
	monitorGroups := s.opts.monitor && s.ownsSignals && !s.interactive
	bg.asyncIgnoresInt = bg.asyncIgnoresInt || s.ownsSignals && !s.interactive && !monitorGroups
	if !s.interactive && nullFile() != nil {
		// Run the list with stdin from /dev/null.
		bg.setFile(0, nullFile(), false)
	}
	var plan *exec.Plan
	var err error
	var acks []*os.File // startAck's read ends
	if s.ownsSignals && bg.runsInPlumb(st.AndOr) {
		plan, err = bg.subshellProcess(st.AndOr)
	} else if len(st.AndOr.Rest) == 0 {
		bg.ackStarts = true // trampolines report their exec (startAck)
		plan, err = bg.buildPlan(st.AndOr.First)
		acks = bg.takeStartAcks()
	} else {
		sub := bg.clone()
		a := st.AndOr
		plan = &exec.Plan{Pgid: s.childGroup(), Stages: []*exec.Stage{{
			Argv:  []string{"list"},
			Files: bg.files,
			Func: func(ctx context.Context, io *exec.StageIO) int {
				sub.bindStage(ctx, io)
				err := sub.runAndOr(a)
				st, _ := exitStatusOf(err, sub.status)
				return sub.finish(st)
			},
		}}}
	}
	if err == nil && monitorGroups {
		plan.Pgid = 0
	}
	release := func() {}
	if err == nil {
		// Its in-process stages hold their own duplicates: the files
		// they were started with may be closed under them.
		release, err = shareStages(plan, s.substEnds)
		if err != nil {
			closePlanFiles(plan)
		}
	}
	if err != nil {
		bg.closeSubstEnds(0)
		awaitExecs(acks, false)
		s.errorf("%v", err)
		s.status = 1
		return
	}
	ctx := s.ctx
	if s.jobCtx != nil {
		ctx = s.jobCtx
	}
	// Interactive: watch for stops too, so that a job stopped by
	// SIGTTIN (it read the terminal) is reported.
	plan.Untraced = s.interactive
	run, err := exec.Start(ctx, plan)
	awaitExecs(acks, true)
	if err != nil {
		bg.closeSubstEnds(0)
		release()
		s.errorf("%v", err)
		s.status = 1
		return
	}
	negate := st.AndOr.First.Negated && len(st.AndOr.Rest) == 0
	j := newJob(run, parser.Format(st.AndOr), negate, s.opts.pipefail)
	go func() {
		// `cat <(x) &`: the ends of the job's process substitutions
		// are closed when the job is done, as a pipeline closes its
		// own, and the job's duplicates, which its in-process stages
		// were using, are released.
		<-j.done
		bg.closeSubstEnds(0)
		release()
	}()
	s.jobs.add(j)
	s.lastBg = j.pid
	s.status = 0
	if s.interactive {
		s.jobs.setCurrent(j)
		s.writeErr(fmt.Sprintf("[%d] %d\n", j.id, j.pid))
	}
}

func (t *jobTable) add(j *job) {
	t.mu.Lock()
	defer t.mu.Unlock()
	// Numbered as bash does: one more than the highest job in the
	// table, so the numbers start again at 1 once every job is gone.
	j.id = 1
	for _, x := range t.list {
		j.id = max(j.id, x.id+1)
	}
	t.list = append(t.list, j)
}

// find returns the job with $! == pid, or the job named by %N.
func (t *jobTable) find(spec string) *job {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(spec) > 1 && spec[0] == '%' {
		n, err := strconv.Atoi(spec[1:])
		for _, j := range t.list {
			if err == nil && j.id == n {
				return j
			}
		}
		return t.findCurrentLocked(spec)
	}
	pid, err := strconv.Atoi(spec)
	if err != nil {
		return nil
	}
	for _, j := range t.list {
		if j.pid == pid {
			return j
		}
		for _, p := range j.run.Pids() {
			if p == pid {
				return j
			}
		}
	}
	return nil
}

func (t *jobTable) remove(j *job) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i, x := range t.list {
		if x == j {
			t.list = append(t.list[:i], t.list[i+1:]...)
			return
		}
	}
}

func (t *jobTable) all() []*job {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]*job(nil), t.list...)
}

func boolStatus(ok bool) int {
	if ok {
		return 0
	}
	return 1
}

// jobState is the job-control part of a job, guarded by mu.
type jobState struct {
	mu      sync.Mutex
	stopped bool
	stopSig syscall.Signal
	// changed is closed (and replaced) each time the job stops, so a
	// foreground wait can select on it next to job.done.
	changed chan struct{}
	// notified: the user has been told about the job's current state.
	notified bool
	res      *exec.Result
}

// newJob wraps a started pipeline and starts the goroutine that waits for
// it (so its processes are reaped the moment they end).
func newJob(run *exec.Running, text string, negate, pipefail bool) *job {
	j := &job{text: text, run: run, done: make(chan struct{})}
	j.ctl.changed = make(chan struct{})
	pids := run.Pids()
	if p := pids[len(pids)-1]; p > 0 {
		j.pid = p
	} else {
		j.pid = newPseudoPid()
	}
	go j.watch(negate, pipefail)
	return j
}

// watch is the one caller of run.Wait for the job. With Plan.Untraced,
// Wait also returns when a stage stops; the job is then marked stopped
// and watched again.
func (j *job) watch(negate, pipefail bool) {
	for {
		res, err := j.run.Wait()
		if err == nil && res != nil && anyStopped(res) {
			j.ctl.mu.Lock()
			if !j.ctl.stopped {
				// A pipeline's stages stop one by one; one report.
				j.ctl.notified = false
			}
			j.ctl.stopped = true
			j.ctl.res = res
			for _, st := range res.Stages {
				if st.Stopped {
					j.ctl.stopSig = st.Signal
				}
			}
			close(j.ctl.changed)
			j.ctl.changed = make(chan struct{})
			j.ctl.mu.Unlock()
			continue
		}
		status := 1
		if err == nil && res != nil {
			status = res.Status
			if pipefail {
				for _, r := range res.Stages {
					if r.Status != 0 {
						status = r.Status
					}
				}
			}
		}
		if negate {
			status = boolStatus(status != 0)
		}
		j.ctl.mu.Lock()
		j.ctl.stopped = false
		j.ctl.notified = false
		j.ctl.res = res
		j.status = status
		j.ctl.mu.Unlock()
		close(j.done)
		return
	}
}

// stoppedResult is what $? and PIPESTATUS say for a job that stopped:
// 128 plus the stop signal for every stage that is still running, as
// for the stopped ones. In the snapshot exec takes when a stage stops,
// a stage that runs in this process (the loop of `sleep 9 | while read
// x; do :; done`) has not ended, and has status -1; in sh it would be a
// process of the stopped group.
func stoppedResult(res *exec.Result, sig syscall.Signal) *exec.Result {
	if res == nil || sig == 0 {
		return res
	}
	out := *res
	out.Stages = append([]exec.StageResult(nil), res.Stages...)
	for i := range out.Stages {
		if st := &out.Stages[i]; st.Status < 0 {
			st.Status = 128 + int(sig)
		}
	}
	out.Status = out.Stages[len(out.Stages)-1].Status
	return &out
}

// stoppedBy reports whether a stage of res was stopped by sig.
func stoppedBy(res *exec.Result, sig syscall.Signal) bool {
	for _, st := range res.Stages {
		if st.Stopped && st.Signal == sig {
			return true
		}
	}
	return false
}

func anyStopped(res *exec.Result) bool {
	for _, st := range res.Stages {
		if st.Stopped {
			return true
		}
	}
	return false
}

// isDone reports whether every stage of the job has finished.
func (j *job) isDone() bool {
	select {
	case <-j.done:
		return true
	default:
		return false
	}
}

func (j *job) isStopped() bool {
	j.ctl.mu.Lock()
	defer j.ctl.mu.Unlock()
	return j.ctl.stopped && !j.isDone()
}

// stopChan returns the channel closed at the job's next stop.
func (j *job) stopChan() chan struct{} {
	j.ctl.mu.Lock()
	defer j.ctl.mu.Unlock()
	return j.ctl.changed
}

// cont resumes a stopped job (SIGCONT to its group).
func (j *job) cont() {
	j.ctl.mu.Lock()
	j.ctl.stopped = false
	j.ctl.notified = false
	j.ctl.mu.Unlock()
	j.run.Continue()
}

func (t *jobTable) has(j *job) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, x := range t.list {
		if x == j {
			return true
		}
	}
	return false
}

// setCurrent makes j the current job (%+), the one fg and bg default to.
func (t *jobTable) setCurrent(j *job) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.cur != j {
		t.prev, t.cur = t.cur, j
	}
}

// findCurrentLocked is find for %%, %+ and %-, with t.mu held.
func (t *jobTable) findCurrentLocked(spec string) *job {
	cur, prev := t.currentLocked()
	switch spec {
	case "%%", "%+":
		return cur
	case "%-":
		return prev
	}
	return nil
}

// current returns the current job (%+) and the previous one (%-): the
// last one stopped or started, as jobs marks them with + and -.
func (t *jobTable) current() (cur, prev *job) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.currentLocked()
}

func (t *jobTable) currentLocked() (cur, prev *job) {
	in := func(j *job) bool {
		for _, x := range t.list {
			if x == j {
				return true
			}
		}
		return false
	}
	if in(t.cur) {
		cur = t.cur
	}
	if in(t.prev) && t.prev != cur {
		prev = t.prev
	}
	if cur == nil {
		// The current job has gone (`fg %1` on another job, which
		// ended): the previous one becomes current, as in bash.
		cur, prev = prev, nil
	}
	for i := len(t.list) - 1; i >= 0 && (cur == nil || prev == nil); i-- {
		switch x := t.list[i]; {
		case cur == nil && x != prev:
			cur = x
		case prev == nil && x != cur:
			prev = x
		}
	}
	return cur, prev
}

// line is how jobs lists j: `[1]+  Stopped                 sleep 100`.
func (t *jobTable) line(j *job, long bool) string {
	cur, prev := t.current()
	mark := ' '
	switch j {
	case cur:
		mark = '+'
	case prev:
		mark = '-'
	}
	state, text := j.state(), j.text
	if state == "Running" {
		text += " &"
	}
	pid := ""
	if long {
		pid = strconv.Itoa(j.pid) + " "
	}
	return fmt.Sprintf("[%d]%c  %s%-24s%s\n", j.id, mark, pid, state, text)
}

// state is the job's state as jobs prints it.
func (j *job) state() string {
	if j.isDone() {
		res := j.ctl.res
		if res != nil {
			last := res.Stages[len(res.Stages)-1]
			if last.Signal != 0 {
				return signalText(last.Signal)
			}
		}
		if j.status != 0 {
			return fmt.Sprintf("Exit %d", j.status)
		}
		return "Done"
	}
	if j.isStopped() {
		j.ctl.mu.Lock()
		sig := j.ctl.stopSig
		j.ctl.mu.Unlock()
		switch sig {
		case unix.SIGTTIN:
			return "Stopped (tty input)"
		case unix.SIGTTOU:
			return "Stopped (tty output)"
		case unix.SIGSTOP:
			return "Stopped (signal)"
		}
		return "Stopped"
	}
	return "Running"
}

// signalText is how bash names a job killed by a signal.
func signalText(sig syscall.Signal) string {
	switch sig {
	case unix.SIGINT:
		return "Interrupt"
	case unix.SIGTERM:
		return "Terminated"
	case unix.SIGKILL:
		return "Killed"
	case unix.SIGHUP:
		return "Hangup"
	case unix.SIGPIPE:
		return "Broken pipe"
	case unix.SIGQUIT:
		return "Quit"
	case unix.SIGSEGV:
		return "Segmentation fault"
	case unix.SIGABRT:
		return "Aborted"
	}
	if t := sig.String(); !strings.HasPrefix(t, "signal ") {
		// The C library's description, as bash prints it: "bus
		// error" is "Bus error".
		return strings.ToUpper(t[:1]) + t[1:]
	}
	return "Signal " + strconv.Itoa(int(sig))
}

// notifyJobs tells the user, before a prompt, about jobs that finished or
// stopped since the last prompt, and forgets the finished ones.
func (s *Shell) notifyJobs() {
	for _, j := range s.jobs.all() {
		j.ctl.mu.Lock()
		told := j.ctl.notified
		j.ctl.mu.Unlock()
		if told {
			if j.isDone() {
				s.jobs.remove(j)
			}
			continue
		}
		done, stopped := j.isDone(), j.isStopped()
		if !done && !stopped {
			continue
		}
		s.writeErr(s.jobs.line(j, false))
		j.ctl.mu.Lock()
		j.ctl.notified = true
		j.ctl.mu.Unlock()
		if done {
			s.jobs.remove(j)
		}
	}
}
