package shell

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/plumbsh/plumb/exec"
	"golang.org/x/sys/unix"
)

// Job control: which process group owns the terminal.
//
// At the prompt every pipeline with an external stage is its own process
// group (exec makes it). The terminal sends Ctrl-C (SIGINT) and Ctrl-Z (SIGTSTP) to
// its foreground group only, so whoever runs a pipeline "in the
// foreground" must make that group the terminal's foreground group for
// the length of the job, and take the terminal back after; otherwise a
// stage that reads the terminal gets SIGTTIN and stops, and Ctrl-C hits
// plumb instead of the job.
//
// plumb does that at the interactive prompt only. A script keeps its
// commands in plumb's own group (invariant 3): run from a terminal
// (`plumb build.sh` typed in bash), that group is the foreground one,
// so Ctrl-C and Ctrl-Z reach plumb and its commands together, as with
// sh, and a script never touches the terminal.
//
// The hand-off itself is done by the child: exec.Plan.Foreground makes
// the first external stage call tcsetpgrp before execve, with signals
// blocked (syscall.SysProcAttr Foreground). Taking the terminal back, and
// handing it to a stopped job that `fg` resumes, is tcsetpgrp here, with
// SIGTTOU blocked on this thread for just that call (exec.SetForeground).
//
// The prompt takes the terminal back after every foreground job,
// whatever happened between the fork and the job's end, and checks
// again before it reads a line (takeTerminal): a child whose execve
// failed has already handed the terminal to a group that no longer
// exists, and a prompt reading from a terminal it does not own fails
// and ends the shell.

// jobControl is the terminal state of a top-level shell (cmd/plumb). A
// nil *jobControl (embedders, Runner) never touches any terminal.
type jobControl struct {
	interactive bool

	once sync.Once
	// tty is the controlling terminal, opened from /dev/tty on first
	// use; nil when there is none. Owned by jobControl, closed never
	// (it lives as long as the process).
	tty  *os.File
	fd   int
	pgid int // the shell's own process group

	// origFg is the terminal's foreground group when the interactive
	// shell started, given back at exit.
	origFg int

	// fg is the job waitForeground waits for, nil between jobs; read by
	// hangUp on another goroutine.
	fgMu sync.Mutex
	fg   *job
}

// newJobControl returns the job control of cmd/plumb. Nothing is opened
// until a pipeline needs the terminal, so `plumb -c true` pays nothing.
func newJobControl(interactive bool) *jobControl {
	return &jobControl{interactive: interactive, fd: -1}
}

// open opens the controlling terminal once. O_CLOEXEC: the descriptor
// must never reach a child. Opened with unix.Open and wrapped by
// os.NewFile so that it stays a blocking descriptor outside Go's poller
// (os.OpenFile would put a terminal into non-blocking mode).
func (jc *jobControl) open() {
	jc.once.Do(func() {
		fd, err := unix.Open("/dev/tty", unix.O_RDWR|unix.O_CLOEXEC|unix.O_NOCTTY, 0)
		if err != nil {
			return
		}
		jc.fd = fd
		jc.tty = os.NewFile(uintptr(fd), "/dev/tty")
		jc.pgid = unix.Getpgrp()
	})
}

// active reports whether a foreground pipeline should get the terminal:
// the shell is interactive and has one. A script has no job control
// (main.go gives it no jobControl): its commands stay in plumb's own
// group, which is the terminal's foreground group whenever plumb is
// (invariant 3).
func (jc *jobControl) active() bool {
	if jc == nil || !jc.interactive {
		return false
	}
	jc.open()
	return jc.tty != nil
}

// setForeground makes pgid the terminal's foreground group, with SIGTTOU
// blocked on this thread for the call (exec.SetForeground).
func (jc *jobControl) setForeground(pgid int) error {
	return exec.SetForeground(jc.tty, pgid)
}

// takeTerminal is the prompt's check before it reads a line: if the
// shell's group is not the terminal's foreground group, whatever left it
// so (an execve that failed after the child handed the terminal to its
// group, a child that died before its program ran, a job killed or
// stopped), take the terminal back. Without it the prompt's read fails
// and the shell exits.
func (jc *jobControl) takeTerminal() {
	if fg, err := unix.IoctlGetInt(jc.fd, unix.TIOCGPGRP); err == nil && fg != jc.pgid {
		jc.setForeground(jc.pgid)
	}
}

