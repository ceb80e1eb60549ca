package shell

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/plumbsh/plumb/exec"
	"github.com/plumbsh/plumb/parser"
	"github.com/plumbsh/plumb/shell/interp"
)

// Runner runs plumb scripts, and pipelines given as argv slices, from a
// Go program, most often an integration test. It is a description, not a
// running thing: each Run, RunFile or RunPipeline gets a fresh shell,
// nothing carries over between them (a Session, from Start, is the shell
// that keeps its state between calls), and the calling process's working
// directory, environment, umask and resource limits are never touched,
// so one Runner may be used by many goroutines at once as long as nobody
// changes its fields meanwhile (and its writers, when shared, are safe
// for concurrent use).
//
// # Descriptors
//
// When Stdin, Stdout or Stderr is an *os.File, its descriptor is handed to
// the commands as it is and no byte of theirs passes through the Go
// process. Any other io.Reader or io.Writer is joined to the commands by
// one pipe per stream (close-on-exec, like every descriptor plumb makes)
// and a goroutine that copies between the pipe and it; the same writer
// given as Stdout and Stderr is one pipe, so the two streams stay in the
// order the commands wrote them. A call returns after the output copies
// are done: when every writer of the pipe has closed it, or, if something
// the run cannot reach (started with setsid, say) still holds it, Grace
// after the commands ended (after the cancel, for a cancelled call), when
// the pipe is closed under it.
//
// An error of the caller's reader (other than io.EOF) or writer is the
// call's error, as with os/exec, when the call has no other (a cancel,
// an *ExitError) to return. After a writer fails, the rest of the call's
// output to it is read and discarded: the commands run on undisturbed.
//
// # Cancellation
//
// When the context of a call is cancelled or its deadline passes, every
// process group the call started gets SIGTERM (and SIGCONT), then SIGKILL
// after Grace if a member is still alive — what the stages forked and
// left in their group included; in-process stages (builtins, functions,
// Commands) see their context cancelled, and the stdin pipe is closed, so
// a command reading it sees EOF. The call returns once every process it
// started has been reaped and no live process is left in its groups, with
// the context's error: about Grace after the cancel at most, when some
// process ignores SIGTERM. A process that left the run's groups (setsid)
// is out of reach: the pipes it holds, the run's output and a command
// substitution's, are closed under it Grace after the cancel. A
// CommandFunc that ignores its context keeps the call waiting: it must
// return when ctx is done.
//
// # Background jobs
//
// A run owns every job it starts with `&`. When Run ends (or a Session is
// closed), the jobs still running get SIGTERM, then SIGKILL after Grace,
// and are reaped before it returns; a script that wants a job's output or
// status says `wait`.
type Runner struct {
	// Dir is the working directory; "" means the process's at the time
	// of the call. Relative paths are taken from the process's.
	Dir string
	// Env is the environment as KEY=VALUE entries, added to (and
	// overriding) the base: with InheritEnv false, a small clean one
	// (PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin,
	// HOME=Dir, LC_ALL=C), so that a test does not depend on the
	// environment of whoever runs it; with InheritEnv, os.Environ().
	Env []string
	// InheritEnv starts the environment from os.Environ().
	InheritEnv bool
	// Stdin is the input; nil reads /dev/null. bytes.NewReader(b) and
	// strings.NewReader(s) give it bytes.
	Stdin io.Reader
	// Stdout and Stderr receive the output; nil discards it. The same
	// writer in both merges the two streams through one pipe.
	Stdout, Stderr io.Writer
	// Grace is how long a cancelled run's processes have between SIGTERM
	// and SIGKILL, and how long output copies may outlive the commands;
	// 0 means one second.
	Grace time.Duration
	// Unchecked makes a non-zero exit status a plain result, not an
	// *ExitError.
	Unchecked bool
	// Commands replaces or adds commands: a name found here runs the Go
	// function, ahead of functions, builtins and $PATH. In a pipeline it
	// is a real stage: it runs in its own goroutine, reading the stage's
	// fd 0 and writing its fd 1, joined to its neighbours by the same
	// pipes or sockets an external command would get.
	Commands map[string]CommandFunc
	// CheckCommands makes Run and RunFile refuse a script that names a
	// command that does not exist, before anything of it runs: every
	// command named by a plain word (not `$cmd`) must be a function the
	// script defines, a builtin, a Commands entry, or found in $PATH as
	// the call starts. The error is a *NotFoundError. A script that
	// looks a command up before using it (`command -v curl && curl …`)
	// is refused too when it is missing.
	CheckCommands bool
	// Options are `set -o` options to turn on, such as "pipefail",
	// "errexit" or "pipesize=0".
	Options []string
	// proc, in the copy StartRun and StartPipeline run, is the Process
	// that tracks the call.
	proc *Process

	// Name is the script's name in parse errors and messages for Run
	// ("" means "script"), and the source's name in a Session's parse
	// errors ("" means "session").
	Name string
}

