package shell

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

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
	if _, err := parser.Parse(src, name); err != nil {
		return nil, err
	}
	sess, err := r.start(ctx)
	if err != nil {
		return nil, err
	}
	sh := sess.sh
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

// Session is one shell that runs successive pieces of source and keeps
// its state between them — variables, functions, options, working
// directory, traps, background jobs — like a person typing lines at a
// prompt. It is what plumbtest runs a transcript with. Its methods must
// not be called concurrently.
//
// The runner's writers are written only during a call (Run) and Close:
// output that background jobs write between two calls is held by the
// session and written at the beginning of the next call, ahead of that
// call's own, or by Close. So a caller may read and reset a bytes.Buffer
// between calls while a job is printing. Held output is bounded (1 MiB):
// past that, the job blocks on its write until the next call.
type Session struct {
	r    *Runner
	sess *session
	// err is set once the shell has exited, with exitStatus; its EXIT
	// trap has run then.
	err        error
	exitStatus int
}

var errSessionClosed = errors.New("plumb: session closed")

// Start starts a Session with the runner's settings. ctx bounds the whole
// session: when it is done, everything the session runs is cancelled, as
// for Run. Close ends it.
func (r *Runner) Start(ctx context.Context, opts ...CallOption) (*Session, error) {
	r = r.with(opts)
	sess, err := r.start(ctx)
	if err != nil {
		return nil, err
	}
	sess.sh.SetInteractive(false)
	return &Session{r: r, sess: sess}, nil
}

// Run runs src, one or more complete commands, in the session's shell. A
// syntax error is printed on the session's stderr (as the prompt does),
// sets $? to 2 and is returned as the *parser.Error, which names the
// source as Runner.Name, or "session" (session:LINE:COL, the line
// counted in src), and nothing of src runs. Cancelling ctx cancels the commands of this call only; background
// jobs it started belong to the session and go on. When Run returns,
// everything the call's commands wrote has been handed to the runner's
// writers (when they are not *os.File), so a caller can read its buffer.
// `exit` ends the session: later calls return an error.
func (se *Session) Run(ctx context.Context, src string) (*Result, error) {
	if se.err != nil {
		return nil, se.err
	}
	if se.sess == nil {
		return nil, errSessionClosed
	}
	sh := se.sess.sh
	if err := sh.Parse([]byte(src), se.name()); err != nil {
		se.sess.io.begin()
		sh.PrintSyntax(err)
		sh.SetStatus(2)
		se.sess.flush()
		return &Result{Status: 2}, err
	}
	res := se.sess.begin(ctx)
	err := sh.Run([]byte(src), se.name())
	status := sh.Status()
	if err != nil {
		var fin bool
		status, fin = sh.EndStatus(err)
		exit, fatal := interp.Ends(err)
		if exit && ctx.Err() != nil && se.sess.ctx.Err() == nil {
			// The call was cancelled, not the shell ended: the
			// commands the cancel stopped left 143 (runStmt), and the
			// session goes on, as the prompt does after Ctrl-C.
			fin, exit = false, false
		}
		if fin && (exit || fatal) {
			// The shell ends now, EXIT trap included, as at a prompt.
			se.sess.noteBeforeExit()
			status = sh.Finish(status)
			se.err = fmt.Errorf("plumb: session exited with status %d", status)
			se.exitStatus = status
		}
		sh.SetStatus(status)
	}
	// The call's process substitutions end with it, as with Run.
	sh.StopSubsts(se.sess.grace)
	se.sess.flush()
	return se.r.check(ctx, se.sess, res, status)
}

// Exited reports whether the session's shell has exited (`exit`, or a
// failure under set -e), and with which status.
func (se *Session) Exited() (status int, ok bool) {
	return se.exitStatus, se.err != nil
}

// Close ends the session: its EXIT trap runs, its background jobs get
// SIGTERM then SIGKILL after Grace and are reaped, its descriptors are
// closed and its output copies are done. It returns the *ExitError of a
// session that ended (by `exit`, or set -e) with a non-zero status, unless
// Unchecked.
func (se *Session) Close() error {
	if se.sess == nil {
		return nil
	}
	sh := se.sess.sh
	// The output held since the last call, and what the EXIT trap
	// writes, go to the writers now.
	se.sess.io.begin()
	status := se.exitStatus
	if se.err == nil {
		se.sess.noteBeforeExit()
		status = sh.Finish(sh.Status())
	}
	se.sess.end()
	se.sess.close()
	sess := se.sess
	se.sess = nil
	if status != 0 && !se.r.Unchecked && se.err != nil {
		return sess.exitError(nil, status)
	}
	return sess.io.takeErr()
}

