package exec

import (
	"context"
	"errors"
	"strings"
	"syscall"
	"testing"
)

// Output gives the program's stdout and status, runs it with /dev/null
// as stdin and stderr and exactly those three descriptors, and leaves
// nothing open or unreaped, whether the program succeeds, fails or cannot
// be started.
func TestOutput(t *testing.T) {
	checkFDs(t)
	out, status, err := Output(context.Background(), "/bin/sh",
		[]string{"sh", "-c", `echo "$X"; cat; ls /proc/self/fd; readlink /proc/self/fd/2; exit 3`},
		[]string{"X=from env"})
	if err != nil {
		t.Fatal(err)
	}
	// ls's own directory descriptor is 3.
	want := "from env\n0\n1\n2\n3\n/dev/null\n"
	if string(out) != want || status != 3 {
		t.Errorf("got %q, status %d; want %q, status 3", out, status, want)
	}

	_, _, err = Output(context.Background(), "/nonexistent/prog", []string{"prog"}, nil)
	if !errors.Is(err, syscall.ENOENT) {
		t.Errorf("missing program: err = %v, want ENOENT", err)
	}

	// A cancelled context ends the program (and its group) and Output
	// returns once it is reaped.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out, status, err = Output(ctx, "/bin/sh", []string{"sh", "-c", "sleep 30; echo late"}, nil)
	if err == nil && (strings.Contains(string(out), "late") || status == 0) {
		t.Errorf("cancelled: got %q, status %d", out, status)
	}
}