// modes returns the terminal's current modes, nil if they can't be read.
func (jc *jobControl) modes() *unix.Termios {
	t, err := unix.IoctlGetTermios(jc.fd, unix.TCGETS)
	if err != nil {
		return nil
	}
	return t
}

// reclaim takes the terminal back after a foreground job and, when
// restore is set, puts back the modes saved before the job: a program
// that crashed in raw mode (or was killed by Ctrl-C inside a full-screen
// program) must not leave the prompt without echo or line editing. It
// also clears O_NONBLOCK on fds 0-2, which such a program can leave set
// on the terminal's shared open file description; a non-blocking stdin
// makes the next reader fail with EAGAIN.
func (jc *jobControl) reclaim(saved *unix.Termios, restore bool) {
	jc.setForeground(jc.pgid)
	if restore && saved != nil {
		unix.IoctlSetTermios(jc.fd, unix.TCSETSW, saved)
	}
	for fd := 0; fd <= 2; fd++ {
		if fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0); err == nil && fl&unix.O_NONBLOCK != 0 {
			unix.FcntlInt(uintptr(fd), unix.F_SETFL, fl&^unix.O_NONBLOCK)
		}
	}
}

// keepSettings returns the modes a foreground job that exited left
// (now) with what a full-screen program leaves behind when it exits
// without cleaning up taken back from the modes from before it (saved):
// raw mode, that is canonical input, signal keys, CR/NL mapping, output
// processing and VMIN/VTIME. What else the job changed stays, as the
// user asked for it: echo (`stty -echo; read pw; stty echo` typed at
// the prompt must not show the password), flow control, the special
// characters, speeds. A job killed by a signal gets all of saved back
// (waitForeground).
func keepSettings(saved, now *unix.Termios) *unix.Termios {
	t := *now
	const (
		lflags = unix.ICANON | unix.ISIG | unix.IEXTEN
		iflags = unix.ICRNL | unix.INLCR | unix.IGNCR | unix.ISTRIP
		oflags = unix.OPOST | unix.ONLCR | unix.OCRNL | unix.ONLRET
	)
	t.Lflag = t.Lflag&^lflags | saved.Lflag&lflags
	t.Iflag = t.Iflag&^iflags | saved.Iflag&iflags
	t.Oflag = t.Oflag&^oflags | saved.Oflag&oflags
	t.Cflag = t.Cflag&^unix.CSIZE | saved.Cflag&unix.CSIZE
	t.Cc[unix.VMIN], t.Cc[unix.VTIME] = saved.Cc[unix.VMIN], saved.Cc[unix.VTIME]
	return &t
}

// interactiveSignals are the signals an interactive shell must survive.
// They are caught (signal.Notify), not ignored: a caught signal is reset
// to its default in the child at execve, an ignored one stays ignored
// (golang/go#20479), and every job must start with the defaults.
var interactiveSignals = []os.Signal{unix.SIGINT, unix.SIGQUIT, unix.SIGTSTP, unix.SIGTTIN, unix.SIGTTOU}

// startInteractive makes the shell the terminal's owner, as a job-control
// shell must: it waits (stopped by SIGTTIN, the default) until it is in
// the foreground, becomes its own process group, takes the terminal, and
// starts catching the signals it must survive. It reports false when
// there is no terminal to control.
func (jc *jobControl) startInteractive(sigs chan os.Signal) bool {
	jc.open()
	if jc.tty == nil {
		return false
	}
	for {
		fg, err := unix.IoctlGetInt(jc.fd, unix.TIOCGPGRP)
		if err != nil {
			return false
		}
		if fg == unix.Getpgrp() {
			jc.origFg = fg
			break
		}
		// In the background: stop until the user's shell puts us in
		// the foreground (SIGTTIN has its default action here).
		unix.Kill(0, unix.SIGTTIN)
	}
	pid := os.Getpid()
	if unix.Getpgrp() != pid {
		if err := unix.Setpgid(0, 0); err != nil {
			return false
		}
	}
	jc.pgid = pid
	jc.setForeground(pid)
	jc.catch(sigs)
	return true
}