// session is the running shell of a call or a Session, with its stdio.
type session struct {
	r      *Runner
	sh     *interp.Shell
	io     stdio
	tail   *tailBuffer
	grace  time.Duration
	ctx    context.Context // the session's: bounds background jobs
	cancel context.CancelFunc
	parent context.Context // the caller's, that ctx derives from
	// cancelledAt is when parent was cancelled (a time.Time).
	cancelledAt atomic.Value

	mu  sync.Mutex
	res *Result // the current call's

	// beforeExit is the command that produced the status before the
	// EXIT trap ran (see exitError).
	beforeExit   interp.Culprit
	beforeExitOK bool

	// callCancel ends the current call's context.
	callCancel context.CancelFunc
	stopCall   func() bool
	closed     bool
}

// start makes the shell of a call or a Session: its directory,
// environment, stdio and options. On error nothing is left open.
func (r *Runner) start(ctx context.Context) (_ *session, err error) {
	dir := r.Dir
	if dir == "" {
		if dir, err = os.Getwd(); err != nil {
			return nil, err
		}
	}
	if dir, err = filepath.Abs(dir); err != nil {
		return nil, err
	}
	if fi, err := os.Stat(dir); err != nil {
		return nil, err
	} else if !fi.IsDir() {
		return nil, &os.PathError{Op: "chdir", Path: dir, Err: syscall.ENOTDIR}
	}
	var env []string
	if r.InheritEnv {
		env = os.Environ()
	} else {
		env = []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=" + dir, "LC_ALL=C"}
	}
	env = append(env, r.Env...) // later entries win in newShell

	sess := &session{r: r, grace: r.Grace, tail: &tailBuffer{max: 4096}}
	if sess.grace <= 0 {
		sess.grace = time.Second
	}
	defer func() {
		if err != nil {
			sess.io.abort()
		}
	}()
	stdin, err := sess.io.reader(r.Stdin)
	if err != nil {
		return nil, err
	}
	merged := r.Stdout != nil && sameWriter(r.Stdout, r.Stderr)
	var outTail *tailBuffer
	if merged {
		outTail = sess.tail // one stream: the tail is of both
	}
	stdout, err := sess.io.writer(r.Stdout, outTail)
	if err != nil {
		return nil, err
	}
	stderr := stdout
	if !merged {
		if stderr, err = sess.io.writer(r.Stderr, sess.tail); err != nil {
			return nil, err
		}
	}
	sh := interp.New(dir, env, stdin, stdout, stderr)
	for _, o := range r.Options {
		if err := sh.SetOption(o); err != nil {
			return nil, err
		}
	}
	var commands func(string) CommandFunc
	if len(r.Commands) > 0 {
		commands = func(name string) CommandFunc { return r.Commands[name] }
	}
	sh.Embed(r.Grace, commands, func(p *exec.Result) {
		sess.mu.Lock()
		if sess.res != nil {
			sess.res.Pipelines = append(sess.res.Pipelines, p)
		}
		sess.mu.Unlock()
	})
	if r.proc != nil {
		r.proc.attach(sh)
	}
	sess.ctx, sess.cancel = context.WithCancel(ctx)
	sess.parent = ctx
	context.AfterFunc(ctx, func() { sess.cancelledAt.Store(time.Now()) })
	// A command reading the run's stdin pipe must see EOF when the run
	// is cancelled, whatever the caller's reader does.
	context.AfterFunc(sess.ctx, sess.io.closeStdin)
	sh.SetContext(sess.ctx)
	sh.SetJobContext(sess.ctx)
	sess.sh = sh
	return sess, nil
}

// begin starts a call with context ctx: foreground commands run with a
// context that ends with ctx or with the session's, and pipelines are
// recorded into the Result it returns.
func (sess *session) begin(ctx context.Context) *Result {
	callCtx, cancel := context.WithCancel(ctx)
	sess.callCancel = cancel
	sess.stopCall = context.AfterFunc(sess.ctx, cancel)
	sess.sh.SetContext(callCtx)
	sess.io.begin()
	res := &Result{}
	sess.mu.Lock()
	sess.res = res
	sess.mu.Unlock()
	return res
}

// noteBeforeExit keeps the culprit of the status before the EXIT trap
// runs.
func (sess *session) noteBeforeExit() {
	sess.beforeExit, sess.beforeExitOK = sess.sh.Blame()
}

