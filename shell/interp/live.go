package interp

import (
	"context"
	"sync"

	"github.com/plumbsh/plumb/exec"
)

// Live is the set of foreground pipelines a call is running, so that an
// embedder (shell.Process) can name their pids and signal them from
// another goroutine. The shell's copies share it. The zero Live is empty
// and ready to use.
type Live struct {
	mu   sync.Mutex
	runs map[*exec.Running]bool
}

// start starts plan and adds it to the set. It holds l.mu over the
// start: the stages may write (a "ready" line WaitReady sees) before
// exec.Start returns, and a Pids or Signal that follows what they wrote
// must find them.
func (l *Live) start(ctx context.Context, plan *exec.Plan) (*exec.Running, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	run, err := exec.Start(ctx, plan)
	if err != nil {
		return nil, err
	}
	if l.runs == nil {
		l.runs = make(map[*exec.Running]bool)
	}
	l.runs[run] = true
	return run, nil
}

func (l *Live) remove(r *exec.Running) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.runs, r)
}

// Runs returns the pipelines running now.
func (l *Live) Runs() []*exec.Running {
	l.mu.Lock()
	defer l.mu.Unlock()
	runs := make([]*exec.Running, 0, len(l.runs))
	for r := range l.runs {
		runs = append(runs, r)
	}
	return runs
}

// execRun runs a foreground plan: exec.Run, or, in a call an embedder
// tracks (Track), exec.Start and Wait with the Running kept where the
// embedder can reach it.
func (s *Shell) execRun(plan *exec.Plan) (*exec.Result, error) {
	if s.live == nil {
		return exec.Run(s.ctx, plan)
	}
	run, err := s.live.start(s.ctx, plan)
	if err != nil {
		return nil, err
	}
	defer s.live.remove(run)
	return run.Wait()
}
