package interp

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// The job builtins: fg, bg, jobs, disown, wait, kill. The job table is
// jobs.go, running a job in the foreground foreground.go.
func init() {
	builtins["fg"] = biFg
	builtins["bg"] = biBg
	builtins["jobs"] = biJobs
	builtins["disown"] = biDisown
	builtins["wait"] = biWait
	builtins["kill"] = biKill
}

const waitUsage = "wait: usage: wait [-fn] [-p var] [id ...]\n"

// biWait is wait [-fn] [-p var] [id ...]. -n waits for the first of the
// jobs (all of them, without ids) to end, and says 127 when there is
// none. -p names a variable that gets the pid (or job spec) of the job
// whose status wait returns. -f is accepted: a job stopped meanwhile
// is not a job that ended here either.
func biWait(s *Shell, args []string) (int, error) {
	args = args[1:]
	anyJob, pidVar := false, ""
	args, st := s.scanOpts("wait", waitUsage, args, "nf", "p", func(c byte, val string) int {
		switch c {
		case 'n':
			anyJob = true
		case 'p':
			pidVar = val
		}
		return 0
	})
	if st != 0 {
		return st, nil
	}
	if pidVar != "" {
		s.unsetVar(pidVar)
	}
	// waited records j's status as the one wait returns.
	waited := func(j *job, spec string) int {
		s.reportKilledJob(j)
		s.jobs.remove(j)
		if pidVar != "" {
			s.setVar(pidVar, spec)
		}
		return j.status
	}
	if len(args) == 0 && !anyJob {
		for _, j := range s.jobs.all() {
			stopped, st, stop := s.waitJob(j)
			if stop {
				return st, nil
			}
			if stopped {
				s.errorf("wait: warning: job %d[%d] stopped", j.id, j.pid)
				continue
			}
			s.reportKilledJob(j)
			s.jobs.remove(j)
		}
		// bash waits for the last process substitution too.
		if p := s.lastProc; p != nil {
			if st, stop := s.waitDone(p.done); stop {
				return st, nil
			}
		}
		return 0, nil
	}
	status := 0
	var jobs []*job
	specs := map[*job]string{}
	for _, a := range args {
		j := s.jobs.find(a)
		if p := s.findSubst(a); j == nil && p != nil {
			if st, stop := s.waitDone(p.done); stop {
				return st, nil
			}
			status = p.status
			continue
		}
		if j == nil {
			if _, err := strconv.Atoi(a); err != nil && !strings.HasPrefix(a, "%") {
				s.errorf("wait: `%s': not a pid or valid job spec", a)
				status = 2
				continue
			}
			if anyJob {
				s.errorf("wait: %s: no such job", a)
			} else {
				s.errorf("wait: pid %s is not a child of this shell", a)
			}
			status = 127
			continue
		}
		if anyJob {
			jobs = append(jobs, j)
			specs[j] = a
			continue
		}
		stopped, st, stop := s.waitJob(j)
		if stop {
			return st, nil
		}
		if stopped {
			s.errorf("wait: warning: job %d is stopped", j.id)
			j.ctl.mu.Lock()
			status = 128 + int(j.ctl.stopSig)
			j.ctl.mu.Unlock()
			continue
		}
		status = waited(j, a)
	}
	if !anyJob {
		return status, nil
	}
	if len(args) == 0 {
		jobs = s.jobs.all()
	}
	if len(jobs) == 0 {
		return 127, nil
	}
	j, st, stop := s.waitFirst(jobs)
	if stop {
		return st, nil
	}
	spec, ok := specs[j]
	if !ok {
		spec = strconv.Itoa(j.pid)
	}
	return waited(j, spec), nil
}

// waitFirst waits for the first of jobs to end, and returns it: the
// first in the list that has ended already, if one has. stop is as
// for waitDone.
func (s *Shell) waitFirst(jobs []*job) (first *job, status int, stop bool) {
	for _, j := range jobs {
		select {
		case <-j.done:
			return j, 0, false
		default:
		}
	}
	ended := make(chan *job, len(jobs))
	done, quit := make(chan struct{}), make(chan struct{})
	var once sync.Once
	for _, j := range jobs {
		go func() {
			select {
			case <-j.done:
				ended <- j
				once.Do(func() { close(done) })
			case <-quit:
			}
		}()
	}
	defer close(quit)
	if st, stop := s.waitDone(done); stop {
		return nil, st, true
	}
	return <-ended, 0, false
}

// waitJob waits for j to end or, under job control, to stop, as bash's
// wait does: a stopped job (Ctrl-Z, or a background job that read the
// terminal) would keep wait, and the prompt, waiting until Ctrl-C.
// stopped is set when it stopped; status and stop are as for waitDone.
func (s *Shell) waitJob(j *job) (stopped bool, status int, stop bool) {
	if s.jc == nil {
		status, stop = s.waitDone(j.done)
		return false, status, stop
	}
	for {
		next := j.stopChan()
		if j.isStopped() {
			return true, 0, false
		}
		// ended closes at j's end or next stop; quit ends the
		// goroutine when the wait was interrupted first.
		ended, quit := make(chan struct{}), make(chan struct{})
		go func() {
			select {
			case <-j.done:
			case <-next:
			case <-quit:
				return
			}
			close(ended)
		}()
		status, stop = s.waitDone(ended)
		close(quit)
		if stop || j.isDone() {
			return false, status, stop
		}
	}
}

