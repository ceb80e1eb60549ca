package shell

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/plumbsh/plumb/exec"
	"github.com/plumbsh/plumb/parser"
	"github.com/plumbsh/plumb/shell/interp"
)

// Process is a call started by StartRun or StartPipeline: it runs in the
// background while the caller goes on, the way a test harness starts a
// server, runs a client against it, and stops it. Its methods may be
// called from any goroutine.
type Process struct {
	live interp.Live
	done chan struct{}
	res  *Result
	err  error

	cancel context.CancelFunc
	// out and errOut watch the call's output for WaitReady; one watcher
	// when stdout and stderr are one stream.
	out, errOut *lineWatch

	mu   sync.Mutex
	jobs interp.Jobs // the call's shell's background jobs, once it has one
}

// StartRun starts script as Run would and returns at once, with the
// Process that runs it; a syntax error is StartRun's error, and nothing
// starts. Process.Wait returns what Run would have. The call's output
// passes through the Process, which watches it for WaitReady, also when
// Stdout or Stderr is an *os.File (copied then, not handed over).
func (r *Runner) StartRun(ctx context.Context, script string, opts ...CallOption) (*Process, error) {
	return r.startProcess(ctx, opts, func(r *Runner, ctx context.Context) (*Result, error) {
		return r.Run(ctx, script)
	}, func() error {
		// A syntax error starts nothing and is StartRun's error.
		name := r.Name
		if name == "" {
			name = "script"
		}
		_, err := parser.Parse([]byte(script), name)
		return err
	})
}

// StartPipeline starts p as RunPipeline would and returns at once, with
// the Process that runs it. Process.Wait returns what RunPipeline would
// have; a stage that cannot be found or started is Wait's error.
func (r *Runner) StartPipeline(ctx context.Context, p *Pipeline, opts ...CallOption) (*Process, error) {
	return r.startProcess(ctx, opts, func(r *Runner, ctx context.Context) (*Result, error) {
		return r.RunPipeline(ctx, p)
	}, func() error { return nil })
}

// startProcess runs call in a goroutine with a runner that watches the
// output and tracks the pipelines. check runs first: what it refuses
// (a syntax error) starts nothing.
func (r *Runner) startProcess(ctx context.Context, opts []CallOption, call func(*Runner, context.Context) (*Result, error), check func() error) (*Process, error) {
	if err := check(); err != nil {
		return nil, err
	}
	rc := r.With(opts...)
	p := &Process{done: make(chan struct{})}
	merged := rc.Stdout != nil && sameWriter(rc.Stdout, rc.Stderr)
	p.out = &lineWatch{name: "stdout", w: rc.Stdout, changed: make(chan struct{})}
	rc.Stdout = p.out
	if merged {
		p.out.name = "stdout and stderr"
		p.errOut = p.out
	} else {
		p.errOut = &lineWatch{name: "stderr", w: rc.Stderr, changed: make(chan struct{})}
	}
	rc.Stderr = p.errOut
	rc.proc = p
	ctx, p.cancel = context.WithCancel(ctx)
	go func() {
		defer close(p.done)
		defer p.cancel()
		p.res, p.err = call(rc, ctx)
		p.out.close()
		p.errOut.close()
	}()
	return p, nil
}

// attach is called by start when the call's shell is made.
func (p *Process) attach(sh *interp.Shell) {
	jobs := sh.Track(&p.live)
	p.mu.Lock()
	p.jobs = jobs
	p.mu.Unlock()
}

// Pids returns the pids of the call's processes that are running now:
// the stages of its foreground pipelines and of its background jobs.
func (p *Process) Pids() []int {
	var pids []int
	for _, run := range p.live.Runs() {
		pids = appendPids(pids, run)
	}
	for _, run := range p.jobList().Running() {
		pids = appendPids(pids, run)
	}
	return pids
}

