package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// A shape is one workload, run by every shell.
type shape struct {
	id      string // stable key, used in the JSON export and for targets
	group   string // throughput, spawn, startup, script, memory
	title   string // what the table shows in its first column
	text    string // the shell text
	file    bool   // run as a script file (shell FILE) rather than shell -c TEXT
	bytes   int64  // throughput shapes: bytes moved, to turn time into GB/s
	n       int    // spawn shapes: number of stages
	plumb   bool   // plumb-only (|> and |>tcp): other shells cannot parse it
	checkDD int64  // if > 0: stderr must report this many bytes copied, twice (both dd ends)
	memory  bool   // measure peak RSS, not time
	pin     bool   // run with the shell (and so every stage) pinned to one CPU
	// floor is the same work for the floor program (bench/floor): its
	// arguments, flags first, stages separated by "|". nil: no floor for
	// this shape (builtin loops). floorEmpty: the floor column runs the
	// empty static Go program instead (start-up shapes).
	floor      []string
	floorEmpty bool
}

// sizes holds everything that differs between the full and the -quick run.
type sizes struct {
	throughput int64 // dd | dd and head | cat | cat
	chain      int64 // 8-stage cat chain
	spawnN     []int // pipeline lengths of /bin/true
	catN       []int // pipeline lengths of cat (the longest is the wall-time and memory target)
	lines      int   // script lines
	loop       int   // builtin loop iterations
	calls      int   // function-call loop iterations
	memN       int   // pipeline length for the memory shape
}

var fullSizes = sizes{
	throughput: 2 << 30,
	chain:      512 << 20,
	spawnN:     []int{1, 10, 100, 500, 2000},
	catN:       []int{1, 10, 100, 500, 2000},
	lines:      1000,
	loop:       100000,
	calls:      20000,
	memN:       2000,
}

var quickSizes = sizes{
	throughput: 128 << 20,
	chain:      64 << 20,
	spawnN:     []int{1, 10, 100},
	catN:       []int{1, 10, 100},
	lines:      200,
	loop:       10000,
	calls:      2000,
	memN:       200,
}

// human renders a byte count the way head -c and the table want it: 1G, 512M.
func human(b int64) string {
	switch {
	case b%(1<<30) == 0:
		return fmt.Sprintf("%dG", b>>30)
	case b%(1<<20) == 0:
		return fmt.Sprintf("%dM", b>>20)
	}
	return fmt.Sprint(b)
}

func humanTitle(b int64) string {
	switch {
	case b%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", b>>30)
	case b%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", b>>20)
	}
	return fmt.Sprintf("%d B", b)
}

func pipeline(n int, first, rest string) string {
	var b strings.Builder
	b.WriteString(first)
	for i := 1; i < n; i++ {
		b.WriteString(" | ")
		b.WriteString(rest)
	}
	return b.String()
}

func repeatLines(line string, n int) string {
	return strings.Repeat(line+"\n", n)
}

// floorPipeline is pipeline() as floor arguments: flags, then the stages
// separated by "|" arguments.
func floorPipeline(flags []string, n int, first, rest []string) []string {
	a := append(slices.Clone(flags), first...)
	for i := 1; i < n; i++ {
		a = append(a, "|")
		a = append(a, rest...)
	}
	return a
}

// mib1 is the pipe size the floor uses for throughput: what plumb asks for
// when it enlarges a pipe.
const mib1 = "1048576"

