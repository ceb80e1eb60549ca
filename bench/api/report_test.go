package api

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"mvdan.cc/sh/v3/interp"
	"mvdan.cc/sh/v3/syntax"

	"github.com/plumbsh/plumb/shell"
)

var rounds = flag.Int("rounds", 0, "TestReport: rounds of interleaved measurements (0 skips the report)")

// runner is one way of running a shape once.
type runner struct {
	name string
	run  func(argv [][]string, out *bytes.Buffer) error
}

var runners = []runner{
	{"plumb Runner.Run", func(argv [][]string, out *bytes.Buffer) error {
		_, err := (&shell.Runner{Stdout: out}).Run(context.Background(), script(argv))
		return err
	}},
	{"plumb Runner.Run, pipesize=0", func(argv [][]string, out *bytes.Buffer) error {
		_, err := (&shell.Runner{Stdout: out, Options: []string{"pipesize=0"}}).Run(context.Background(), script(argv))
		return err
	}},
	{"plumb Runner.RunPipeline", func(argv [][]string, out *bytes.Buffer) error {
		p := shell.Command(argv[0]...)
		for _, a := range argv[1:] {
			p = p.Pipe(a...)
		}
		_, err := (&shell.Runner{Stdout: out}).RunPipeline(context.Background(), p)
		return err
	}},
	{"os/exec by hand", osexecPipeline},
	{"mvdan.cc/sh/v3/interp", func(argv [][]string, out *bytes.Buffer) error {
		f, err := syntax.NewParser().Parse(strings.NewReader(script(argv)), "")
		if err != nil {
			return err
		}
		r, err := interp.New(interp.StdIO(nil, out, io.Discard), interp.Env(nil))
		if err != nil {
			return err
		}
		return r.Run(context.Background(), f)
	}},
}

// TestReport measures every runner on every shape in interleaved rounds
// (runner A, B, C, D, then again), so that a change in the machine's load
// hits them all alike, and prints a Markdown table of medians:
//
//	go test -run TestReport -rounds 15 -v
func TestReport(t *testing.T) {
	if *rounds == 0 {
		t.Skip("-rounds not set")
	}
	// How many pipelines one sample of a shape runs.
	batch := map[string]int{"small": 50, "256MiB": 1}
	samples := make(map[string][]time.Duration) // shape + runner → per-pipeline times
	for round := 0; round < *rounds; round++ {
		for _, sh := range shapes {
			for _, rn := range runners {
				var out bytes.Buffer
				start := time.Now()
				for i := 0; i < batch[sh.name]; i++ {
					if err := rn.run(sh.argv, &out); err != nil {
						t.Fatalf("%s %s: %v", rn.name, sh.name, err)
					}
					if got := strings.TrimSpace(out.String()); got != sh.want {
						t.Fatalf("%s %s: output %q", rn.name, sh.name, got)
					}
					out.Reset()
				}
				k := sh.name + "\x00" + rn.name
				samples[k] = append(samples[k], time.Since(start)/time.Duration(batch[sh.name]))
			}
		}
	}
	host, _ := os.Hostname()
	var b strings.Builder
	fmt.Fprintf(&b, "%d interleaved rounds, medians (min–max); %s, %d CPUs, %s, %s\n\n", *rounds, runtime.GOOS+"/"+runtime.GOARCH, runtime.NumCPU(), runtime.Version(), host)
	b.WriteString("| runner | pipelines/s (small: echo \\| tr \\| wc) | MB/s (256 MiB: head \\| cat \\| wc) |\n|---|---|---|\n")
	for _, rn := range runners {
		row := "| " + rn.name + " |"
		for _, sh := range shapes {
			d := slices.Clone(samples[sh.name+"\x00"+rn.name])
			slices.Sort(d)
			med, lo, hi := d[len(d)/2], d[0], d[len(d)-1]
			if sh.nbytes == 0 {
				row += fmt.Sprintf(" %.0f (%.0f–%.0f) |", 1/med.Seconds(), 1/hi.Seconds(), 1/lo.Seconds())
			} else {
				mb := float64(sh.nbytes) / 1e6
				row += fmt.Sprintf(" %.0f (%.0f–%.0f) |", mb/med.Seconds(), mb/hi.Seconds(), mb/lo.Seconds())
			}
		}
		b.WriteString(row + "\n")
	}
	fmt.Print(b.String())
}