// flush ends a Session call: everything its commands wrote reaches the
// writers before the caller looks.
func (sess *session) flush() {
	sess.io.flush()
	sess.mu.Lock()
	sess.res = nil
	sess.mu.Unlock()
	if sess.callCancel != nil {
		sess.stopCall()
		sess.callCancel()
		sess.callCancel = nil
	}
	sess.sh.SetContext(sess.ctx)
}

// end stops the background jobs of the session's shell: SIGTERM, then
// SIGKILL after the grace, each reaped before end returns. Jobs started by
// subshells and in-process stages are in their own tables; cancelling the
// session's context right after reaches them the same way.
func (sess *session) end() {
	// Process substitutions still running (a `>(wc -l)` about to print)
	// get the grace to finish, then are cancelled and reaped.
	sess.sh.StopSubsts(sess.grace)
	sess.sh.StopJobs(sess.grace)
	sess.cancel()
	if sess.callCancel != nil {
		sess.stopCall()
		sess.callCancel()
		sess.callCancel = nil
	}
}

// close closes the run's descriptors and waits for the copies; see
// stdio.finish.
func (sess *session) close() {
	if sess.closed {
		return
	}
	sess.closed = true
	sess.mu.Lock()
	sess.res = nil // stragglers record nothing into a returned Result
	sess.mu.Unlock()
	sess.cancel()
	// A cancelled run's grace counts from the cancel, not from now: the
	// processes had it already, and the call must return promptly.
	deadline := time.Now().Add(sess.grace)
	cancelled := sess.parent.Err() != nil
	if t, ok := sess.cancelledAt.Load().(time.Time); ok && cancelled {
		deadline = t.Add(sess.grace)
	}
	sess.io.finish(deadline, cancelled)
}

// sameWriter reports whether a and b are the same writer, without
// panicking on writers of a type that cannot be compared.
func sameWriter(a, b io.Writer) bool {
	if a == nil || b == nil {
		return a == b
	}
	ta, tb := reflect.TypeOf(a), reflect.TypeOf(b)
	return ta == tb && ta.Comparable() && a == b
}

// stdio joins a run's readers and writers to descriptors.
//
// Who owns what: the caller's *os.File values are the caller's and are
// never closed. Everything else here is made by stdio and closed by
// finish (or abort): /dev/null, and for each copied stream a pipe whose
// commands' end (cmdEnd) the shell hands out and whose other end a
// copier goroutine owns. The commands' ends stay open for the whole run,
// because every command of the script inherits them; they are closed at
// the end, after which the copiers see EOF once the last process holding
// a copy has exited.
type stdio struct {
	null  []*os.File // /dev/null opened for nil Stdin or Stdout
	pipes []*outPipe

	// stdinR is the commands' end of the stdin pipe; stdinW the end the
	// stdin copier fills, closed by the copier at EOF, by closeStdin on
	// cancellation, or by finish.
	stdinR, stdinW *os.File
	stdinDone      chan struct{}
	// inErr is the error the caller's reader returned, under inMu.
	inMu  sync.Mutex
	inErr error
}

