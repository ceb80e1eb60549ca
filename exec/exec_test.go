package exec

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var kinds = []LinkKind{Pipe, Unix, TCP}

// A child gets exactly the descriptors its table names: 0 1 2, plus the
// directory the lister opened itself (3). The helper lister leaves out
// its own directory and runtime descriptors, so it says 0 1 2.
func TestFDTableExact(t *testing.T) {
	checkFDs(t)
	out := newCapture(t)
	res, err := Run(context.Background(), &Plan{Stages: []*Stage{hs(out.File, os.Stderr, "fds")}})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(out.String()); got != "0 1 2" {
		t.Errorf("helper fds = %q, want 0 1 2", got)
	}
	if res.Status != 0 {
		t.Errorf("status %d", res.Status)
	}

	// The real ls, as the design says.
	out2 := newCapture(t)
	if _, err := Run(context.Background(), &Plan{Stages: []*Stage{xs(out2.File, os.Stderr, "/usr/bin/ls", "/proc/self/fd")}}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Fields(out2.String()); strings.Join(got, " ") != "0 1 2 3" {
		t.Errorf("ls /proc/self/fd = %q, want 0 1 2 3", got)
	}
}

// The middle stage of a pipeline of every kind sees 0 1 2 (3) too: the
// other ends of its links, the listener, the parent's copies are not
// there.
func TestFDTableInPipeline(t *testing.T) {
	for _, k := range kinds {
		t.Run(k.String(), func(t *testing.T) {
			checkFDs(t)
			out := newCapture(t)
			errs := newCapture(t)
			p := plan(k,
				hs(nil, devNull, "write", "1000"),
				hs(nil, nil, "fds", "2"),
				hs(out.File, os.Stderr, "cat"))
			p.Stages[1].Files[2] = errs.File
			if _, err := Run(context.Background(), p); err != nil {
				t.Fatal(err)
			}
			if got := strings.TrimSpace(errs.String()); got != "0 1 2" {
				t.Errorf("middle stage fds = %q, want 0 1 2", got)
			}
			out2 := newCapture(t)
			p = plan(k,
				xs(nil, os.Stderr, "/usr/bin/yes"),
				xs(nil, os.Stderr, "/usr/bin/ls", "/proc/self/fd"),
				xs(out2.File, os.Stderr, "/usr/bin/cat"))
			if _, err := Run(context.Background(), p); err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(strings.Fields(out2.String()), " "); got != "0 1 2 3" {
				t.Errorf("yes | ls /proc/self/fd | cat: %q, want 0 1 2 3", got)
			}
		})
	}
}

// A file at fd 5 of the base table shows up as fd 5, and the table's
// holes stay closed: `ls -l /proc/self/fd` shows its own directory at the
// lowest free fd, here 2.
func TestFDTableHoles(t *testing.T) {
	checkFDs(t)
	out := newCapture(t)
	extra := newCapture(t)
	st := xs(out.File, nil, "/usr/bin/ls", "-l", "/proc/self/fd/")
	st.Files = []*os.File{devNull, out.File, nil, nil, nil, extra.File}
	res, err := Run(context.Background(), &Plan{Stages: []*Stage{st}})
	if err != nil {
		t.Fatal(err)
	}
	got := lsFDs(out.String())
	want := map[string]string{"0": os.DevNull, "1": out.Name(), "2": fmt.Sprintf("/proc/%d/fd", res.Stages[0].Pid), "5": extra.Name()}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("fds = %v, want %v", got, want)
	}
}

// lsFDs parses `ls -l /proc/self/fd/` into fd -> target.
func lsFDs(s string) map[string]string {
	m := map[string]string{}
	for _, line := range strings.Split(s, "\n") {
		f := strings.Fields(line)
		if len(f) >= 3 && f[len(f)-2] == "->" {
			m[f[len(f)-3]] = f[len(f)-1]
		}
	}
	return m
}