// reportKilledJob says, as a script's bash does when wait reaps it, that
// background job j ended because a signal killed its last process:
// "PID Hangup   text". SIGINT, SIGPIPE and SIGTERM (bash's
// DONT_REPORT_SIGTERM) go unsaid, and so does everything at the prompt,
// which reports its jobs itself (notifyJobs).
func (s *Shell) reportKilledJob(j *job) {
	if s.interactive {
		return
	}
	j.ctl.mu.Lock()
	res := j.ctl.res
	j.ctl.mu.Unlock()
	if res == nil || len(res.Stages) == 0 {
		return
	}
	switch sig := res.Stages[len(res.Stages)-1].Signal; sig {
	case 0, unix.SIGINT, unix.SIGPIPE, unix.SIGTERM:
	default:
		s.errorf("%d %-24s%s", j.pid, signalText(sig), j.text)
	}
}

// waitDone waits for done (a job's or a process substitution's). stop is
// set when the wait was interrupted first, with wait's status: 128+15 for a cancelled context,
// 128+N for a trapped signal N, whose handler runs before the next
// command (POSIX). A nil sigCh never delivers, so only the top-level
// shell sees signals here.
func (s *Shell) waitDone(done <-chan struct{}) (status int, stop bool) {
	sig, cancelled := awaitInterrupt(s.ctx, s.sigCh, done)
	switch {
	case cancelled:
		return 128 + 15, true
	case sig != nil:
		requeue(s.sigCh, sig)
		return 128 + int(sig.(syscall.Signal)), true
	}
	return 0, false
}

func biKill(s *Shell, args []string) (int, error) {
	args = args[1:]
	sig := syscall.SIGTERM
	if len(args) > 0 && (args[0] == "-l" || args[0] == "-L") {
		return s.killList(args[1:])
	}
	if len(args) > 1 && (args[0] == "-s" || args[0] == "-n") {
		// -s NAME, or -n NUMBER (a name works there too, as in bash)
		sg, ok := signalByName(args[1])
		if !ok {
			s.errorf("kill: %s: invalid signal specification", args[1])
			return 1, nil
		}
		sig, args = sg, args[2:]
	} else if len(args) > 0 && strings.HasPrefix(args[0], "-") && len(args[0]) > 1 && args[0] != "--" {
		sg, ok := signalByName(args[0][1:])
		if !ok {
			s.errorf("kill: %s: invalid signal specification", args[0][1:])
			return 1, nil
		}
		sig, args = sg, args[1:]
	}
	if len(args) > 0 && args[0] == "--" {
		args = args[1:] // kill -TERM -- -PGID
	}
	if len(args) == 0 {
		s.errorf("kill: usage: kill [-s sigspec | -sigspec] pid | jobspec ...")
		return 2, nil
	}
	status := 0
	for _, a := range args {
		if j := s.jobs.find(a); j != nil {
			if err := s.signalJob(j, sig); err != nil {
				s.errorf("kill: %s: %s", a, errText(err))
				status = 1
			}
			continue
		}
		pid, err := strconv.Atoi(a)
		if err != nil {
			s.errorf("kill: %s: arguments must be process or job IDs", a)
			status = 1
			continue
		}
		if err := syscall.Kill(pid, sig); err != nil {
			s.errorf("kill: (%d) - %s", pid, errText(err))
			status = 1
			continue
		}
		if pid == os.Getpid() || pid == 0 || pid == -1 || pid == -syscall.Getpgrp() {
			s.afterSelfKill(sig)
		}
	}
	return status, nil
}

// killList is `kill -l [sig|status]…`: with no operand every signal,
// bash style; a number (or an exit status above 128) prints its name, a
// name prints its number.
func (s *Shell) killList(args []string) (int, error) {
	var b strings.Builder
	if len(args) == 0 {
		// bash's layout: five to a line, tab-separated, 32 and 33
		// (glibc's own) left out.
		i := 0
		for n := 1; n <= sigRTMax; n++ {
			if !knownSignal(syscall.Signal(n)) {
				continue
			}
			i++
			fmt.Fprintf(&b, "%2d) SIG%s", n, sigName(syscall.Signal(n)))
			if i%5 == 0 {
				b.WriteString("\n")
			} else {
				b.WriteString("\t")
			}
		}
		if i%5 != 0 {
			b.WriteString("\n")
		}
		s.print(1, b.String())
		return 0, nil
	}
	status := 0
	for _, a := range args {
		if n, err := strconv.Atoi(a); err == nil {
			if n > 128 {
				n -= 128
			}
			if n == 0 {
				b.WriteString("EXIT\n") // bash: 0 is the EXIT trap's
				continue
			}
			if !knownSignal(syscall.Signal(n)) {
				s.errorf("kill: %s: invalid signal specification", a)
				status = 1
				continue
			}
			fmt.Fprintf(&b, "%s\n", sigName(syscall.Signal(n)))
			continue
		}
		sig, ok := signalByName(a)
		if !ok {
			s.errorf("kill: %s: invalid signal specification", a)
			status = 1
			continue
		}
		fmt.Fprintf(&b, "%d\n", int(sig))
	}
	s.print(1, b.String())
	return status, nil
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
	if !s.jc.active() && s.opts.monitor && !s.interactive && !s.subshell {
		return s.fgScript(args[1:])
	}
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
	saved := s.jc.term.Modes()
	if j.run.Pgid() > 0 {
		s.jc.term.SetForeground(j.run.Pgid())
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

// fgScript is fg in a script under set -m, which bash allows: there is
// no terminal to hand over, so it names the job, continues it and waits
// for it to end, as wait %n does, with its status.
func (s *Shell) fgScript(args []string) (int, error) {
	j, ok := s.pickJob("fg", args)
	if !ok {
		return 1, nil
	}
	s.print(1, j.text+"\n")
	j.cont()
	if _, st, stop := s.waitJob(j); stop {
		return st, nil
	}
	s.jobs.remove(j)
	return j.status, nil
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
