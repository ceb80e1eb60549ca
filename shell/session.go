package shell

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/plumbsh/plumb/exec"
	"github.com/plumbsh/plumb/shell/interp"
)

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
	sess.sh.ResetBlame()
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