func (st *stdio) reader(r io.Reader) (*os.File, error) {
	switch r := r.(type) {
	case nil:
		f, err := os.Open(os.DevNull)
		if err != nil {
			return nil, err
		}
		st.null = append(st.null, f)
		return f, nil
	case *os.File:
		return r, nil
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	st.stdinR, st.stdinW = pr, pw
	st.stdinDone = make(chan struct{})
	// When the commands stop reading early, Write fails with EPIPE once
	// pr is closed too (finish): Go ignores SIGPIPE for descriptors other
	// than 1 and 2, so that is an error here, not a signal, and it is
	// not the run's error.
	go func() {
		defer close(st.stdinDone)
		io.Copy(pw, readErr{r, st}) // EPIPE from pw is not the run's error
		pw.Close()
	}()
	return pr, nil
}

// readErr is the caller's reader, whose errors (other than io.EOF) the
// stdin copier keeps in st.inErr.
type readErr struct {
	r  io.Reader
	st *stdio
}

func (r readErr) Read(b []byte) (int, error) {
	n, err := r.r.Read(b)
	if err != nil && err != io.EOF {
		r.st.inMu.Lock()
		if r.st.inErr == nil {
			r.st.inErr = err
		}
		r.st.inMu.Unlock()
	}
	return n, err
}

// closeStdin closes the write end of the stdin pipe, so that commands
// reading it see EOF.
func (st *stdio) closeStdin() {
	if st.stdinW != nil {
		st.stdinW.Close() // safe concurrently with the copier's Write
	}
}

// writer returns the descriptor the commands write w through; tail, when
// not nil, also gets a copy of the stream.
func (st *stdio) writer(w io.Writer, tail *tailBuffer) (*os.File, error) {
	if f, ok := w.(*os.File); ok {
		return f, nil
	}
	if w == nil && tail == nil {
		f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
		if err != nil {
			return nil, err
		}
		st.null = append(st.null, f)
		return f, nil
	}
	p, err := newOutPipe(w, tail)
	if err != nil {
		return nil, err
	}
	st.pipes = append(st.pipes, p)
	return p.cmdEnd, nil
}

// flush waits until what has been written to every output pipe so far
// has reached its writer.
func (st *stdio) flush() {
	for _, p := range st.pipes {
		p.flush()
	}
}

// begin opens a call on every output pipe. Taking p.mu also orders the
// caller's use of its writers before the call against the copies of the
// call (what a caller does to its writer between two calls, such as
// bytes.Buffer.Reset, happens before the next call's output is written,
// but only through the kernel, which the race detector cannot see).
func (st *stdio) begin() {
	for _, p := range st.pipes {
		p.begin()
	}
}

// takeErr returns the first error of the caller's reader or writers in
// the current call, and forgets it.
func (st *stdio) takeErr() error {
	var err error
	for _, p := range st.pipes {
		if e := p.takeErr(); e != nil && err == nil {
			err = fmt.Errorf("plumb: writing output: %w", e)
		}
	}
	st.inMu.Lock()
	defer st.inMu.Unlock()
	if st.inErr != nil && err == nil {
		err = fmt.Errorf("plumb: reading input: %w", st.inErr)
	}
	st.inErr = nil
	return err
}

// finish closes the commands' ends and /dev/null, and waits for the
// copies: the output ones until EOF, or until deadline, when the read
// ends are closed under whatever process still holds a write end (one
// the run could not reach: a writer then gets EPIPE). The stdin copy
// ends at its next Write, but it may be blocked in the caller's Read: it
// is waited for until the same deadline, and not at all when the run was
// cancelled, which must return promptly.
func (st *stdio) finish(deadline time.Time, cancelled bool) {
	for _, f := range st.null {
		f.Close()
	}
	st.null = nil
	if st.stdinR != nil {
		st.stdinR.Close()
		st.stdinW.Close()
	}
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	expired := false
	for _, p := range st.pipes {
		p.cmdEnd.Close()
	}
	for _, p := range st.pipes {
		if expired {
			<-p.done
			continue
		}
		select {
		case <-p.done:
		case <-timer.C:
			expired = true
			// Close the read ends under the stragglers, but only of
			// pipes that still have a writer: one without is at EOF
			// already and only waits for its copier, which on a loaded
			// machine may not have run yet and must not lose the data
			// still in the pipe.
			for _, p := range st.pipes {
				if hasWriters(p.readEnd) {
					p.readEnd.Close()
				}
			}
			<-p.done
		}
	}
	for _, p := range st.pipes {
		p.readEnd.Close()
	}
	if st.stdinDone != nil && !expired && !cancelled {
		select {
		case <-st.stdinDone:
		case <-timer.C:
		}
	}
}

// hasWriters reports whether some process still holds a write end of the
// pipe whose read end is r: poll reports POLLHUP on a read end when the
// last writer has gone. It asks through SyscallConn, because r.Fd would
// take r out of the runtime poller its copier is waiting in.
func hasWriters(r *os.File) bool {
	rc, err := r.SyscallConn()
	if err != nil {
		return false // closed: nothing left to protect
	}
	writers := true
	rc.Control(func(fd uintptr) {
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		if n, err := unix.Poll(fds, 0); err == nil && n == 1 && fds[0].Revents&unix.POLLHUP != 0 {
			writers = false
		}
	})
	return writers
}

// abort closes everything when the run could not be set up.
func (st *stdio) abort() {
	for _, f := range st.null {
		f.Close()
	}
	if st.stdinR != nil {
		st.stdinR.Close()
		st.stdinW.Close()
	}
	for _, p := range st.pipes {
		p.cmdEnd.Close()
		p.readEnd.Close()
	}
}

// outPipe is one output stream copied into a Go writer. The copier
// goroutine owns readEnd; cmdEnd is what the commands get as fd 1 or 2.
//
// flush needs to know when everything written so far has been copied,
// although the pipe stays open (the shell and its jobs keep writing into
// it between calls). It writes a random token into cmdEnd: a pipe keeps
// the order of writes, and a write of at most PIPE_BUF bytes is atomic,
// so when the copier meets the token, every byte written before it — by
// commands that have exited, hence finished writing — has been passed on.
// The token never reaches the writer.
type outPipe struct {
	readEnd, cmdEnd *os.File
	// mu is held while the copier writes to w. What a caller does to
	// its writer between two calls of a Session (bytes.Buffer.Reset)
	// happens before the next call's output is written, but only
	// through the kernel (the next commands write into the pipe after
	// the call began), which the race detector cannot see: begin takes
	// mu once, so that the order is one it can see.
	mu sync.Mutex
	// open is true while a call runs: output goes to w. Between the
	// calls of a Session (after the call's flush token, before the next
	// begin) it is false and output is held, so that the caller may
	// read and reset its writer (a bytes.Buffer) while a background job
	// keeps printing; see Session.
	open bool
	held []byte
	// unblock wakes a copier that waits, with held full, for the next
	// call.
	unblock *sync.Cond
	// err is the first error w returned in the current call; after it
	// the call's output is discarded.
	err   error
	w     io.Writer
	tail  *tailBuffer
	token []byte
	marks chan struct{}
	done  chan struct{}
}

// maxHeld bounds the output held between the calls of a Session; beyond
// it the copier stops reading, the pipe fills, and the writing command
// blocks until the next call (or Close) takes the output.
const maxHeld = 1 << 20

func newOutPipe(w io.Writer, tail *tailBuffer) (*outPipe, error) {
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	if w == nil {
		w = io.Discard
	}
	p := &outPipe{readEnd: pr, cmdEnd: pw, w: w, tail: tail,
		token: make([]byte, 24), marks: make(chan struct{}, 1), done: make(chan struct{})}
	p.unblock = sync.NewCond(&p.mu)
	copy(p.token, "\x00plumb:")
	rand.Read(p.token[7:])
	go p.copy()
	return p, nil
}

func (p *outPipe) write(b []byte) {
	if len(b) == 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for !p.open && len(p.held) >= maxHeld {
		p.unblock.Wait()
	}
	if !p.open {
		p.held = append(p.held, b...)
		return
	}
	p.deliver(b)
}

// deliver writes b to w, with p.mu held, unless w has failed in this
// call.
func (p *outPipe) deliver(b []byte) {
	if p.err == nil {
		n, err := p.w.Write(b)
		if err == nil && n < len(b) {
			err = io.ErrShortWrite
		}
		p.err = err
	}
	if p.tail != nil {
		p.tail.Write(b)
	}
}

// begin opens a call: the output held since the last one is written
// first, then the call's own as it comes.
func (p *outPipe) begin() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.open = true
	p.err = nil
	if len(p.held) > 0 {
		p.deliver(p.held)
		p.held = nil
	}
	p.unblock.Broadcast()
}

