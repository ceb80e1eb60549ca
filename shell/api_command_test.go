package shell_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/plumbsh/plumb/shell"
)

// A CommandFunc sees the call's working directory, environment and
// descriptors, in the shell and as a pipeline stage.
func TestCommandFuncContext(t *testing.T) {
	ctx := hangGuard(t)
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	where := func(ctx context.Context, args []string, files []*os.File) int {
		cc := shell.CommandCtx(ctx)
		x := ""
		for _, kv := range cc.Env {
			if v, ok := strings.CutPrefix(kv, "X="); ok {
				x = v
			}
		}
		fmt.Fprintf(cc.Stdout, "%s dir=%s X=%s stdout=fd1:%v\n", args[1], filepath.Base(cc.Dir), x, cc.Stdout == files[1])
		return 0
	}
	var out bytes.Buffer
	r := &shell.Runner{Dir: dir, Stdout: &out, Commands: map[string]shell.CommandFunc{"where": where}}
	_, err := r.Run(ctx, "where a; cd sub; export X=1; where b; X=2 where c | cat; (cd ..; where d)")
	want := fmt.Sprintf("a dir=%s X= stdout=fd1:true\nb dir=sub X=1 stdout=fd1:true\nc dir=sub X=2 stdout=fd1:true\nd dir=%[1]s X=1 stdout=fd1:true\n", filepath.Base(dir))
	if err != nil || out.String() != want {
		t.Errorf("got %q %v\nwant %q", out.String(), err, want)
	}
	out.Reset()
	if _, err := r.RunPipeline(ctx, shell.Command("where", "e").Pipe("cat")); err != nil || out.String() != "e dir="+filepath.Base(dir)+" X= stdout=fd1:true\n" {
		t.Errorf("RunPipeline: %q %v", out.String(), err)
	}
}

// A panic in a CommandFunc is that command's failure: status 70, the
// panic and its stack on its stderr; the program and the script go on.
func TestCommandFuncPanic(t *testing.T) {
	ctx := hangGuard(t)
	boom := func(ctx context.Context, args []string, files []*os.File) int { panic("kaboom") }
	var out, errOut bytes.Buffer
	r := &shell.Runner{Stdout: &out, Stderr: &errOut, Options: []string{"pipefail"},
		Commands: map[string]shell.CommandFunc{"boom": boom}}
	res, err := r.Run(ctx, "echo a | boom | cat; echo status $?; boom x")
	if out.String() != "status 70\n" {
		t.Errorf("stdout %q", out.String())
	}
	if n := strings.Count(errOut.String(), "plumb: boom: panic: kaboom\n"); n != 2 || !strings.Contains(errOut.String(), "goroutine ") {
		t.Errorf("stderr %q", errOut.String())
	}
	e, ok := shell.IsExit(err)
	if !ok || e.Status != 70 || e.Kind != "command" || !slices.Equal(e.Stage, []string{"boom", "x"}) {
		t.Errorf("err %v", err)
	}
	if st := res.Pipelines[0].Stages[1]; st.Status != 70 {
		t.Errorf("boom's stage: %+v", st)
	}
	if _, err := r.RunPipeline(ctx, shell.Command("boom")); err == nil || !strings.Contains(err.Error(), "exit status 70: command boom (stage 0 of pipeline 0) exited 70") {
		t.Errorf("RunPipeline: %v", err)
	}
}
