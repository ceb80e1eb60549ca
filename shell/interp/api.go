package interp

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"

	"github.com/plumbsh/plumb/exec"
)

// This file is the surface package shell, the embedding API, builds its
// Runner, Session and Process on. Each method wraps an internal one; none
// is for use while a call of the same shell runs on another goroutine,
// unless its doc says so.

// New returns a shell whose working directory is dir (absolute), whose
// environment is env (KEY=VALUE, later entries win) and whose stdio is
// stdin, stdout and stderr. The files stay the caller's: the shell never
// closes them.
func New(dir string, env []string, stdin, stdout, stderr *os.File) *Shell {
	return newShell(dir, env, stdin, stdout, stderr)
}

// SetOption turns on a `set -o` option ("pipefail") or sets a valued one
// ("pipesize=N").
func (s *Shell) SetOption(o string) error {
	if ok, st := s.valueOption(o, true); ok {
		if st != 0 {
			return fmt.Errorf("plumb: %s: bad option value", o)
		}
		return nil
	}
	p := s.longOption(o)
	if p == nil {
		return fmt.Errorf("plumb: %s: unknown option", o)
	}
	*p = true
	return nil
}

// Embed makes s the shell of an embedding call: grace is the time from
// SIGTERM to SIGKILL on cancellation (0: exec's default), commands (nil
// for none) names the Go commands that replace or add to the shell's,
// record receives every foreground pipeline's result (from any
// goroutine), and the shell keeps track of which command produced its
// status (Blame).
func (s *Shell) Embed(grace time.Duration, commands func(name string) CommandFunc, record func(*exec.Result)) {
	s.grace = grace
	s.cmdHook = commands
	s.blame = &blame{}
	s.recorder = record
}

// SetContext sets the context foreground commands run with.
func (s *Shell) SetContext(ctx context.Context) { s.ctx = ctx }

// SetJobContext sets the context background jobs start with, so that a
// job outlives the call that started it.
func (s *Shell) SetJobContext(ctx context.Context) { s.jobCtx = ctx }

// SetInteractive says whether the shell is interactive.
func (s *Shell) SetInteractive(on bool) { s.interactive = on }

// SetArgs sets $0, the positional parameters and the name of the script
// file ("" when the source is not a file).
func (s *Shell) SetArgs(arg0 string, args []string, source string) {
	s.arg0, s.args, s.source = arg0, args, source
}

// Status returns $?.
func (s *Shell) Status() int { return s.status }

// SetStatus sets $?.
func (s *Shell) SetStatus(status int) { s.status = status }

// Var returns the value of variable name ("$name") and whether it is set.
func (s *Shell) Var(name string) (string, bool) { return s.get(name) }

// Dir returns the working directory.
func (s *Shell) Dir() string { return s.dir }

// Parse checks src (named name in messages) with the shell's parser
// settings (its aliases) and returns the syntax error, if any.
func (s *Shell) Parse(src []byte, name string) error {
	_, err := s.parserConfig().Parse(src, name)
	return err
}

// PrintSyntax prints a syntax error on the shell's stderr, as the prompt
// does.
func (s *Shell) PrintSyntax(err error) { s.printSyntax(err) }

// Run runs src, named name in messages, to its end or until the shell
// exits; the error says why it stopped early (see Ends).
func (s *Shell) Run(src []byte, name string) error { return s.runSource(src, name) }

// EndStatus is the status an error of Run leaves, and whether it ends the
// shell.
func (s *Shell) EndStatus(err error) (int, bool) { return s.endStatus(err) }

// Ends reports whether err, from Run, is the shell's `exit` (exit) or a
// fatal error that ends a non-interactive shell (fatal).
func Ends(err error) (exit, fatal bool) {
	var ee *exitError
	var fe *fatalError
	return errors.As(err, &ee), errors.As(err, &fe)
}

// Finish runs the EXIT trap and returns the shell's final status.
func (s *Shell) Finish(status int) int { return s.finish(status) }

// StopSubsts gives the process substitutions still running grace to end,
// then cancels them; it returns when all are reaped.
func (s *Shell) StopSubsts(grace time.Duration) { s.substs.stop(grace) }

// StopJobs sends SIGTERM (and SIGCONT) to the background jobs still
// running, SIGKILL to all of them grace later if one is still running,
// and returns when each has been reaped.
func (s *Shell) StopJobs(grace time.Duration) {
	jobs := s.jobs.all()
	for _, j := range jobs {
		select {
		case <-j.done:
		default:
			j.run.Signal(syscall.SIGTERM)
			j.run.Signal(syscall.SIGCONT)
		}
	}
	t := time.NewTimer(grace)
	defer t.Stop()
	for _, j := range jobs {
		select {
		case <-j.done:
		case <-t.C:
			for _, j := range jobs {
				j.run.Signal(syscall.SIGKILL)
			}
			<-j.done
		}
	}
}

// ResetBlame forgets the last command recorded: a new call of a Session
// begins.
func (s *Shell) ResetBlame() { s.blame.reset() }

// Culprit is the command that produced a status, for an embedder's
// error: its argv, its kind ("external", "builtin", "function",
// "command" or "compound"), its status and the signal that killed it;
// Pipeline and Stage locate it when it was a stage of a pipeline that
// went through exec (Pipeline is nil otherwise).
type Culprit struct {
	Argv     []string
	Kind     string
	Status   int
	Signal   syscall.Signal
	Pipeline *exec.Result
	Stage    int
}

