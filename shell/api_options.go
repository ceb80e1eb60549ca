package shell

import (
	"io"

	"github.com/plumbsh/plumb/exec"
)

// A CallOption sets something for one call only: Run, RunPipeline,
// Start or StartRun take them after their arguments, and With gives a
// runner that applies them to every call, RunFile's included. The Runner
// itself is left as it is, so goroutines that share one Runner can each
// give their own stdio.
type CallOption func(*Runner)

// WithStdin makes r the call's stdin, in place of Runner.Stdin.
func WithStdin(r io.Reader) CallOption { return func(rn *Runner) { rn.Stdin = r } }

// WithStdout makes w the call's stdout, in place of Runner.Stdout.
func WithStdout(w io.Writer) CallOption { return func(rn *Runner) { rn.Stdout = w } }

// WithStderr makes w the call's stderr, in place of Runner.Stderr.
func WithStderr(w io.Writer) CallOption { return func(rn *Runner) { rn.Stderr = w } }

// WithEnv adds KEY=VALUE entries to the call's environment, after (and
// so overriding) Runner.Env.
func WithEnv(kv ...string) CallOption {
	return func(rn *Runner) { rn.Env = append(append([]string(nil), rn.Env...), kv...) }
}

// WithDir makes dir the call's working directory, in place of
// Runner.Dir; a relative dir is taken from Runner.Dir.
func WithDir(dir string) CallOption {
	return func(rn *Runner) {
		if rn.Dir != "" && !isAbs(dir) {
			dir = rn.Dir + "/" + dir
		}
		rn.Dir = dir
	}
}

// With returns a copy of r with opts applied.
func (r *Runner) With(opts ...CallOption) *Runner {
	c := *r
	for _, o := range opts {
		o(&c)
	}
	return &c
}

// with is With, without the copy when there is nothing to apply.
func (r *Runner) with(opts []CallOption) *Runner {
	if len(opts) == 0 {
		return r
	}
	return r.With(opts...)
}

func isAbs(p string) bool { return len(p) > 0 && p[0] == '/' }

// Command returns a pipeline of one stage, argv.
func Command(argv ...string) *Pipeline {
	return &Pipeline{Stages: [][]string{argv}}
}

// Pipe returns a new pipeline: p with a stage added, joined to the last
// one by a pipe (|). p is not changed.
func (p *Pipeline) Pipe(argv ...string) *Pipeline {
	return p.Link(LinkPipe, argv...)
}

// Link returns a new pipeline: p with a stage added, joined to the last
// one by l. p is not changed, so pipelines built from one base share
// nothing.
func (p *Pipeline) Link(l exec.Link, argv ...string) *Pipeline {
	q := &Pipeline{
		Stages: make([][]string, 0, len(p.Stages)+1),
		Links:  make([]exec.Link, 0, len(p.Stages)),
	}
	q.Stages = append(append(q.Stages, p.Stages...), append([]string(nil), argv...))
	if p.Links == nil {
		for range len(p.Stages) - 1 {
			q.Links = append(q.Links, LinkPipe)
		}
	} else {
		q.Links = append(q.Links, p.Links...)
	}
	q.Links = append(q.Links, l)
	return q
}