func shapes(sz sizes) []shape {
	var s []shape
	mb := sz.throughput >> 20
	dd := func(op string) string {
		return fmt.Sprintf("dd if=/dev/zero bs=1M count=%d %s dd of=/dev/null bs=1M", mb, op)
	}
	ddFloor := func(link string) []string {
		return []string{"-link", link, "-pipesize", mib1,
			"dd", "if=/dev/zero", "bs=1M", fmt.Sprintf("count=%d", mb), "|", "dd", "of=/dev/null", "bs=1M"}
	}
	title := func(t string, pin bool) string {
		if pin {
			return t + ", 1 CPU"
		}
		return t
	}
	// The dd shapes run twice: once with every process on one CPU (so the
	// two dd's always share it) and once free (the scheduler decides), so
	// a ratio never depends on where the two ends happened to land.
	for _, pin := range []bool{true, false} {
		suffix := ""
		if pin {
			suffix = "-1cpu"
		}
		s = append(s,
			shape{id: "tp-dd" + suffix, group: "throughput", pin: pin, title: title(fmt.Sprintf("`dd bs=1M | dd`, %s", humanTitle(sz.throughput)), pin),
				text: dd("|"), bytes: sz.throughput, checkDD: sz.throughput, floor: ddFloor("pipe")},
			shape{id: "tp-dd-sock" + suffix, group: "throughput", pin: pin, title: title(fmt.Sprintf("`dd bs=1M |> dd` (socketpair), %s", humanTitle(sz.throughput)), pin),
				text: dd("|>"), bytes: sz.throughput, checkDD: sz.throughput, plumb: true, floor: ddFloor("unix")},
			shape{id: "tp-dd-tcp" + suffix, group: "throughput", pin: pin, title: title(fmt.Sprintf("`dd bs=1M |>tcp dd` (loopback TCP), %s", humanTitle(sz.throughput)), pin),
				text: dd("|>tcp"), bytes: sz.throughput, checkDD: sz.throughput, plumb: true, floor: ddFloor("tcp")},
		)
	}
	toNull := []string{"-out", "/dev/null", "-pipesize", mib1}
	s = append(s,
		shape{id: "tp-head-cat", group: "throughput", title: fmt.Sprintf("`head -c | cat | cat`, %s", humanTitle(sz.throughput)),
			text: fmt.Sprintf("head -c %s /dev/zero | cat | cat >/dev/null", human(sz.throughput)), bytes: sz.throughput,
			floor: floorPipeline(toNull, 3, []string{"head", "-c", human(sz.throughput), "/dev/zero"}, []string{"cat"})},
		shape{id: "tp-chain8", group: "throughput", title: fmt.Sprintf("8-stage chain `head -c | cat ×7`, %s", humanTitle(sz.chain)),
			text: fmt.Sprintf("head -c %s /dev/zero | %s >/dev/null", human(sz.chain), pipeline(7, "cat", "cat")), bytes: sz.chain,
			floor: floorPipeline(toNull, 8, []string{"head", "-c", human(sz.chain), "/dev/zero"}, []string{"cat"})},
	)
	for _, n := range sz.spawnN {
		s = append(s, shape{id: fmt.Sprintf("spawn-true-%d", n), group: "spawn", n: n,
			title: fmt.Sprintf("`/bin/true | …` N=%d", n), text: pipeline(n, "/bin/true", "/bin/true"),
			floor: floorPipeline(nil, n, []string{"/bin/true"}, []string{"/bin/true"})})
	}
	for _, n := range sz.catN {
		s = append(s, shape{id: fmt.Sprintf("spawn-cat-%d", n), group: "spawn", n: n,
			title: fmt.Sprintf("`cat </dev/null | cat | …` N=%d", n), text: pipeline(n, "cat </dev/null", "cat"),
			floor: floorPipeline([]string{"-in", "/dev/null"}, n, []string{"cat"}, []string{"cat"})})
	}
	lines := strconv.Itoa(sz.lines)
	s = append(s,
		shape{id: "startup-true", group: "startup", title: "start-up `-c true` (floor: empty static Go program)", text: "true", floorEmpty: true},
		shape{id: "startup-bintrue", group: "startup", title: "start-up `-c /bin/true`", text: "/bin/true", floor: []string{"/bin/true"}},
		shape{id: "script-true", group: "script", file: true, title: fmt.Sprintf("script: %d lines of `/bin/true`", sz.lines),
			text: repeatLines("/bin/true", sz.lines), floor: []string{"-repeat", lines, "/bin/true"}},
		shape{id: "script-echo-cat", group: "script", file: true, title: fmt.Sprintf("script: %d lines of `/bin/echo x | /bin/cat >/dev/null`", sz.lines),
			text:  repeatLines("/bin/echo x | /bin/cat >/dev/null", sz.lines),
			floor: []string{"-repeat", lines, "-out", "/dev/null", "/bin/echo", "x", "|", "/bin/cat"}},
		shape{id: "script-loop", group: "script", file: true, title: fmt.Sprintf("script: builtin `while` loop, %d iterations", sz.loop),
			text: fmt.Sprintf("i=0\nwhile [ $i -lt %d ]; do i=$((i+1)); done\n", sz.loop)},
		shape{id: "script-func", group: "script", file: true, title: fmt.Sprintf("script: function-call loop, %d calls", sz.calls),
			text: fmt.Sprintf("f() { :; }\ni=0\nwhile [ $i -lt %d ]; do f; i=$((i+1)); done\n", sz.calls)},
		shape{id: "mem-startup", group: "memory", memory: true, title: "peak RSS, `-c true` (floor: empty static Go program)", text: "true", floorEmpty: true},
		shape{id: "mem-cat", group: "memory", memory: true, title: fmt.Sprintf("peak RSS, `cat | …` N=%d", sz.memN),
			text:  pipeline(sz.memN, "cat </dev/null", "cat"),
			floor: floorPipeline([]string{"-in", "/dev/null"}, sz.memN, []string{"cat"}, []string{"cat"})},
		shape{id: "mem-loop", group: "memory", memory: true, file: true, title: fmt.Sprintf("peak RSS, builtin loop %d", sz.loop),
			text: fmt.Sprintf("i=0\nwhile [ $i -lt %d ]; do i=$((i+1)); done\n", sz.loop)},
	)
	return s
}