// Blame returns the last command recorded as producing a status, if any
// (only a shell set up with Embed records them).
func (s *Shell) Blame() (Culprit, bool) {
	c, ok := s.blame.get()
	return Culprit{Argv: c.argv, Kind: c.kind, Status: c.status, Signal: c.signal, Pipeline: c.pipeline, Stage: c.stage}, ok
}

// QuoteArgv quotes argv as shell words, for messages.
func QuoteArgv(argv []string) string { return quoteArgv(argv) }

// SignalText names a signal as messages do ("SIGTERM").
func SignalText(sig syscall.Signal) string { return statusText(exec.StageResult{Signal: sig}) }

// TraceQuote quotes a word as `set -x` does.
func TraceQuote(w string) string { return traceQuote(w) }

// LinkOp returns the operator of the shell language for link l ("|",
// "|>"), or "?".
func LinkOp(l exec.Link) string {
	for k, v := range linkKinds {
		if k != 0 && v == l {
			return linkKindOp(k)
		}
	}
	return "?"
}

// PlanArgv makes the plan of a pipeline given as argv slices joined by links (len(stages)-1 of them): a stage is
// commands(name) when that is not nil, else the program found in the
// shell's $PATH. An empty argv, or a program that cannot be found or run is an
// *exec.StartError naming the stage, and nothing is planned.
func (s *Shell) PlanArgv(stages [][]string, links []exec.Link, commands func(string) CommandFunc) (*exec.Plan, error) {
	plan := s.newPlan()
	for i, argv := range stages {
		if len(argv) == 0 {
			return nil, &exec.StartError{Stage: i, Err: errors.New("empty argv")}
		}
		argv = append([]string(nil), argv...)
		if i > 0 {
			plan.Links = append(plan.Links, links[i-1])
		}
		if f := commands(argv[0]); f != nil {
			plan.Stages = append(plan.Stages, &exec.Stage{
				Argv:  argv,
				Files: s.files,
				Func: func(ctx context.Context, io *exec.StageIO) int {
					return s.callCommand(ctx, f, argv, nil, io.Files)
				},
			})
			continue
		}
		path, status := s.lookPath(argv[0])
		if status != 0 {
			return nil, &exec.StartError{Stage: i, Name: argv[0], Err: unstartable(argv[0], status)}
		}
		plan.Stages = append(plan.Stages, &exec.Stage{
			Argv: argv, Path: path, Env: s.environ(), Dir: s.dir, Files: s.files,
		})
	}
	return plan, nil
}

// RunPlan runs plan in the foreground, records it and sets $? and
// PIPESTATUS from it.
func (s *Shell) RunPlan(plan *exec.Plan) (*exec.Result, error) {
	run, err := s.execRun(plan)
	if err != nil {
		return nil, err
	}
	if s.recorder != nil {
		s.recorder(run)
	}
	s.setPipeStatus(run)
	return run, nil
}

// Track makes s record the pipelines it runs in the foreground in live
// and returns a view of its background jobs, for a caller on another
// goroutine to name and signal them while a call runs.
func (s *Shell) Track(live *Live) Jobs {
	s.live = live
	return Jobs{s.jobs}
}

// Jobs is a view of a shell's background jobs, safe to use from any
// goroutine.
type Jobs struct{ t *jobTable }

// Running returns the pipeline of every job still running.
func (js Jobs) Running() []*exec.Running {
	if js.t == nil {
		return nil
	}
	var runs []*exec.Running
	for _, j := range js.t.all() {
		select {
		case <-j.done:
		default:
			runs = append(runs, j.run)
		}
	}
	return runs
}

// All returns the pipeline of every job in the table, done or not.
func (js Jobs) All() []*exec.Running {
	if js.t == nil {
		return nil
	}
	var runs []*exec.Running
	for _, j := range js.t.all() {
		runs = append(runs, j.run)
	}
	return runs
}

// Job is one background job, for an embedder (shell.Job); its methods
// may be called from any goroutine.
type Job struct{ j *job }

// BackgroundJobs returns the jobs `jobs` would list, in the order they
// were started.
func (s *Shell) BackgroundJobs() []Job {
	var out []Job
	for _, j := range s.jobs.all() {
		out = append(out, Job{j})
	}
	return out
}

// LastJob returns the job that $! names, if it is still in the table.
func (s *Shell) LastJob() (Job, bool) {
	for _, j := range s.jobs.all() {
		if j.pid == s.lastBg {
			return Job{j}, true
		}
	}
	return Job{}, false
}

// Text returns the job's command text.
func (jb Job) Text() string { return jb.j.text }

// Running returns the job's pipeline.
func (jb Job) Running() *exec.Running { return jb.j.run }

// Done is closed when the job has ended and every process of it has been
// reaped.
func (jb Job) Done() <-chan struct{} { return jb.j.done }

// Result returns, once Done is closed, the job's pipeline result and
// its status as `wait %N` would set $?.
func (jb Job) Result() (*exec.Result, int) {
	jb.j.ctl.mu.Lock()
	defer jb.j.ctl.mu.Unlock()
	return jb.j.ctl.res, jb.j.status
}