// Result is what a call did.
type Result struct {
	// Status is the exit status: the script's, or the pipeline's (its last
	// stage's, or with pipefail its last non-zero stage's).
	Status int
	// Pipelines holds, in the order they ended, every foreground pipeline
	// the call ran through exec: external commands, and pipelines of two
	// or more stages, including those run inside in-process stages and
	// command substitutions. Each exec.StageResult has the stage's argv,
	// pid, status and signal, start and end, wall and CPU times, max RSS
	// (the stage's own, or -1 when the kernel's figure cannot be told
	// from this program's peak, which a child inherits: see
	// exec.StageResult.MaxRSS) and the bytes it read and wrote. A
	// builtin, function or CommandFunc run on its own, outside a
	// pipeline, runs in the shell and is not listed, and neither are
	// background jobs.
	Pipelines []*exec.Result
}

// ExitError is the error of a checked call that ended with a non-zero
// status.
type ExitError struct {
	Status int
	// Stage is the argv of the command the status came from: the last
	// command that ran and ended with that status, whatever its Kind —
	// in a pipeline, the last stage with that status that was not
	// killed by SIGPIPE if another was. It is nil when no command
	// produced the status (`! true`).
	Stage []string
	// Kind is what Stage was: "external", "builtin" (`exit 3`, `test`),
	// "function", "command" (a Runner.Commands entry) or "compound" (a
	// compound command or an assignment, Stage[0] its text).
	Kind string
	// Pipeline and Index locate Stage in Result.Pipelines when it was a
	// stage of a pipeline run through exec (every external command is);
	// both are -1 for a command that ran in the shell itself.
	Pipeline, Index int
	// StageStatus is that command's status (128+N for signal N), which
	// is Status.
	StageStatus int
	// Signal is the signal that killed the command, if one did.
	Signal syscall.Signal
	// StderrTail is the end (at most 4 KiB) of what the call wrote to
	// stderr, when the runner could see it: Stderr not an *os.File.
	StderrTail string
}

// Error returns "exit status N", the command that produced it, quoted as
// shell words, and the tail of stderr on the lines after:
//
//	exit status 1: false (stage 0 of pipeline 2) exited 1
//	exit status 143: sleep 9 (stage 0 of pipeline 0) killed by SIGTERM
//	exit status 1: builtin test -s missing exited 1
//	exit status 3: exit 3
func (e *ExitError) Error() string {
	msg := fmt.Sprintf("exit status %d", e.Status)
	if len(e.Stage) > 0 {
		msg += ": "
		switch e.Kind {
		case "builtin", "function", "command":
			if e.Stage[0] == "exit" {
				msg += interp.QuoteArgv(e.Stage)
				break
			}
			msg += e.Kind + " " + interp.QuoteArgv(e.Stage)
		case "compound":
			msg += e.Stage[0]
		default:
			msg += interp.QuoteArgv(e.Stage)
		}
		if e.Pipeline >= 0 {
			msg += fmt.Sprintf(" (stage %d of pipeline %d)", e.Index, e.Pipeline)
		}
		switch {
		case e.Signal != 0:
			msg += " killed by " + interp.SignalText(e.Signal)
		case e.Stage[0] != "exit" || e.Kind != "builtin":
			msg += fmt.Sprintf(" exited %d", e.StageStatus)
		}
	}
	if e.StderrTail != "" {
		msg += "\nstderr:\n" + strings.TrimSuffix(e.StderrTail, "\n")
	}
	return msg
}