// Many goroutines start pipelines at once; no child ever sees a
// descriptor meant for another.
func TestFDTableConcurrent(t *testing.T) {
	checkFDs(t)
	const n = 32
	iters := 4
	if testing.Short() {
		iters = 1
	}
	var wg sync.WaitGroup
	errc := make(chan error, n*iters)
	for g := 0; g < n; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < iters; i++ {
				k := kinds[(g+i)%len(kinds)]
				r, w, err := os.Pipe()
				if err != nil {
					errc <- err
					return
				}
				// The helper lister reports on w; ls's listing goes
				// through the link into cat, then to w.
				p := plan(k, hs(nil, w, "fds", "2"), xs(nil, os.Stderr, "/usr/bin/ls", "/proc/self/fd"), xs(w, os.Stderr, "/usr/bin/cat"))
				res, err := Run(context.Background(), p)
				w.Close()
				b, _ := io.ReadAll(r)
				r.Close()
				if err != nil {
					errc <- err
					return
				}
				got := strings.Fields(string(b))
				slices.Sort(got)
				if strings.Join(got, " ") != "0 0 1 1 2 2 3" || fmt.Sprint(statuses(res)) != "[0 0 0]" {
					errc <- fmt.Errorf("goroutine %d %v: fds %q status %v", g, k, got, statuses(res))
				}
			}
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Error(err)
	}
}