// catch (re)installs the interactive signal handlers; `trap` resets the
// process's handlers and calls it again.
func (jc *jobControl) catch(sigs chan os.Signal) {
	notifyInteractive(sigs)
}

// notifyInteractive makes ch receive the signals an interactive shell
// must survive (interactiveSignals), and SIGHUP and SIGTERM, which it
// answers itself (hangUp) or ignores, as bash does; those two only when
// not ignored now (`trap "" HUP`, or nohup), since catching a signal
// undoes its ignoring.
func notifyInteractive(ch chan<- os.Signal) {
	signal.Notify(ch, interactiveSignals...)
	for _, sig := range []os.Signal{unix.SIGHUP, unix.SIGTERM} {
		if !signal.Ignored(sig) {
			signal.Notify(ch, sig)
		}
	}
}

// hangUp is the interactive shell's answer to SIGHUP (its terminal went
// away, or someone sent it): as bash does, every job gets SIGHUP, a
// stopped one SIGCONT too so that it can act on it, the terminal goes
// back to the group that had it, and the shell dies of SIGHUP. The jobs
// are in process groups of their own, which a hang-up of the terminal
// does not reach, so without this they would run on, reparented to
// init. A trap on HUP replaces all of this. It runs on the goroutine
// that receives the prompt's signals: it reads only the job table and
// jc.fg, which are locked, and trapNames, under trapState.
func (s *Shell) hangUp() {
	trapState.Lock()
	trapped := trapNames["HUP"]
	trapState.Unlock()
	if trapped {
		return
	}
	jobs := s.jobs.all()
	if s.jc != nil {
		if fg := s.jc.fgJob(); fg != nil {
			jobs = append(jobs, fg)
		}
	}
	for _, j := range jobs {
		if j.isDone() {
			continue
		}
		stopped := j.isStopped()
		j.run.Signal(unix.SIGHUP)
		if stopped {
			j.cont()
		}
	}
	if s.jc != nil {
		s.jc.stop()
	}
	signal.Reset(unix.SIGHUP)
	unix.Kill(os.Getpid(), unix.SIGHUP)
	// Delivered before kill returns, unless blocked: then the prompt
	// goes on, as for a signal that never came.
}

// setFgJob records the job the prompt waits for in the foreground (nil
// when none), for hangUp.
func (jc *jobControl) setFgJob(j *job) {
	jc.fgMu.Lock()
	jc.fg = j
	jc.fgMu.Unlock()
}

func (jc *jobControl) fgJob() *job {
	jc.fgMu.Lock()
	defer jc.fgMu.Unlock()
	return jc.fg
}

// stop gives the terminal back to the group that had it when the
// interactive shell started.
func (jc *jobControl) stop() {
	if jc.origFg != 0 && jc.origFg != jc.pgid {
		jc.setForeground(jc.origFg)
	}
}

// interruptError unwinds the command line when Ctrl-C ended a foreground
// job: the interactive shell returns to the prompt, a script exits 130
// unless it traps SIGINT.
type interruptError struct{}

func (interruptError) Error() string { return "interrupted" }

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

// planText is how a job started from a plan is listed: its stages' argv.
func planText(plan *exec.Plan) string {
	parts := make([]string, len(plan.Stages))
	for i, st := range plan.Stages {
		parts[i] = strings.Join(st.Argv, " ")
	}
	return strings.Join(parts, " | ")
}

// runForeground runs a plan as the terminal's foreground job (jc is
// active): the child hands the terminal to the new group, the shell takes
// it back when the job ends or stops. A stopped job goes into the job
// table ("[1]+  Stopped  cmd").
func (s *Shell) runForeground(plan *exec.Plan) (*exec.Result, error) {
	jc := s.jc
	plan.Foreground, plan.TTY, plan.Untraced = true, jc.tty, true
	saved := jc.modes()
	// Not cancelled with the command line: a job stopped by Ctrl-Z
	// outlives it. Ctrl-C reaches the job from the terminal.
	run, err := exec.Start(context.WithoutCancel(s.ctx), plan)
	if err != nil {
		jc.reclaim(saved, false)
		return nil, err
	}
	j := newJob(run, planText(plan), false, false)
	if run.Pgid() == 0 {
		// Every stage ran in-process: the external ones failed to start,
		// some after their child had handed the terminal to its group
		// (exec gave it back then). Nothing can stop; take the terminal
		// back all the same, as after every foreground job.
		<-j.done
		jc.reclaim(saved, false)
		return j.ctl.res, nil
	}
	return s.waitForeground(j, saved)
}