// IsExit reports whether err is a call's non-zero exit, and returns it.
func IsExit(err error) (*ExitError, bool) {
	var e *ExitError
	ok := errors.As(err, &e)
	return e, ok
}

// Run runs script. A syntax error anywhere in it returns the
// *parser.Error (FILE:LINE:COL: message) and runs nothing. Otherwise it
// runs the script as `plumb -c` would and returns its Result; with a
// non-zero status the error is an *ExitError unless Unchecked. A command
// that cannot be found or executed is status 127 or 126 with the message
// on stderr, as in sh; a failure of the plumbing itself (no descriptors
// left) is a message on stderr naming the stage and the system call, and
// status 1. A cancelled ctx ends the run as described on Runner and
// returns ctx's error.
func (r *Runner) Run(ctx context.Context, script string, opts ...CallOption) (*Result, error) {
	r = r.with(opts)
	name := r.Name
	if name == "" {
		name = "script"
	}
	return r.runSource(ctx, []byte(script), name, "", "plumb", nil)
}

// RunFile runs the script in file path (relative to Dir) with args as $1…
// and path as $0; messages and parse errors name path. It is Run
// otherwise; r.With(opts…).RunFile gives it CallOptions.
func (r *Runner) RunFile(ctx context.Context, path string, args ...string) (*Result, error) {
	full := path
	if !filepath.IsAbs(full) && r.Dir != "" {
		full = filepath.Join(r.Dir, full)
	}
	src, err := os.ReadFile(full)
	if err != nil {
		return nil, err
	}
	return r.runSource(ctx, src, path, path, path, args)
}

func (r *Runner) runSource(ctx context.Context, src []byte, name, source, arg0 string, args []string) (*Result, error) {
	// Parse it all first: a script with a syntax error starts nothing.
	f, err := parser.Parse(src, name)
	if err != nil {
		return nil, err
	}
	sess, err := r.start(ctx)
	if err != nil {
		return nil, err
	}
	sh := sess.sh
	if r.CheckCommands {
		if missing := sh.CheckCommands(f, name); len(missing) > 0 {
			sess.end()
			sess.close()
			return nil, &NotFoundError{Missing: missing}
		}
	}
	sh.SetArgs(arg0, args, source)
	res := sess.begin(ctx)
	status, _ := sh.EndStatus(sh.Run(src, name))
	sess.noteBeforeExit()
	status = sh.Finish(status)
	sess.end()
	sess.close()
	return r.check(ctx, sess, res, status)
}

// check turns a finished call into its result and error.
func (r *Runner) check(ctx context.Context, sess *session, res *Result, status int) (*Result, error) {
	res.Status = status
	ioErr := sess.io.takeErr()
	if err := ctx.Err(); err != nil {
		return res, err
	}
	if status == 0 || r.Unchecked {
		return res, ioErr
	}
	return res, sess.exitError(res, status)
}

// exitError is the *ExitError of a call that ended with status, naming
// the command that produced it: the last one recorded, or the last one
// before the EXIT trap ran when the trap's commands did not change the
// status.
func (sess *session) exitError(res *Result, status int) *ExitError {
	e := &ExitError{Status: status, Pipeline: -1, Index: -1, StderrTail: sess.tail.String()}
	c, ok := sess.sh.Blame()
	if !ok || c.Status != status {
		c, ok = sess.beforeExit, sess.beforeExitOK
	}
	if !ok || c.Status != status || len(c.Argv) == 0 {
		return e
	}
	e.Stage, e.Kind, e.StageStatus, e.Signal = c.Argv, c.Kind, c.Status, c.Signal
	if c.Pipeline != nil && res != nil {
		for i, p := range res.Pipelines {
			if p == c.Pipeline {
				e.Pipeline, e.Index = i, c.Stage
			}
		}
	}
	return e
}

