package exec

import (
	"bufio"
	"context"
	"fmt"
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
	runAsNobody(t, "^TestPipeBudgetAsUser$", "control")
}

// runAsNobody runs a copy of the test binary as nobody (the per-user
// soft limit does not apply to root), running test with budgetChildEnv
// set to mode.
func runAsNobody(t *testing.T, test, mode string) {
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
	cmd := osexec.Command(exe, "-test.run="+test, "-test.v")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), budgetChildEnv+"="+mode)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	t.Logf("as nobody:\n%s", out)
	if err != nil {
		t.Fatalf("as nobody: %v", err)
	}
}

// The budget is the user's, not each process's: ten plumb processes of
// one user, each holding eight `sleep | cat` pipelines with automatic
// pipe sizes (each within its own budget, and together past the soft
// limit), leave a new pipe of the user at 64 KiB, and none of their own
// pipes is cut to 8 KiB (issue 15). The processes are copies of the test
// binary started as nobody.
func TestPipeBudgetSharedByProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 170 processes")
	}
	switch os.Getenv(budgetChildEnv) {
	case "holder":
		pipeBudgetHolder(t)
		return
	case "shared":
		pipeBudgetShared(t)
		return
	}
	if os.Geteuid() != 0 {
		pipeBudgetShared(t)
		return
	}
	runAsNobody(t, "^TestPipeBudgetSharedByProcesses$", "shared")
}

const holders, pipelinesPerHolder = 10, 8

// pipeBudgetShared starts the holders, waits until each reports the sizes
// of its pipes, and checks a new pipe of the user.
func pipeBudgetShared(t *testing.T) {
	soft := budgetTestSetup(t)
	if holders*pipeBudget.limit <= soft {
		t.Skipf("%d budgets of %d pages do not reach the soft limit of %d", holders, pipeBudget.limit, soft)
	}
	type holder struct {
		cmd *osexec.Cmd
		in  io.WriteCloser
	}
	var hs []holder
	defer func() {
		for _, h := range hs {
			h.in.Close() // the holder stops its pipelines and exits
			h.cmd.Wait()
		}
	}()
	sizes := map[string]int{}
	for range holders {
		cmd := osexec.Command(os.Args[0], "-test.run=^TestPipeBudgetSharedByProcesses$")
		cmd.Env = append(os.Environ(), budgetChildEnv+"=holder")
		in, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		hs = append(hs, holder{cmd, in})
		// The holder's report comes once its pipelines run.
		br := bufio.NewReader(out)
		line, err := br.ReadString('\n')
		if !strings.HasPrefix(line, "sizes:") {
			rest, _ := io.ReadAll(br)
			t.Fatalf("holder: %q %v\n%s", line, err, rest)
		}
		line = strings.TrimSpace(line)
		for _, f := range strings.Fields(strings.TrimPrefix(line, "sizes:")) {
			sizes[f]++
		}
	}
	got := newPipeSize(t)
	if got != 65536 {
		t.Errorf("with %d plumb processes holding %d pipelines each, a new pipe has %d bytes, want 65536", holders, pipelinesPerHolder, got)
	}
	for size, n := range sizes {
		if v, _ := strconv.Atoi(size); v < 65536 {
			t.Errorf("%d of the holders' pipes have %d bytes", n, v)
		}
	}
	t.Logf("pipe sizes of %d processes × %d pipelines: %v; a new pipe: %d bytes", holders, pipelinesPerHolder, sizes, got)
}

// pipeBudgetHolder starts its pipelines, prints the size of each pipe and
// keeps them until its stdin ends.
func pipeBudgetHolder(t *testing.T) {
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	var rs []*Running
	defer func() { stopAll(rs) }()
	for range pipelinesPerHolder {
		// cat needs a stdout to stay: it checks it at start.
		p := plan(Pipe, xs(nil, nil, "/bin/sleep", "60"), xs(null, nil, "/bin/cat"))
		p.PipeSize = AutoPipeSize
		r, err := Start(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, r)
	}
	var b strings.Builder
	b.WriteString("sizes:")
	for _, r := range rs {
		// The pipe between sleep and cat, through cat's stdin.
		fd, err := unix.Open(fmt.Sprintf("/proc/%d/fd/0", r.Pids()[1]), unix.O_RDONLY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
		if err != nil {
			t.Fatal(err)
		}
		n, err := unix.FcntlInt(uintptr(fd), unix.F_GETPIPE_SZ, 0)
		unix.Close(fd)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, " %d", n)
	}
	fmt.Println(b.String())
	io.Copy(io.Discard, os.Stdin)
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

// budgetTestSetup skips a budget test where the kernel gives it nothing to
// see, and returns pipe-user-pages-soft.
func budgetTestSetup(t *testing.T) int64 {
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
	return soft
}

func pipeBudgetChild(t *testing.T, control bool) {
	soft := budgetTestSetup(t)
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
