package shell_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/plumbsh/plumb/parser"
	"github.com/plumbsh/plumb/shell"
)

// warmUpJobs opens what the first runs of a test process open once and
// keep: the runtime's poller, and the /dev/null of background jobs.
func warmUpJobs(t *testing.T) {
	warmUp(t)
	run(t, &shell.Runner{}, "true & wait")
}

// hangGuard is the context of a test run: generous, it only keeps a broken
// build from hanging the suite.
func hangGuard(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// 64 goroutines each run 50 pipelines at once. Every stage lists its own
// descriptors: the one started directly and the one an in-process stage
// starts both see exactly 0 1 2 and ls's own directory, whatever the
// other goroutines are opening meanwhile; the test process ends with the
// descriptors it began with and no child left.
func TestRunnerParallelDescriptors(t *testing.T) {
	goroutines, runs := 64, 50
	if testing.Short() {
		goroutines, runs = 16, 10
	}
	warmUpJobs(t)
	checkFDs(t)
	ctx := hangGuard(t)
	errs := make(chan error, goroutines)
	var wg sync.WaitGroup
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < runs; i++ {
				var out bytes.Buffer
				r := &shell.Runner{Stdout: &out}
				res, err := r.Run(ctx, "ls /proc/self/fd | (cat; ls /proc/self/fd)")
				if err != nil {
					errs <- err
					return
				}
				if got := strings.Fields(out.String()); strings.Join(got, " ") != "0 1 2 3 0 1 2 3" {
					errs <- fmt.Errorf("run %d: stages saw descriptors %q", i, out.String())
					return
				}
				if n := len(res.Pipelines); n != 3 {
					errs <- fmt.Errorf("run %d: %d pipelines recorded, want 3 (cat, ls, the pipeline)", i, n)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	assertNoChildren(t)
}

// signalWriter is an io.Writer that closes seen when mark has been
// written to it, and keeps everything.
type signalWriter struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	mark string
	seen chan struct{}
	once sync.Once
}

func newSignalWriter(mark string) *signalWriter {
	return &signalWriter{mark: mark, seen: make(chan struct{})}
}

func (w *signalWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if strings.Contains(w.buf.String(), w.mark) {
		w.once.Do(func() { close(w.seen) })
	}
	return len(p), nil
}

func (w *signalWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// assertGroupGone fails when a process of group pgid is alive, and waits
// (generously) for kill(-pgid, 0) to say ESRCH: the orphans a killed
// stage leaves are reaped by pid 1, whenever it gets to it.
func assertGroupGone(t *testing.T, pgid int) {
	t.Helper()
	if live := liveInGroup(pgid); len(live) > 0 {
		t.Errorf("group %d still has live processes: %v", pgid, live)
		return
	}
	deadline := time.Now().Add(30 * time.Second)
	for syscall.Kill(-pgid, 0) != syscall.ESRCH {
		if time.Now().After(deadline) {
			t.Logf("group %d: only zombies left, not yet reaped by pid 1", pgid)
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// runCancelled runs script and cancels its context once the script has
// written "started" on stderr; it returns the group the script printed
// as "pgid=N" and how long Run took to return after the cancel.
func runCancelled(t *testing.T, r *shell.Runner, script string) (pgid int, took time.Duration, err error) {
	t.Helper()
	sig := newSignalWriter("started")
	r.Stderr = sig
	ctx, cancel := context.WithCancel(hangGuard(t))
	cancelledAt := make(chan time.Time, 1)
	go func() {
		select {
		case <-sig.seen:
		case <-time.After(30 * time.Second):
		}
		cancelledAt <- time.Now()
		cancel()
	}()
	_, err = r.Run(ctx, script)
	took = time.Since(<-cancelledAt)
	text := sig.String()
	i := strings.Index(text, "pgid=")
	if i < 0 {
		t.Fatalf("no pgid in stderr %q", text)
	}
	pgid, _ = strconv.Atoi(strings.Fields(text[i+5:])[0])
	return pgid, took, err
}

// cancelEndsGroup runs script with runCancelled and checks that Run
// returned the context's error and left no live process in the group the
// script printed; it returns how long Run took after the cancel.
func cancelEndsGroup(t *testing.T, r *shell.Runner, script string) time.Duration {
	t.Helper()
	pgid, took, err := runCancelled(t, r, script)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	t.Logf("Run returned %v after the cancel (grace %v)", took, r.Grace)
	assertGroupGone(t, pgid)
	return took
}

// Cancelling `sh -c 'sleep 100 & sleep 100' | cat` returns at once (the
// default grace is one second; SIGTERM is enough here) and leaves no
// process of the pipeline's group alive, the background sleep that sh
// left included.
func TestRunnerCancel(t *testing.T) {
	warmUpJobs(t)
	checkFDs(t)
	var out bytes.Buffer
	r := &shell.Runner{Stdout: &out}
	took := cancelEndsGroup(t, r, `sh -c 'sleep 100 & echo pgid=$(ps -o pgid= $$) started >&2; sleep 100' | cat`)
	if took > 3*time.Second {
		t.Errorf("Run returned %v after the cancel", took)
	}
	assertNoChildren(t)
}

// A grandchild that ignores SIGTERM and holds the output pipe open, after
// the stages themselves died of SIGTERM, still gets SIGKILL when the
// grace ends, and Run returns then.
func TestRunnerCancelStubbornGrandchild(t *testing.T) {
	warmUpJobs(t)
	checkFDs(t)
	var out bytes.Buffer
	r := &shell.Runner{Stdout: &out, Grace: 300 * time.Millisecond}
	took := cancelEndsGroup(t, r, `sh -c '(trap "" TERM; exec sleep 100) & echo pgid=$(ps -o pgid= $$) started >&2; exec sleep 100'`)
	if took > 5*time.Second {
		t.Errorf("Run returned %v after the cancel", took)
	}
	assertNoChildren(t)
}

// The deadline of the context cancels like a cancel; in-process stages,
// command substitutions and background jobs all end with it.
func TestRunnerDeadlineReachesEverything(t *testing.T) {
	warmUpJobs(t)
	checkFDs(t)
	block := func(ctx context.Context, args []string, files []*os.File) int {
		<-ctx.Done()
		return 1
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "noshebang"), []byte("sleep 100\n"), 0o755)
	for _, script := range []string{
		"block | cat",
		"x=$(sleep 100); echo $x",
		"x=$(setsid sleep 5 &); echo $x", // out of reach, holding the pipe
		"sleep 100 & wait",
		"sleep 100 | while read x; do :; done",
		"cat",           // stdin is a reader that never ends
		"./noshebang",   // run as a script by the shell (ENOEXEC)
		"./noshebang &", // the same as a job, ended with the run
	} {
		t.Run(script, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			pr, pw := io.Pipe()
			defer pw.Close()
			r := &shell.Runner{Dir: dir, Commands: map[string]shell.CommandFunc{"block": block}, Stdin: pr}
			start := time.Now()
			_, err := r.Run(ctx, script)
			if strings.HasSuffix(script, "&") {
				err = ctx.Err() // the run ended before the deadline
			}
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("err = %v", err)
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
	assertNoChildren(t)
}

// A background job still running when the script ends is ended with it.
func TestRunnerEndsBackgroundJobs(t *testing.T) {
	checkFDs(t)
	var out bytes.Buffer
	r := &shell.Runner{Stdout: &out, Grace: 200 * time.Millisecond}
	_, err := r.Run(hangGuard(t), "sleep 100 & echo $!")
	if err != nil {
		t.Fatal(err)
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(out.String()))
	if pid <= 0 {
		t.Fatalf("no pid in %q", out.String())
	}
	if err := syscall.Kill(pid, 0); err != syscall.ESRCH {
		t.Errorf("background sleep %d is still there (%v)", pid, err)
	}
	assertNoChildren(t)
}

// upper is a fake command: it reads its stdin descriptor and writes what
// it read in upper case to its stdout descriptor, checking on the way
// that they are the stage's pipes, not something of the runner's.
func upper(ctx context.Context, args []string, files []*os.File) int {
	for _, fd := range []int{0, 1} {
		var st syscall.Stat_t
		if err := syscall.Fstat(int(files[fd].Fd()), &st); err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFIFO {
			fmt.Fprintf(files[2], "%s: fd %d is not a pipe\n", args[0], fd)
			return 2
		}
	}
	sc := bufio.NewScanner(files[0])
	for sc.Scan() {
		fmt.Fprintf(files[1], "%s %s\n", strings.ToUpper(sc.Text()), strings.Join(args[1:], " "))
	}
	return 0
}

// A command written in Go runs as a real stage in the middle of a
// pipeline.
func TestRunnerFakeCommandMidPipeline(t *testing.T) {
	checkFDs(t)
	var out bytes.Buffer
	r := &shell.Runner{Stdin: strings.NewReader("a\nb\nc\n"), Stdout: &out, Commands: map[string]shell.CommandFunc{"curl": upper}}
	res, err := r.Run(hangGuard(t), `cat | curl -s http://example.test | sort -r`)
	if err != nil {
		t.Fatal(err)
	}
	if want := "C -s http://example.test\nB -s http://example.test\nA -s http://example.test\n"; out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
	st := res.Pipelines[len(res.Pipelines)-1].Stages
	if len(st) != 3 || !st[1].Func() || st[1].Pid != 0 || st[1].Argv[0] != "curl" || st[0].Pid == 0 || st[2].Pid == 0 {
		t.Errorf("stages: %+v", st)
	}
	// The same fake in an argv pipeline.
	out.Reset()
	r.Stdin = strings.NewReader("x\n")
	_, err = r.RunPipeline(hangGuard(t), shell.Command("cat").Pipe("curl", "-v").Pipe("cat"))
	if err != nil || out.String() != "X -v\n" {
		t.Errorf("RunPipeline: %q, %v", out.String(), err)
	}
}

// Each stage of a 3-stage pipeline whose middle stage fails has its own
// status, pid, times and sizes; with pipefail the error names the middle
// stage and shows the end of its stderr.
func TestRunnerPerStageStatus(t *testing.T) {
	checkFDs(t)
	script := `seq 1000 | sh -c 'head -n1; echo boom >&2; exit 3' | cat`
	var out bytes.Buffer
	r := &shell.Runner{Stdout: &out}
	res, err := r.Run(hangGuard(t), script)
	if err != nil || res.Status != 0 || out.String() != "1\n" {
		t.Fatalf("without pipefail: %v status %d out %q", err, res.Status, out.String())
	}
	st := res.Pipelines[0].Stages
	for i, want := range []int{-1, 3, 0} {
		s := st[i]
		if want >= 0 && s.Status != want {
			t.Errorf("stage %d status %d, want %d", i, s.Status, want)
		}
		if s.Pid <= 0 || s.Wall <= 0 || s.MaxRSS == 0 || s.ReadBytes < 0 || s.WriteBytes < 0 || s.End.Before(s.Start) {
			t.Errorf("stage %d: %+v", i, s)
		}
	}
	if st[0].Status != 0 && st[0].Signal != syscall.SIGPIPE {
		t.Errorf("seq: status %d signal %v", st[0].Status, st[0].Signal)
	}
	if st[2].ReadBytes < 2 {
		t.Errorf("cat read %d bytes", st[2].ReadBytes)
	}

	r = &shell.Runner{Options: []string{"pipefail"}}
	res, err = r.Run(hangGuard(t), script)
	e, ok := shell.IsExit(err)
	if !ok {
		t.Fatalf("pipefail: err = %v", err)
	}
	if e.Status != 3 || res.Status != 3 || e.Index != 1 || e.StageStatus != 3 || e.Stage[0] != "sh" || e.StderrTail != "boom\n" {
		t.Errorf("pipefail: %+v", e)
	}
	if msg := err.Error(); !strings.Contains(msg, ": sh -c 'head -n1; echo boom >&2; exit 3' (stage 1 of pipeline 0) exited 3") || !strings.HasSuffix(msg, "stderr:\nboom") {
		t.Errorf("message %q", msg)
	}

	// A stage killed by a signal says which.
	res, err = (&shell.Runner{Unchecked: true}).Run(hangGuard(t), `true | sh -c 'kill -KILL $$' | cat`)
	if err != nil || res.Pipelines[0].Stages[1].Signal != syscall.SIGKILL || res.Pipelines[0].Stages[1].Status != 137 {
		t.Errorf("killed stage: %v %+v", err, res.Pipelines[0].Stages[1])
	}
}

// Stdin bytes far beyond the pipe buffer, to a command that exits early
// or never reads: no deadlock, no error.
func TestRunnerStdinLargerThanPipe(t *testing.T) {
	checkFDs(t)
	big := bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB
	for _, script := range []string{"head -c 10 | wc -c", "true", "read x; echo ${#x}", "head -c 10 >/dev/null; echo 10"} {
		var out bytes.Buffer
		r := &shell.Runner{Stdin: bytes.NewReader(big), Stdout: &out}
		_, err := r.Run(hangGuard(t), script)
		if err != nil {
			t.Errorf("%s: %v", script, err)
		}
		if got := strings.TrimSpace(out.String()); script != "true" && got != "10" && got != "1048576" {
			t.Errorf("%s: got %q", script, got)
		}
	}
	assertNoChildren(t)
}

// A read waiting on a stdin that stays open (a pipe whose writer the
// caller holds) ends when the call's context does; it has taken no byte
// beyond its line, and the next call reads on from there.
func TestSessionCancelInterruptsRead(t *testing.T) {
	checkFDs(t)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	var out bytes.Buffer
	se, err := (&shell.Runner{Stdin: r, Stdout: &out, Unchecked: true}).Start(hangGuard(t))
	if err != nil {
		t.Fatal(err)
	}
	defer se.Close()
	w.WriteString("one\ntwo\n")
	if _, err := se.Run(hangGuard(t), `read a; echo "a=$a"`); err != nil || out.String() != "a=one\n" {
		t.Fatalf("%q %v", out.String(), err)
	}
	out.Reset()
	if _, err := se.Run(hangGuard(t), `read b; echo "b=$b"`); err != nil || out.String() != "b=two\n" {
		t.Fatalf("%q %v", out.String(), err)
	}
	out.Reset()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := se.Run(ctx, "read c; echo \"never $c\"\necho never either"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the deadline", err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("the blocked read returned %v after the call began", took)
	}
	if out.String() != "" {
		t.Errorf("the cancelled call went on: %q", out.String())
	}
	out.Reset()
	w.WriteString("three\n")
	if _, err := se.Run(hangGuard(t), `read d; echo "d=$d"`); err != nil || out.String() != "d=three\n" {
		t.Errorf("after the cancel: %q %v", out.String(), err)
	}
	if st, ok := se.Exited(); ok {
		t.Errorf("the cancelled call ended the session (status %d)", st)
	}
}

// Stdin from each kind of source, and output to each kind of sink.
func TestRunnerStdio(t *testing.T) {
	checkFDs(t)
	ctx := hangGuard(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.WriteFile(in, []byte("from a file\n"), 0o644)
	f, err := os.Open(in)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for name, src := range map[string]io.Reader{
		"bytes":  bytes.NewReader([]byte("from a file\n")),
		"reader": io.MultiReader(strings.NewReader("from "), strings.NewReader("a file\n")),
		"file":   f,
	} {
		var out bytes.Buffer
		_, err := (&shell.Runner{Stdin: src, Stdout: &out}).Run(ctx, "cat | cat")
		if err != nil || out.String() != "from a file\n" {
			t.Errorf("%s: %q %v", name, out.String(), err)
		}
	}
	// Nothing: /dev/null.
	var out bytes.Buffer
	if _, err := (&shell.Runner{Stdout: &out}).Run(ctx, "wc -c"); err != nil || strings.TrimSpace(out.String()) != "0" {
		t.Errorf("no stdin: %q %v", out.String(), err)
	}

	// Merged: one pipe keeps the order of the writes.
	out.Reset()
	r := &shell.Runner{Stdout: &out, Stderr: &out}
	if _, err := r.Run(ctx, "echo 1; echo 2 >&2; ls /nonexistent-zz 2>&1 >/dev/null | wc -l; echo 4 >&2"); err != nil || out.String() != "1\n2\n1\n4\n" {
		t.Errorf("merged: %q %v", out.String(), err)
	}
	// Separate, a file and discard.
	outFile := filepath.Join(dir, "out")
	of, err := os.Create(outFile)
	if err != nil {
		t.Fatal(err)
	}
	var errBuf bytes.Buffer
	if _, err := (&shell.Runner{Stdout: of, Stderr: &errBuf}).Run(ctx, "echo out; echo err >&2"); err != nil {
		t.Error(err)
	}
	of.Close()
	if b, _ := os.ReadFile(outFile); string(b) != "out\n" || errBuf.String() != "err\n" {
		t.Errorf("file %q, stderr %q", b, errBuf.String())
	}
	if _, err := (&shell.Runner{}).Run(ctx, "echo discarded; echo discarded >&2"); err != nil {
		t.Error(err)
	}
	assertNoChildren(t)
}

// The environment is clean unless asked, and Dir is per run; neither
// touches the process's own.
func TestRunnerEnvAndDir(t *testing.T) {
	t.Setenv("PLUMB_RUNNER_TEST", "inherited")
	ctx := hangGuard(t)
	dir := t.TempDir()
	wd, _ := os.Getwd()
	script := `echo "${PLUMB_RUNNER_TEST-unset} $LC_ALL ${X-unset}"; env | grep -c PLUMB_RUNNER_TEST; pwd; cd /; pwd`
	for _, c := range []struct {
		r    shell.Runner
		want string
	}{
		{shell.Runner{Dir: dir, Unchecked: true}, "unset C unset\n0\n" + dir + "\n/\n"},
		{shell.Runner{Dir: dir, InheritEnv: true, Env: []string{"X=1"}}, "inherited " + os.Getenv("LC_ALL") + " 1\n1\n" + dir + "\n/\n"},
		{shell.Runner{Dir: dir, Env: []string{"X=2", "LC_ALL=POSIX"}, Unchecked: true}, "unset POSIX 2\n0\n" + dir + "\n/\n"},
	} {
		var out bytes.Buffer
		c.r.Stdout = &out
		if _, err := c.r.Run(ctx, script); err != nil || out.String() != c.want {
			t.Errorf("%+v: got %q (%v), want %q", c.r.Env, out.String(), err, c.want)
		}
	}
	if now, _ := os.Getwd(); now != wd {
		t.Errorf("cwd changed to %s", now)
	}
	if os.Getenv("X") != "" {
		t.Error("X leaked into the process environment")
	}
}

// A syntax error anywhere returns the parse error and runs nothing.
func TestRunnerSyntaxError(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	r := &shell.Runner{Dir: dir, Stdout: &out, Stderr: &out}
	_, err := r.Run(hangGuard(t), "touch ran\necho a |\n| b")
	var pe *parser.Error
	if !errors.As(err, &pe) || pe.Line != 2 || !strings.HasPrefix(err.Error(), "script:2:") {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "ran")); err == nil || out.Len() > 0 {
		t.Errorf("something ran: %q", out.String())
	}
	os.WriteFile(filepath.Join(dir, "s.sh"), []byte("echo a\nif true; then\n"), 0o644)
	_, err = r.RunFile(hangGuard(t), "s.sh")
	if !errors.As(err, &pe) || pe.File != "s.sh" || !pe.Incomplete {
		t.Errorf("RunFile: %v", err)
	}
}

// A command that cannot start: in a script, status 127 and the message;
// in an argv pipeline, an error naming it before anything starts. No
// descriptor or process is left either way.
func TestRunnerCannotStart(t *testing.T) {
	warmUpJobs(t)
	checkFDs(t)
	ctx := hangGuard(t)
	_, err := (&shell.Runner{}).Run(ctx, "no-such-command-zz")
	e, ok := shell.IsExit(err)
	if !ok || e.Status != 127 || e.Stage[0] != "no-such-command-zz" || !strings.Contains(e.StderrTail, "no-such-command-zz: command not found") {
		t.Errorf("script: %v", err)
	}
	_, err = (&shell.Runner{}).RunPipeline(ctx, shell.Command("yes").Pipe("no-such-command-zz").Pipe("cat"))
	var se *shell.StartError
	if !errors.As(err, &se) || se.Stage != 1 || se.Name != "no-such-command-zz" || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("RunPipeline: %v", err)
	}
	// Found but not executable.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "noexec"), []byte("x"), 0o644)
	_, err = (&shell.Runner{Dir: dir}).RunPipeline(ctx, shell.Command("yes").Pipe("./noexec"))
	if !errors.As(err, &se) || se.Stage != 1 || !errors.Is(err, fs.ErrPermission) {
		t.Errorf("RunPipeline noexec: %v", err)
	}
	assertNoChildren(t)
}

// The argv pipeline builder: no quoting, every link kind.
func TestRunPipelineLinks(t *testing.T) {
	checkFDs(t)
	ctx := hangGuard(t)
	var out, errOut bytes.Buffer
	r := &shell.Runner{Stdout: &out, Stderr: &errOut}
	p := shell.Command("printf", "%s.", "it's a $HOME `x` *").Link(shell.LinkUnix, "cat").Link(shell.LinkTCP, "tr", "a-z", "A-Z").Pipe("cat")
	res, err := r.RunPipeline(ctx, p)
	if err != nil || out.String() != "IT'S A $HOME `X` *." || len(res.Pipelines[0].Stages) != 4 {
		t.Errorf("got %q %v", out.String(), err)
	}
	if s := p.String(); s != `printf %s. 'it'\''s a $HOME `+"`x`"+` *' |> cat |>tcp tr a-z A-Z | cat` {
		t.Errorf("String() = %s", s)
	}
	out.Reset()
	bidi := shell.Command("sh", "-c", "echo ping; read x; echo got $x >&2").Link(shell.LinkBidi, "sh", "-c", "read x; echo pong-$x")
	if _, err := r.RunPipeline(ctx, bidi); err != nil || errOut.String() != "got pong-ping\n" {
		t.Errorf("bidi: %q %v", errOut.String(), err)
	}
	out.Reset()
	if _, err := r.RunPipeline(ctx, shell.Command("sh", "-c", "echo to-stderr >&2").Link(shell.LinkPipeAll, "tr", "a-z", "A-Z")); err != nil || out.String() != "TO-STDERR\n" {
		t.Errorf("|&: %q %v", out.String(), err)
	}
	_, err = r.RunPipeline(ctx, shell.Command("true").Pipe("false"))
	if e, ok := shell.IsExit(err); !ok || e.Index != 1 || e.Status != 1 {
		t.Errorf("false: %v", err)
	}
}

// A Session keeps its state between calls, hands each call's output over
// before the call returns, and its background jobs outlive the call that
// started them but not the session.
func TestSession(t *testing.T) {
	warmUpJobs(t)
	checkFDs(t)
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	var out bytes.Buffer
	r := &shell.Runner{Dir: dir, Stdout: &out, Stderr: &out}
	se, err := r.Start(hangGuard(t))
	if err != nil {
		t.Fatal(err)
	}
	step := func(src, want string) {
		t.Helper()
		check := func(got string) bool { return got == want }
		if w, ok := strings.CutPrefix(want, "prefix:"); ok {
			want = w
			check = func(got string) bool { return strings.HasPrefix(got, want) }
		}
		out.Reset()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, err := se.Run(ctx, src)
		var pe *parser.Error
		if _, ok := shell.IsExit(err); err != nil && !ok && !errors.As(err, &pe) {
			t.Errorf("%s: %v", src, err)
		}
		if !check(out.String()) {
			t.Errorf("%s: got %q, want %q", src, out.String(), want)
		}
	}
	step("x=1; f() { echo f$1; }; cd sub; set -o pipefail", "")
	step("echo $x; f 2; pwd | sed 's,.*/,,'", "1\nf2\nsub\n")
	step("(sleep 0.2; echo late) & echo started", "started\n")
	step("wait; echo waited", "late\nwaited\n")
	step("false | true; echo $?", "1\n")
	step("echo 'unterminated", "prefix:plumb: session:1:6: ")
	step("echo $?; no-such-zz", "2\nplumb: no-such-zz: command not found\n")
	step("sleep 100 &", "")
	if err := se.Close(); err != nil {
		t.Error(err)
	}
	assertNoChildren(t)
}

// Cancelling one call of a Session stops that call only, also when
// commands follow the one the cancel stopped (runStmt turns the cancel
// into exit 143, which must not end the session).
func TestSessionCallCancel(t *testing.T) {
	var out bytes.Buffer
	se, err := (&shell.Runner{Stdout: &out, Unchecked: true}).Start(hangGuard(t))
	if err != nil {
		t.Fatal(err)
	}
	defer se.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	res, err := se.Run(ctx, "x=kept; sleep 100; echo never\necho never either")
	if !errors.Is(err, context.DeadlineExceeded) || res == nil || res.Status != 143 {
		t.Errorf("cancelled call: %+v, %v; want status 143 and the deadline", res, err)
	}
	if st, ok := se.Exited(); ok {
		t.Fatalf("the cancelled call ended the session (status %d)", st)
	}
	out.Reset()
	if _, err := se.Run(hangGuard(t), `echo "still here, x=$x"`); err != nil || out.String() != "still here, x=kept\n" {
		t.Errorf("%q %v", out.String(), err)
	}
	out.Reset()
	if _, err := se.Run(hangGuard(t), "trap 'echo bye' EXIT; exit 3"); err != nil || out.String() != "bye\n" {
		t.Errorf("exit: %q %v", out.String(), err)
	}
	if st, ok := se.Exited(); !ok || st != 3 {
		t.Errorf("Exited() = %d, %v", st, ok)
	}
	if _, err := se.Run(hangGuard(t), "echo after exit"); err == nil {
		t.Error("a call after exit ran")
	}
}

// slowWriter takes its time over every Write, like a consumer on a loaded
// machine.
type slowWriter struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (w *slowWriter) Write(p []byte) (int, error) {
	time.Sleep(5 * time.Millisecond)
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

// Output still in the pipe when a run's processes are all gone is copied
// in full, however long after Grace the copier gets to it: only a pipe
// that some straggler still holds open is cut off at Grace.
func TestRunnerSlowWriterKeepsOutput(t *testing.T) {
	w := &slowWriter{}
	r := &shell.Runner{Stdout: w, Grace: time.Millisecond}
	if _, err := r.Run(hangGuard(t), "seq 1 50000"); err != nil {
		t.Fatal(err)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	lines := strings.Split(strings.TrimSuffix(w.buf.String(), "\n"), "\n")
	if len(lines) != 50000 || lines[len(lines)-1] != "50000" {
		t.Errorf("got %d lines, last %q; want 50000", len(lines), lines[len(lines)-1])
	}
}
