package shell_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/plumbsh/plumb/shell"
)

// failingWriter fails every Write.
type failingWriter struct{}

var errWrite = errors.New("disk full")

func (failingWriter) Write([]byte) (int, error) { return 0, errWrite }

// An error of the caller's writer or reader is the call's error, as with
// os/exec, and the commands are not disturbed by it.
func TestRunnerIOErrors(t *testing.T) {
	checkFDs(t)
	ctx := hangGuard(t)
	res, err := (&shell.Runner{Stdout: failingWriter{}}).Run(ctx, "seq 1 1000")
	if !errors.Is(err, errWrite) {
		t.Errorf("failing stdout: err = %v, want %v", err, errWrite)
	}
	if res == nil || res.Status != 0 {
		t.Errorf("failing stdout: result %+v, want status 0 (the command is not disturbed)", res)
	}
	// Stderr, merged with stdout or not.
	for _, r := range []*shell.Runner{{Stderr: failingWriter{}}, {Stdout: failingWriter{}, Stderr: failingWriter{}}} {
		if _, err := r.Run(ctx, "echo x >&2"); !errors.Is(err, errWrite) {
			t.Errorf("failing stderr: err = %v", err)
		}
	}
	errRead := errors.New("network gone")
	var out bytes.Buffer
	_, err = (&shell.Runner{Stdin: iotest.ErrReader(errRead), Stdout: &out}).Run(ctx, "cat; echo done")
	if !errors.Is(err, errRead) || out.String() != "done\n" {
		t.Errorf("failing stdin: %q, err = %v, want %v", out.String(), err, errRead)
	}
	// A non-zero status wins, as in os/exec.
	if _, err := (&shell.Runner{Stdout: failingWriter{}}).Run(ctx, "echo x; exit 3"); !strings.HasPrefix(fmtErr(err), "exit status 3") {
		t.Errorf("failing stdout and exit 3: err = %v", err)
	}
	// A Session: the error is the call's, the next call tries again.
	se, err := (&shell.Runner{Stdout: failingWriter{}}).Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := se.Run(ctx, "echo one"); !errors.Is(err, errWrite) {
		t.Errorf("session call: err = %v", err)
	}
	if _, err := se.Run(ctx, "true"); err != nil {
		t.Errorf("session call without output: err = %v", err)
	}
	if err := se.Close(); err != nil {
		t.Error(err)
	}
}

func fmtErr(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// A background job that prints between the calls of a Session does not
// write into the caller's buffer while the caller reads it (go test
// -race): its output is held and comes at the start of the next call.
func TestSessionBackgroundOutputBetweenCalls(t *testing.T) {
	warmUpJobs(t)
	checkFDs(t)
	ctx := hangGuard(t)
	var out bytes.Buffer
	se, err := (&shell.Runner{Stdout: &out, Stderr: &out}).Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := se.Run(ctx, "(while :; do echo tick; sleep 0.002; done) &"); err != nil {
		t.Fatal(err)
	}
	ticks := 0
	// At least 50 calls, and on until a tick has come between two of
	// them: the job may be slow to start under load.
	deadline := time.Now().Add(hangDeadline)
	for i := 0; i < 50 || ticks == 0 && time.Now().Before(deadline); i++ {
		out.Reset()
		if _, err := se.Run(ctx, "echo one"); err != nil {
			t.Fatal(err)
		}
		// The reads race with the job's writes unless the session holds
		// them; -race reports it.
		// The held ticks come first; a tick the job prints while the
		// call runs may land before or after "one".
		got := out.String()
		lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
		ones := 0
		for _, l := range lines {
			switch l {
			case "one":
				ones++
			case "tick":
				ticks++
			default:
				t.Fatalf("call %d: %q", i, got)
			}
		}
		if ones != 1 {
			t.Fatalf("call %d: %q, want one \"one\" among ticks", i, got)
		}
		for j := 0; j < 1000 && strings.Count(out.String(), "\n") == len(lines); j++ {
			// Reading the buffer again while the job prints: nothing
			// may arrive between calls.
		}
		if out.String() != got {
			t.Fatalf("call %d: the buffer changed after the call returned", i)
		}
	}
	if ticks == 0 {
		t.Error("no tick arrived between calls")
	}
	if err := se.Close(); err != nil {
		t.Error(err)
	}
	assertNoChildren(t)
}
