package exec

import (
	"context"
	"errors"
	"io"
	"os"
	osexec "os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// countFDs counts this process's descriptors with raw system calls (the
// directory it reads included), so counting opens nothing else.
func countFDs() int {
	d, err := unix.Open("/proc/self/fd", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1
	}
	defer unix.Close(d)
	n := 0
	buf := make([]byte, 8192)
	var names []string
	for {
		k, err := unix.Getdents(d, buf)
		if err != nil || k <= 0 {
			break
		}
		names = names[:0]
		_, _, names = unix.ParseDirent(buf[:k], -1, names)
		n += len(names)
	}
	return n
}

// While a pipeline starts, this process holds a number of descriptors
// that does not grow with its length: each link is made just before the
// stage that first needs it, and each end is closed as soon as its
// stages have started. Counted after each stage has started.
func TestLazyLinksBounded(t *testing.T) {
	checkFDs(t)
	for _, k := range kinds {
		t.Run(k.String(), func(t *testing.T) {
			n := 300
			if k == TCP {
				n = 60
			}
			base := countFDs()
			most, calls := 0, 0
			testHookStarted = func(int) { calls++; most = max(most, countFDs()-base) }
			defer func() { testHookStarted = nil }()
			stages := []*Stage{hs(nil, os.Stderr, "print", "1", "through the cats\n")}
			for range n - 2 {
				stages = append(stages, xs(nil, os.Stderr, "/usr/bin/cat"))
			}
			out := newCapture(t)
			stages = append(stages, xs(out.File, os.Stderr, "/usr/bin/cat"))
			if _, err, _ := runGuard(t, context.Background(), plan(k, stages...), 60*time.Second); err != nil {
				t.Fatal(err)
			}
			if out.String() != "through the cats\n" {
				t.Errorf("output %q", out.String())
			}
			// At most: the read end waiting for the next stage, plus
			// the directory countFDs reads.
			t.Logf("%d stages over %v: at most %d descriptors more than before, after a stage started", n, k, most)
			if most > 2 || calls != n {
				t.Errorf("held %d descriptors while starting %d stages (counted %d times); want at most 2", most, n, calls)
			}
		})
	}
}

// A Func stage holds its ends until it has returned, and only those add
// to what the start holds. Here a Func stage in the middle of 100 cats
// copies its input on; it starts in its turn (stage 0 has made the
// group), and runs while the cats to its right start.
func TestLazyLinksFuncEnds(t *testing.T) {
	checkFDs(t)
	base := countFDs()
	most := 0
	testHookStarted = func(int) { most = max(most, countFDs()-base) }
	defer func() { testHookStarted = nil }()
	stages := []*Stage{hs(nil, os.Stderr, "print", "1", "through a Func\n")}
	for i := range 100 {
		stages = append(stages, xs(nil, os.Stderr, "/usr/bin/cat"))
		if i == 50 {
			stages = append(stages, &Stage{Argv: []string{"copy"}, Func: func(ctx context.Context, sio *StageIO) int {
				io.Copy(sio.Files[1], sio.Files[0])
				return 0
			}})
		}
	}
	out := newCapture(t)
	stages[len(stages)-1].Files = []*os.File{devNull, out.File, os.Stderr}
	if _, err, _ := runGuard(t, context.Background(), plan(Pipe, stages...), 60*time.Second); err != nil {
		t.Fatal(err)
	}
	if out.String() != "through a Func\n" {
		t.Errorf("output %q", out.String())
	}
	// The Func's two ends, the read end waiting for the next stage and
	// countFDs' directory.
	if most > 4 {
		t.Errorf("held %d descriptors while starting; want at most 4", most)
	}
}

// Running out of descriptors while making a link, after some stages
// have started, fails Start with an error that names the link's stage
// and the system call; the started stages are killed and reaped, every
// end and Redir file is closed: nothing is left open or running
// (checkFDs checks).
func TestStartFailsMidway(t *testing.T) {
	checkFDs(t)
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &old); err != nil {
		t.Fatal(err)
	}
	var fill []int
	testHookStarted = func(i int) {
		if i != 2 {
			return
		}
		// Take every free descriptor number below a lowered limit, so
		// that the link to stage 4 (pipe2) cannot be made.
		lim := old
		lim.Cur = uint64(countFDs() + 16)
		syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim)
		for {
			fd, err := unix.Open(os.DevNull, unix.O_RDONLY|unix.O_CLOEXEC, 0)
			if err != nil {
				break
			}
			fill = append(fill, fd)
		}
	}
	defer func() {
		testHookStarted = nil
		for _, fd := range fill {
			unix.Close(fd)
		}
		syscall.Setrlimit(syscall.RLIMIT_NOFILE, &old)
	}()
	var stages []*Stage
	for range 6 {
		stages = append(stages, xs(nil, os.Stderr, "/usr/bin/sleep", "100"))
	}
	f := newCapture(t)
	redir, _ := os.Open(f.Name())
	stages[5].Redirs = []Redir{{Fd: 0, File: redir}}
	r, err := Start(context.Background(), plan(Pipe, stages...))
	if err == nil {
		r.Signal(syscall.SIGKILL)
		r.Wait()
		t.Fatal("Start succeeded")
	}
	var se *StartError
	if !errors.Is(err, syscall.EMFILE) || !errors.As(err, &se) || !se.Link || se.Stage != 3 || !strings.Contains(err.Error(), "pipe2") {
		t.Fatalf("err %v, want EMFILE from pipe2 on the link of stage 3", err)
	}
	t.Logf("error: %v", err)
	if _, err := redir.Stat(); err == nil {
		t.Errorf("Redir file of a stage that never started is still open")
	}
}

