package shell_test

import (
	"context"
	"errors"
	osexec "os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// runWithStderr runs `shell -c script` in a fresh directory and returns
// stdout, stderr with the shell's name as "SH" (and without the "line
// N: " bash puts after it for -c), and the status. It gives
// up after 10 seconds: these rows must fail at once.
func runWithStderr(t *testing.T, shell, script string) (string, string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := osexec.CommandContext(ctx, shell, "-c", script)
	cmd.Dir = t.TempDir()
	cmd.Env = []string{"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + cmd.Dir, "LC_ALL=C", "PWD=" + cmd.Dir}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var ee *osexec.ExitError
	switch {
	case ctx.Err() != nil:
		t.Fatalf("%s: still running after 10s; stderr %q", shell, stderr.String())
	case err != nil && !errors.As(err, &ee):
		t.Fatal(err)
	}
	errs := strings.ReplaceAll(stderr.String(), filepath.Base(shell)+": ", "SH: ")
	return string(out), bashLine.ReplaceAllString(errs, "SH: "), cmd.ProcessState.ExitCode()
}

var bashLine = regexp.MustCompile(`(?m)^SH: line [0-9]+: `)

// A redirection of a descriptor at or above the soft RLIMIT_NOFILE is
// "Bad file descriptor", status 1, at once (it used to grow descriptor
// tables to the fd's size: 1.9 GB for 99999999); closing one is a no-op.
// A file it names is created first, as in bash. `exec` with several
// redirections applies all or none. Every row runs under bash too
// (stdout, stderr, status).
func TestRedirBadFd(t *testing.T) {
	bin := plumbBinary(t)
	for _, c := range []struct {
		name, script, stdout, stderr string
	}{
		{"simple command", "echo hi 99999999>f; echo st=$?; ls", "st=1\nf\n", "SH: 99999999: Bad file descriptor\n"},
		{"external command", "echo x >f; cat 99999999<f; echo st=$?", "st=1\n", "SH: 99999999: Bad file descriptor\n"},
		{"external dup", "/bin/echo hi 99999999>&2; echo st=$?", "st=1\n", "SH: 2: Bad file descriptor\n"},
		{"exec", "exec 99999999>g; echo st=$?; ls", "st=1\ng\n", "SH: 99999999: Bad file descriptor\n"},
		{"block", "{ echo x; } 99999999>h; echo st=$?", "st=1\n", "SH: 99999999: Bad file descriptor\n"},
		{"dup", "echo hi 99999999>&1; echo st=$?", "st=1\n", "SH: 1: Bad file descriptor\n"},
		{"here-string", "cat 99999999<<<x; echo st=$?", "st=1\n", "SH: 99999999: Bad file descriptor\n"},
		{"in a pipeline", "echo hi 99999999>f | cat; echo st=$?", "st=0\n", "SH: 99999999: Bad file descriptor\n"},
		{"close is a no-op", "echo hi 99999999>&-; echo st=$?; { echo x; } 99999999>&-; exec 99999999>&-; echo st=$?", "hi\nst=0\nx\nst=0\n", ""},
		{"exec all or none", "exec 3>a 4>&9 5>b; echo st=$?; echo x >&3; echo y >&5; echo st=$?", "st=1\nst=1\n",
			"SH: 9: Bad file descriptor\nSH: 3: Bad file descriptor\nSH: 5: Bad file descriptor\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			out, errs, st := runWithStderr(t, bin, c.script)
			if out != c.stdout || errs != c.stderr || st != 0 {
				t.Errorf("plumb: got %q, stderr %q, status %d; want %q, stderr %q, status 0", out, errs, st, c.stdout, c.stderr)
			}
			if testing.Short() {
				return
			}
			out, errs, st = runWithStderr(t, "bash", c.script)
			if out != c.stdout || errs != c.stderr || st != 0 {
				t.Errorf("bash disagrees with the table: got %q, stderr %q, status %d", out, errs, st)
			}
		})
	}
}

// `exec 3>a 4>&9 5>b` with fd 9 closed leaves no file open in the plumb
// process: neither a (opened for fd 3) nor b, which plumb opens before
// it applies anything (bash opens in order and never gets to b).
func TestExecRedirsAllOrNone(t *testing.T) {
	bin := plumbBinary(t)
	out, errs, st := runWithStderr(t, bin, "exec 3>a 4>&9 5>b; echo st=$?; for f in /proc/$$/fd/*; do readlink $f; done; true")
	if !strings.HasPrefix(out, "st=1\n") || errs != "SH: 9: Bad file descriptor\n" || st != 0 {
		t.Fatalf("got %q, stderr %q, status %d", out, errs, st)
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.HasSuffix(l, "/a") || strings.HasSuffix(l, "/b") {
			t.Errorf("plumb holds %s after the failed exec; its descriptors:\n%s", l, out)
		}
	}
}