func appendPids(pids []int, run *exec.Running) []int {
	for _, pid := range run.Pids() {
		if pid > 0 {
			pids = append(pids, pid)
		}
	}
	return pids
}

func (p *Process) jobList() interp.Jobs {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.jobs
}

// Signal sends sig to the process group of every pipeline and
// background job of the call that is running (which reaches what they
// forked). SIGINT, SIGTERM and SIGKILL also cancel the call's in-process
// stages. The call goes on with its next command, as a script does after
// a command is killed; Stop ends the call.
func (p *Process) Signal(sig syscall.Signal) error {
	runs := append(p.live.Runs(), p.jobList().All()...)
	var first error
	for _, run := range runs {
		if err := run.Signal(sig); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Stop ends the call: it is cancelled as Run's is when its context is
// (SIGTERM and SIGCONT to every group, nothing more of the script runs),
// and whatever is still alive grace later gets SIGKILL (or Runner.Grace
// later, if that is shorter). Stop returns when everything the call
// started has been reaped, with Wait's result; the error is then the
// context's (context.Canceled), unless the call had ended before.
func (p *Process) Stop(grace time.Duration) (*Result, error) {
	select {
	case <-p.done:
		return p.Wait()
	default:
	}
	p.cancel()
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-p.done:
	case <-t.C:
		p.Signal(syscall.SIGKILL)
	}
	return p.Wait()
}

// Wait waits for the call to end and returns what Run (RunPipeline)
// returns. It may be called more than once.
func (p *Process) Wait() (*Result, error) {
	<-p.done
	return p.res, p.err
}

// Done is closed when the call has ended.
func (p *Process) Done() <-chan struct{} { return p.done }

// A ReadyCheck is what WaitReady waits for: StdoutLine, StderrLine,
// OutputLine or PortOpen.
type ReadyCheck interface {
	// String says what is waited for, for WaitReady's error.
	String() string
	// ready waits until the check is ready and returns the line that
	// matched, or returns false once the call has ended or stop is
	// closed.
	ready(p *Process, stop <-chan struct{}) (string, bool)
}

// StdoutLine is ready once a line the call wrote to stdout matches re.
func StdoutLine(re string) ReadyCheck { return lineCheck{stream: 1, re: regexp.MustCompile(re)} }

// StderrLine is ready once a line the call wrote to stderr matches re.
func StderrLine(re string) ReadyCheck { return lineCheck{stream: 2, re: regexp.MustCompile(re)} }

// OutputLine is ready once a line on stdout or stderr matches re.
func OutputLine(re string) ReadyCheck { return lineCheck{stream: 3, re: regexp.MustCompile(re)} }

// PortOpen is ready once a TCP connection to addr (host:port) is
// accepted; the connection is closed at once.
func PortOpen(addr string) ReadyCheck { return portCheck(addr) }

// WaitReady waits until c is ready and returns the line that matched (""
// for PortOpen); or returns an error that names what it waited for, when
// timeout passes first or the call ends first. Lines the call wrote
// before WaitReady was called count.
func (p *Process) WaitReady(timeout time.Duration, c ReadyCheck) (string, error) {
	stop := make(chan struct{})
	type ready struct {
		line string
		ok   bool
	}
	got := make(chan ready, 1)
	go func() {
		line, ok := c.ready(p, stop)
		got <- ready{line, ok}
	}()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case r := <-got:
		if r.ok {
			return r.line, nil
		}
		res, err := p.Wait()
		how := "ended"
		if res != nil {
			how = fmt.Sprintf("ended with status %d", res.Status)
		}
		if err != nil {
			how += " (" + strings.SplitN(err.Error(), "\n", 2)[0] + ")"
		}
		return "", fmt.Errorf("plumb: the call %s before it was ready: waited for %s", how, c)
	case <-t.C:
		close(stop)
		return "", fmt.Errorf("plumb: not ready after %v: waited for %s", timeout, c)
	}
}

