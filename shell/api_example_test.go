package shell_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/plumbsh/plumb/shell"
)

// One Runner shared by several callers; each call gives its own stdio,
// environment additions and directory.
func ExampleWithStdout() {
	r := &shell.Runner{Env: []string{"GREETING=hello"}}
	var a, b bytes.Buffer
	r.Run(context.Background(), `echo "$GREETING $WHO"`, shell.WithStdout(&a), shell.WithEnv("WHO=ada"))
	r.Run(context.Background(), `echo "$GREETING $WHO" | tr a-z A-Z`, shell.WithStdout(&b), shell.WithEnv("WHO=alan"))
	fmt.Print(a.String(), b.String())
	// Output:
	// hello ada
	// HELLO ALAN
}

// Pipelines built from one base share nothing: each call returns a new
// Pipeline.
func ExamplePipeline_Pipe() {
	base := shell.Command("printf", `b\na\nc\n`)
	sorted := base.Pipe("sort")
	counted := base.Pipe("wc", "-l")
	fmt.Println(base)
	fmt.Println(sorted)
	fmt.Println(counted)
	var out bytes.Buffer
	(&shell.Runner{Stdout: &out}).RunPipeline(context.Background(), sorted)
	fmt.Print(out.String())
	// Output:
	// printf 'b\na\nc\n'
	// printf 'b\na\nc\n' | sort
	// printf 'b\na\nc\n' | wc -l
	// a
	// b
	// c
}

// Go reads the state a Session's commands left.
func ExampleSession_Var() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	os.Mkdir(filepath.Join(dir, "build"), 0o755)
	se, _ := (&shell.Runner{Dir: dir}).Start(context.Background())
	defer se.Close()
	se.Run(context.Background(), `version=$(echo 1.2.3 | cut -d. -f1,2); cd build`)
	v, ok := se.Var("version")
	fmt.Println(v, ok, filepath.Base(se.Dir()))
	_, err := se.Run(context.Background(), "echo ok\nif true")
	fmt.Println(err)
	// Output:
	// 1.2 true build
	// session:2:8: expected `fi` to close `if` at 2:1
}

// A Go command sees the call's working directory and environment, like a
// program would; a panic in it fails that command only.
func ExampleCommandCtx() {
	pwd := func(ctx context.Context, args []string, files []*os.File) int {
		cc := shell.CommandCtx(ctx)
		fmt.Fprintln(cc.Stdout, filepath.Base(cc.Dir), len(cc.Env) > 0)
		return 0
	}
	boom := func(ctx context.Context, args []string, files []*os.File) int {
		panic("not implemented")
	}
	var out, errOut bytes.Buffer
	r := &shell.Runner{Dir: os.TempDir(), Stdout: &out, Stderr: &errOut, Unchecked: true,
		Commands: map[string]shell.CommandFunc{"gopwd": pwd, "boom": boom}}
	res, _ := r.Run(context.Background(), "cd /; gopwd | cat; boom")
	fmt.Print(out.String())
	fmt.Println(res.Status, strings.SplitN(errOut.String(), "\n", 2)[0])
	// Output:
	// / true
	// 70 plumb: boom: panic: not implemented
}

// A stage by name, without looping over the pipelines.
func ExampleResult_Stage() {
	res, _ := (&shell.Runner{}).Run(context.Background(), "seq 1 1000 | /usr/bin/tail -n 1 >/dev/null")
	tail, _ := res.Stage("tail")
	fmt.Println(tail.Argv, tail.Status, tail.Pid > 0)
	// Output:
	// [/usr/bin/tail -n 1] 0 true
}

// CheckCommands refuses a script that names a missing command before any
// of it runs.
func ExampleNotFoundError() {
	r := &shell.Runner{CheckCommands: true}
	_, err := r.Run(context.Background(), "echo start\nsetup-db --fresh | tee log")
	fmt.Println(err)
	// Output:
	// script:2:1: setup-db: command not found
}

// A job a Session started with & is reachable from Go.
func ExampleSession_LastJob() {
	se, _ := (&shell.Runner{}).Start(context.Background())
	defer se.Close()
	se.Run(context.Background(), "sleep 100 | cat &")
	job, _ := se.LastJob()
	fmt.Println(job, len(job.Pids()))
	res, status := job.Stop(time.Second)
	fmt.Println(status, res.Stages[0].Signal)
	// Output:
	// sleep 100 | cat 2
	// 143 terminated
}
