package interp

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// caughtSignals is the SigCgt mask of /proc/self/status: the signals this
// process has a handler for.
func caughtSignals(t *testing.T) uint64 {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "SigCgt:"); ok {
			m, err := strconv.ParseUint(strings.TrimSpace(v), 16, 64)
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
	}
	t.Fatal("no SigCgt in /proc/self/status")
	return 0
}

func sigBit(sig syscall.Signal) uint64 { return 1 << (uint(sig) - 1) }

// Before a script shell's process becomes a command, no signal it would
// die of is left to the runtime's handler, which would lose it if it
// arrived during execve (defaultsForExec, sigdefault_linux.go); a trap's
// signal is left to the trap, and a failed exec gives the runtime its
// handlers back. The race itself is timing; what is checked here is the
// state the kernel sees at execve.
func TestDefaultsForExec(t *testing.T) {
	null, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	s := newShell(t.TempDir(), nil, null, null, null)
	s.ownsSignals = true
	s.traps["USR2"] = "echo trapped"
	// The test binary's runtime catches these (and USR2) now.
	watched := []syscall.Signal{unix.SIGHUP, unix.SIGINT, unix.SIGTERM, unix.SIGUSR1, unix.SIGALRM}
	before := caughtSignals(t)
	for _, sig := range append(watched, unix.SIGUSR2) {
		if before&sigBit(sig) == 0 {
			t.Skipf("%v is not caught by the test binary's runtime (ignored by whoever started it?)", sig)
		}
	}
	undo := s.defaultsForExec()
	during := caughtSignals(t)
	undo()
	after := caughtSignals(t)
	for _, sig := range watched {
		if during&sigBit(sig) != 0 {
			t.Errorf("%v still caught at execve; want the kernel's default action", sig)
		}
	}
	if during&sigBit(unix.SIGUSR2) == 0 {
		t.Errorf("SIGUSR2 has a trap but lost its handler")
	}
	if after != before {
		t.Errorf("after a failed exec SigCgt is %#x, want %#x as before", after, before)
	}
}
