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
// of garbage, not after the runtime's 4 MiB minimum: the goal the
// runtime sets after a collection is under 4 MiB with the policy and
// 4 MiB without it. The goal is read, not the number of collections in
// a stretch of allocation, which depends on how fast the collector's
// worker gets a CPU (under -race on a loaded machine 16 MiB of garbage
// took 8 collections where an idle one takes 15).
func TestSmallHeapCollects(t *testing.T) {
	for _, v := range []string{"GOGC", "GOMEMLIMIT"} {
		if _, ok := os.LookupEnv(v); ok {
			t.Skipf("%s is set: the policy is off", v)
		}
	}
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	goal := func() uint64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.NextGC
	}
	byDefault := goal()
	startSmallHeapGC()
	for range 16 << 10 {
		sink = make([]byte, 1<<10) // a few cycles of the policy
	}
	small := goal()
	t.Logf("goal %d KiB with the policy, %d KiB by default", small>>10, byDefault>>10)
	if byDefault < 4*mib {
		// The policy re-arms itself for the life of the process: this
		// test ran before in it (-count=2).
		t.Skipf("default goal %d KiB: a policy is already armed in this process", byDefault>>10)
	}
	if small >= 4*mib {
		t.Errorf("goal %d with the policy; want under 4 MiB (live heap plus about 1 MiB)", small)
	}
}
