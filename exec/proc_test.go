package exec

import (
	"context"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// With Stats, each external stage's rchar/wchar are read after it exits
// and before it is reaped; they match what went through the link.
func TestStats(t *testing.T) {
	for _, k := range kinds {
		t.Run(k.String(), func(t *testing.T) {
			checkFDs(t)
			const n = 10 << 20
			out := newCapture(t)
			p := plan(k, hs(nil, os.Stderr, "write", fmt.Sprint(n)), xs(out.File, os.Stderr, "/usr/bin/cat"))
			p.Stats = true
			res, err := Run(context.Background(), p)
			if err != nil {
				t.Fatal(err)
			}
			w, c := res.Stages[0], res.Stages[1]
			t.Logf("writer r=%d w=%d; cat r=%d w=%d", w.ReadBytes, w.WriteBytes, c.ReadBytes, c.WriteBytes)
			for _, v := range []int64{w.WriteBytes, c.ReadBytes, c.WriteBytes} {
				if math.Abs(float64(v-n)) > n/100 {
					t.Errorf("count %d not within 1%% of %d", v, n)
				}
			}
		})
	}
	t.Run("off", func(t *testing.T) {
		res, err := Run(context.Background(), &Plan{Stages: []*Stage{hs(nil, os.Stderr, "exit", "0")}})
		if err != nil || res.Stages[0].ReadBytes != -1 || res.Stages[0].WriteBytes != -1 {
			t.Errorf("without Stats: %+v %v", res.Stages[0], err)
		}
	})
}

// Cancelling the context ends a pipeline whose grandchild keeps the pipe
// open: the whole group gets SIGTERM, Wait returns with everything
// reaped, and no process of the group is left.
func TestCancel(t *testing.T) {
	checkFDs(t)
	ctx, cancel := context.WithCancel(context.Background())
	p := plan(Pipe, xs(nil, os.Stderr, "/bin/sh", "-c", "sleep 100 & sleep 100"), xs(devNull, os.Stderr, "/usr/bin/cat"))
	r, err := Start(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	pgid := r.Pgid()
	if pgid != r.Pids()[0] {
		t.Errorf("pgid %d, pids %v", pgid, r.Pids())
	}
	waitGroup(t, pgid, "sleep", "sleep") // sh has forked (or become) both
	t0 := time.Now()
	cancel()
	done := make(chan struct{})
	var res *Result
	go func() { res, err = r.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Wait still running 10s after cancel")
	}
	t.Logf("Wait returned %v after cancel", time.Since(t0))
	if err != nil {
		t.Fatal(err)
	}
	if res.Stages[0].Status != 143 || res.Stages[0].Signal != syscall.SIGTERM {
		t.Errorf("sh: status %d signal %v", res.Stages[0].Status, res.Stages[0].Signal)
	}
	waitGroupGone(t, pgid)
}

// waitGroupGone fails the test if group pgid still has a live member
// after a few seconds (orphaned grandchildren are reaped by init, so
// zombies don't count).
func waitGroupGone(t *testing.T, pgid int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		m := groupMembers(pgid)
		if len(m) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("group %d still has %v", pgid, m)
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitGroup waits until group pgid has a live member for every name in
// comms (a name given twice needs two): how a test knows a shell stage
// has forked what it was told to before it signals the group.
func waitGroup(t *testing.T, pgid int, comms ...string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		have := map[string]int{}
		for _, p := range groupMembers(pgid) {
			have[p.comm]++
		}
		missing := false
		for _, c := range comms {
			if have[c]--; have[c] < 0 {
				missing = true
			}
		}
		if !missing {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("group %d has %v, want members %q", pgid, groupMembers(pgid), comms)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// procStateOf is the state letter of process pid (R, S, Z…), "" when it
// is gone.
func procStateOf(pid int) string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if err != nil || i < 0 || i+2 >= len(s) {
		return ""
	}
	return s[i+2 : i+3]
}

// A stage that ignores SIGTERM gets SIGKILL after Plan.Grace; a Func
// stage sees its context cancelled.
func TestCancelGrace(t *testing.T) {
	checkFDs(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sawCancel := make(chan bool, 1)
	var cancelled time.Time
	fn := &Stage{Argv: []string{"fn"}, Func: func(ctx context.Context, io *StageIO) int {
		// Cancel once sh has set its trap and said so.
		readLine(io.Files[0])
		cancelled = time.Now()
		cancel()
		<-ctx.Done()
		sawCancel <- true
		return 130
	}}
	p := plan(Pipe, xs(nil, os.Stderr, "/bin/sh", "-c", `trap "" TERM; echo ready; sleep 100`), fn)
	p.Grace = 300 * time.Millisecond
	res, err, d := runGuard(t, ctx, p, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("returned after %v", d)
	if fmt.Sprint(statuses(res)) != "[137 130]" || len(sawCancel) != 1 {
		t.Errorf("statuses %v, Func saw cancel: %v", statuses(res), len(sawCancel) == 1)
	}
	if since := res.Stages[0].End.Sub(cancelled); since < 300*time.Millisecond {
		t.Errorf("SIGKILL came before the grace period: %v", since)
	}
	waitGroupGone(t, res.Stages[0].Pid)
}

// Start with a context already done starts nothing and closes the Redir
// files it owns.
func TestStartCancelled(t *testing.T) {
	checkFDs(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f, _ := os.Open(os.DevNull)
	st := hs(nil, os.Stderr, "exit", "0")
	st.Redirs = []Redir{{Fd: 0, File: f}}
	if _, err := Start(ctx, &Plan{Stages: []*Stage{st}}); err != context.Canceled {
		t.Errorf("err %v", err)
	}
	if _, err := f.Stat(); err == nil {
		t.Error("Redir file left open")
	}
}

// With Untraced, Wait returns when a stage stops; Continue lets it go on
// and Wait can be called again.
func TestUntraced(t *testing.T) {
	checkFDs(t)
	p := plan(Pipe, hs(nil, os.Stderr, "stopself"), hs(nil, os.Stderr, "cat"))
	p.Untraced = true
	r, err := Start(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	res, err := waitGuard(t, r)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Stopped() || !res.Stages[0].Stopped || res.Stages[0].Signal != syscall.SIGSTOP || res.Stages[0].Status != 128+int(syscall.SIGSTOP) {
		t.Fatalf("after stop: Stopped()=%v %+v", r.Stopped(), res.Stages[0])
	}
	if res.Stages[1].Status != -1 || res.Stages[1].Stopped {
		t.Errorf("running stage in snapshot: %+v", res.Stages[1])
	}
	if err := r.Continue(); err != nil {
		t.Fatal(err)
	}
	if r.Stopped() {
		t.Error("Stopped after Continue")
	}
	res, err = waitGuard(t, r)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(statuses(res)) != "[7 0]" || res.Stages[0].Stopped || res.Stages[0].Signal != 0 {
		t.Errorf("after continue: %v %+v", statuses(res), res.Stages[0])
	}

	// Signal(SIGSTOP) to the group, then SIGTERM after Continue.
	p = plan(Pipe, xs(nil, os.Stderr, "/usr/bin/sleep", "100"), xs(devNull, os.Stderr, "/usr/bin/cat"))
	p.Untraced = true
	r, err = Start(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	r.Signal(syscall.SIGSTOP)
	res, err = waitGuard(t, r)
	if err != nil || !r.Stopped() {
		t.Fatalf("not stopped: %v %v", res, err)
	}
	r.Continue()
	r.Signal(syscall.SIGTERM)
	res, err = waitGuard(t, r)
	for err == nil && r.Stopped() {
		// cat's stop may be reported after sleep's; go on.
		r.Continue()
		res, err = waitGuard(t, r)
	}
	if err != nil || fmt.Sprint(statuses(res)) != "[143 143]" {
		t.Errorf("after SIGTERM: %v %v", statuses(res), err)
	}
}

func waitGuard(t *testing.T, r *Running) (*Result, error) {
	t.Helper()
	type out struct {
		res *Result
		err error
	}
	c := make(chan out, 1)
	go func() {
		res, err := r.Wait()
		c <- out{res, err}
	}()
	select {
	case o := <-c:
		return o.res, o.err
	case <-time.After(10 * time.Second):
		r.Signal(syscall.SIGKILL)
		t.Fatal("Wait still running after 10s")
	}
	panic("unreachable")
}

// Signal reaches the whole group and cancels Func stages' contexts; no
// signal is sent once everything is reaped.
func TestSignal(t *testing.T) {
	checkFDs(t)
	fnDone := make(chan struct{})
	fn := &Stage{Argv: []string{"fn"}, Func: func(ctx context.Context, io *StageIO) int {
		<-ctx.Done()
		close(fnDone)
		return 1
	}}
	// (SIGTERM: a non-interactive sh starts `&` commands with SIGINT
	// ignored.)
	r, err := Start(context.Background(), plan(Pipe, xs(nil, os.Stderr, "/bin/sh", "-c", "sleep 100 & wait"), fn))
	if err != nil {
		t.Fatal(err)
	}
	waitGroup(t, r.Pgid(), "sleep") // the signal must reach sh's child too
	if err := r.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	res, err := waitGuard(t, r)
	if err != nil {
		t.Fatal(err)
	}
	<-fnDone
	if fmt.Sprint(statuses(res)) != "[143 1]" {
		t.Errorf("statuses %v", statuses(res))
	}
	waitGroupGone(t, r.Pgid())
	if err := r.Signal(syscall.SIGTERM); err != nil {
		t.Errorf("Signal after the end: %v", err)
	}
}

// A Func stage can start a nested pipeline in the outer group even after
// every outer external stage has exited: the leader's zombie keeps the
// group until the Func returns.
func TestNestedJoinsGroup(t *testing.T) {
	checkFDs(t)
	var inner *Result
	var innerErr error
	var innerPgid int
	fn := &Stage{Argv: []string{"fn"}, Func: func(ctx context.Context, sio *StageIO) int {
		// Wait until the outer external stage (the group's leader) has
		// exited: only its unreaped zombie still holds the group.
		for deadline := time.Now().Add(10 * time.Second); procStateOf(sio.Pgid) != "Z"; {
			if time.Now().After(deadline) {
				innerErr = fmt.Errorf("leader %d in state %q, want Z", sio.Pgid, procStateOf(sio.Pgid))
				return 1
			}
			time.Sleep(5 * time.Millisecond)
		}
		r, err := Start(ctx, &Plan{Pgid: sio.Pgid, Stages: []*Stage{xs(nil, os.Stderr, "/usr/bin/true")}})
		if err != nil {
			innerErr = err
			return 1
		}
		innerPgid = r.Pgid()
		inner, innerErr = r.Wait()
		return 0
	}}
	r, err := Start(context.Background(), plan(Pipe, xs(nil, os.Stderr, "/usr/bin/true"), fn))
	if err != nil {
		t.Fatal(err)
	}
	res, err := waitGuard(t, r)
	if err != nil || innerErr != nil {
		t.Fatalf("%v %v", err, innerErr)
	}
	if innerPgid != r.Pgid() || inner.Status != 0 || fmt.Sprint(statuses(res)) != "[0 0]" {
		t.Errorf("inner pgid %d outer %d, statuses %v", innerPgid, r.Pgid(), statuses(res))
	}
}

// A grandchild that ignores SIGTERM outlives the stages: Wait returns as
// soon as they are reaped, and the group's last member gets SIGKILL when
// the grace period ends.
func TestCancelSweepsGroup(t *testing.T) {
	checkFDs(t)
	ctx, cancel := context.WithCancel(context.Background())
	p := plan(Pipe, xs(nil, os.Stderr, "/bin/sh", "-c", `(trap "" TERM; exec sleep 100) & sleep 100`), xs(devNull, os.Stderr, "/usr/bin/cat"))
	p.Grace = 300 * time.Millisecond
	p.Stages[1].Redirs = []Redir{{Fd: 0, File: mustOpen(t, os.DevNull)}} // cat must not wait for the grandchild
	r, err := Start(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	// Both sleeps run: the trapped one has exec'd with SIGTERM ignored.
	waitGroup(t, r.Pgid(), "sleep", "sleep")
	cancel()
	t0 := time.Now()
	res, err := waitGuard(t, r)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Wait returned after %v: %v", time.Since(t0), statuses(res))
	if len(groupMembers(r.Pgid())) == 0 {
		t.Log("grandchild already gone when Wait returned")
	}
	waitGroupGone(t, r.Pgid())
	t.Logf("group gone after %v", time.Since(t0))
}

func mustOpen(t *testing.T, name string) *os.File {
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	return f
}
