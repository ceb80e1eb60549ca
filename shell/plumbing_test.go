package shell_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/plumbsh/plumb/shell"
)

// openFDs lists this process's open descriptors.
func openFDs(t *testing.T) []string {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	var fds []string
	for _, e := range ents {
		fds = append(fds, e.Name())
	}
	sort.Strings(fds)
	return fds
}

// checkFDs fails the test if it ends with descriptors open that were not
// open when it began. The Go runtime may open a few of its own (epoll,
// an eventfd) the first time something is polled; those are opened
// before the first snapshot by a warm-up run.
func checkFDs(t *testing.T) {
	t.Helper()
	before := openFDs(t)
	t.Cleanup(func() {
		var after []string
		deadline := time.Now().Add(2 * time.Second)
		for {
			after = openFDs(t)
			if len(after) <= len(before) || time.Now().After(deadline) {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		if len(after) > len(before) {
			t.Errorf("descriptor leak: before %v, after %v", before, after)
		}
	})
}

func run(t *testing.T, r *shell.Runner, script string) (string, *shell.Result, error) {
	t.Helper()
	var out bytes.Buffer
	r.Stdout = &out
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := r.Run(ctx, script)
	return out.String(), res, err
}

func warmUp(t *testing.T) {
	run(t, &shell.Runner{}, "true | true")
}

// A stage sees exactly 0 1 2 and the descriptor ls opens itself, also
// while 32 goroutines start pipelines at once (invariant 1, in package exec's doc).
func TestStageSeesOnlyItsDescriptors(t *testing.T) {
	warmUp(t)
	checkFDs(t)
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for i := 0; i < 32; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 5; j++ {
				out, _, err := run(t, &shell.Runner{}, "ls /proc/self/fd | tr '\\n' ' '; echo x | ls /proc/self/fd | cat | tr '\\n' ' '")
				if err != nil {
					errs <- err
					return
				}
				if out != "0 1 2 3 0 1 2 3 " {
					errs <- fmt.Errorf("stage saw descriptors %q", out)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// yes | head -n 1 ends at once: the reader's exit closes the pipe and the
// writer dies of SIGPIPE (invariant 7, in package exec's doc).
func TestYesHeadEnds(t *testing.T) {
	checkFDs(t)
	start := time.Now()
	out, res, err := run(t, &shell.Runner{}, "yes | head -n 1")
	if err != nil || out != "y\n" {
		t.Fatalf("got %q, %v", out, err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
	st := res.Pipelines[0].Stages
	if st[0].Status != 128+int(syscall.SIGPIPE) || st[0].Signal != syscall.SIGPIPE {
		t.Errorf("yes ended with %d (signal %v), want SIGPIPE", st[0].Status, st[0].Signal)
	}
}

// A 200-stage pipeline runs and every process is reaped.
func TestLongPipeline(t *testing.T) {
	checkFDs(t)
	out, res, err := run(t, &shell.Runner{}, "echo x"+strings.Repeat(" | cat", 199))
	if err != nil || out != "x\n" {
		t.Fatalf("got %q, %v", out, err)
	}
	if n := len(res.Pipelines[0].Stages); n != 200 {
		t.Errorf("%d stages", n)
	}
	assertNoChildren(t)
}

// assertNoChildren fails if any process whose parent is this test is
// still around (running or a zombie).
func assertNoChildren(t *testing.T) {
	t.Helper()
	me := os.Getpid()
	deadline := time.Now().Add(2 * time.Second)
	for {
		kids := children(me)
		if len(kids) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("children left: %v", kids)
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func children(ppid int) []string {
	return procs(func(state string, ppid2, _ int) bool { return ppid2 == ppid })
}

// liveInGroup lists the processes of group pgid that are not zombies.
func liveInGroup(pgid int) []string {
	return procs(func(state string, _, pgid2 int) bool { return state != "Z" && pgid2 == pgid })
}

// procs lists the processes (pid, comm, state) for which keep is true,
// from /proc/PID/stat: its state, parent pid and process group.
func procs(keep func(state string, ppid, pgid int) bool) []string {
	ents, _ := os.ReadDir("/proc")
	var out []string
	for _, e := range ents {
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:])
		if len(f) < 3 {
			continue
		}
		ppid, _ := strconv.Atoi(f[1])
		pgid, _ := strconv.Atoi(f[2])
		if keep(f[0], ppid, pgid) {
			out = append(out, e.Name()+" "+s[:i+1]+" "+f[0])
		}
	}
	return out
}

// A command that cannot start leaves no descriptor and no process.
func TestStartFailureLeavesNothing(t *testing.T) {
	warmUp(t)
	checkFDs(t)
	out, res, err := run(t, &shell.Runner{Unchecked: true}, "cat /dev/zero | no-such-command-zz | cat; echo $? ${PIPESTATUS[@]}")
	if err != nil {
		t.Fatal(err)
	}
	if out != "0 141 127 0\n" && out != "0 0 127 0\n" {
		t.Errorf("got %q", out)
	}
	_ = res
	assertNoChildren(t)
}

// Two shells in one process never see each other's cd or variables, and
// the process's own cwd never changes (invariant 5, in package shell's doc).
func TestShellsAreIndependent(t *testing.T) {
	wd, _ := os.Getwd()
	dir := t.TempDir()
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, _, err := run(t, &shell.Runner{Dir: dir}, fmt.Sprintf("mkdir d%d; cd d%d; X=%d; pwd | sed 's,.*/,,'; echo $X", i, i, i))
			if err != nil || out != fmt.Sprintf("d%d\n%d\n", i, i) {
				t.Errorf("run %d: %q %v", i, out, err)
			}
		}()
	}
	wg.Wait()
	if now, _ := os.Getwd(); now != wd {
		t.Errorf("process cwd changed to %s", now)
	}
}

// 200 MB through a 4-stage chain arrives intact.
func TestSha256Chain(t *testing.T) {
	if testing.Short() {
		t.Skip("large transfer")
	}
	checkFDs(t)
	dir := t.TempDir()
	data := make([]byte, 1<<20)
	for i := range data {
		data[i] = byte(i * 7)
	}
	f, _ := os.Create(dir + "/in")
	for i := 0; i < 200; i++ {
		f.Write(data)
	}
	f.Close()
	h := sha256.New()
	for i := 0; i < 200; i++ {
		h.Write(data)
	}
	want := fmt.Sprintf("%x", h.Sum(nil))
	out, _, err := run(t, &shell.Runner{Dir: dir}, "cat in | cat | cat | sha256sum | cut -d' ' -f1")
	if err != nil || strings.TrimSpace(out) != want {
		t.Fatalf("got %q %v, want %s", out, err, want)
	}
}
