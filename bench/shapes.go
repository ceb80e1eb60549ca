package main

import (
	"fmt"
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
}

// sizes holds everything that differs between the full and the -quick run.
type sizes struct {
	throughput int64 // dd | dd and head | cat | cat
	chain      int64 // 8-stage cat chain
	spawnN     []int // pipeline lengths
	lines      int   // script lines
	loop       int   // builtin loop iterations
	calls      int   // function-call loop iterations
	memN       int   // pipeline length for the memory shape
}

var fullSizes = sizes{
	throughput: 1 << 30,
	chain:      512 << 20,
	spawnN:     []int{1, 10, 100, 500},
	lines:      1000,
	loop:       100000,
	calls:      20000,
	memN:       500,
}

var quickSizes = sizes{
	throughput: 128 << 20,
	chain:      64 << 20,
	spawnN:     []int{1, 10, 100},
	lines:      200,
	loop:       10000,
	calls:      2000,
	memN:       100,
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

func shapes(sz sizes) []shape {
	var s []shape
	mb := sz.throughput >> 20
	dd := func(op string) string {
		return fmt.Sprintf("dd if=/dev/zero bs=1M count=%d %s dd of=/dev/null bs=1M", mb, op)
	}
	s = append(s,
		shape{id: "tp-dd", group: "throughput", title: fmt.Sprintf("`dd bs=1M | dd`, %s", humanTitle(sz.throughput)),
			text: dd("|"), bytes: sz.throughput, checkDD: sz.throughput},
		shape{id: "tp-dd-sock", group: "throughput", title: fmt.Sprintf("`dd bs=1M |> dd` (socketpair), %s", humanTitle(sz.throughput)),
			text: dd("|>"), bytes: sz.throughput, checkDD: sz.throughput, plumb: true},
		shape{id: "tp-dd-tcp", group: "throughput", title: fmt.Sprintf("`dd bs=1M |>tcp dd` (loopback TCP), %s", humanTitle(sz.throughput)),
			text: dd("|>tcp"), bytes: sz.throughput, checkDD: sz.throughput, plumb: true},
		shape{id: "tp-head-cat", group: "throughput", title: fmt.Sprintf("`head -c | cat | cat`, %s", humanTitle(sz.throughput)),
			text: fmt.Sprintf("head -c %s /dev/zero | cat | cat >/dev/null", human(sz.throughput)), bytes: sz.throughput},
		shape{id: "tp-chain8", group: "throughput", title: fmt.Sprintf("8-stage chain `head -c | cat ×7`, %s", humanTitle(sz.chain)),
			text: fmt.Sprintf("head -c %s /dev/zero | %s >/dev/null", human(sz.chain), pipeline(7, "cat", "cat")), bytes: sz.chain},
	)
	for _, n := range sz.spawnN {
		s = append(s, shape{id: fmt.Sprintf("spawn-true-%d", n), group: "spawn", n: n,
			title: fmt.Sprintf("`/bin/true | …` N=%d", n), text: pipeline(n, "/bin/true", "/bin/true")})
	}
	for _, n := range sz.spawnN {
		s = append(s, shape{id: fmt.Sprintf("spawn-cat-%d", n), group: "spawn", n: n,
			title: fmt.Sprintf("`cat </dev/null | cat | …` N=%d", n), text: pipeline(n, "cat </dev/null", "cat")})
	}
	s = append(s,
		shape{id: "startup-true", group: "startup", title: "start-up `-c true`", text: "true"},
		shape{id: "startup-bintrue", group: "startup", title: "start-up `-c /bin/true`", text: "/bin/true"},
		shape{id: "script-true", group: "script", file: true, title: fmt.Sprintf("script: %d lines of `/bin/true`", sz.lines),
			text: repeatLines("/bin/true", sz.lines)},
		shape{id: "script-echo-cat", group: "script", file: true, title: fmt.Sprintf("script: %d lines of `/bin/echo x | /bin/cat >/dev/null`", sz.lines),
			text: repeatLines("/bin/echo x | /bin/cat >/dev/null", sz.lines)},
		shape{id: "script-loop", group: "script", file: true, title: fmt.Sprintf("script: builtin `while` loop, %d iterations", sz.loop),
			text: fmt.Sprintf("i=0\nwhile [ $i -lt %d ]; do i=$((i+1)); done\n", sz.loop)},
		shape{id: "script-func", group: "script", file: true, title: fmt.Sprintf("script: function-call loop, %d calls", sz.calls),
			text: fmt.Sprintf("f() { :; }\ni=0\nwhile [ $i -lt %d ]; do f; i=$((i+1)); done\n", sz.calls)},
		shape{id: "mem-startup", group: "memory", memory: true, title: "peak RSS, `-c true`", text: "true"},
		shape{id: "mem-cat", group: "memory", memory: true, title: fmt.Sprintf("peak RSS, `cat | …` N=%d", sz.memN),
			text: pipeline(sz.memN, "cat </dev/null", "cat")},
		shape{id: "mem-loop", group: "memory", memory: true, file: true, title: fmt.Sprintf("peak RSS, builtin loop %d", sz.loop),
			text: fmt.Sprintf("i=0\nwhile [ $i -lt %d ]; do i=$((i+1)); done\n", sz.loop)},
	)
	return s
}