// yes | head -n 1 ends at once over every link kind, and yes dies of
// SIGPIPE (141) – except over a Unix socket, where Linux reports the
// reader's close with unread data as ECONNRESET on the writer's next
// write (unix_release_sock sets sk_err on the peer), and only the write
// after that one gets EPIPE and SIGPIPE; yes exits 1 on the first error.
// Over TCP the reader's early SHUT_WR has put the writer in CLOSE_WAIT,
// where the RST turns into EPIPE.
func TestYesHead(t *testing.T) {
	for _, k := range kinds {
		t.Run(k.String(), func(t *testing.T) {
			checkFDs(t)
			out := newCapture(t)
			errs := newCapture(t)
			p := plan(k, xs(nil, errs.File, "/usr/bin/yes"), xs(out.File, os.Stderr, "/usr/bin/head", "-n", "1"))
			res, err, d := runGuard(t, context.Background(), p, 10*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%v: %v, statuses %v, yes said %q", k, d, statuses(res), errs.String())
			if out.String() != "y\n" {
				t.Errorf("output %q", out.String())
			}
			got := statuses(res)
			if k == Unix && got[0] == 1 && strings.Contains(errs.String(), "reset by peer") {
				return
			}
			if got[0] != 141 || got[1] != 0 {
				t.Errorf("statuses %v, want [141 0]", got)
			}
			if res.Stages[0].Signal != syscall.SIGPIPE {
				t.Errorf("yes signal %v", res.Stages[0].Signal)
			}
		})
	}
}

// A writer that goes on writing after the first error gets SIGPIPE over
// every link kind.
func TestWriterGetsSIGPIPE(t *testing.T) {
	for _, k := range kinds {
		t.Run(k.String(), func(t *testing.T) {
			checkFDs(t)
			w := xs(nil, devNull, "/bin/sh", "-c", "while :; do echo y || :; done")
			p := plan(k, w, xs(devNull, os.Stderr, "/usr/bin/head", "-c", "10"))
			res, err, _ := runGuard(t, context.Background(), p, 20*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			if got := statuses(res); got[0] != 141 || got[1] != 0 {
				t.Errorf("statuses %v, want [141 0]", got)
			}
		})
	}
}

func TestLongPipeline(t *testing.T) {
	checkFDs(t)
	n := 200
	stages := []*Stage{hs(nil, os.Stderr, "print", "1", "hello through 200 cats\n")}
	for range n - 2 {
		stages = append(stages, xs(nil, os.Stderr, "/usr/bin/cat"))
	}
	out := newCapture(t)
	stages = append(stages, xs(out.File, os.Stderr, "/usr/bin/cat"))
	res, err, d := runGuard(t, context.Background(), plan(Pipe, stages...), 60*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d stages: %v", n, d)
	if out.String() != "hello through 200 cats\n" {
		t.Errorf("output %q", out.String())
	}
	for i, s := range res.Stages {
		if s.Status != 0 || s.Pid == 0 {
			t.Errorf("stage %d: status %d pid %d", i, s.Status, s.Pid)
		}
	}
}

// 200 MB through write | cat | cat | sha, and 100 MB over each kind of
// link: the checksum proves every byte arrived, in order.
func TestThroughput(t *testing.T) {
	size := int64(200 << 20)
	if testing.Short() {
		size = 20 << 20
	}
	t.Run("chain", func(t *testing.T) {
		checkFDs(t)
		out := newCapture(t)
		p := plan(Pipe,
			hs(nil, os.Stderr, "write", fmt.Sprint(size)),
			xs(nil, os.Stderr, "/usr/bin/cat"),
			xs(nil, os.Stderr, "/usr/bin/cat"),
			hs(out.File, os.Stderr, "sha"))
		res, err, d := runGuard(t, context.Background(), p, 120*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%d MB in %v", size>>20, d)
		if got, want := strings.TrimSpace(out.String()), patternSum(size); got != want {
			t.Errorf("sha %q, want %q", got, want)
		}
		if got := statuses(res); fmt.Sprint(got) != "[0 0 0 0]" {
			t.Errorf("statuses %v", got)
		}
	})
	for _, k := range kinds {
		t.Run(k.String(), func(t *testing.T) {
			checkFDs(t)
			n := size / 2
			out := newCapture(t)
			p := plan(k, hs(nil, os.Stderr, "write", fmt.Sprint(n)), hs(out.File, os.Stderr, "sha"))
			_, err, d := runGuard(t, context.Background(), p, 120*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d MB over %v in %v", n>>20, k, d)
			if got, want := strings.TrimSpace(out.String()), patternSum(n); got != want {
				t.Errorf("sha %q, want %q", got, want)
			}
		})
	}
}

func TestExitStatus(t *testing.T) {
	checkFDs(t)
	p := plan(Pipe,
		hs(nil, os.Stderr, "exit", "3"),
		hs(nil, os.Stderr, "exit", "0"),
		xs(nil, os.Stderr, "/bin/sh", "-c", "kill -TERM $$"),
		xs(nil, os.Stderr, "/bin/sh", "-c", "kill -KILL $$"),
		hs(nil, os.Stderr, "exit", "255"))
	res, err := Run(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(statuses(res)); got != "[3 0 143 137 255]" {
		t.Errorf("statuses %s, want [3 0 143 137 255]", got)
	}
	if res.Status != 255 {
		t.Errorf("Status %d, want the last stage's", res.Status)
	}
	if res.Stages[2].Signal != syscall.SIGTERM || res.Stages[3].Signal != syscall.SIGKILL || res.Stages[0].Signal != 0 {
		t.Errorf("signals %v %v %v", res.Stages[0].Signal, res.Stages[2].Signal, res.Stages[3].Signal)
	}
	for i, s := range res.Stages {
		if s.Func() || s.Pid <= 0 || s.Start.IsZero() || s.End.Before(s.Start) || s.Wall <= 0 || s.MaxRSS == 0 {
			t.Errorf("stage %d: %+v", i, s)
		}
	}
}

// A stage that cannot be executed runs StartErr in its place; the rest
// of the pipeline runs as usual.
func TestStartErrHook(t *testing.T) {
	checkFDs(t)
	out := newCapture(t)
	var gotErr error
	bad := &Stage{Path: "/nonexistent/prog", Argv: []string{"prog"}, Files: []*os.File{devNull, nil, os.Stderr},
		StartErr: func(err error, io *StageIO) int {
			gotErr = err
			fmt.Fprintf(io.Files[1], "prog: not found\n")
			return 127
		}}
	p := plan(Pipe, hs(nil, devNull, "write", "100000"), bad, hs(out.File, os.Stderr, "cat"))
	res, err, _ := runGuard(t, context.Background(), p, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(gotErr, syscall.ENOENT) {
		t.Errorf("StartErr got %v, want ENOENT", gotErr)
	}
	if got := fmt.Sprint(statuses(res)); got != "[141 127 0]" && got != "[0 127 0]" {
		t.Errorf("statuses %s", got)
	}
	if !res.Stages[1].Func() || res.Stages[1].Err == nil || res.Stages[1].Pid != 0 {
		t.Errorf("stage 1 result %+v", res.Stages[1])
	}
	if out.String() != "prog: not found\n" {
		t.Errorf("output %q", out.String())
	}

	// Not executable: EACCES.
	dir := t.TempDir()
	os.WriteFile(dir+"/noexec", []byte("#!/bin/sh\n"), 0o644)
	st := &Stage{Path: dir + "/noexec", Argv: []string{"noexec"}, StartErr: func(err error, io *StageIO) int {
		if !errors.Is(err, syscall.EACCES) {
			t.Errorf("err %v, want EACCES", err)
		}
		return 126
	}}
	res, err = Run(context.Background(), &Plan{Stages: []*Stage{st}})
	if err != nil || res.Status != 126 {
		t.Errorf("noexec: %v %v", res, err)
	}
}

// Without StartErr, a stage that cannot be executed fails Start: the
// error names the stage and the call, the stages already started are
// killed and reaped, and nothing is left open.
func TestStartFailure(t *testing.T) {
	checkFDs(t)
	p := plan(Pipe,
		xs(nil, os.Stderr, "/usr/bin/sleep", "100"),
		xs(nil, os.Stderr, "/usr/bin/sleep", "100"),
		&Stage{Path: "/nonexistent/prog", Argv: []string{"prog"}},
		xs(nil, os.Stderr, "/usr/bin/cat"))
	f := newCapture(t)
	redir, _ := os.Open(f.Name())
	p.Stages[3].Redirs = []Redir{{Fd: 0, File: redir}}
	t0 := time.Now()
	r, err := Start(context.Background(), p)
	if err == nil {
		r.Wait()
		t.Fatal("Start succeeded")
	}
	t.Logf("error: %v (%v)", err, time.Since(t0))
	var se *StartError
	if !errors.As(err, &se) || se.Stage != 2 || se.Name != "prog" {
		t.Errorf("error %#v does not name stage 2 (prog)", err)
	}
	if !strings.Contains(err.Error(), "stage 2 (prog)") || !strings.Contains(err.Error(), "fork/exec") || !errors.Is(err, syscall.ENOENT) {
		t.Errorf("error %q", err)
	}
	if _, err := redir.Stat(); err == nil {
		t.Errorf("Redir file of a stage that never started is still open")
	}
	// checkFDs also checks that no child is left.
}

// A Func stage in the middle of a pipeline copies fd 0 to fd 1; Func
// stages also come first and last, around an external one.
func TestFuncStages(t *testing.T) {
	checkFDs(t)
	upper := func(ctx context.Context, sio *StageIO) int {
		b, err := io.ReadAll(sio.Files[0])
		if err != nil {
			return 1
		}
		if _, err := sio.Files[1].Write(bytes.ToUpper(b)); err != nil {
			return 1
		}
		return 0
	}
	out := newCapture(t)
	p := plan(Pipe,
		hs(nil, os.Stderr, "print", "1", "hello, world\n"),
		&Stage{Argv: []string{"upper"}, Func: upper},
		hs(out.File, os.Stderr, "cat"))
	res, err, _ := runGuard(t, context.Background(), p, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != "HELLO, WORLD\n" {
		t.Errorf("output %q", out.String())
	}
	if !res.Stages[1].Func() || res.Stages[1].Pid != 0 || res.Stages[0].Func() {
		t.Errorf("Func() / Pid wrong: %+v", res.Stages)
	}

	// Func | cat | Func: the first Func starts after cat, but its link
	// exists from the start; it sees cat's group.
	var got bytes.Buffer
	var pgid int
	p = plan(Unix,
		&Stage{Argv: []string{"gen"}, Func: func(ctx context.Context, sio *StageIO) int {
			pgid = sio.Pgid
			for i := 0; i < 1000; i++ {
				fmt.Fprintf(sio.Files[1], "line %d\n", i)
			}
			return 0
		}},
		xs(nil, os.Stderr, "/usr/bin/cat"),
		&Stage{Argv: []string{"sink"}, Func: func(ctx context.Context, sio *StageIO) int {
			io.Copy(&got, sio.Files[0])
			return 5
		}})
	r, err := Start(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	res, err = r.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if got.Len() != 8890 || !strings.HasSuffix(got.String(), "line 999\n") {
		t.Errorf("sink got %d bytes", got.Len())
	}
	if pgid == 0 || pgid != r.Pgid() || pgid != r.Pids()[1] {
		t.Errorf("Func's pgid %d, group %d, pids %v", pgid, r.Pgid(), r.Pids())
	}
	if res.Status != 5 {
		t.Errorf("status %d", res.Status)
	}
	// A second Wait returns the same result and reaps nothing twice.
	res2, err := r.Wait()
	if err != nil || res2 != res {
		t.Errorf("second Wait: %v %v", res2, err)
	}
}

// Redirs apply after the links: 2>&1 sends stderr into the link, a file
// replaces the link, >&- closes.
func TestRedirs(t *testing.T) {
	checkFDs(t)
	t.Run("2>&1 into link", func(t *testing.T) {
		out := newCapture(t)
		a := hs(nil, os.Stderr, "print", "1", "out\n", "2", "err\n")
		a.Redirs = []Redir{{Fd: 2, DupFrom: 1}}
		if _, err := Run(context.Background(), plan(Pipe, a, hs(out.File, os.Stderr, "cat"))); err != nil {
			t.Fatal(err)
		}
		if out.String() != "out\nerr\n" {
			t.Errorf("got %q", out.String())
		}
	})
	t.Run("|&", func(t *testing.T) {
		for _, tc := range []struct {
			name         string
			redirs       func(f *os.File) []Redir
			link, toFile string
		}{
			{"plain", func(*os.File) []Redir { return nil }, "out\nerr\n", ""},
			// bash: `a 2>f |& b` – the implicit 2>&1 comes after.
			{"2>f", func(f *os.File) []Redir { return []Redir{{Fd: 2, File: f}} }, "out\nerr\n", ""},
			// bash: `a >f |& b` – both go to f.
			{">f", func(f *os.File) []Redir { return []Redir{{Fd: 1, File: f}} }, "", "out\nerr\n"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				out := newCapture(t)
				file := newCapture(t)
				rf, err := os.OpenFile(file.Name(), os.O_WRONLY, 0)
				if err != nil {
					t.Fatal(err)
				}
				a := hs(nil, os.Stderr, "print", "1", "out\n", "2", "err\n")
				a.Redirs = tc.redirs(rf)
				if a.Redirs == nil {
					rf.Close()
				}
				p := &Plan{Stages: []*Stage{a, hs(out.File, os.Stderr, "cat")}, Links: []Link{{Kind: Pipe, Stderr: true}}}
				if _, err := Run(context.Background(), p); err != nil {
					t.Fatal(err)
				}
				if out.String() != tc.link || file.String() != tc.toFile {
					t.Errorf("link got %q, file got %q; want %q, %q", out.String(), file.String(), tc.link, tc.toFile)
				}
			})
		}
	})
	t.Run("file replaces link", func(t *testing.T) {
		// a >f | b: b reads EOF at once; a | b <f: b reads f.
		out := newCapture(t)
		file := newCapture(t)
		rf, _ := os.OpenFile(file.Name(), os.O_WRONLY, 0)
		a := hs(nil, os.Stderr, "print", "1", "to file\n")
		a.Redirs = []Redir{{Fd: 1, File: rf}}
		if _, err := Run(context.Background(), plan(Pipe, a, hs(out.File, os.Stderr, "cat"))); err != nil {
			t.Fatal(err)
		}
		if out.String() != "" || file.String() != "to file\n" {
			t.Errorf("link %q file %q", out.String(), file.String())
		}
		in, _ := os.Open(file.Name())
		b := hs(out.File, os.Stderr, "cat")
		b.Redirs = []Redir{{Fd: 0, File: in}}
		res, err := Run(context.Background(), plan(Pipe, xs(nil, os.Stderr, "/usr/bin/yes"), b))
		if err != nil {
			t.Fatal(err)
		}
		if out.String() != "to file\n" || res.Stages[0].Status != 141 {
			t.Errorf("b read %q, yes status %d", out.String(), res.Stages[0].Status)
		}
	})
	t.Run("close", func(t *testing.T) {
		// >&- on fd 0: ls's own directory takes fd 0, so fd 0 was closed.
		out := newCapture(t)
		a := xs(out.File, os.Stderr, "/usr/bin/ls", "-l", "/proc/self/fd/")
		a.Redirs = []Redir{{Fd: 0, Close: true}, {Fd: 2, Close: true}}
		res, err := Run(context.Background(), &Plan{Stages: []*Stage{a}})
		if err != nil {
			t.Fatal(err)
		}
		got := lsFDs(out.String())
		want := map[string]string{"0": fmt.Sprintf("/proc/%d/fd", res.Stages[0].Pid), "1": out.Name()}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("fds = %v, want %v", got, want)
		}
	})
	t.Run("dup of closed fd", func(t *testing.T) {
		a := hs(nil, os.Stderr, "exit", "0")
		a.Redirs = []Redir{{Fd: 1, DupFrom: 7}}
		_, err := Run(context.Background(), &Plan{Stages: []*Stage{a}})
		if !errors.Is(err, syscall.EBADF) {
			t.Errorf("err %v, want EBADF", err)
		}
		var got error
		a.StartErr = func(err error, io *StageIO) int { got = err; return 1 }
		res, err := Run(context.Background(), &Plan{Stages: []*Stage{a}})
		if err != nil || res.Status != 1 || !errors.Is(got, syscall.EBADF) {
			t.Errorf("with StartErr: %v %v %v", res, err, got)
		}
		// A Func stage with a bad dup goes to StartErr too.
		fn := &Stage{Argv: []string{"fn"}, Func: func(context.Context, *StageIO) int { return 0 },
			Redirs: []Redir{{Fd: 2, DupFrom: 9}}, StartErr: a.StartErr}
		res, err = Run(context.Background(), &Plan{Stages: []*Stage{fn}})
		if err != nil || res.Status != 1 {
			t.Errorf("Func with bad dup: %v %v", res, err)
		}
	})
	t.Run("func table", func(t *testing.T) {
		// A Func stage sees the same table rules: 3>&1 copies the link.
		out := newCapture(t)
		fn := &Stage{Argv: []string{"fn"}, Redirs: []Redir{{Fd: 3, DupFrom: 1}, {Fd: 1, Close: true}},
			Func: func(ctx context.Context, sio *StageIO) int {
				if len(sio.Files) != 4 || sio.Files[1] != nil || sio.Files[3] == nil {
					return 1
				}
				fmt.Fprintln(sio.Files[3], "via 3")
				return 0
			}}
		res, err := Run(context.Background(), plan(Pipe, fn, hs(out.File, os.Stderr, "cat")))
		if err != nil || res.Stages[0].Status != 0 || out.String() != "via 3\n" {
			t.Errorf("%v %v %q", statuses(res), err, out.String())
		}
	})
}

// Env and Dir reach the child and never change this process.
func TestEnvDir(t *testing.T) {
	checkFDs(t)
	wd, _ := os.Getwd()
	dir := t.TempDir()
	out := newCapture(t)
	st := hs(out.File, os.Stderr, "env", "PLUMB_X")
	st.Env = append(st.Env, "PLUMB_X=yes")
	st.Dir = dir
	if _, err := Run(context.Background(), &Plan{Stages: []*Stage{st}}); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(out.String()); got != dir+" yes" {
		t.Errorf("child saw %q", got)
	}
	if now, _ := os.Getwd(); now != wd || os.Getenv("PLUMB_X") != "" {
		t.Errorf("parent changed: %q %q", now, os.Getenv("PLUMB_X"))
	}
}

func readLine(r io.Reader) string {
	s, _ := bufio.NewReader(r).ReadString('\n')
	return s
}
