// Package api compares three ways for a Go program to run the same
// pipeline of real processes: plumb's embedding API (shell.Runner, from a
// script and from argv slices), os/exec wired by hand, and mvdan.cc/sh's
// interpreter. It is its own module so that mvdan.cc/sh never becomes a
// dependency of plumb's.
//
//	cd bench/api && go test -run TestReport -rounds 25 -v   # interleaved, Markdown table
//	cd bench/api && go test -bench . -benchtime 2s -count 5
package api

import (
	"bytes"
	"context"
	"io"
	"os"
	osexec "os/exec"
	"strings"
	"testing"

	"mvdan.cc/sh/v3/interp"
	"mvdan.cc/sh/v3/syntax"

	"github.com/plumbsh/plumb/shell"
)

// Every stage is an external program named by its path, so that no
// runner can run one in-process as a builtin: all three start the same
// processes.
var shapes = []struct {
	name   string
	argv   [][]string
	want   string
	nbytes int64 // bytes through the pipeline, for throughput
}{
	{
		name: "small", // pipelines per second
		argv: [][]string{{"/bin/echo", "hello"}, {"/usr/bin/tr", "a-z", "A-Z"}, {"/usr/bin/wc", "-c"}},
		want: "6",
	},
	{
		name:   "256MiB", // throughput
		argv:   [][]string{{"/usr/bin/head", "-c", "268435456", "/dev/zero"}, {"/bin/cat"}, {"/usr/bin/wc", "-c"}},
		want:   "268435456",
		nbytes: 256 << 20,
	},
}

func script(argv [][]string) string {
	var parts []string
	for _, a := range argv {
		parts = append(parts, strings.Join(a, " "))
	}
	return strings.Join(parts, " | ")
}

func check(b *testing.B, out *bytes.Buffer, want string) {
	if got := strings.TrimSpace(out.String()); got != want {
		b.Fatalf("output %q, want %q", got, want)
	}
	out.Reset()
}

func report(b *testing.B, nbytes int64) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pipelines/s")
	if nbytes > 0 {
		b.SetBytes(nbytes)
	}
}

// plumb, from a script.
func BenchmarkPlumbRun(b *testing.B) {
	for _, sh := range shapes {
		b.Run(sh.name, func(b *testing.B) {
			var out bytes.Buffer
			r := &shell.Runner{Stdout: &out}
			src := script(sh.argv)
			ctx := context.Background()
			for b.Loop() {
				if _, err := r.Run(ctx, src); err != nil {
					b.Fatal(err)
				}
				check(b, &out, sh.want)
			}
			report(b, sh.nbytes)
		})
	}
}

// plumb, from a script, with every pipe at the kernel's default size
// (64 KiB) as os/exec and mvdan.cc/sh leave them, instead of plumb's
// automatic sizing (up to 1 MiB).
func BenchmarkPlumbRunPipesize0(b *testing.B) {
	for _, sh := range shapes {
		b.Run(sh.name, func(b *testing.B) {
			var out bytes.Buffer
			r := &shell.Runner{Stdout: &out, Options: []string{"pipesize=0"}}
			src := script(sh.argv)
			ctx := context.Background()
			for b.Loop() {
				if _, err := r.Run(ctx, src); err != nil {
					b.Fatal(err)
				}
				check(b, &out, sh.want)
			}
			report(b, sh.nbytes)
		})
	}
}

// plumb, from argv slices.
func BenchmarkPlumbRunPipeline(b *testing.B) {
	for _, sh := range shapes {
		b.Run(sh.name, func(b *testing.B) {
			var out bytes.Buffer
			r := &shell.Runner{Stdout: &out}
			p := shell.Command(sh.argv[0]...)
			for _, a := range sh.argv[1:] {
				p = p.Pipe(a...)
			}
			ctx := context.Background()
			for b.Loop() {
				if _, err := r.RunPipeline(ctx, p); err != nil {
					b.Fatal(err)
				}
				check(b, &out, sh.want)
			}
			report(b, sh.nbytes)
		})
	}
}

// os/exec, wired by hand the way a careful caller does it: one os.Pipe
// per link, the parent's copies closed right after the start, every
// command waited for.
func BenchmarkOSExec(b *testing.B) {
	for _, sh := range shapes {
		b.Run(sh.name, func(b *testing.B) {
			var out bytes.Buffer
			for b.Loop() {
				if err := osexecPipeline(sh.argv, &out); err != nil {
					b.Fatal(err)
				}
				check(b, &out, sh.want)
			}
			report(b, sh.nbytes)
		})
	}
}

func osexecPipeline(argv [][]string, out *bytes.Buffer) error {
	cmds := make([]*osexec.Cmd, len(argv))
	for i, a := range argv {
		cmds[i] = osexec.Command(a[0], a[1:]...)
		cmds[i].Env = []string{}
	}
	var ends []*os.File
	for i := 0; i+1 < len(cmds); i++ {
		pr, pw, err := os.Pipe()
		if err != nil {
			return err
		}
		cmds[i].Stdout, cmds[i+1].Stdin = pw, pr
		ends = append(ends, pr, pw)
	}
	cmds[len(cmds)-1].Stdout = out
	started := 0
	var err error
	for _, c := range cmds {
		if err = c.Start(); err != nil {
			break
		}
		started++
	}
	for _, f := range ends {
		f.Close()
	}
	for _, c := range cmds[:started] {
		if werr := c.Wait(); werr != nil && err == nil {
			err = werr
		}
	}
	return err
}

// mvdan.cc/sh/v3/interp running the same script.
func BenchmarkMvdanInterp(b *testing.B) {
	for _, sh := range shapes {
		b.Run(sh.name, func(b *testing.B) {
			var out bytes.Buffer
			src := script(sh.argv)
			ctx := context.Background()
			for b.Loop() {
				f, err := syntax.NewParser().Parse(strings.NewReader(src), "")
				if err != nil {
					b.Fatal(err)
				}
				r, err := interp.New(interp.StdIO(nil, &out, io.Discard), interp.Env(nil))
				if err != nil {
					b.Fatal(err)
				}
				if err := r.Run(ctx, f); err != nil {
					b.Fatal(err)
				}
				check(b, &out, sh.want)
			}
			report(b, sh.nbytes)
		})
	}
}

// The three agree on the output of every shape.
func TestSameOutput(t *testing.T) {
	for _, sh := range shapes[:1] {
		var out bytes.Buffer
		if _, err := (&shell.Runner{Stdout: &out}).Run(context.Background(), script(sh.argv)); err != nil || strings.TrimSpace(out.String()) != sh.want {
			t.Errorf("plumb: %q %v", out.String(), err)
		}
		out.Reset()
		if err := osexecPipeline(sh.argv, &out); err != nil || strings.TrimSpace(out.String()) != sh.want {
			t.Errorf("os/exec: %q %v", out.String(), err)
		}
		out.Reset()
		f, _ := syntax.NewParser().Parse(strings.NewReader(script(sh.argv)), "")
		r, _ := interp.New(interp.StdIO(nil, &out, io.Discard))
		if err := r.Run(context.Background(), f); err != nil || strings.TrimSpace(out.String()) != sh.want {
			t.Errorf("interp: %q %v", out.String(), err)
		}
	}
}
