package exec

import (
	"context"
	"errors"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// awaitEntered waits, in testHookForking, until the Func stage has
// entered its function: bounded, so that a Func stage started only after
// the stage being forked fails the test instead of hanging it.
func awaitEntered(t *testing.T, entered <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-entered:
	case <-time.After(10 * time.Second):
		t.Errorf("%s: the Func stage had not started 10s after the stage to its right was about to be forked", what)
	}
}

// A Func stage starts in its turn, before the stages to its right are
// forked, whenever its group is known then: Plan.Pgid names one (a
// script's shell), or an external stage to its left made it. So
// `{ echo hi; exit 55; } | false` can write before false exits, as in a
// shell that forks its subshells from left to right. A Func stage left of
// the first external one of a plan with Plan.Pgid 0 starts right after
// that one, which makes the group, and sees it.
func TestFuncStartsInItsTurn(t *testing.T) {
	checkFDs(t)
	t.Run("Plan.Pgid", func(t *testing.T) {
		entered := make(chan struct{})
		var pgid int
		out := newCapture(t)
		p := plan(Pipe,
			&Stage{Argv: []string{"gen"}, Func: func(ctx context.Context, sio *StageIO) int {
				close(entered)
				pgid = sio.Pgid
				sio.Files[1].WriteString("hi\n")
				return 55
			}},
			hs(out.File, os.Stderr, "cat"))
		p.Pgid = unix.Getpgrp()
		testHookForking = func(i int) { awaitEntered(t, entered, "Plan.Pgid set") }
		defer func() { testHookForking = nil }()
		res, err, _ := runGuard(t, context.Background(), p, 30*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if got := statuses(res); got[0] != 55 || got[1] != 0 || out.String() != "hi\n" {
			t.Errorf("statuses %v, output %q", got, out.String())
		}
		if pgid != p.Pgid {
			t.Errorf("Func saw group %d, want Plan.Pgid %d", pgid, p.Pgid)
		}
	})
	t.Run("group made to its left", func(t *testing.T) {
		entered := make(chan struct{})
		var pgid int
		out := newCapture(t)
		p := plan(Pipe,
			hs(nil, os.Stderr, "print", "1", "through a Func\n"),
			&Stage{Argv: []string{"copy"}, Func: func(ctx context.Context, sio *StageIO) int {
				close(entered)
				pgid = sio.Pgid
				b := make([]byte, 100)
				n, _ := sio.Files[0].Read(b)
				sio.Files[1].Write(b[:n])
				return 0
			}},
			hs(out.File, os.Stderr, "cat"))
		testHookForking = func(i int) {
			if i == 2 {
				awaitEntered(t, entered, "group made by stage 0")
			}
		}
		defer func() { testHookForking = nil }()
		r, err := Start(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := waitGuard(t, r); err != nil {
			t.Fatal(err)
		}
		if out.String() != "through a Func\n" {
			t.Errorf("output %q", out.String())
		}
		if pgid == 0 || pgid != r.Pids()[0] {
			t.Errorf("Func saw group %d, want stage 0's pid %d", pgid, r.Pids()[0])
		}
	})
	t.Run("no group yet", func(t *testing.T) {
		entered := make(chan struct{})
		var pgid int
		p := plan(Pipe,
			&Stage{Argv: []string{"gen"}, Func: func(ctx context.Context, sio *StageIO) int {
				close(entered)
				pgid = sio.Pgid
				return 0
			}},
			hs(nil, os.Stderr, "cat"),
			hs(nil, os.Stderr, "cat"))
		testHookForking = func(i int) {
			if i == 1 {
				select {
				case <-entered:
					t.Errorf("the Func stage started before the group existed")
				default:
				}
			} else {
				awaitEntered(t, entered, "group made by stage 1")
			}
		}
		defer func() { testHookForking = nil }()
		r, err := Start(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := waitGuard(t, r); err != nil {
			t.Fatal(err)
		}
		if pgid == 0 || pgid != r.Pids()[1] {
			t.Errorf("Func saw group %d, want stage 1's pid %d", pgid, r.Pids()[1])
		}
	})
}

// In-process neighbours are entered from left to right, as a shell's
// subshells are forked: without that Go's scheduler runs the goroutine
// started last first, and `{ echo hi; exit 55; } | false` ended 141
// nearly every time (false closed the pipe before the brace group wrote)
// where bash says 55. Run many times: before, the right stage was
// usually first.
func TestFuncNeighboursEnterInOrder(t *testing.T) {
	checkFDs(t)
	for _, pgid := range []int{0, unix.Getpgrp()} {
		var late atomic.Int32
		for range 30 {
			var entered [3]atomic.Bool
			var stages []*Stage
			for i := range entered {
				stages = append(stages, &Stage{Argv: []string{"fn"}, Files: []*os.File{devNull, devNull, os.Stderr},
					Func: func(ctx context.Context, sio *StageIO) int {
						if i > 0 && !entered[i-1].Load() {
							late.Add(1)
						}
						entered[i].Store(true)
						return 0
					}})
			}
			p := plan(Pipe, stages...)
			p.Pgid = pgid
			if _, err, _ := runGuard(t, context.Background(), p, 30*time.Second); err != nil {
				t.Fatal(err)
			}
		}
		if n := late.Load(); n > 0 {
			t.Errorf("Plan.Pgid %d: %d of 60 stages entered before their left neighbour", pgid, n)
		}
	}
}

// When a stage to the right of a running Func stage fails to start,
// Start cancels the Func stage, closes the ends no running Func stage
// holds (so one blocked on a link whose peer never started sees EOF or
// EPIPE) and returns only once it has returned; the group's leader is
// reaped only after that. Nothing is left open or running (checkFDs),
// and no goroutine of the failed Start is left.
func TestStartFailureStopsFuncs(t *testing.T) {
	checkFDs(t)
	type stopCase struct {
		name string
		link Link
		// leader puts an external stage that makes the group (Plan.Pgid
		// 0) first, or, with funcFirst, second: the Func stage blocks
		// writing to it, and gets EPIPE once it is killed.
		leader, funcFirst bool
		fn                func(ctx context.Context, sio *StageIO, entered chan<- struct{}) int
	}
	cases := []stopCase{
		{name: "blocked reading its link", link: Link{Kind: Unix, Bidi: true},
			fn: func(ctx context.Context, sio *StageIO, entered chan<- struct{}) int {
				close(entered)
				b := make([]byte, 10)
				if n, err := sio.Files[0].Read(b); n != 0 || err == nil {
					return 1 // the peer never started: EOF is the only answer
				}
				return 0
			}},
		{name: "blocked writing its link", link: Link{Kind: Pipe},
			fn: func(ctx context.Context, sio *StageIO, entered chan<- struct{}) int {
				close(entered)
				b := make([]byte, 1<<16)
				for {
					if _, err := sio.Files[1].Write(b); err != nil {
						if errors.Is(err, syscall.EPIPE) {
							return 141
						}
						return 1
					}
				}
			}},
		{name: "waiting on its context", link: Link{Kind: Pipe},
			fn: func(ctx context.Context, sio *StageIO, entered chan<- struct{}) int {
				close(entered)
				<-ctx.Done()
				return 130
			}},
		{name: "writing to the group leader", leader: true, funcFirst: true,
			fn: func(ctx context.Context, sio *StageIO, entered chan<- struct{}) int {
				close(entered)
				b := make([]byte, 1<<16)
				for {
					if _, err := sio.Files[1].Write(b); err != nil {
						if errors.Is(err, syscall.EPIPE) {
							return 141
						}
						return 1
					}
				}
			}},
		{name: "after the group leader", leader: true,
			fn: func(ctx context.Context, sio *StageIO, entered chan<- struct{}) int {
				close(entered)
				<-ctx.Done()
				// The leader is killed but not reaped yet: its group's
				// id is still taken while a Func stage runs. waitid with
				// WNOWAIT waits for its end and leaves it to exec's reaper.
				exited := make(chan error, 1)
				go func() {
					var info unix.Siginfo
					exited <- unix.Waitid(unix.P_PID, sio.Pgid, &info, unix.WEXITED|unix.WNOWAIT, nil)
				}()
				select {
				case err := <-exited:
					if err != nil {
						return 100 // reaped already (ECHILD)
					}
					if procStateOf(sio.Pgid) != "Z" {
						return 100
					}
					return 130
				case <-time.After(10 * time.Second):
					return 101 // not killed
				}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			entered := make(chan struct{})
			var status atomic.Int32
			status.Store(-1)
			fn := &Stage{Argv: []string{"fn"}, Files: []*os.File{devNull, devNull, os.Stderr},
				Func: func(ctx context.Context, sio *StageIO) int {
					st := c.fn(ctx, sio, entered)
					status.Store(int32(st))
					return st
				}}
			bad := &Stage{Path: "/nonexistent/prog", Argv: []string{"prog"}}
			p := &Plan{Stages: []*Stage{fn, bad}, Links: []Link{c.link}, Pgid: unix.Getpgrp()}
			badAt := 1
			switch {
			case c.funcFirst:
				p = plan(Pipe, fn, xs(nil, os.Stderr, "/usr/bin/sleep", "100"), bad)
				badAt = 2
			case c.leader:
				p = plan(Pipe, xs(nil, os.Stderr, "/usr/bin/sleep", "100"), fn, bad)
				badAt = 2
			}
			testHookForking = func(i int) {
				if i == badAt {
					awaitEntered(t, entered, c.name)
				}
			}
			defer func() { testHookForking = nil }()
			goroutines := runtime.NumGoroutine()
			type out struct {
				r   *Running
				err error
			}
			done := make(chan out, 1)
			go func() {
				r, err := Start(context.Background(), p)
				done <- out{r, err}
			}()
			var o out
			select {
			case o = <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("Start still running 30s after a stage failed: the Func stage was not stopped")
			}
			if o.err == nil {
				o.r.Signal(unix.SIGKILL)
				o.r.Wait()
				t.Fatal("Start succeeded")
			}
			var se *StartError
			if !errors.As(o.err, &se) || se.Stage != badAt || !strings.Contains(o.err.Error(), "fork/exec") {
				t.Errorf("error %v, want the fork/exec error of stage %d", o.err, badAt)
			}
			if st := status.Load(); st == -1 {
				t.Errorf("Start returned before the Func stage did")
			} else if st != 0 && st != 141 && st != 130 {
				t.Errorf("Func stage returned %d", st)
			}
			// The goroutine that ran the Func stage ends right after it
			// has counted itself out.
			deadline := time.Now().Add(5 * time.Second)
			for runtime.NumGoroutine() > goroutines && time.Now().Before(deadline) {
				runtime.Gosched()
				time.Sleep(time.Millisecond)
			}
			if n := runtime.NumGoroutine(); n > goroutines {
				t.Errorf("%d goroutines, %d before Start", n, goroutines)
			}
		})
	}
}