// takeErr returns the error w gave in this call, and forgets it.
func (p *outPipe) takeErr() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	err := p.err
	p.err = nil
	return err
}

// copy copies readEnd to the writer until EOF or until readEnd is
// closed, taking the flush tokens out of the stream. Bytes at the end of
// a read that could be the start of a token are held back until the next
// read says whether they are.
func (p *outPipe) copy() {
	defer close(p.done)
	buf := make([]byte, 64*1024)
	var held []byte
	for {
		n, err := p.readEnd.Read(buf)
		data := append(held, buf[:n]...)
		held = nil
		for {
			i := bytes.Index(data, p.token)
			if i < 0 {
				break
			}
			p.write(data[:i])
			data = data[i+len(p.token):]
			// The token ends a Session call: what comes after it is
			// held until the next.
			p.mu.Lock()
			p.open = false
			p.mu.Unlock()
			p.marks <- struct{}{}
		}
		k := partialSuffix(data, p.token)
		p.write(data[:len(data)-k])
		held = append([]byte(nil), data[len(data)-k:]...)
		if err != nil {
			p.write(held)
			return
		}
	}
}

// partialSuffix returns the length of the longest proper prefix of tok
// that data ends with.
func partialSuffix(data, tok []byte) int {
	for k := min(len(tok)-1, len(data)); k > 0; k-- {
		if bytes.Equal(data[len(data)-k:], tok[:k]) {
			return k
		}
	}
	return 0
}

func (p *outPipe) flush() {
	if _, err := p.cmdEnd.Write(p.token); err != nil {
		return
	}
	select {
	case <-p.marks:
	case <-p.done:
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