// A Redir whose DupFrom names a closed descriptor fails a stage without
// StartErr before any stage starts, even when it is the last one: no
// process runs at all.
func TestBadDupFailsBeforeStart(t *testing.T) {
	checkFDs(t)
	dir := t.TempDir()
	marker := dir + "/ran"
	stages := []*Stage{
		xs(nil, os.Stderr, "/usr/bin/touch", marker),
		xs(nil, os.Stderr, "/usr/bin/cat"),
		xs(nil, os.Stderr, "/usr/bin/cat"),
	}
	stages[2].Redirs = []Redir{{Fd: 2, DupFrom: 9}}
	_, err := Run(context.Background(), plan(Pipe, stages...))
	var se *StartError
	if !errors.As(err, &se) || se.Stage != 2 || !errors.Is(err, syscall.EBADF) {
		t.Fatalf("err %v, want EBADF naming stage 2", err)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Errorf("stage 0 ran")
	}
}

// A Redir at or above the soft RLIMIT_NOFILE fails at once with EBADF
// (what dup2 would say), before any table grows to that size; closing
// such an fd is a no-op, as in bash. With StartErr the stage runs it.
func TestRedirFdLimit(t *testing.T) {
	checkFDs(t)
	big := 99999999
	for _, fd := range []int{big, FdLimit()} {
		f, _ := os.Open(os.DevNull)
		_, err := Run(context.Background(), plan(Pipe, xs(nil, os.Stderr, "/usr/bin/true"),
			&Stage{Path: "/usr/bin/true", Redirs: []Redir{{Fd: fd, File: f}}}))
		var se *StartError
		if !errors.As(err, &se) || se.Stage != 1 || !errors.Is(err, syscall.EBADF) || !strings.Contains(err.Error(), strconv.Itoa(fd)) {
			t.Errorf("fd %d: err %v, want EBADF naming stage 1 and the fd", fd, err)
		}
		if _, err := f.Stat(); err == nil {
			t.Errorf("fd %d: the Redir file is still open", fd)
		}
	}
	res, err := Run(context.Background(), &Plan{Stages: []*Stage{{Path: "/usr/bin/true", Redirs: []Redir{{Fd: big, Close: true}}}}})
	if err != nil || res.Status != 0 {
		t.Errorf("closing fd %d: %v, status %v", big, err, res)
	}
	var got error
	res, err = Run(context.Background(), &Plan{Stages: []*Stage{{Path: "/usr/bin/true", Redirs: []Redir{{Fd: big, DupFrom: 1}},
		StartErr: func(err error, _ *StageIO) int { got = err; return 1 }}}})
	if err != nil || res.Status != 1 || !errors.Is(got, syscall.EBADF) {
		t.Errorf("with StartErr: %v, status %v, StartErr got %v", err, res, got)
	}
}

