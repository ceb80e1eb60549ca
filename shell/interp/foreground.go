package interp

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"sync"

	"github.com/plumbsh/plumb/exec"
	"github.com/plumbsh/plumb/shell/tty"
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
// handing it to a stopped job that `fg` resumes, is tcsetpgrp in package
// tty (Terminal), with SIGTTOU blocked on the thread for just that call.
//
// The prompt takes the terminal back after every foreground job,
// whatever happened between the fork and the job's end, and checks
// again before it reads a line (tty.Terminal.TakeBack): a child whose execve
// failed has already handed the terminal to a group that no longer
// exists, and a prompt reading from a terminal it does not own fails
// and ends the shell.

// jobControl is the job control of a top-level shell (cmd/plumb): the
// terminal (tty.Terminal: which group owns it, its modes around each
// job) and the job in the foreground. A nil *jobControl (embedders,
// Runner) never touches any terminal.
type jobControl struct {
	interactive bool
	term        tty.Terminal

	// fg is the job waitForeground waits for, nil between jobs; read by
	// hangUp on another goroutine.
	fgMu sync.Mutex
	fg   *job
}

// newJobControl returns the job control of cmd/plumb. Nothing is opened
// until a pipeline needs the terminal, so `plumb -c true` pays nothing.
func newJobControl(interactive bool) *jobControl {
	return &jobControl{interactive: interactive}
}

// active reports whether a foreground pipeline should get the terminal:
// the shell is interactive and has one. A script has no job control
// (main.go gives it no jobControl): its commands stay in plumb's own
// group, which is the terminal's foreground group whenever plumb is
// (invariant 3).
func (jc *jobControl) active() bool {
	return jc != nil && jc.interactive && jc.term.Open()
}

// interactiveSignals are the signals an interactive shell must survive.
// They are caught (signal.Notify), not ignored: a caught signal is reset
// to its default in the child at execve, an ignored one stays ignored
// (golang/go#20479), and every job must start with the defaults.
var interactiveSignals = []os.Signal{unix.SIGINT, unix.SIGQUIT, unix.SIGTSTP, unix.SIGTTIN, unix.SIGTTOU}

// startInteractive makes the shell the terminal's owner (tty.Terminal's
// Acquire) and starts catching the signals it must survive. It reports
// false when there is no terminal to control.
func (jc *jobControl) startInteractive(sigs chan os.Signal) bool {
	if !jc.term.Acquire() {
		return false
	}
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
	jc.term.Release()
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
// table ("[1]+  Stopped  cmd").
func (s *Shell) runForeground(plan *exec.Plan) (*exec.Result, error) {
	jc := s.jc
	plan.Foreground, plan.TTY, plan.Untraced = true, jc.term.File(), true
	saved := jc.term.Modes()
	// Not cancelled with the command line: a job stopped by Ctrl-Z
	// outlives it. Ctrl-C reaches the job from the terminal.
	run, err := exec.Start(context.WithoutCancel(s.ctx), plan)
	if err != nil {
		jc.term.Reclaim(saved, false)
		return nil, err
	}
	j := newJob(run, planText(plan), false, false)
	if run.Pgid() == 0 {
		// Every stage ran in-process: the external ones failed to start,
		// some after their child had handed the terminal to its group
		// (exec gave it back then). Nothing can stop; take the terminal
		// back all the same, as after every foreground job.
		<-j.done
		jc.term.Reclaim(saved, false)
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
			// that exited without restoring it leaves (tty.KeepSettings).
			if s.interactive && !signaled && saved != nil {
				if now := jc.term.Modes(); now != nil {
					saved = tty.KeepSettings(saved, now)
				}
			}
			jc.term.Reclaim(saved, s.interactive || signaled)
			if res == nil {
				return nil, fmt.Errorf("%s: wait failed", j.text)
			}
			if s.interactive {
				s.reportKilled(res)
				s.checkWinSize(&jc.term)
			}
			return res, nil
		}
		j.ctl.mu.Lock()
		sig := j.ctl.stopSig
		j.ctl.mu.Unlock()
		if s.inSubst && sig == unix.SIGTSTP {
			// Ctrl-Z in `x=$(cat)`: a stopped writer would keep the
			// substitution waiting for the end of its output, with
			// the prompt gone until Ctrl-C. The job goes on, keeping
			// the terminal, as Ctrl-Z does nothing there in bash
			// (whose substitution runs it with SIGTSTP ignored).
			j.cont()
			continue
		}
		// Stopped (Ctrl-Z, or SIGTTIN/SIGTTOU).
		jc.term.Reclaim(saved, true)
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

// reportKilled says how a foreground job died when its last stage (whose
// status is the job's) was killed by a signal, as bash does at the
// prompt: "Segmentation fault", "Killed", "Terminated". Ctrl-C's SIGINT
// and SIGPIPE, the usual end of a pipeline's writer, are not reported.
func (s *Shell) reportKilled(res *exec.Result) {
	if len(res.Stages) == 0 {
		return
	}
	switch sig := res.Stages[len(res.Stages)-1].Signal; sig {
	case 0, unix.SIGINT, unix.SIGPIPE:
	default:
		s.writeErr(signalText(sig) + "\n")
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
