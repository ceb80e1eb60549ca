package main

import (
	"strings"
	"testing"
	"time"
)

func cellOf(ms ...int) *cell {
	c := &cell{}
	for _, v := range ms {
		c.Samples = append(c.Samples, sample{Dur: time.Duration(v) * time.Millisecond})
	}
	return c
}

// Which columns run which shapes: the floor has no builtin loop, its
// -mode columns skip throughput, plumb-only shapes run on plumb and floor.
func TestShellRuns(t *testing.T) {
	plumb := shellT{name: "plumb", real: true}
	bash := shellT{name: "bash"}
	floorSh := shellT{name: "floor", floor: true, empty: "/x/empty"}
	par := shellT{name: "floor-par", floor: true, args: []string{"-mode", "par"}}
	sock := shape{id: "tp-dd-sock", group: "throughput", plumb: true, floor: []string{"dd"}}
	dd := shape{id: "tp-dd", group: "throughput", floor: []string{"dd"}}
	loop := shape{id: "script-loop", group: "script"}
	start := shape{id: "startup-true", group: "startup", floorEmpty: true}
	spawn := shape{id: "spawn-true-10", group: "spawn", floor: []string{"/bin/true"}}
	cases := []struct {
		sh   shellT
		s    shape
		want bool
	}{
		{plumb, sock, true}, {bash, sock, false}, {floorSh, sock, true}, {par, sock, false},
		{floorSh, dd, true}, {par, dd, false}, {bash, dd, true},
		{floorSh, loop, false}, {par, loop, false}, {bash, loop, true},
		{floorSh, start, true}, {par, start, false},
		{floorSh, spawn, true}, {par, spawn, true},
	}
	for _, c := range cases {
		if got := c.sh.runs(c.s); got != c.want {
			t.Errorf("%s runs %s = %v, want %v", c.sh.name, c.s.id, got, c.want)
		}
	}
	r := &runner{}
	if got := r.argv(par, spawn); strings.Join(got, " ") != " -mode par /bin/true" {
		t.Errorf("argv of floor-par = %q", got)
	}
	if got := r.argv(floorSh, start); len(got) != 1 || got[0] != "/x/empty" {
		t.Errorf("argv of floor on start-up = %q, want the empty program", got)
	}
}

// Targets: plumb/floor on the same row, a plumb-only row against bash's
// plain pipe with the same pinning, thresholds both ways.
func TestTargets(t *testing.T) {
	mb := int64(1 << 20)
	rep := &report{
		shells: []shellT{{name: "plumb", real: true}, {name: "bash"}, {name: "floor", floor: true}},
		sizes:  sizes{spawnN: []int{10}, catN: []int{10}, lines: 5},
		results: []*result{
			{shape: shape{id: "spawn-true-10"}, cells: map[string]*cell{"plumb": cellOf(104, 104, 104), "floor": cellOf(100, 100, 100), "bash": cellOf(50)}},
			{shape: shape{id: "script-true"}, cells: map[string]*cell{"plumb": cellOf(120), "floor": cellOf(100), "bash": cellOf(50)}},
			{shape: shape{id: "tp-dd-1cpu", pin: true, bytes: mb}, cells: map[string]*cell{"plumb": cellOf(10), "floor": cellOf(10), "bash": cellOf(20)}},
			{shape: shape{id: "tp-dd-sock-1cpu", pin: true, plumb: true, bytes: mb}, cells: map[string]*cell{"plumb": cellOf(5), "floor": cellOf(4)}},
		},
	}
	for _, c := range []struct {
		t    target
		want float64
	}{
		{target{id: "spawn-true-10", num: "plumb", den: "floor"}, 1.04},
		{target{id: "tp-dd-sock-1cpu", num: "plumb", den: "floor"}, 0.8}, // GB/s: 4 ms vs 5 ms
		{target{id: "tp-dd-sock-1cpu", num: "plumb", den: "bash"}, 4},    // against bash's tp-dd-1cpu
		{target{id: "tp-dd-1cpu", num: "plumb", den: "bash"}, 2},
	} {
		got, ok := rep.ratio(c.t)
		if !ok || got < c.want-1e-9 || got > c.want+1e-9 {
			t.Errorf("ratio %s %s/%s = %v, %v; want %v", c.t.id, c.t.num, c.t.den, got, ok, c.want)
		}
	}
	checkTargets(t, rep,
		"spawn `/bin/true` N=10 ≤ 1.05× floor: 1.04× — met",
		"script of 5 external commands ≤ 1.05× floor: 1.20× — missed",
		"`dd |> dd` throughput ≥ 0.95× floor's socketpair (1 CPU): 0.80× — missed",
		"`dd | dd` throughput ≥ 0.95× floor (1 CPU): 1.00× — met",
	)
}

// checkTargets fails t unless the targets rep prints contain each want.
func checkTargets(t *testing.T, rep *report, wants ...string) {
	t.Helper()
	var b strings.Builder
	rep.targets(&b)
	out := b.String()
	for _, want := range wants {
		if !strings.Contains(out, want) {
			t.Errorf("targets lack %q:\n%s", want, out)
		}
	}
}

// CPU time is shown beside a time target's mark and in the note, and
// never for throughput or memory rows, nor when samples lack it.
func TestCPUTime(t *testing.T) {
	withCPU := func(wallMs, cpuMs int) *cell {
		c := cellOf(wallMs)
		c.Samples[0].CPU = time.Duration(cpuMs) * time.Millisecond
		return c
	}
	rep := &report{
		shells: []shellT{{name: "plumb", real: true}, {name: "floor", floor: true}},
		sizes:  sizes{spawnN: []int{10}, catN: []int{10}, lines: 5},
		results: []*result{
			{shape: shape{id: "spawn-true-10", title: "spawn 10"}, cells: map[string]*cell{"plumb": withCPU(150, 12), "floor": withCPU(100, 10)}},
			{shape: shape{id: "script-true", title: "script"}, cells: map[string]*cell{"plumb": cellOf(120), "floor": cellOf(100)}},
			{shape: shape{id: "tp-dd-1cpu", title: "dd", pin: true, bytes: 1 << 20}, cells: map[string]*cell{"plumb": withCPU(10, 5), "floor": withCPU(10, 5)}},
		},
	}
	checkTargets(t, rep,
		"N=10 ≤ 1.05× floor: 1.50× — missed (CPU time: 1.20×)",
		"script of 5 external commands ≤ 1.05× floor: 1.20× — missed\n",
		"floor (1 CPU): 1.00× — met\n",
	)
	note := rep.cpuNote()
	if !strings.Contains(note, "spawn 10: plumb 12.0 ms, floor 10.0 ms, plumb/floor 1.20×") || strings.Contains(note, "dd:") || strings.Contains(note, "script:") {
		t.Errorf("cpu note = %q", note)
	}
}
