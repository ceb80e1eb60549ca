package shell_test

import (
	"context"
	"strings"
	"testing"

	"github.com/plumbsh/plumb/shell"
)

// Benchmarks of the embedding API, for profiling plumb's own cost per
// command and per stage (go test -bench . -benchmem -cpuprofile/-memprofile
// ./shell). bench/ compares whole shells; bench/api compares shell.Runner
// with os/exec and mvdan.cc/sh.

func runBench(b *testing.B, script string) {
	b.Helper()
	r := &shell.Runner{}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Run(ctx, script); err != nil {
			b.Fatal(err)
		}
	}
}

// One external command: fork/exec, wait, and everything around them.
func BenchmarkRunTrue(b *testing.B) { runBench(b, "/bin/true") }

// A two-stage pipeline: one pipe, two processes.
func BenchmarkRunPipe2(b *testing.B) { runBench(b, "/bin/true | /bin/true") }

// A 100-stage pipeline: the per-stage cost (and, with -memprofile, the
// per-stage memory).
func BenchmarkRunPipe100(b *testing.B) {
	runBench(b, "/bin/true"+strings.Repeat(" | /bin/true", 99))
}

// An in-process stage feeding an external one (`echo x | cat`): a
// goroutine, a pipe and a fork.
func BenchmarkRunEchoCat(b *testing.B) { runBench(b, "echo x | /bin/cat >/dev/null") }

// The interpreter alone: 1,000 iterations of a builtin loop.
func BenchmarkBuiltinLoop(b *testing.B) {
	runBench(b, "i=0; while [ $i -lt 1000 ]; do i=$((i+1)); done")
}

// 1,000 function calls.
func BenchmarkFuncLoop(b *testing.B) {
	runBench(b, "f() { :; }; i=0; while [ $i -lt 1000 ]; do f; i=$((i+1)); done")
}

// RunPipeline: a pipeline from argv slices, no parsing.
func BenchmarkRunPipelineArgv(b *testing.B) {
	r := &shell.Runner{}
	p := shell.Command("/bin/true").Pipe("/bin/true")
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.RunPipeline(ctx, p); err != nil {
			b.Fatal(err)
		}
	}
}
