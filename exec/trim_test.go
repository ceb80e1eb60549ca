package exec

import (
	"context"
	"os"
	osexec "os/exec"
	"slices"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// trimTable drops only the tail that asks the child for nothing execve
// does not do anyway, and keeps the numbers ForkExec's child moves
// descriptors to free of inherited ones it would clobber.
func TestTrimTable(t *testing.T) {
	const c = ^uintptr(0) // closed
	// Descriptors of this test process without close-on-exec, at numbers
	// nothing else uses (the scan of a real start would have found them).
	inh := []int{200, 210, 211}
	for _, fd := range inh {
		if err := unix.Dup2(0, fd); err != nil { // dup2 leaves the flag off
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		for _, fd := range inh {
			unix.Close(fd)
		}
	})
	table := func(n int, set map[int]uintptr) []uintptr {
		fds := make([]uintptr, n)
		for i := range fds {
			fds[i] = c
		}
		fds[0], fds[1], fds[2] = 0, 1, 2
		for i, fd := range set {
			fds[i] = fd
		}
		return fds
	}
	for _, tc := range []struct {
		name    string
		fds     []uintptr
		want    int
		cloexec int // an inherited number made close-on-exec for the case
	}{
		{"padding over no inherited number", table(150, map[int]uintptr{5: 9}), 6, 0},
		{"padding over open inherited ones", table(212, map[int]uintptr{5: 9}), 212, 0},
		{"inherited fds passed on as themselves", table(212, map[int]uintptr{200: 200, 210: 210, 211: 211}), 3, 0},
		{"an inherited fd to close", table(212, map[int]uintptr{210: 210}), 212, 0},
		{"an inherited number that is now close-on-exec", table(201, nil), 3, 200},
		{"a number passed as itself that is not open here", table(151, map[int]uintptr{150: 150}), 151, 0},
		{"another source", table(212, map[int]uintptr{7: 201, 200: 200, 210: 210, 211: 211}), 8, 0},
		// The child moves the error pipe and the sources below their
		// index to the numbers above the highest of 208 and the table's
		// length: 209, 210, 211 would be 210 and 211.
		{"moves onto inherited numbers", table(212, map[int]uintptr{3: 208, 4: 1, 200: 200, 210: 210, 211: 211}), 212, 0},
		{"moves clear of them", table(212, map[int]uintptr{3: 100, 200: 200, 210: 210, 211: 211}), 4, 0},
	} {
		if tc.cloexec > 0 {
			unix.CloseOnExec(tc.cloexec)
		}
		if got := len(trimTable(slices.Clone(tc.fds), inh)); got != tc.want {
			t.Errorf("%s: length %d, want %d", tc.name, got, tc.want)
		}
		if tc.cloexec > 0 {
			unix.FcntlInt(uintptr(tc.cloexec), unix.F_SETFD, 0)
		}
	}
}

// trimEnv runs TestInheritedPassThrough's child half.
const trimEnv = "PLUMB_EXEC_TRIM"

// In a process that inherited descriptors without close-on-exec, a stage
// that names them gets them, one that does not gets none, and one whose
// table moves descriptors gets exactly its table too: what a child gets
// is its table, whether the table reaches the inherited numbers or was
// trimmed below them. The child half runs in a process of its own, so
// its inherited descriptors are there before its first Start scans.
func TestInheritedPassThrough(t *testing.T) {
	if os.Getenv(trimEnv) != "" {
		trimChild(t)
		return
	}
	cmd := osexec.Command(testExe, "-test.run=^TestInheritedPassThrough$", "-test.v")
	cmd.Env = append(os.Environ(), trimEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
}

func trimChild(t *testing.T) {
	for _, fd := range []int{40, 41, 42} {
		if err := unix.Dup2(2, fd); err != nil {
			t.Fatal(err)
		}
	}
	passed := func(fds ...int) []*os.File {
		files := []*os.File{devNull, nil, os.Stderr}
		for _, fd := range fds {
			for len(files) <= fd {
				files = append(files, nil)
			}
			files[fd] = os.NewFile(uintptr(fd), "inherited")
		}
		return files
	}
	moves := passed(40, 41, 42)
	// Two sources below their index (fd 0 onto 3, fd 2 onto 4) and the
	// error pipe: a table trimmed to 5 would have the child move them
	// onto 38..41 or so — wherever its nextfd lands, 40 and 41 must not
	// be among them.
	moves[3], moves[4] = os.Stdin, os.Stderr
	for _, tc := range []struct {
		name  string
		files []*os.File
		want  string
	}{
		{"named", passed(40, 41, 42), "0 1 2 40 41 42"},
		{"not named", passed(), "0 1 2"},
		{"one of them", passed(41), "0 1 2 41"},
		{"moves", moves, "0 1 2 3 4 40 41 42"},
	} {
		out := newCapture(t)
		st := hs(out.File, os.Stderr, "fds")
		st.Files = slices.Clone(tc.files)
		st.Files[1] = out.File
		if _, err := Run(context.Background(), &Plan{Stages: []*Stage{st}}); err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimSpace(out.String()); got != tc.want {
			t.Errorf("%s: child has %q, want %q", tc.name, got, tc.want)
		}
	}
}