// waitForeground waits for the foreground job j until it ends or stops,
// and takes the terminal back.
func (s *Shell) waitForeground(j *job, saved *unix.Termios) (*exec.Result, error) {
	jc := s.jc
	jc.setFgJob(j)
	defer jc.setFgJob(nil)
	for {
		stop := j.stopChan()
		if !j.isStopped() {
			select {
			case <-j.done:
			case <-stop:
			}
		}
		if j.isDone() {
			res := j.ctl.res
			signaled := false
			if res != nil {
				for _, st := range res.Stages {
					if st.Signal != 0 {
						signaled = true
					}
				}
			}
			// A script keeps what a command that exited normally set
			// (`stty -echo; read pw; stty echo`), as bash does. At the
			// prompt, such a command's settings stay too (`stty -ixon`,
			// `stty -echo`), but not the raw mode a full-screen program
			// that exited without restoring it leaves (keepSettings).
			if s.interactive && !signaled && saved != nil {
				if now := jc.modes(); now != nil {
					saved = keepSettings(saved, now)
				}
			}
			jc.reclaim(saved, s.interactive || signaled)
			if res == nil {
				return nil, fmt.Errorf("%s: wait failed", j.text)
			}
			return res, nil
		}
		// Stopped (Ctrl-Z, or SIGTTIN/SIGTTOU).
		jc.reclaim(saved, true)
		if !s.jobs.has(j) {
			s.jobs.add(j)
		}
		s.jobs.setCurrent(j)
		j.ctl.mu.Lock()
		j.ctl.notified = true
		res := stoppedResult(j.ctl.res, j.ctl.stopSig)
		j.ctl.mu.Unlock()
		s.writeErr("\n" + s.jobs.line(j, false))
		return res, nil
	}
}

// childInterrupted is called after a foreground job that had the terminal
// ended with a stage killed by SIGINT: the user pressed Ctrl-C, and the
// whole command line is abandoned, as bash does. A script that traps INT
// runs the trap and goes on; one that ignores it goes on.
func (s *Shell) childInterrupted() error {
	s.diedOfSIGINT = true
	if s.interactive {
		return interruptError{}
	}
	if action, ok := s.traps["INT"]; ok {
		if action != "" {
			saved := s.status
			if _, err := s.evalString(action, "trap"); err != nil {
				return err
			}
			s.status = saved
		}
		s.diedOfSIGINT = false
		return nil
	}
	return &exitError{Status: 130}
}

// runPlanForeground is runPlan's job-control path; ok is false when the
// plan is not a foreground job of a terminal-owning shell.
func (s *Shell) runPlanForeground(plan *exec.Plan) (res *exec.Result, err error, ok bool) {
	if s.jc == nil || plan.Pgid != 0 || !s.jc.active() {
		return nil, nil, false
	}
	res, err = s.runForeground(plan)
	return res, err, true
}

// interruptedBy reports whether a finished foreground job was ended by
// Ctrl-C: one of its stages died of SIGINT.
func interruptedBy(res *exec.Result) bool {
	if res == nil {
		return false
	}
	for _, st := range res.Stages {
		if st.Signal == unix.SIGINT && !st.Stopped {
			return true
		}
	}
	return false
}

// --- the job table's job-control side ---

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

// --- builtins ---

func init() {
	builtins["fg"] = biFg
	builtins["bg"] = biBg
	builtins["jobs"] = biJobs
	builtins["disown"] = biDisown
}

// pickJob finds the job an fg/bg/disown argument names; no argument is
// the current job.
func (s *Shell) pickJob(name string, args []string) (*job, bool) {
	if len(args) == 0 {
		cur, _ := s.jobs.current()
		if cur == nil {
			s.errorf("%s: current: no such job", name)
			return nil, false
		}
		return cur, true
	}
	j := s.jobs.find(args[0])
	if j == nil {
		s.errorf("%s: %s: no such job", name, args[0])
		return nil, false
	}
	return j, true
}

