package shell

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"

	"github.com/plumbsh/plumb/exec"
	"github.com/plumbsh/plumb/parser"
)

// A job is a pipeline or list started with `&`. Its Wait runs in a
// goroutine from the moment it starts, so a finished background process
// is reaped at once and never lingers as a zombie; `wait` only reads the
// status that goroutine left.
type job struct {
	id     int
	pid    int // what $! says: the last stage's pid, or a pseudo-pid
	text   string
	run    *exec.Running
	done   chan struct{}
	status int
	ctl    jobState // stopped/notified state, see jobctl.go
}

// jobTable holds one shell's background jobs.
type jobTable struct {
	mu   sync.Mutex
	list []*job
	next int
	// cur and prev are the jobs %+ and %- name (jobctl.go).
	cur, prev *job
}

func newJobTable() *jobTable { return &jobTable{next: 1} }

// pseudoPidBase is above the largest pid Linux can hand out
// (PID_MAX_LIMIT, 2^22), so a job that runs in-process gets a $! that can
// never name a real process.
const pseudoPidBase = 1<<22 + 1

var pseudoPids struct {
	sync.Mutex
	n int
}

func newPseudoPid() int {
	pseudoPids.Lock()
	defer pseudoPids.Unlock()
	pseudoPids.n++
	return pseudoPidBase + pseudoPids.n
}

var devNull struct {
	once sync.Once
	f    *os.File
}

// nullFile is /dev/null, opened once for the process and never closed:
// the stdin of background jobs in a non-interactive shell (POSIX).
func nullFile() *os.File {
	devNull.once.Do(func() {
		devNull.f, _ = os.OpenFile(os.DevNull, os.O_RDWR, 0)
	})
	return devNull.f
}

// startBackground starts `st &`: one pipeline is started as a plan whose
// stages are this pipeline's; an and-or list runs as one in-process stage.
func (s *Shell) startBackground(st *parser.Stmt) {
	// A copy without the terminal: nothing a background job runs may
	// take it (jc nil).
	bg := s.clone()
	bg.subshell = s.subshell
	bg.jc = nil
	// The job owns duplicates of the shell's descriptors, as a forked
	// job owns its copies: the table it starts from may be an in-process
	// stage's or a substitution's, closed when that returns while the job
	// runs on (`{ (sleep 1; echo late) & } | cat`, `$( cmd & )`), or the
	// shell's own, which `exec 3>&-` may close under it. They are closed
	// when the job is done, so a reader of the job's output sees EOF only
	// then, as with bash. Consumer ends of the process substitutions in
	// progress are left out, as startSubst does.
	if err := bg.dupTable(s.substEnds); err != nil {
		s.errorf("%v", err)
		s.status = 1
		return
	}
	bg.blame = nil // its commands end while the shell goes on
	if !s.interactive && nullFile() != nil {
		// Run the list with stdin from /dev/null.
		bg.setFile(0, nullFile(), false)
	}
	var plan *exec.Plan
	var err error
	if len(st.AndOr.Rest) == 0 {
		plan, err = bg.buildPlan(st.AndOr.First)
	} else {
		sub := bg.clone()
		a := st.AndOr
		plan = &exec.Plan{Pgid: s.childGroup(), Stages: []*exec.Stage{{
			Argv:  []string{"list"},
			Files: bg.files,
			Func: func(ctx context.Context, io *exec.StageIO) int {
				sub.bindStage(ctx, io)
				err := sub.runAndOr(a)
				st, _ := exitStatusOf(err, sub.status)
				return sub.finish(st)
			},
		}}}
	}
	if err != nil {
		bg.closeSubstEnds(0)
		bg.closeOwned()
		s.errorf("%v", err)
		s.status = 1
		return
	}
	ctx := s.ctx
	if s.jobCtx != nil {
		ctx = s.jobCtx
	}
	// Interactive: watch for stops too, so that a job stopped by
	// SIGTTIN (it read the terminal) is reported.
	plan.Untraced = s.interactive
	run, err := exec.Start(ctx, plan)
	if err != nil {
		bg.closeSubstEnds(0)
		bg.closeOwned()
		s.errorf("%v", err)
		s.status = 1
		return
	}
	negate := st.AndOr.First.Negated && len(st.AndOr.Rest) == 0
	j := newJob(run, parser.Format(st.AndOr), negate, s.opts.pipefail)
	go func() {
		// `cat <(x) &`: the ends of the job's process substitutions
		// are closed when the job is done, as a pipeline closes its
		// own, and so are the job's duplicates of the table.
		<-j.done
		bg.closeSubstEnds(0)
		bg.closeOwned()
	}()
	s.jobs.add(j)
	s.lastBg = j.pid
	s.status = 0
	if s.interactive {
		s.jobs.setCurrent(j)
		s.writeErr(fmt.Sprintf("[%d] %d\n", j.id, j.pid))
	}
}

func (t *jobTable) add(j *job) {
	t.mu.Lock()
	defer t.mu.Unlock()
	// Numbered as bash does: one more than the highest job in the
	// table, so the numbers start again at 1 once every job is gone.
	j.id = 1
	for _, x := range t.list {
		j.id = max(j.id, x.id+1)
	}
	t.list = append(t.list, j)
}

// find returns the job with $! == pid, or the job named by %N.
func (t *jobTable) find(spec string) *job {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(spec) > 1 && spec[0] == '%' {
		n, err := strconv.Atoi(spec[1:])
		for _, j := range t.list {
			if err == nil && j.id == n {
				return j
			}
		}
		return t.findCurrentLocked(spec)
	}
	pid, err := strconv.Atoi(spec)
	if err != nil {
		return nil
	}
	for _, j := range t.list {
		if j.pid == pid {
			return j
		}
		for _, p := range j.run.Pids() {
			if p == pid {
				return j
			}
		}
	}
	return nil
}

func (t *jobTable) remove(j *job) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i, x := range t.list {
		if x == j {
			t.list = append(t.list[:i], t.list[i+1:]...)
			return
		}
	}
}

func (t *jobTable) all() []*job {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]*job(nil), t.list...)
}

func boolStatus(ok bool) int {
	if ok {
		return 0
	}
	return 1
}
