package exec

import (
	"context"
	"os"
	"runtime"
	"testing"
	"time"
)

// While a long pipeline runs, what this process keeps per started
// external stage is its pid and its result: its descriptor table, its
// link ends (closed already) and their *os.File do not stay reachable
// until the pipeline ends. Measured with the heap in use after a
// collection, at the moment the last stage has started (testHookStarted)
// while every stage still runs (the first one reads a pipe this test
// holds), so the start loop's own locals count too. Heap figures after a
// forced collection are deterministic, unlike times.
func TestRetainedPerStage(t *testing.T) {
	checkFDs(t)
	const n = 400
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pw.Close()
	var stages []*Stage
	for i := range n {
		st := xs(nil, os.Stderr, "/usr/bin/cat")
		if i == 0 {
			st.Files[0] = pr
		}
		if i == n-1 {
			st.Files[1] = devNull
		}
		stages = append(stages, st)
	}
	p := plan(Pipe, stages...)
	heap := func() uint64 {
		var ms runtime.MemStats
		runtime.GC()
		runtime.GC() // a second cycle frees what finalizers kept alive
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	var during uint64
	testHookStarted = func(i int) {
		if i == n-1 {
			during = heap()
		}
	}
	defer func() { testHookStarted = nil }()
	before := heap()
	r, err := Start(context.Background(), p)
	pr.Close() // the first cat has its copy
	if err != nil {
		t.Fatal(err)
	}
	after := heap()
	pw.Close()
	done := make(chan struct{})
	go func() {
		defer close(done)
		if res, err := r.Wait(); err != nil || res.Status != 0 {
			t.Errorf("Wait: %v, status %v", err, statuses(res))
		}
	}()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("pipeline still running after 60s") // a hang guard
	}
	per := func(x uint64) int64 { return (int64(x) - int64(before)) / n }
	t.Logf("heap per started stage: %d bytes at the last start, %d after Start returned", per(during), per(after))
	// A stageRun with its result is ≈ 250 bytes (≈ 290 once the
	// reapers run); kept until the pipeline ends, the table, two ends
	// and two *os.File per link made it ≈ 700.
	const bound = 400
	if per(during) > bound || per(after) > bound {
		t.Errorf("heap per stage %d (at the last start), %d (after Start); want at most %d", per(during), per(after), bound)
	}
}
