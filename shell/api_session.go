package shell

import (
	"syscall"
	"time"

	"github.com/plumbsh/plumb/exec"
	"github.com/plumbsh/plumb/shell/interp"
)

// name is what the session's parse errors call its source.
func (se *Session) name() string {
	if se.r.Name != "" {
		return se.r.Name
	}
	return "session"
}

// Var returns the value of the session's shell variable name, and
// whether it is set: what "$name" expands to, for an array its first
// element. It reads the state the last call left; it must not be called
// while a call runs (like Run, it is not for concurrent use).
func (se *Session) Var(name string) (string, bool) {
	if se.sess == nil {
		return "", false
	}
	return se.sess.sh.Var(name)
}

// Dir returns the session's working directory, as `cd` left it.
func (se *Session) Dir() string {
	if se.sess == nil {
		return ""
	}
	return se.sess.sh.Dir()
}

// Job is a background job of a Session (a command the session ran with
// `&`), reachable from Go while the session goes on: the server a test
// starts in a session before the commands that use it. Its methods may
// be called from any goroutine.
type Job struct {
	j interp.Job
}

// Jobs returns the session's background jobs that `jobs` would list,
// in the order they were started. Like Run it must not be called while
// a call runs.
func (se *Session) Jobs() []*Job {
	if se.sess == nil {
		return nil
	}
	var out []*Job
	for _, j := range se.sess.sh.BackgroundJobs() {
		out = append(out, &Job{j})
	}
	return out
}

// LastJob returns the job that $! names: the last one started.
func (se *Session) LastJob() (*Job, bool) {
	if se.sess == nil {
		return nil, false
	}
	if j, ok := se.sess.sh.LastJob(); ok {
		return &Job{j}, true
	}
	return nil, false
}

// String returns the job's command text.
func (jb *Job) String() string { return jb.j.Text() }

// Pids returns the pids of the job's stages (0 for in-process ones).
func (jb *Job) Pids() []int { return jb.j.Running().Pids() }

// Signal sends sig to the job's process group, as `kill %N` does.
func (jb *Job) Signal(sig syscall.Signal) error { return jb.j.Running().Signal(sig) }

// Done is closed when the job has ended and every process of it has been
// reaped.
func (jb *Job) Done() <-chan struct{} { return jb.j.Done() }

// Wait waits for the job to end and returns its pipeline's result and its
// status, as `wait %N` would set $?.
func (jb *Job) Wait() (*exec.Result, int) {
	<-jb.j.Done()
	return jb.j.Result()
}

// Stop sends the job SIGTERM (and SIGCONT), SIGKILL after grace if it is
// still running, and returns Wait's result once it has been reaped.
func (jb *Job) Stop(grace time.Duration) (*exec.Result, int) {
	jb.Signal(syscall.SIGTERM)
	jb.Signal(syscall.SIGCONT)
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-jb.j.Done():
	case <-t.C:
		jb.Signal(syscall.SIGKILL)
	}
	return jb.Wait()
}
