package shell_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/plumbsh/plumb/parser"
	"github.com/plumbsh/plumb/shell"
)

// Goroutines sharing one Runner each give their call its own stdio,
// environment and directory; the Runner is left as it was.
func TestCallOptions(t *testing.T) {
	ctx := hangGuard(t)
	base := t.TempDir()
	r := &shell.Runner{Dir: base, Env: []string{"WHO=base"}}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sub := fmt.Sprint("d", i)
			os.Mkdir(filepath.Join(base, sub), 0o755)
			var out, errOut bytes.Buffer
			_, err := r.Run(ctx, `read x; echo "$x $WHO ${PWD##*/}"; echo e$x >&2`,
				shell.WithStdin(strings.NewReader(fmt.Sprintln(i))), shell.WithStdout(&out), shell.WithStderr(&errOut),
				shell.WithEnv(fmt.Sprint("WHO=g", i)), shell.WithDir(sub))
			if want := fmt.Sprintf("%d g%d d%d\n", i, i, i); err != nil || out.String() != want || errOut.String() != fmt.Sprintf("e%d\n", i) {
				errs <- fmt.Errorf("call %d: %q %q %v, want %q", i, out.String(), errOut.String(), err, want)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if r.Stdout != nil || r.Stdin != nil || len(r.Env) != 1 || r.Dir != base {
		t.Errorf("the Runner changed: %+v", r)
	}
	// RunFile through With.
	os.WriteFile(filepath.Join(base, "s.sh"), []byte("echo $1 $WHO\n"), 0o644)
	var out bytes.Buffer
	if _, err := r.With(shell.WithStdout(&out), shell.WithEnv("WHO=file")).RunFile(ctx, "s.sh", "arg"); err != nil || out.String() != "arg file\n" {
		t.Errorf("RunFile: %q %v", out.String(), err)
	}
}

// Run reports a command that could not be found or executed in its
// stage's Err, as RunPipeline's StartError does.
func TestRunStageErrNotFound(t *testing.T) {
	ctx := hangGuard(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "noexec"), []byte("echo\n"), 0o644)
	res, _ := (&shell.Runner{Dir: dir, Unchecked: true}).Run(ctx, "no-such-command-zz | cat; ./noexec; echo ok | cat")
	if len(res.Pipelines) != 3 {
		t.Fatalf("%d pipelines", len(res.Pipelines))
	}
	for _, c := range []struct {
		sr    int
		errno syscall.Errno
	}{{0, syscall.ENOENT}, {1, syscall.EACCES}} {
		st := res.Pipelines[c.sr].Stages[0]
		var pe *os.PathError
		if !errors.As(st.Err, &pe) || pe.Err != c.errno || pe.Path != st.Argv[0] {
			t.Errorf("%s: Err = %v, want %v", st.Argv[0], st.Err, c.errno)
		}
	}
	for i, p := range res.Pipelines {
		for j, st := range p.Stages {
			if (i == 0 && j == 0) || i == 1 {
				continue
			}
			if st.Err != nil {
				t.Errorf("pipeline %d stage %d (%s): Err %v", i, j, st.Argv[0], st.Err)
			}
		}
	}
}

// Pipelines built from one base share nothing.
func TestPipelineImmutable(t *testing.T) {
	ctx := hangGuard(t)
	base := shell.Command("echo", "a")
	b := base.Pipe("tr", "a", "b")
	c := base.Pipe("tr", "a", "c")
	bu := b.Link(shell.LinkUnix, "cat")
	bt := b.Pipe("tr", "b", "t")
	for _, x := range []struct {
		p    *shell.Pipeline
		want string
	}{{base, "a"}, {b, "b"}, {c, "c"}, {bu, "b"}, {bt, "t"}} {
		var out bytes.Buffer
		if _, err := (&shell.Runner{Stdout: &out}).RunPipeline(ctx, x.p); err != nil || out.String() != x.want+"\n" {
			t.Errorf("%s: %q %v, want %q", x.p, out.String(), err, x.want)
		}
	}
	if got := bu.String(); got != "echo a | tr a b |> cat" {
		t.Errorf("bu = %s", got)
	}
}

// A Session names its source in parse errors; Go reads a variable and
// the working directory.
func TestSessionNameVarDir(t *testing.T) {
	ctx := hangGuard(t)
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	se, err := (&shell.Runner{Dir: dir, Unchecked: true}).Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer se.Close()
	_, err = se.Run(ctx, "true\n\necho 'unterminated")
	var pe *parser.Error
	if !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), "session:3:6: ") {
		t.Errorf("parse error %v", err)
	}
	if _, err := se.Run(ctx, "x='a b'; cd sub; arr=(one two)"); err != nil {
		t.Fatal(err)
	}
	if v, ok := se.Var("x"); !ok || v != "a b" {
		t.Errorf("x = %q, %v", v, ok)
	}
	if v, ok := se.Var("arr"); !ok || v != "one" {
		t.Errorf("arr = %q, %v", v, ok)
	}
	if _, ok := se.Var("unset_zz"); ok {
		t.Error("an unset variable is set")
	}
	if d := se.Dir(); d != filepath.Join(dir, "sub") {
		t.Errorf("Dir() = %q", d)
	}
	se2, _ := (&shell.Runner{Name: "setup", Unchecked: true}).Start(ctx)
	defer se2.Close()
	if _, err := se2.Run(ctx, "fi"); err == nil || !strings.HasPrefix(err.Error(), "setup:1:1: ") {
		t.Errorf("named: %v", err)
	}
}

// A Session's background jobs are reachable from Go: pids, signal, stop,
// wait.
func TestSessionJobs(t *testing.T) {
	ctx := hangGuard(t)
	se, err := (&shell.Runner{Unchecked: true}).Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer se.Close()
	if _, ok := se.LastJob(); ok {
		t.Error("a job before any started")
	}
	if _, err := se.Run(ctx, "sleep 100 & sh -c 'trap \"\" TERM; exec sleep 100' | cat &"); err != nil {
		t.Fatal(err)
	}
	jobs := se.Jobs()
	last, ok := se.LastJob()
	if len(jobs) != 2 || !ok || last.String() != jobs[1].String() || len(last.Pids()) != 2 {
		t.Fatalf("jobs %v, last %v %v", jobs, last, ok)
	}
	pid := jobs[0].Pids()[0]
	if err := jobs[0].Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if res, st := jobs[0].Wait(); st != 143 || res.Stages[0].Signal != syscall.SIGTERM || alive(pid) {
		t.Errorf("signalled job: %d %+v", st, res)
	}
	// Stop only once sh has ignored SIGTERM and become sleep: before
	// that, SIGTERM would end it at once.
	comm := func() string { b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", last.Pids()[0])); return string(b) }
	waitUntil(t, func() bool { return comm() == "sleep\n" },
		func() string { return fmt.Sprintf("the job's sh never exec'd sleep (comm %q)", comm()) })
	start := time.Now()
	if res, st := last.Stop(100 * time.Millisecond); st != 143 || res.Stages[0].Signal != syscall.SIGKILL || res.Stages[1].Signal != syscall.SIGTERM {
		t.Errorf("stopped job: %d %+v", st, res)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("Stop took %v", took)
	}
	for _, pid := range last.Pids() {
		if alive(pid) {
			t.Errorf("pid %d alive after Stop", pid)
		}
	}
}
