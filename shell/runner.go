package shell

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/plumbsh/plumb/exec"
	"github.com/plumbsh/plumb/parser"
)

// Runner runs plumb scripts from a Go program, most often an integration
// test. Each Run gets a fresh shell: nothing carries over between runs,
// and a Runner never touches the calling process's working directory or
// environment, so many runs may go on at once in different goroutines.
//
// Descriptors: when Stdin, Stdout or Stderr is an *os.File it is handed to
// the commands as it is, and no byte passes through the Go process. Any
// other io.Reader or io.Writer is joined to the commands by one pipe per
// stream, with a goroutine copying between the pipe and it; Run returns
// after that copy is done.
type Runner struct {
	// Dir is the working directory; "" means the process's.
	Dir string
	// Env is the environment as KEY=VALUE. With Env nil and InheritEnv
	// false the run gets a small clean environment (PATH, HOME=Dir,
	// LC_ALL=C), so tests do not depend on the caller's.
	Env []string
	// InheritEnv starts from os.Environ(); Env entries override it.
	InheritEnv bool
	// Stdin is the input; nil reads /dev/null.
	Stdin io.Reader
	// Stdout and Stderr receive the output; nil discards it. The same
	// writer in both merges them.
	Stdout, Stderr io.Writer
	// Grace is how long a cancelled run's processes have between SIGTERM
	// and SIGKILL; 0 means one second.
	Grace time.Duration
	// Unchecked makes a non-zero exit status a plain result, not an error.
	Unchecked bool
	// Commands replaces or adds commands: a name found here runs the Go
	// function as a real pipeline stage, reading and writing the stage's
	// descriptors, ahead of functions, builtins and $PATH.
	Commands map[string]CommandFunc
	// Options are `set -o` options to turn on, such as "pipefail" or
	// "errexit".
	Options []string
}

// Result is what a run did.
type Result struct {
	// Status is the script's exit status.
	Status int
	// Pipelines holds every foreground pipeline the run started, in
	// order, with each stage's argv, pid, status, times, max RSS and
	// byte counts. Pipelines run by in-process stages appear too.
	Pipelines []*exec.Result
}

// ExitError is the error of a run that ended with a non-zero status.
type ExitError struct {
	Status int
	// Stage is the argv of the last stage that failed, when one did.
	Stage []string
	// StageStatus is that stage's status.
	StageStatus int
	// StderrTail is the end of what the run wrote to stderr, when the
	// runner could see it (Stderr not an *os.File).
	StderrTail string
}

func (e *ExitError) Error() string {
	msg := fmt.Sprintf("exit status %d", e.Status)
	if len(e.Stage) > 0 {
		msg += fmt.Sprintf(": stage %q exited %d", strings.Join(e.Stage, " "), e.StageStatus)
	}
	if e.StderrTail != "" {
		msg += "\nstderr:\n" + e.StderrTail
	}
	return msg
}

// Run runs script. A syntax error returns the *parser.Error without
// running anything. When ctx is cancelled, every process group the run
// started gets SIGTERM, then SIGKILL after Grace, and Run returns with
// all of them reaped.
func (r *Runner) Run(ctx context.Context, script string) (*Result, error) {
	return r.run(ctx, []byte(script), "script", "plumb", nil)
}

