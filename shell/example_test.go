package shell_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/plumbsh/plumb/shell"
)

// Run a script and look at what each stage of its pipeline did.
func ExampleRunner_Run() {
	var out bytes.Buffer
	r := &shell.Runner{Stdout: &out}
	res, err := r.Run(context.Background(), "printf 'b\\na\\n' | sort | tr a-z A-Z")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(out.String())
	for _, st := range res.Pipelines[0].Stages {
		fmt.Println(st.Argv[0], "status", st.Status, "own process:", st.Pid > 0)
	}
	// Output:
	// A
	// B
	// printf status 0 own process: false
	// sort status 0 own process: true
	// tr status 0 own process: true
}

// A non-zero status is an *ExitError that names the command that
// produced it, quoted as shell words, and shows the end of stderr;
// Unchecked makes it a plain result.
func ExampleExitError() {
	r := &shell.Runner{Options: []string{"pipefail"}}
	_, err := r.Run(context.Background(), "echo data | sh -c 'echo cannot parse >&2; exit 3' | cat")
	if e, ok := shell.IsExit(err); ok {
		fmt.Println(e.Status, e.Stage[0], e.Index)
		fmt.Print(e.StderrTail)
	}
	fmt.Println(err)

	r.Unchecked = true
	res, err := r.Run(context.Background(), "exit 4")
	fmt.Println(res.Status, err)
	// Output:
	// 3 sh 1
	// cannot parse
	// exit status 3: sh -c 'echo cannot parse >&2; exit 3' (stage 1 of pipeline 0) exited 3
	// stderr:
	// cannot parse
	// 4 <nil>
}

// Stdin from bytes; stdout and stderr merged into one buffer, in the
// order they were written.
func ExampleRunner_Stdin() {
	var out bytes.Buffer
	r := &shell.Runner{
		Stdin:  strings.NewReader("3\n1\n2\n"),
		Stdout: &out,
		Stderr: &out,
	}
	_, err := r.Run(context.Background(), "sort -n; echo done >&2")
	fmt.Print(out.String(), err)
	// Output:
	// 1
	// 2
	// 3
	// done
	// <nil>
}

// A fake `curl` written in Go is a real stage of the pipeline: it reads
// its fd 0 and writes its fd 1.
func ExampleRunner_Commands() {
	curl := func(ctx context.Context, args []string, files []*os.File) int {
		fmt.Fprintf(files[1], "{\"url\": %q}\n", args[len(args)-1])
		return 0
	}
	var out bytes.Buffer
	r := &shell.Runner{
		Stdout:   &out,
		Commands: map[string]shell.CommandFunc{"curl": curl},
	}
	res, _ := r.Run(context.Background(), "curl -s https://api.example/v1 | tr a-z A-Z")
	fmt.Print(out.String())
	fmt.Println(res.Pipelines[0].Stages[0].Func())
	// Output:
	// {"URL": "HTTPS://API.EXAMPLE/V1"}
	// true
}

// A script file with arguments, in its own directory.
func ExampleRunner_RunFile() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "count.sh"), []byte("printf '%s\\n' \"$@\" | wc -l\n"), 0o644)
	var out bytes.Buffer
	r := &shell.Runner{Dir: dir, Stdout: &out}
	_, err := r.RunFile(context.Background(), "count.sh", "a", "b c", "d")
	fmt.Print(strings.TrimSpace(out.String()), " ", err)
	// Output: 3 <nil>
}

// A pipeline given as argv slices: no quoting, no expansion; the second
// link is a Unix socket (|>).
func ExampleRunner_RunPipeline() {
	var out bytes.Buffer
	r := &shell.Runner{Stdout: &out}
	p := shell.Command("printf", "%s\n", "$HOME isn't expanded", "*").
		Pipe("sort").
		Link(shell.LinkUnix, "tr", "a-z", "A-Z")
	res, err := r.RunPipeline(context.Background(), p)
	fmt.Print(out.String())
	fmt.Println(len(res.Pipelines[0].Stages), err)
	// Output:
	// $HOME ISN'T EXPANDED
	// *
	// 3 <nil>
}

// A deadline ends every process the run started, SIGTERM first, SIGKILL
// after Grace.
func ExampleRunner_Run_cancel() {
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	r := &shell.Runner{Grace: 500 * time.Millisecond}
	start := time.Now()
	res, err := r.Run(ctx, "sh -c 'sleep 100 & sleep 100' | cat")
	fmt.Println(err, time.Since(start) < 5*time.Second)
	fmt.Println(res.Pipelines[0].Stages[0].Signal)
	// Output:
	// context deadline exceeded true
	// terminated
}

// A Session keeps the shell between calls, like lines typed at a prompt.
func ExampleSession() {
	var out bytes.Buffer
	r := &shell.Runner{Stdout: &out, Stderr: &out}
	se, _ := r.Start(context.Background())
	defer se.Close()
	for _, line := range []string{"x=41", "inc() { echo $(($1 + 1)); }", "inc $x", "no-such-command"} {
		out.Reset()
		res, _ := se.Run(context.Background(), line)
		sc := bufio.NewScanner(&out)
		for sc.Scan() {
			fmt.Printf("%-28s | %s\n", line, sc.Text())
		}
		if res.Status != 0 {
			fmt.Printf("%-28s | [exit %d]\n", line, res.Status)
		}
	}
	// Output:
	// inc $x                       | 42
	// no-such-command              | plumb: no-such-command: command not found
	// no-such-command              | [exit 127]
}
