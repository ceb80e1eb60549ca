package shell

import (
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sys/unix"

	"github.com/plumbsh/plumb/exec"
	"github.com/plumbsh/plumb/parser"
)

// A job is a pipeline or list started with `&`. Its Wait runs in a
// goroutine from the moment it starts, so a finished background process
// is reaped at once and never lingers as a zombie; `wait` only reads the
// status that goroutine left.
type job struct {
	id     int
	pid    int // what $! says: the last stage's pid, or a pseudo-pid (embedders only)
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
	bg.asyncIgnoresInt = bg.asyncIgnoresInt || s.ownsSignals && !s.interactive
	if !s.interactive && nullFile() != nil {
		// Run the list with stdin from /dev/null.
		bg.setFile(0, nullFile(), false)
	}
	var plan *exec.Plan
	var err error
	if s.ownsSignals && bg.runsInPlumb(st.AndOr) {
		plan, err = bg.subshellProcess(st.AndOr)
	} else if len(st.AndOr.Rest) == 0 {
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

// A background list that would run inside plumb — a subshell, a brace
// group, a function, a builtin, an and-or list — runs in a process of its
// own in the plumb command (ownsSignals), as in sh: it outlives the shell
// that started it, and $! is its pid, which `kill`, `wait` and `ps -p`
// know. Go cannot fork, so the process is plumb again (/proc/self/exe,
// through the trampoline's init: trampoline.go), given the list's source
// text after a prelude that recreates the state a forked subshell would
// have: variables with their attributes, functions, aliases, options,
// ignored traps, umask and positional parameters. The working directory
// and the descriptor table are the stage's own (Dir, Files); $$, $!, $?,
// the resource limits `ulimit` changed and $0 travel in the trampoline's
// variable and argv. The text goes in
// a memfd, one more descriptor of the child that it reads and closes
// before anything runs, so no size limit of the environment applies.
// An embedder's shell keeps such a list in-process, with a pseudo-pid:
// its program is not plumb, and its jobs end with the Runner's call.

// runsInPlumb reports whether `a &` would run, in part, in the plumb
// process: anything but a pipeline of commands that are neither
// builtins nor functions, as far as the syntax tells (a command name
// that is an expansion is taken as external).
func (s *Shell) runsInPlumb(a *parser.AndOr) bool {
	if len(a.Rest) > 0 {
		return true
	}
	for _, st := range a.First.Stages {
		c, ok := st.Cmd.(*parser.SimpleCmd)
		if !ok || len(c.Args) == 0 {
			return true
		}
		name := c.Args[0].Lit()
		if _, fn := s.funcs[name]; fn {
			return true
		}
		if _, bi := builtins[name]; bi {
			return true
		}
	}
	return false
}

// subshellProcess is the plan of one stage that runs `a` in a new plumb
// process, on the shell's descriptors (see runsInPlumb).
func (s *Shell) subshellProcess(a *parser.AndOr) (*exec.Plan, error) {
	fd, err := unix.MemfdCreate("plumb-subshell", unix.MFD_CLOEXEC)
	if err != nil {
		return nil, os.NewSyscallError("memfd_create", err)
	}
	// Owned by the plan from here: exec closes a Redir's File once the
	// stage has started, or on any failure of Start.
	text := os.NewFile(uintptr(fd), "plumb-subshell")
	prelude := s.subshellPrelude()
	src := prelude + subshellBody(a)
	if _, err := text.WriteString(src); err != nil {
		text.Close()
		return nil, err
	}
	// The child reads from its own descriptor, which shares this offset.
	if _, err := text.Seek(0, 0); err != nil {
		text.Close()
		return nil, err
	}
	n := max(len(s.files), 3)
	v := fmt.Sprintf("subshell %d %d %d %d %d %s %t", n, s.pid, s.lastBg, s.status, len(prelude), formatLimits(s.changedLimits()), s.asyncIgnoresInt)
	env := s.environ()
	st := &exec.Stage{
		Argv:   []string{s.arg0},
		Path:   "/proc/self/exe",
		Env:    append(env[:len(env):len(env)], trampolineVar+"="+v),
		Dir:    s.dir,
		Files:  s.files,
		Redirs: []exec.Redir{{Fd: n, File: text}},
	}
	plan := s.newPlan()
	plan.Stages = []*exec.Stage{st}
	return plan, nil
}

// subshellPrelude is the script that gives a new plumb the state of s, as
// a forked subshell inherits it: what declare -p, declare -f, alias,
// shopt -p and set +o show, ignored traps (handled traps are reset in a
// subshell) and the umask. xtrace and verbose come last, so that only
// the list itself is traced.
func (s *Shell) subshellPrelude() string {
	var b strings.Builder
	names := make([]string, 0, len(s.vars))
	for k := range s.vars {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		v := s.vars[k]
		switch k {
		case "UID", "EUID", "BASH_VERSINFO", "SHLVL":
			continue // set by every plumb, read-only; SHLVL: not one deeper
		}
		if v.nameref {
			b.WriteString("declare -n " + k + "=" + singleQuote(v.value) + "\n")
			continue
		}
		b.WriteString(s.declareText(k, v) + "\n")
	}
	for _, k := range slices.Sorted(maps.Keys(s.funcs)) {
		b.WriteString(parser.Format(s.funcs[k].FuncDecl) + "\n")
	}
	for _, k := range slices.Sorted(maps.Keys(s.aliases)) {
		b.WriteString("alias " + k + "=" + singleQuote(s.aliases[k]) + "\n")
	}
	for i, on := range s.opts.shopt {
		if on != defaultShopts()[i] {
			b.WriteString(fmt.Sprintf("shopt %s %s\n", map[bool]string{true: "-s", false: "-u"}[on], shoptNames[i]))
		}
	}
	for name, action := range s.traps {
		if action == "" {
			b.WriteString("trap '' " + name + "\n")
		}
	}
	fmt.Fprintf(&b, "umask %04o\n", s.umask)
	b.WriteString("set --")
	for _, a := range s.args {
		b.WriteString(" " + singleQuote(a))
	}
	b.WriteString("\n")
	last := []string{"xtrace", "verbose"}
	for _, o := range longOptionNames {
		if o == "noexec" || slices.Contains(last, o) {
			continue
		}
		if p := s.longOption(o); p != nil && *p {
			b.WriteString("set -o " + o + "\n")
		} else if p != nil {
			b.WriteString("set +o " + o + "\n")
		}
	}
	// One command, read before either takes effect: neither shows it.
	set := ""
	for _, o := range last {
		if *s.longOption(o) {
			set += " -o " + o
		}
	}
	if set != "" {
		b.WriteString("set" + set + "\n")
	}
	return b.String()
}

// subshellBody is the text the process runs for `a &`. For `( list ) &`
// it is the list: the process is the subshell, as sh's one fork is, so
// an `exec` in it replaces the process that $! names.
func subshellBody(a *parser.AndOr) string {
	p := a.First
	if len(a.Rest) == 0 && !p.Negated && len(p.Stages) == 1 && len(p.Stages[0].Redirs) == 0 {
		if sub, ok := p.Stages[0].Cmd.(*parser.Subshell); ok {
			var b strings.Builder
			for _, st := range sub.Stmts {
				b.WriteString(parser.Format(st) + "\n")
			}
			return b.String()
		}
	}
	return parser.Format(a) + "\n"
}
