package shell_test

import (
	"bytes"
	"context"
	"errors"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/plumbsh/plumb/shell"
)

// alive reports whether pid is a process that has not been reaped.
func alive(pid int) bool { return syscall.Kill(pid, 0) == nil }

// Stop ends a started pipeline: SIGTERM to every stage, and every
// process reaped before it returns, with Wait's result.
func TestProcessStop(t *testing.T) {
	warmUpJobs(t)
	checkFDs(t)
	ctx := hangGuard(t)
	var out bytes.Buffer
	p, err := (&shell.Runner{Stdout: &out}).StartRun(ctx, "sh -c 'echo ready; exec sleep 100' | cat; echo never")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.WaitReady(10*time.Second, shell.StdoutLine("^ready$")); err != nil {
		t.Fatal(err)
	}
	pids := p.Pids()
	if len(pids) != 2 {
		t.Fatalf("pids %v, want sleep's and cat's", pids)
	}
	for _, pid := range pids {
		if !alive(pid) {
			t.Errorf("pid %d is not running", pid)
		}
	}
	start := time.Now()
	res, err := p.Stop(5 * time.Second)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Stop: err = %v, want context.Canceled", err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("Stop took %v for stages that die of SIGTERM", took)
	}
	if res == nil || len(res.Pipelines) != 1 || res.Pipelines[0].Stages[0].Signal != syscall.SIGTERM {
		t.Fatalf("result %+v", res)
	}
	for _, pid := range pids {
		if alive(pid) {
			t.Errorf("pid %d left after Stop", pid)
		}
	}
	if out.String() != "ready\n" {
		t.Errorf("output %q", out.String())
	}
	if len(p.Pids()) != 0 {
		t.Errorf("pids after Stop: %v", p.Pids())
	}
	// Wait again: the same.
	if res2, err2 := p.Wait(); res2 != res || err2 != err {
		t.Errorf("second Wait: %v %v", res2, err2)
	}
	assertNoChildren(t)
}

// A stage that ignores SIGTERM gets SIGKILL after Stop's grace, not the
// Runner's.
func TestProcessStopStubborn(t *testing.T) {
	ctx := hangGuard(t)
	r := &shell.Runner{Grace: 30 * time.Second}
	p, err := r.StartRun(ctx, `sh -c 'trap "" TERM; echo ready; while :; do sleep 1; done'`)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.WaitReady(10*time.Second, shell.StdoutLine("ready")); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res, _ := p.Stop(200 * time.Millisecond)
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("Stop took %v", took)
	}
	if res == nil || res.Pipelines[0].Stages[0].Signal != syscall.SIGKILL {
		t.Errorf("result %+v", res)
	}
	assertNoChildren(t)
}

// Signal reaches the running stages; the script goes on.
func TestProcessSignal(t *testing.T) {
	ctx := hangGuard(t)
	var out bytes.Buffer
	p, err := (&shell.Runner{Stdout: &out}).StartRun(ctx, "echo started; sleep 100; echo after $?")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.WaitReady(10*time.Second, shell.StdoutLine("started")); err != nil {
		t.Fatal(err)
	}
	// sleep starts after the line: wait for its pid.
	for len(p.Pids()) == 0 {
		select {
		case <-p.Done():
			t.Fatal("ended")
		case <-time.After(time.Millisecond):
		}
	}
	if err := p.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	res, err := p.Wait()
	if err != nil || res.Status != 0 || out.String() != "started\nafter 143\n" {
		t.Errorf("%q %+v %v", out.String(), res, err)
	}
}

// WaitReady's errors name what it waited for.
func TestProcessWaitReadyErrors(t *testing.T) {
	ctx := hangGuard(t)
	r := &shell.Runner{Unchecked: true}
	p, err := r.StartRun(ctx, "echo nope; sleep 100")
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.WaitReady(50*time.Millisecond, shell.StdoutLine("^ready"))
	if err == nil || err.Error() != "plumb: not ready after 50ms: waited for a line on stdout matching `^ready`" {
		t.Errorf("timeout: %v", err)
	}
	_, err = p.WaitReady(50*time.Millisecond, shell.PortOpen("127.0.0.1:1"))
	if err == nil || err.Error() != "plumb: not ready after 50ms: waited for a TCP connection accepted on 127.0.0.1:1" {
		t.Errorf("port: %v", err)
	}
	p.Stop(time.Second)

	p, _ = (&shell.Runner{}).StartRun(ctx, "echo nope >&2; exit 3")
	_, err = p.WaitReady(10*time.Second, shell.OutputLine("ready"))
	if err == nil || !strings.HasPrefix(err.Error(), "plumb: the call ended with status 3 (exit status 3: exit 3) before it was ready: waited for a line on stdout or stderr matching `ready`") {
		t.Errorf("ended: %v", err)
	}

	// Ready: a port that accepts, and a line on stderr.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	p, _ = r.StartRun(ctx, "echo up >&2; sleep 100")
	if _, err := p.WaitReady(10*time.Second, shell.PortOpen(ln.Addr().String())); err != nil {
		t.Error(err)
	}
	if line, err := p.WaitReady(10*time.Second, shell.StderrLine("u.")); err != nil || line != "up" {
		t.Errorf("stderr line: %q %v", line, err)
	}
	p.Stop(time.Second)
}

// Wait returns what Run and RunPipeline return; a syntax error is
// StartRun's own.
func TestProcessWaitIsRun(t *testing.T) {
	ctx := hangGuard(t)
	p, err := (&shell.Runner{}).StartRun(ctx, "true | /bin/false")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Wait(); err == nil || !strings.HasPrefix(err.Error(), "exit status 1: /bin/false (stage 1 of pipeline 0)") {
		t.Errorf("Wait: %v", err)
	}
	p, err = (&shell.Runner{}).StartPipeline(ctx, shell.Command("echo").Pipe("no-such-command-zz"))
	if err != nil {
		t.Fatal(err)
	}
	var se *shell.StartError
	if _, err := p.Wait(); !errors.As(err, &se) || se.Stage != 1 {
		t.Errorf("StartPipeline: %v", err)
	}
	if _, err := (&shell.Runner{}).StartRun(ctx, "echo 'open"); err == nil || !strings.HasPrefix(err.Error(), "script:1:6:") {
		t.Errorf("syntax error: %v", err)
	}
	var out bytes.Buffer
	p, _ = (&shell.Runner{}).StartPipeline(ctx, shell.Command("echo", "hi").Pipe("tr", "a-z", "A-Z"), shell.WithStdout(&out))
	if res, err := p.Wait(); err != nil || out.String() != "HI\n" || len(res.Pipelines) != 1 {
		t.Errorf("StartPipeline: %q %v", out.String(), err)
	}
}