// lowLimitEnv runs TestLowLimitPipeline's child half.
const lowLimitEnv = "PLUMB_EXEC_LOWLIMIT"

// A 2,000-stage pipeline runs under RLIMIT_NOFILE 64 with data flowing
// through it, also with a descriptor inherited without close-on-exec
// above the limit (a CI runner's fd 251): the child half of the test
// runs in a process of its own, whose limit it lowers.
func TestLowLimitPipeline(t *testing.T) {
	n := 2000
	if testing.Short() {
		n = 200
	}
	if os.Getenv(lowLimitEnv) != "" {
		lowLimitChild(t)
		return
	}
	cmd := osexec.Command(testExe, "-test.run=^TestLowLimitPipeline$", "-test.v")
	cmd.Env = append(os.Environ(), lowLimitEnv+"="+strconv.Itoa(n))
	out, err := cmd.CombinedOutput()
	t.Logf("child:\n%s", out)
	if err != nil {
		t.Fatalf("child: %v", err)
	}
}

func lowLimitChild(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv(lowLimitEnv))
	// Inherited-looking: not close-on-exec, above the limit to come.
	if err := unix.Dup2(0, 251); err != nil {
		t.Fatal(err)
	}
	lim := syscall.Rlimit{Cur: 64, Max: 64}
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	base := countFDs()
	most := 0
	testHookStarted = func(int) { most = max(most, countFDs()-base) }
	size := int64(1 << 20)
	stages := []*Stage{hs(nil, os.Stderr, "write", strconv.FormatInt(size, 10))}
	for range n - 2 {
		stages = append(stages, xs(nil, os.Stderr, "/usr/bin/cat"))
	}
	out := newCapture(t)
	stages = append(stages, hs(out.File, os.Stderr, "sha"))
	t0 := time.Now()
	res, err := Run(context.Background(), plan(Pipe, stages...))
	if err != nil {
		t.Fatal(err)
	}
	threads := procThreads()
	t.Logf("%d stages under RLIMIT_NOFILE 64 in %v; at most %d descriptors more than before after a stage started; %d threads", n, time.Since(t0), most, threads)

	if got, want := strings.TrimSpace(out.String()), patternSum(size); got != want {
		t.Errorf("sha %q, want %q", got, want)
	}
	for i, s := range res.Stages {
		if s.Status != 0 {
			t.Errorf("stage %d: status %d", i, s.Status)
		}
	}
}

// procThreads is the Threads: line of /proc/self/status.
func procThreads() int {
	b, _ := os.ReadFile("/proc/self/status")
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "Threads:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(v))
			return n
		}
	}
	return -1
}

// While a long pipeline runs, its reaper holds a bounded number of
// pidfds (it used to hold one per stage): counted once it has opened
// them, while every stage is still alive, blocked on the first one's
// input.
func TestReaperBoundedPidfds(t *testing.T) {
	checkFDs(t)
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	base := countFDs()
	held := make(chan [2]int, 1)
	testHookWatching = func(watched int) { held <- [2]int{watched, countFDs() - base} }
	defer func() { testHookWatching = nil }()
	n := 300
	var stages []*Stage
	for range n {
		stages = append(stages, xs(nil, os.Stderr, "/usr/bin/cat"))
	}
	stages[0].Files = []*os.File{pr, nil, os.Stderr}
	r, err := Start(context.Background(), plan(Pipe, stages...))
	if err != nil {
		pw.Close()
		t.Fatal(err)
	}
	h := <-held
	pw.Close()
	if _, err := r.Wait(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d stages: the reaper watches %d, and this process holds %d descriptors more than before", n, h[0], h[1])
	// Its pidfds (maxPidfds, 32), its epoll instance, countFDs'
	// directory: a fixed bound, so that the test fails if maxPidfds
	// grows with the pipeline again.
	if h[1] > 34 {
		t.Errorf("the reaper of %d stages holds %d descriptors; want at most 34", n, h[1])
	}
}
