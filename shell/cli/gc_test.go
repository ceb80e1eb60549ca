package cli

import (
	"os"
	"runtime"
	"runtime/debug"
	"testing"
)

func TestSmallHeapPercent(t *testing.T) {
	for _, c := range []struct {
		live    uint64
		percent int
	}{
		{0, 25},
		{512 << 10, 37},
		{1 << 20, 50},
		{2 << 20, 75},
		{3 << 20, 100},
		{1 << 30, 100},
	} {
		if got := smallHeapPercent(c.live); got != c.percent {
			t.Errorf("smallHeapPercent(%d) = %d, want %d", c.live, got, c.percent)
		}
	}
}

// sink keeps the allocations of TestSmallHeapCollects from being
// optimised away.
var sink []byte

// With a small live heap, the plumb process collects after about 1 MiB
// of garbage, not after the runtime's 4 MiB minimum: 16 MiB of garbage
// take about 16 collections instead of about 4. Collections are counted,
// not timed.
func TestSmallHeapCollects(t *testing.T) {
	for _, v := range []string{"GOGC", "GOMEMLIMIT"} {
		if _, ok := os.LookupEnv(v); ok {
			t.Skipf("%s is set: the policy is off", v)
		}
	}
	runtime.GC()
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	startSmallHeapGC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range 16 << 10 {
		sink = make([]byte, 1<<10)
	}
	runtime.ReadMemStats(&after)
	n := after.NumGC - before.NumGC
	t.Logf("%d collections for 16 MiB of garbage", n)
	if n < 9 {
		t.Errorf("%d collections for 16 MiB of garbage; want at least 9 (the default makes about 4)", n)
	}
}