type lineCheck struct {
	stream int // 1 stdout, 2 stderr, 3 either
	re     *regexp.Regexp
}

func (c lineCheck) String() string {
	what := map[int]string{1: "stdout", 2: "stderr", 3: "stdout or stderr"}[c.stream]
	return fmt.Sprintf("a line on %s matching `%s`", what, c.re)
}

func (c lineCheck) ready(p *Process, stop <-chan struct{}) (string, bool) {
	var ws []*lineWatch
	if c.stream&1 != 0 {
		ws = append(ws, p.out)
	}
	if c.stream&2 != 0 && p.errOut != p.out {
		ws = append(ws, p.errOut)
	}
	seen := make([]int, len(ws))
	for {
		// At most two streams: a nil channel never fires.
		var waits [2]chan struct{}
		closed := 0
		for i, w := range ws {
			line, found, n, ch, eof := w.scan(c.re, seen[i])
			if found {
				return line, true
			}
			seen[i] = n
			if eof {
				closed++
			} else {
				waits[i] = ch
			}
		}
		if closed == len(ws) {
			return "", false
		}
		select {
		case <-waits[0]:
		case <-waits[1]:
		case <-stop:
			return "", false
		}
	}
}

type portCheck string

func (c portCheck) String() string { return "a TCP connection accepted on " + string(c) }

func (c portCheck) ready(p *Process, stop <-chan struct{}) (string, bool) {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		conn, err := net.DialTimeout("tcp", string(c), time.Second)
		if err == nil {
			conn.Close()
			return "", true
		}
		select {
		case <-p.done:
			return "", false
		case <-stop:
			return "", false
		case <-tick.C:
		}
	}
}

// lineWatch is a writer in front of the caller's that keeps the complete
// lines written through it (the last maxWatched bytes of them) for
// WaitReady.
type lineWatch struct {
	name string
	w    io.Writer // the caller's; nil discards

	mu    sync.Mutex
	lines []string
	// first is the number of lines dropped from the front of lines, to
	// keep them within maxWatched bytes: lines[i] is line first+i.
	first   int
	partial []byte
	size    int
	eof     bool
	changed chan struct{} // closed and replaced on every new line
}

const maxWatched = 1 << 20

func (l *lineWatch) Write(b []byte) (int, error) {
	l.mu.Lock()
	l.partial = append(l.partial, b...)
	added := false
	for {
		i := bytes.IndexByte(l.partial, '\n')
		if i < 0 {
			break
		}
		l.lines = append(l.lines, string(l.partial[:i]))
		l.size += i
		l.partial = l.partial[i+1:]
		added = true
	}
	l.partial = append([]byte(nil), l.partial...)
	for l.size > maxWatched && len(l.lines) > 1 {
		l.size -= len(l.lines[0])
		l.lines = l.lines[1:]
		l.first++
	}
	if added {
		close(l.changed)
		l.changed = make(chan struct{})
	}
	l.mu.Unlock()
	if l.w == nil {
		return len(b), nil
	}
	return l.w.Write(b)
}

// close marks the end of the stream: a last line without a newline
// counts.
func (l *lineWatch) close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.eof {
		return
	}
	if len(l.partial) > 0 {
		l.lines = append(l.lines, string(l.partial))
		l.partial = nil
	}
	l.eof = true
	close(l.changed)
	l.changed = make(chan struct{})
}

// scan looks for a line matching re from line number from on, and
// returns it if there is one; otherwise the number of the next line to
// look at, a channel closed on the next change and whether the stream
// has ended.
func (l *lineWatch) scan(re *regexp.Regexp, from int) (line string, found bool, next int, changed chan struct{}, eof bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, line := range l.lines[max(from-l.first, 0):] {
		if re.MatchString(line) {
			return line, true, 0, nil, false
		}
	}
	return "", false, l.first + len(l.lines), l.changed, l.eof
}
