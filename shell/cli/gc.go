package cli

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// mib is a mebibyte, the unit of the runtime's heap goals.
const mib = 1 << 20

// smallHeapPercent is the GC percentage for a live heap of live bytes:
// 25 + 25 per MiB of live heap, 100 from 3 MiB on. The runtime's goal is
// the larger of live × (1 + percent/100) and 4 MiB × percent/100, and
// never less than live + 1 MiB (room it keeps for sweeping), so this
// makes the goal live + 1 MiB up to 1.5 MiB of live heap, then a goal
// that grows to twice the live heap, which it is from 3 MiB on, where
// the default takes over (both give 6 MiB there). See "The collector of
// a small heap" in the package doc.
func smallHeapPercent(live uint64) int {
	return int(min(100, 25+25*live/mib))
}

// gcPolicy re-chooses the GC percentage after each collection from the
// live heap that collection found. Its hook runs on the runtime's
// finalizer goroutine; percent is only touched there (and before the
// first collection).
type gcPolicy struct {
	live    []metrics.Sample
	percent int
}

// startSmallHeapGC makes the collector of this process keep a small
// heap small, unless the user chose a policy with GOGC or GOMEMLIMIT.
func startSmallHeapGC() {
	if _, ok := os.LookupEnv("GOGC"); ok {
		return
	}
	if _, ok := os.LookupEnv("GOMEMLIMIT"); ok {
		return
	}
	p := &gcPolicy{live: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}, percent: 100}
	p.set(0)
	p.arm()
}

// arm makes the next collection call p.cycle: a finalizer runs once the
// collector has found its object unreachable, that is after the first
// cycle that starts once arm has returned.
func (p *gcPolicy) arm() {
	runtime.SetFinalizer(new(gcSentinel), func(*gcSentinel) { p.cycle() })
}

// gcSentinel is the object whose finalizer marks a collection. It holds
// a pointer so that it is an object of its own: the runtime gives every
// zero-sized allocation the same address, and packs small pointer-free
// ones into shared 16-byte blocks, which stay reachable while any of
// their objects is, so their finalizers may never run.
type gcSentinel struct{ _ *byte }

func (p *gcPolicy) cycle() {
	metrics.Read(p.live)
	if v := p.live[0].Value; v.Kind() == metrics.KindUint64 {
		p.set(v.Uint64())
	}
	p.arm()
}

// set applies the percentage for a live heap of live bytes, calling the
// runtime only when it changes.
func (p *gcPolicy) set(live uint64) {
	if percent := smallHeapPercent(live); percent != p.percent {
		p.percent = percent
		debug.SetGCPercent(percent)
	}
}