// RunFile runs the script in file path with args as $1….
func (r *Runner) RunFile(ctx context.Context, path string, args ...string) (*Result, error) {
	if !filepath.IsAbs(path) && r.Dir != "" {
		path = filepath.Join(r.Dir, path)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return r.run(ctx, src, path, path, args)
}

func (r *Runner) run(ctx context.Context, src []byte, name, arg0 string, args []string) (*Result, error) {
	// Parse it all first: a script with a syntax error starts nothing.
	if _, err := parser.Parse(src, name); err != nil {
		return nil, err
	}
	dir := r.Dir
	if dir == "" {
		var err error
		if dir, err = os.Getwd(); err != nil {
			return nil, err
		}
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	env := r.Env
	if r.InheritEnv {
		env = append(os.Environ(), r.Env...)
	} else if env == nil {
		env = []string{"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + dir, "LC_ALL=C"}
	}

	var st stdio
	defer st.closeAll()
	stdin, err := st.reader(r.Stdin)
	if err != nil {
		return nil, err
	}
	tail := &tailBuffer{max: 4096}
	stdout, err := st.writer(r.Stdout, nil)
	if err != nil {
		return nil, err
	}
	stderr := stdout
	if r.Stderr == nil || r.Stderr != r.Stdout {
		if stderr, err = st.writer(r.Stderr, tail); err != nil {
			return nil, err
		}
	}

	s := New(dir, env, stdin, stdout, stderr)
	s.ctx = ctx
	s.grace = r.Grace
	s.arg0, s.args, s.source = arg0, args, ""
	if name != "script" {
		s.source = name
	}
	for _, o := range r.Options {
		p := s.longOption(o)
		if p == nil {
			return nil, fmt.Errorf("plumb: unknown option %q", o)
		}
		*p = true
	}
	if len(r.Commands) > 0 {
		s.cmdHook = func(name string) CommandFunc { return r.Commands[name] }
	}
	res := &Result{}
	var mu sync.Mutex
	s.recorder = func(p *exec.Result) {
		mu.Lock()
		res.Pipelines = append(res.Pipelines, p)
		mu.Unlock()
	}

	runErr := s.runSource(src, name)
	status, _ := s.endStatus(runErr)
	status = s.finish(status)
	s.waitJobs()
	st.finish(r.grace())
	res.Status = status
	if ctx.Err() != nil {
		return res, ctx.Err()
	}
	if status != 0 && !r.Unchecked {
		e := &ExitError{Status: status, StderrTail: tail.String()}
		for _, p := range res.Pipelines {
			for _, sr := range p.Stages {
				if sr.Status != 0 {
					e.Stage, e.StageStatus = sr.Argv, sr.Status
				}
			}
		}
		return res, e
	}
	return res, nil
}

func (r *Runner) grace() time.Duration {
	if r.Grace > 0 {
		return r.Grace
	}
	return time.Second
}

// waitJobs waits for the background jobs a run left, so that Run returns
// with every process reaped; a cancelled context has already killed them.
func (s *Shell) waitJobs() {
	for _, j := range s.jobs.all() {
		select {
		case <-j.done:
		case <-s.ctx.Done():
			j.run.Signal(15)
			<-j.done
		}
	}
}

// stdio joins a Runner's readers and writers to descriptors.
type stdio struct {
	// closeAfter are the descriptors this run made and closes when Run
	// returns: the commands' ends of the copy pipes and /dev/null.
	closeAfter []*os.File
	copiers    sync.WaitGroup
	// readEnds are the read ends the output copiers drain; closed by
	// finish if a straggler keeps the write end open past the grace.
	readEnds []*os.File
	// stdinW is the write end the stdin copier fills.
	stdinW *os.File
}

func (st *stdio) reader(r io.Reader) (*os.File, error) {
	switch r := r.(type) {
	case nil:
		f, err := os.Open(os.DevNull)
		if err != nil {
			return nil, err
		}
		st.closeAfter = append(st.closeAfter, f)
		return f, nil
	case *os.File:
		return r, nil
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	st.closeAfter = append(st.closeAfter, pr)
	st.stdinW = pw
	// The stdin copier is not waited for: the commands may stop reading
	// early. Its write end is closed by closeAll, which makes a blocked
	// Write return (EPIPE once pr is closed too).
	go func() {
		io.Copy(pw, r)
		pw.Close()
	}()
	return pr, nil
}

func (st *stdio) writer(w io.Writer, tail *tailBuffer) (*os.File, error) {
	if f, ok := w.(*os.File); ok {
		return f, nil
	}
	if w == nil && tail == nil {
		f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
		if err != nil {
			return nil, err
		}
		st.closeAfter = append(st.closeAfter, f)
		return f, nil
	}
	if w == nil {
		w = io.Discard
	}
	if tail != nil {
		w = io.MultiWriter(w, tail)
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	st.closeAfter = append(st.closeAfter, pw)
	st.readEnds = append(st.readEnds, pr)
	st.copiers.Add(1)
	go func() {
		defer st.copiers.Done()
		io.Copy(w, pr)
	}()
	return pw, nil
}

// finish closes the commands' ends of the pipes and waits for the output
// copiers to drain them. A process that outlived the run and still holds
// a write end (started with setsid, out of reach) would keep a copier
// waiting for EOF forever: after grace, the read ends are closed instead.
func (st *stdio) finish(grace time.Duration) {
	for _, f := range st.closeAfter {
		f.Close()
	}
	st.closeAfter = nil
	done := make(chan struct{})
	go func() {
		st.copiers.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(grace):
		for _, f := range st.readEnds {
			f.Close()
		}
		<-done
	}
	for _, f := range st.readEnds {
		f.Close()
	}
}

func (st *stdio) closeAll() {
	for _, f := range st.closeAfter {
		f.Close()
	}
	if st.stdinW != nil {
		st.stdinW.Close()
	}
	for _, f := range st.readEnds {
		f.Close()
	}
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = append(t.b[:0], t.b[len(t.b)-t.max:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}

// IsExit reports whether err is a run's non-zero exit and returns it.
func IsExit(err error) (*ExitError, bool) {
	var e *ExitError
	ok := errors.As(err, &e)
	return e, ok
}
