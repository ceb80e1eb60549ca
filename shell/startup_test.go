package shell_test

import (
	"errors"
	"fmt"
	"os"
	osexec "os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// lowLimitRun runs `bash -c 'LIMIT; exec PLUMB -c SCRIPT'` in a fresh
// directory and returns its combined output and status. bash first
// closes every descriptor above 2 that the test inherited (a CI
// runner's), so the count of free ones is the same everywhere.
func lowLimitRun(t *testing.T, limit, bin, script string, cred *syscall.Credential) (string, int) {
	t.Helper()
	closeAll := `for f in /proc/$$/fd/*; do n=${f##*/}; if [ "$n" -gt 2 ]; then eval "exec $n>&-"; fi; done; `
	cmd := osexec.Command("bash", "-c", closeAll+limit+"; exec \"$0\" -c \"$1\"", bin, script)
	cmd.Dir = t.TempDir()
	cmd.Env = []string{"PATH=/usr/local/bin:/usr/bin:/bin", "LC_ALL=C"}
	if cred != nil {
		cmd.Dir = "/" // the test's directories are not nobody's
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	}
	out, err := cmd.CombinedOutput()
	var ee *osexec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	return string(out), cmd.ProcessState.ExitCode()
}

// noRuntimeDump fails the test if out holds anything but plumb's own
// one-line messages: a Go runtime abort prints "fatal error:" and a
// goroutine dump.
func noRuntimeDump(t *testing.T, what, out string) {
	t.Helper()
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.HasPrefix(l, "fatal error") || strings.HasPrefix(l, "goroutine ") || strings.HasPrefix(l, "runtime:") || strings.HasPrefix(l, "panic:") {
			t.Errorf("%s: the Go runtime aborted:\n%s", what, out)
			return
		}
	}
}

// Under a low descriptor limit plumb runs what fits and fails what does
// not with one line, never with a runtime abort: `ulimit -n 6; plumb -c
// "cat /dev/null|cat|cat"` used to die in the runtime's poller set-up
// (netpollinit: epoll_create failed) when the pipe budget read a /proc
// file through os.ReadFile. Too few descriptors to run at all is one
// line and status 126; with ten, everything below works.
func TestStartupLowFdLimit(t *testing.T) {
	bin := plumbBinary(t)
	script := "cat /dev/null|cat|cat; echo st=$?; x=$(echo sub); echo $x; echo hi >f; cat <f; cat <<EOF | cat\nheredoc\nEOF"
	for n := 4; n <= 12; n++ {
		out, st := lowLimitRun(t, fmt.Sprintf("ulimit -n %d", n), bin, script, nil)
		t.Logf("ulimit -n %d: status %d\n%s", n, st, out)
		noRuntimeDump(t, fmt.Sprintf("ulimit -n %d", n), out)
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			if strings.Contains(l, ":") && !strings.HasPrefix(l, "plumb: ") {
				t.Errorf("ulimit -n %d: %q is not one of plumb's messages", n, l)
			}
		}
		switch {
		case st == 126:
			if out != fmt.Sprintf("plumb: too few file descriptors to run (ulimit -n %d)\n", n) || n > 5 {
				t.Errorf("ulimit -n %d: status 126 with %q", n, out)
			}
		case st != 0 && st != 1:
			t.Errorf("ulimit -n %d: status %d", n, st)
		case n >= 10 && out != "st=0\nsub\nhi\nheredoc\n":
			t.Errorf("ulimit -n %d: got %q", n, out)
		}
	}
	// The issue's own line.
	out, st := lowLimitRun(t, "ulimit -n 6", bin, "cat /dev/null|cat|cat", nil)
	noRuntimeDump(t, "ulimit -n 6", out)
	if strings.Count(out, "\n") != 1 || st != 1 {
		t.Errorf("ulimit -n 6: status %d, %q; want one line and status 1", st, out)
	}
}

// The Go runtime needs a few threads before plumb's first instruction
// (four or five here, as many for an empty program, depending on how
// its start-up goroutines race) and aborts with a dump if it cannot have
// them: nothing a Go program can prevent. After that, plumb needs no
// thread the limit could refuse: its forks that the limit refuses are
// one line each. So under `ulimit -u N` as an ordinary user, `plumb -c
// true` and a pipeline either run, or fail in plumb's words, or die in
// the runtime before main, never after.
func TestStartupLowProcLimit(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to run as nobody, whose process count the limit holds")
	}
	if testing.Short() {
		t.Skip("builds an empty Go program")
	}
	dir, err := os.MkdirTemp("", "plumb-nproc-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	os.Chmod(dir, 0o755)
	// Built as the README says, without cgo: with it, threads come from
	// pthread_create, which needs one more and aborts in C when refused.
	bin, empty := filepath.Join(dir, "plumb"), filepath.Join(dir, "empty")
	os.WriteFile(filepath.Join(dir, "empty.go"), []byte("package main\n\nfunc main() {}\n"), 0o644)
	for _, args := range [][]string{{"-o", bin, "github.com/plumbsh/plumb/cmd/plumb"}, {"-o", empty, filepath.Join(dir, "empty.go")}} {
		cmd := osexec.Command("go", append([]string{"build"}, args...)...)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
	}
	nobody := &syscall.Credential{Uid: 65534, Gid: 65534}
	for n := 1; n <= 8; n++ {
		limit := fmt.Sprintf("ulimit -u %d", n)
		_, emptySt := lowLimitRun(t, limit, empty, "", nobody)
		for _, script := range []string{"true", "cat /dev/null|cat|cat; echo st=$?"} {
			out, st := lowLimitRun(t, limit, bin, script, nobody)
			t.Logf("%s: empty Go program %d, plumb -c %q %d", limit, emptySt, script, st)
			if strings.Contains(out, "fatal error") {
				// The runtime's own start-up, before main: any Go
				// program's lot.
				if strings.Contains(out, "main.main(") {
					t.Errorf("%s: %s: the runtime aborted after main:\n%s", limit, script, out)
				}
				continue
			}
			noRuntimeDump(t, limit, out)
			if st != 0 && st != 1 {
				t.Errorf("%s: %s: status %d\n%s", limit, script, st, out)
			}
		}
	}
}

// A descriptor plumb inherited without close-on-exec reaches every
// command, as from sh; one above 1023, which plumb does not pass on,
// reaches none (exec closes it in every child). plumb scans its
// inherited descriptors once, at start-up, and its first command reuses
// that scan to know how far to close: a stale or missing scan would let
// fd 1500 through.
func TestInheritedDescriptors(t *testing.T) {
	out, errText, st := runWithStderr(t, "bash", "ulimit -n 2048 || exit 99; exec 7>/dev/null 1500>/dev/null; exec "+plumbBinary(t)+" -c 'ls /proc/self/fd'")
	if st == 99 {
		t.Skip("cannot raise the descriptor limit to 2048")
	}
	if got := strings.Fields(out); !slices.Contains(got, "7") || slices.Contains(got, "1500") || errText != "" || st != 0 {
		t.Errorf("got %q, stderr %q, status %d; want fd 7 and not fd 1500", got, errText, st)
	}
}
