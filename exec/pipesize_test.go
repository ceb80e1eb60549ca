package exec

import (
	"context"
	"io"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// AutoPipeSize enlarges a short pipeline's pipe to 1 MiB (or
// pipe-max-size), a long pipeline's not at all, and gives the budget back
// when the pipeline ends.
func TestAutoPipeSize(t *testing.T) {
	pipeBudget.once.Do(initPipeBudget)
	if pipeBudget.maxPages <= defaultPipePages {
		t.Skip("pipe-max-size allows no pipe above 64 KiB")
	}
	want := pipeBudget.maxPages * pipeBudget.page
	for _, tc := range []struct {
		stages int
		want   string
	}{
		{2, "fd 1 fifo " + strconv.FormatInt(want, 10)},
		{500, "fd 1 fifo 65536"},
	} {
		le := newCapture(t)
		stages := []*Stage{hs(nil, le.File, "kind", "1")}
		for len(stages) < tc.stages {
			stages = append(stages, xs(nil, nil, "/bin/true"))
		}
		p := plan(Pipe, stages...)
		p.PipeSize = AutoPipeSize
		if _, err := Run(context.Background(), p); err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimSpace(le.String()); got != tc.want {
			t.Errorf("%d stages: first pipe %q, want %q", tc.stages, got, tc.want)
		}
		if n := pipeBudget.used.Load(); n != 0 {
			t.Errorf("%d stages: %d pages still taken from the budget after Wait", tc.stages, n)
		}
	}
}

const budgetChildEnv = "PLUMB_TEST_PIPE_BUDGET_CHILD"

// The budget keeps an ordinary user's pipes usable while many pipelines
// run: with 70 of them alive, a new pipe of the same user still gets the
// kernel's 64 KiB. The per-user soft limit does not apply to root, so as
// root the test runs a copy of the test binary as nobody, and there also
// shows that without the budget (every pipe 1 MiB) the same new pipe gets
// starved to 8 KiB, and is back to 64 KiB once the pipelines end.
func TestPipeBudgetAsUser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 140 processes")
	}
	if os.Getenv(budgetChildEnv) != "" {
		pipeBudgetChild(t, os.Getenv(budgetChildEnv) == "control")
		return
	}
	if os.Geteuid() != 0 {
		// Already unprivileged: check the budget, but do not starve
		// this user's other programs on purpose.
		pipeBudgetChild(t, false)
		return
	}
	dir, err := os.MkdirTemp("", "plumb-pipebudget")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	exe := filepath.Join(dir, "exec.test")
	if err := copyFile(testExe, exe); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755)
	cmd := osexec.Command(exe, "-test.run=^TestPipeBudgetAsUser$", "-test.v")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), budgetChildEnv+"=control")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	t.Logf("as nobody:\n%s", out)
	if err != nil {
		t.Fatalf("as nobody: %v", err)
	}
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// newPipeSize is the size the kernel gives a new pipe of this user now.
func newPipeSize(t *testing.T) int {
	var p [2]int
	if err := unix.Pipe2(p[:], unix.O_CLOEXEC); err != nil {
		t.Fatal(err)
	}
	defer unix.Close(p[0])
	defer unix.Close(p[1])
	n, err := unix.FcntlInt(uintptr(p[0]), unix.F_GETPIPE_SZ, 0)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// startMany starts n `sleep 60 | cat` pipelines with the given PipeSize.
func startMany(t *testing.T, n, size int) []*Running {
	var rs []*Running
	for range n {
		p := plan(Pipe, xs(nil, nil, "/bin/sleep", "60"), xs(nil, nil, "/bin/cat"))
		p.PipeSize = size
		r, err := Start(context.Background(), p)
		if err != nil {
			stopAll(rs)
			t.Fatal(err)
		}
		rs = append(rs, r)
	}
	return rs
}

func stopAll(rs []*Running) {
	for _, r := range rs {
		r.Signal(unix.SIGKILL)
		r.Wait()
	}
}

func pipeBudgetChild(t *testing.T, control bool) {
	soft, ok := readProcInt("/proc/sys/fs/pipe-user-pages-soft")
	if !ok || soft == 0 {
		t.Skip("no per-user soft limit on pipe pages")
	}
	pipeBudget.once.Do(initPipeBudget)
	if pipeBudget.maxPages <= defaultPipePages {
		t.Skip("pipe-max-size allows no pipe above 64 KiB")
	}
	if got := newPipeSize(t); got != 65536 {
		t.Skipf("a new pipe of this user has %d bytes before the test: the user's budget is already used up", got)
	}
	// Enough 1 MiB pipes to pass the soft limit on their own.
	n := int(soft/pipeBudget.maxPages) + 6

	rs := startMany(t, n, AutoPipeSize)
	got := newPipeSize(t)
	used := pipeBudget.used.Load()
	stopAll(rs)
	if got != 65536 {
		t.Errorf("with %d automatic pipelines alive, a new pipe has %d bytes, want 65536", n, got)
	}
	if used <= 0 || used > pipeBudget.limit {
		t.Errorf("budget used %d pages of %d", used, pipeBudget.limit)
	}
	if left := pipeBudget.used.Load(); left != 0 {
		t.Errorf("%d pages still taken from the budget after every pipeline ended", left)
	}
	if !control {
		return
	}

	// The harm the budget avoids: as many 1 MiB pipes as the soft limit
	// holds (Linux refuses to enlarge one more, EPERM) leave every new
	// pipe of the user with 8 KiB.
	rs = startMany(t, int(soft/pipeBudget.maxPages), int(pipeBudget.maxPages*pipeBudget.page))
	starved := newPipeSize(t)
	stopAll(rs)
	if starved >= 65536 {
		t.Errorf("control: with %d 1 MiB pipes alive a new pipe still has %d bytes; the test cannot see the soft limit", n, starved)
	}
	if got := newPipeSize(t); got != 65536 {
		t.Errorf("after the control pipelines ended a new pipe has %d bytes, want 65536", got)
	}
	t.Logf("%d automatic pipelines: a new pipe has %d bytes (budget: %d of %d pages used); %d pipelines with 1 MiB pipes: %d bytes", n, got, used, pipeBudget.limit, soft/pipeBudget.maxPages, starved)
}