// Pipeline is a pipeline given as argv slices, for callers that already
// have them: no parsing, no quoting, no expansion. Each stage is a
// Runner.Commands entry or an external program found in the run's $PATH
// (a name with a slash is a path, relative to Dir); builtins and shell
// functions do not apply. Build one with Command and Pipe or Link, or
// fill the fields.
//
// It lives here rather than in exec because it needs what exec refuses
// to know: a $PATH search in the run's environment, and Commands. exec
// itself takes argv slices too (exec.Plan), with resolved paths and
// descriptor tables given by hand.
type Pipeline struct {
	// Stages are the argv of each stage, Stages[i][0] its name.
	Stages [][]string
	// Links[i] joins Stages[i] and Stages[i+1]; nil means pipes
	// throughout. LinkPipe, LinkPipeAll, LinkUnix, LinkTCP, LinkBidi and
	// LinkBidiTCP are the operators of the shell language.
	Links []exec.Link
}

// The link kinds of the shell's pipeline operators, for Pipeline.Link.
var (
	LinkPipe    = exec.Link{Kind: exec.Pipe}               // a | b
	LinkPipeAll = exec.Link{Kind: exec.Pipe, Stderr: true} // a |& b
	LinkUnix    = exec.Link{Kind: exec.Unix}               // a |> b
	LinkTCP     = exec.Link{Kind: exec.TCP}                // a |>tcp b
	LinkBidi    = exec.Link{Kind: exec.Unix, Bidi: true}   // a <|> b
	LinkBidiTCP = exec.Link{Kind: exec.TCP, Bidi: true}    // a <|>tcp b
)

// String returns the pipeline in the shell's syntax, with each word
// single-quoted where it needs to be: for messages, not for running.
func (p *Pipeline) String() string {
	var b strings.Builder
	for i, argv := range p.Stages {
		if i > 0 {
			l := LinkPipe
			if p.Links != nil && i-1 < len(p.Links) {
				l = p.Links[i-1]
			}
			b.WriteString(" " + interp.LinkOp(l) + " ")
		}
		for j, w := range argv {
			if j > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(interp.TraceQuote(w))
		}
	}
	return b.String()
}

// RunPipeline runs p. Every stage's program is found before anything
// starts: one that cannot be found (or is not executable) returns an
// *exec.StartError naming the stage, and nothing runs. A failure to start
// (execve refused, no descriptors left) is an *exec.StartError too, with
// every stage already started killed and reaped and every descriptor
// closed. Otherwise the Result has the one pipeline, and the status is
// checked as for Run (with pipefail when Options has it).
func (r *Runner) RunPipeline(ctx context.Context, p *Pipeline, opts ...CallOption) (*Result, error) {
	r = r.with(opts)
	if len(p.Stages) == 0 {
		return nil, errors.New("plumb: empty pipeline")
	}
	if p.Links != nil && len(p.Links) != len(p.Stages)-1 {
		return nil, fmt.Errorf("plumb: pipeline has %d stages and %d links", len(p.Stages), len(p.Links))
	}
	sess, err := r.start(ctx)
	if err != nil {
		return nil, err
	}
	defer sess.close()
	links := p.Links
	if links == nil {
		links = make([]exec.Link, len(p.Stages)-1)
		for i := range links {
			links[i] = LinkPipe
		}
	}
	sh := sess.sh
	plan, err := sh.PlanArgv(p.Stages, links, func(name string) CommandFunc { return r.Commands[name] })
	if err != nil {
		return nil, err
	}
	res := sess.begin(ctx)
	if _, err := sh.RunPlan(plan); err != nil {
		return nil, err
	}
	sess.end()
	sess.close()
	return r.check(ctx, sess, res, sh.Status())
}