func biFg(s *Shell, args []string) (int, error) {
	if !s.jc.active() || s.subshell {
		s.errorf("fg: no job control")
		return 1, nil
	}
	j, ok := s.pickJob("fg", args[1:])
	if !ok {
		return 1, nil
	}
	s.print(1, j.text+"\n")
	if j.isDone() {
		s.jobs.remove(j)
		return j.status, nil
	}
	saved := s.jc.modes()
	if j.run.Pgid() > 0 {
		s.jc.setForeground(j.run.Pgid())
	}
	s.jobs.setCurrent(j)
	j.cont()
	res, err := s.waitForeground(j, saved)
	if err != nil {
		return 1, nil
	}
	if j.isDone() {
		s.jobs.remove(j)
		if interruptedBy(res) {
			return j.status, s.childInterrupted()
		}
		return j.status, nil
	}
	return 128 + int(unix.SIGTSTP), nil
}

func biBg(s *Shell, args []string) (int, error) {
	if s.jc == nil || s.subshell {
		s.errorf("bg: no job control")
		return 1, nil
	}
	j, ok := s.pickJob("bg", args[1:])
	if !ok {
		return 1, nil
	}
	if !j.isStopped() {
		s.errorf("bg: job %d already in background", j.id)
		return 0, nil
	}
	j.cont()
	cur, _ := s.jobs.current()
	mark := " "
	if cur == j {
		mark = "+"
	}
	s.print(1, fmt.Sprintf("[%d]%s %s &\n", j.id, mark, j.text))
	return 0, nil
}

func biJobs(s *Shell, args []string) (int, error) {
	long, pids := false, false
	var sel []*job
	for _, a := range args[1:] {
		switch a {
		case "-l":
			long = true
		case "-p":
			pids = true
		default:
			j := s.jobs.find(a)
			if j == nil {
				s.errorf("jobs: %s: no such job", a)
				return 1, nil
			}
			sel = append(sel, j)
		}
	}
	if sel == nil {
		sel = s.jobs.all()
	}
	var b strings.Builder
	for _, j := range sel {
		if pids {
			fmt.Fprintf(&b, "%d\n", j.pid)
			continue
		}
		b.WriteString(s.jobs.line(j, long))
		if s.interactive && j.isDone() {
			// Reported now: bash forgets a finished job once jobs has
			// shown it.
			j.ctl.mu.Lock()
			j.ctl.notified = true
			j.ctl.mu.Unlock()
		}
	}
	if err := s.print(1, b.String()); err != nil {
		return s.writeFailed("jobs", err)
	}
	return 0, nil
}

func biDisown(s *Shell, args []string) (int, error) {
	args = args[1:]
	if len(args) == 1 && args[0] == "-a" {
		for _, j := range s.jobs.all() {
			s.jobs.remove(j)
		}
		return 0, nil
	}
	j, ok := s.pickJob("disown", args)
	if !ok {
		return 1, nil
	}
	for _, a := range append([]string{""}, args...)[1:] {
		if x := s.jobs.find(a); x != nil {
			s.jobs.remove(x)
		}
	}
	s.jobs.remove(j)
	return 0, nil
}

// signalJob sends sig to a job for kill %n. A stopped job also gets
// SIGCONT, so that a signal that ends it is acted on now, as bash does.
func (s *Shell) signalJob(j *job, sig syscall.Signal) error {
	if err := j.run.Signal(sig); err != nil {
		return err
	}
	switch sig {
	case unix.SIGSTOP, unix.SIGTSTP, unix.SIGTTIN, unix.SIGTTOU, unix.SIGCONT, 0:
		return nil
	}
	if j.isStopped() {
		j.cont()
	}
	return nil
}

// hangUpJobs is the interactive shell's exit: stopped jobs would stay
// stopped forever, so they get SIGHUP and SIGCONT.
func (s *Shell) hangUpJobs() {
	for _, j := range s.jobs.all() {
		if j.isStopped() {
			j.run.Signal(unix.SIGHUP)
			j.cont()
		}
	}
}

// dieOfSIGINT ends the process by SIGINT with its default action.
func dieOfSIGINT() {
	signal.Reset(unix.SIGINT)
	unix.Kill(os.Getpid(), unix.SIGINT)
	// Delivered before kill returns; if SIGINT was ignored when plumb
	// started, Main returns 130 instead.
}
