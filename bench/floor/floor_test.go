package main

import (
	"context"
	"os"
	osexec "os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The test binary is its own floor: with FLOOR_TEST_MAIN set it runs main.
func TestMain(m *testing.M) {
	if os.Getenv("FLOOR_TEST_MAIN") == "1" {
		main()
		return
	}
	// Descriptors the test process inherited without close-on-exec (a
	// terminal's, a CI runner's) would reach every stage and spoil the
	// exact-table check.
	ents, _ := os.ReadDir("/proc/self/fd")
	for _, e := range ents {
		if fd, err := strconv.Atoi(e.Name()); err == nil && fd > 2 {
			syscall.CloseOnExec(fd)
		}
	}
	os.Exit(m.Run())
}

var modes = []string{"seq", "pidfd", "par", "vfork", "novfork"}

// floor runs the floor with args and returns its stdout and exit status.
// A leaked write end makes a reader wait for EOF forever: the context
// turns that hang into a failure (it bounds a hang, it does not time
// anything: a passing run takes milliseconds).
func floor(t *testing.T, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := osexec.CommandContext(ctx, os.Args[0], args...)
	// floor's stages inherit its stdout: kill them with it, and stop
	// waiting for the pipe when only they hold it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = time.Second
	cmd.Env = append(os.Environ(), "FLOOR_TEST_MAIN=1")
	var errb strings.Builder
	cmd.Stderr = &errb
	out, err := cmd.Output()
	status := 0
	if ee, ok := err.(*osexec.ExitError); ok {
		status = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("floor %v: %v", args, err)
	}
	if ctx.Err() != nil {
		t.Fatalf("floor %v hung (a descriptor leaked into a stage?), killed", args)
	}
	if status != 0 {
		t.Logf("floor %v: status %d, stderr %q", args, status, errb.String())
	}
	return string(out), status
}

func TestFloorModes(t *testing.T) {
	cases := []struct {
		name   string
		args   []string
		out    string
		status int
	}{
		{"pipeline", []string{"/bin/echo", "hi", "|", "tr", "a-z", "A-Z", "|", "cat"}, "HI\n", 0},
		{"last stage's status", []string{"/bin/true", "|", "/bin/sh", "-c", "exit 3"}, "", 3},
		{"first stage's status is not the pipeline's", []string{"/bin/sh", "-c", "exit 4", "|", "/bin/true"}, "", 0},
		// ls lists its own table: 0, 1, 2 from floor, 3 its directory.
		{"exact descriptor table", []string{"/bin/true", "|", "/bin/ls", "/proc/self/fd", "|", "cat"}, "0\n1\n2\n3\n", 0},
		{"stdin from -in", []string{"-in", "/dev/null", "cat", "|", "wc", "-c"}, "0\n", 0},
		{"repeat", []string{"-repeat", "3", "/bin/echo", "x"}, "x\nx\nx\n", 0},
		{"long pipeline", append([]string{"/bin/echo", "end"}, strings.Fields(strings.Repeat("| cat ", 50))...), "end\n", 0},
	}
	for _, mode := range modes {
		for _, c := range cases {
			t.Run(mode+"/"+c.name, func(t *testing.T) {
				out, status := floor(t, append([]string{"-mode", mode}, c.args...)...)
				if out != c.out || status != c.status {
					t.Errorf("got %q, status %d; want %q, status %d", out, status, c.out, c.status)
				}
			})
		}
	}
}

// A stage that cannot be exec'd fails the run: floor's own message and
// status 2 where ForkExec reports the errno, 127 from the child in the
// modes without a status pipe.
func TestFloorExecFailure(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			_, status := floor(t, "-mode", mode, "/nonexistent/cmd")
			want := 2
			if mode == "vfork" || mode == "novfork" {
				want = 127
			}
			if status != want {
				t.Errorf("status %d, want %d", status, want)
			}
		})
	}
}

func TestFloorLinks(t *testing.T) {
	for _, link := range []string{"pipe", "unix", "tcp"} {
		t.Run(link, func(t *testing.T) {
			out, status := floor(t, "-link", link, "-pipesize", "1048576",
				"head", "-c", "3000000", "/dev/zero", "|", "cat", "|", "wc", "-c")
			if out != "3000000\n" || status != 0 {
				t.Errorf("got %q, status %d; want 3000000 bytes through, status 0", out, status)
			}
		})
	}
}
