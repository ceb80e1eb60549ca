package interp

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"sync"

	"github.com/plumbsh/plumb/exec"
	"golang.org/x/sys/unix"
)

// Job control: which process group owns the terminal.
//
// Every pipeline with an external stage is its own process group (exec
// makes it). The terminal sends Ctrl-C (SIGINT) and Ctrl-Z (SIGTSTP) to
// its foreground group only, so whoever runs a pipeline "in the
// foreground" must make that group the terminal's foreground group for
// the length of the job, and take the terminal back after; otherwise a
// stage that reads the terminal gets SIGTTIN and stops, and Ctrl-C hits
// plumb instead of the job.
//
// plumb does that in two situations: at the interactive prompt, and when
// a script runs from a terminal with plumb in the terminal's foreground
// group (`plumb build.sh` typed in bash). A plumb that is not in the
// foreground, or has no terminal, never touches it.
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

// active reports whether a foreground pipeline should get the terminal
// now: interactive with a terminal, or a script whose plumb leads the
// terminal's foreground group at this moment (checked every time: the
// user may have put plumb in the background since).
func (jc *jobControl) active() bool {
	if jc == nil {
		return false
	}
	jc.open()
	if jc.tty == nil {
		return false
	}
	if jc.interactive {
		return true
	}
	// A script touches the terminal only when it leads its own process
	// group and that group is in the foreground: `plumb build.sh` typed
	// at a job-control shell. Several plumbs sharing a group (make -j, a
	// test runner, `for f in *.sh; do plumb $f & done`) would otherwise
	// take the terminal from one another's jobs.
	pg, err := unix.IoctlGetInt(jc.fd, unix.TIOCGPGRP)
	return err == nil && pg == unix.Getpgrp() && pg == os.Getpid()
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
// table ("[1]+  Stopped  cmd"); in a script, plumb stops itself instead,
// so the user's shell sees it stopped, and resumes the job when it is
// continued.
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
		if !s.interactive {
			// A script has no prompt to come back to: stop plumb itself,
			// so that the user's shell sees the job stopped, and when it
			// continues us, resume the job in the foreground.
			unix.Kill(os.Getpid(), unix.SIGSTOP)
			saved = jc.modes()
			jc.setForeground(j.run.Pgid())
			j.cont()
			continue
		}
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
