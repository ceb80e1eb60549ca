package interp

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/plumbsh/plumb/exec"
	"github.com/plumbsh/plumb/parser"
)

// redirFailed turns a failed redirection into the command's status 1; a
// fatal expansion error inside it travels on.
func (s *Shell) redirFailed(err error) error {
	if errors.Is(err, errRedir) {
		s.status = 1
		return nil
	}
	return err
}

// runPipeline runs one pipeline and sets $? and PIPESTATUS. A pipeline of
// one stage runs in this shell (a builtin can change its state); longer
// ones become an exec.Plan in which builtins, functions and compound
// commands are in-process stages working on copies of the state.
func (s *Shell) runPipeline(p *parser.Pipeline) error {
	// The process substitutions of its words end with the pipeline.
	defer s.closeSubstEnds(len(s.substEnds))
	if len(p.Stages) == 1 {
		mark := s.blame.mark()
		err := s.runCommand(p.Stages[0])
		if setsPipeStatus(p.Stages[0].Cmd) {
			s.pipestatus = append(s.pipestatus[:0], s.status)
		}
		s.blameCompound(mark, p.Stages[0])
		return err
	}
	if inner, rs := p.BidiTail(); rs != nil {
		// `a <|> b R` runs as `{ a <|> b; } R` (links.go).
		restore, err := s.applyRedirs(rs)
		if err != nil {
			return s.redirFailed(err)
		}
		defer restore()
		p = inner
	}
	plan, err := s.buildPlan(p)
	if err != nil {
		return err
	}
	last := s.stageClone
	s.stageClone = nil
	res, err := s.runPlan(plan)
	if res == nil {
		return nil
	}
	if last != nil && s.opts.shopt[shLastpipe] && !s.interactive {
		// shopt -s lastpipe (without job control, as in bash): the last
		// stage ran in this shell, so its variables and functions stay
		// (`cmd | read x`, `seq 3 | mapfile a`). It ran on a copy,
		// which is done now: take the copy's tables.
		s.vars, s.funcs, s.env = last.vars, last.funcs, nil
	}
	s.setPipeStatus(res)
	return err // Ctrl-C ended a foreground job (foreground.go)
}

// setsPipeStatus says whether a pipeline of the one command cmd sets
// PIPESTATUS, as in bash: a simple command, a subshell, [[ ]] and (( ))
// do; a brace group, if, case and the loops leave what the last
// pipeline inside them set, and a function definition leaves it alone.
func setsPipeStatus(cmd parser.Command) bool {
	switch cmd.(type) {
	case *parser.Block, *parser.IfClause, *parser.CaseClause, *parser.WhileClause,
		*parser.ForClause, *parser.SelectClause, *parser.ArithForClause, *parser.FuncDecl:
		return false
	}
	return true
}

// setPipeStatus sets PIPESTATUS and $? from a finished pipeline: the last
// stage's status, or with pipefail the last non-zero one.
func (s *Shell) setPipeStatus(res *exec.Result) {
	s.pipestatus = s.pipestatus[:0]
	st := 0
	for _, r := range res.Stages {
		s.pipestatus = append(s.pipestatus, r.Status)
		if s.opts.pipefail && r.Status != 0 {
			st = r.Status
		}
	}
	if !s.opts.pipefail {
		st = res.Stages[len(res.Stages)-1].Status
	}
	s.status = st
	s.blamePipeline(res)
}

// linkKinds is what each link operator makes, indexed by parser.LinkKind
// (which starts at 1): an array of constants is static data, a map
// literal would be built at every start.
var linkKinds = [...]exec.Link{
	parser.LinkPipe:    {Kind: exec.Pipe},
	parser.LinkPipeAll: {Kind: exec.Pipe, Stderr: true},
	parser.LinkUnix:    {Kind: exec.Unix},
	parser.LinkTCP:     {Kind: exec.TCP},
	parser.LinkBidi:    {Kind: exec.Unix, Bidi: true},
	parser.LinkBidiTCP: {Kind: exec.TCP, Bidi: true},
}

// linkKindOp is the operator of linkKinds[k].
func linkKindOp(k int) string { return parser.LinkKind(k).String() }

// buildPlan expands every stage and turns the pipeline into an exec.Plan.
// Words of external stages are expanded here, in the parent; every other
// stage runs on its own copy of the state, made now, before any stage
// starts, so that no stage's goroutine reads s while another runs.
func (s *Shell) buildPlan(p *parser.Pipeline) (*exec.Plan, error) {
	if inner, rs := p.BidiTail(); rs != nil {
		p = asBlock(inner, rs) // `a <|> b R &`: see links.go
	}
	plan := s.newPlan()
	for _, l := range p.Links {
		plan.Links = append(plan.Links, linkKinds[l.Kind])
	}
	var fifos []*fifoOpen
	if len(p.Stages) > 1 {
		s.fifoOpens = &fifos // FIFOs open concurrently (fifoopen.go)
		defer func() { s.fifoOpens = nil }()
	}
	fail := func(err error) (*exec.Plan, error) {
		for _, done := range plan.Stages {
			closeRedirs(done.Redirs)
		}
		return nil, err
	}
	for _, st := range p.Stages {
		s.stageClone = nil
		es, err := s.planStage(st)
		if err != nil {
			if len(fifos) > 0 {
				s.awaitFifos(&exec.Plan{}, fifos) // closes what opens
			}
			return fail(err)
		}
		plan.Stages = append(plan.Stages, es)
	}
	if len(fifos) > 0 {
		if err := s.settleFifos(plan, fifos); err != nil {
			return fail(err)
		}
	}
	return plan, nil
}

// planStage makes the exec.Stage for one pipeline stage.
func (s *Shell) planStage(st *parser.Stage) (*exec.Stage, error) {
	c, ok := st.Cmd.(*parser.SimpleCmd)
	if !ok {
		sub := s.clone()
		s.stageClone = sub
		return &exec.Stage{
			Argv:     []string{stageName(st)},
			Files:    s.files,
			StartErr: badFd,
			Func: func(ctx context.Context, io *exec.StageIO) int {
				sub.bindStage(ctx, io)
				err := sub.runCommand(st)
				st, _ := exitStatusOf(err, sub.status)
				return sub.finish(st)
			},
		}, nil
	}
	if err := s.debugTrapStage(st, c); err != nil { // trap_bash.go
		return nil, err
	}
	// The stage's table holds the process substitutions of its own
	// words, and the next stage's does not: the table is put back after,
	// and the ends stay in parent.substEnds until the pipeline is done.
	parent, table := s, s.fdTable
	// Nor does $! of a process substitution in its words reach this
	// shell: in bash the stage forks before it expands them.
	lastBg, lastProc := s.lastBg, s.lastProc
	if assignsInExpansion(st) {
		// In sh every stage is a subshell: `${x:=v} | cat` and
		// `echo $((i+=1)) | cat` must not assign in this shell. Expand
		// in a copy (only then, a copy costs a map of every variable).
		s = s.clone()
	}
	defer func() {
		if s != parent {
			parent.substEnds = append(parent.substEnds, s.substEnds...)
		}
		parent.fdTable = table
		parent.lastBg, parent.lastProc = lastBg, lastProc
	}()
	s.lastSubst = -1
	argv, err := s.expandArgs(c)
	if err != nil {
		// The stage is a subshell in sh: an expansion error ends that
		// stage only (run.go).
		return failedStage(err)
	}
	redirs, err := s.openRedirs(st.Redirs)
	if err != nil {
		if errors.Is(err, errRedir) {
			return &exec.Stage{Argv: argv, Files: s.files, Func: func(context.Context, *exec.StageIO) int { return 1 }}, nil
		}
		return nil, err
	}
	as := c.Assigns
	if len(argv) == 0 {
		// `a[i]=v | …` and `a=(…) | …` would assign in the stage's
		// copy only, and be lost with it.
		as = plainAssigns(as)
	}
	assigns, err := s.expandAssigns(as)
	if err != nil {
		closeRedirs(redirs)
		return nil, err
	}
	if len(argv) > 0 && s.isExternal(argv[0]) {
		return s.externalStage(argv, assigns, redirs), nil
	}
	sub := s.clone()
	parent.stageClone = sub
	substStatus := max(s.lastSubst, 0)
	return &exec.Stage{
		Argv:     argvOrAssign(argv, c),
		Files:    s.files,
		Redirs:   redirs,
		StartErr: badFd,
		Func: func(ctx context.Context, io *exec.StageIO) int {
			sub.bindStage(ctx, io)
			if len(argv) == 0 {
				// `x=1 | …`: the assignment happens in the stage's copy
				// and is lost with it, as in sh.
				for _, a := range assigns {
					k, v, _ := strings.Cut(a, "=")
					sub.setVar(k, v)
				}
				return substStatus
			}
			err := sub.runArgv(argv, assigns)
			st, _ := exitStatusOf(err, sub.status)
			return sub.finish(st)
		},
	}, nil
}

// assignsInExpansion reports whether expanding st's words may assign a
// variable: ${x=w} ${x:=w}, or arithmetic that assigns ($((i+=1)),
// $((i++)); any "=" counts, so `==` gives a harmless false positive).
func assignsInExpansion(st *parser.Stage) bool {
	found := false
	parser.Walk(st, func(n parser.Node) bool {
		switch n := n.(type) {
		case *parser.ParamExp:
			found = found || n.Op == parser.ParamAssign || n.Op == parser.ParamAssignColon
		case *parser.ArithExp:
			if n.Expr != nil {
				t := parser.Format(n.Expr)
				found = found || strings.ContainsAny(t, "=") || strings.Contains(t, "++") || strings.Contains(t, "--")
			}
		case *parser.CmdSubst:
			return false // runs in its own copy anyway
		}
		return !found
	})
	return found
}

// bindStage points a stage's shell copy at the stage's descriptors.
func (s *Shell) bindStage(ctx context.Context, io *exec.StageIO) {
	s.fdTable = borrowed(io.Files)
	s.ctx = ctx
	s.pgid = io.Pgid
}

func argvOrAssign(argv []string, c *parser.SimpleCmd) []string {
	if len(argv) > 0 {
		return argv
	}
	return []string{parser.Format(c)}
}

// stageName is how a compound stage shows up in results and job lists.
func stageName(st *parser.Stage) string {
	txt := parser.Format(st.Cmd)
	if i := strings.IndexByte(txt, '\n'); i >= 0 {
		txt = txt[:i] + " …"
	}
	return txt
}

// isExternal reports whether name runs as an external program: it is not
// a function, a builtin or an embedder's command.
func (s *Shell) isExternal(name string) bool {
	if _, ok := s.funcs[name]; ok {
		return false
	}
	if _, ok := builtins[name]; ok {
		return false
	}
	if s.cmdHook != nil && s.cmdHook(name) != nil {
		return false
	}
	return true
}

// externalStage makes the exec.Stage of an external command; a command
// that cannot be found becomes a stage that says so and returns 127.
func (s *Shell) externalStage(argv []string, assigns []string, redirs []exec.Redir) *exec.Stage {
	path, status := s.lookPathWith(argv[0], assigns)
	if status != 0 {
		name := argv[0]
		return &exec.Stage{Argv: argv, Files: s.files, Redirs: redirs, Func: func(_ context.Context, io *exec.StageIO) int {
			writeTo(io.Files, 2, s.prefix()+commandError(name, status)+"\n")
			return status
		}}
	}
	if s.opts.xtrace {
		s.traceCommand(assigns, argv)
	}
	st := &exec.Stage{
		Argv:     argv,
		Path:     path,
		Env:      s.envWith(assigns),
		Dir:      s.dir,
		Files:    s.files,
		Redirs:   redirs,
		StartErr: s.startErr(path, argv),
	}
	s.throughTrampoline(st) // after `umask` or `ulimit` (trampoline.go)
	return st
}

func commandError(name string, status int) string {
	if status == 127 {
		if strings.Contains(name, "/") {
			return name + ": No such file or directory"
		}
		return name + ": command not found"
	}
	if isDir(name) {
		return name + ": Is a directory"
	}
	return name + ": Permission denied"
}

// startErr handles an external stage whose execve failed: a file with no
// #! line and no binary format is run as a plumb script (ENOEXEC), as sh
// does; anything else is reported with the status bash uses.
func (s *Shell) startErr(path string, argv []string) func(error, *exec.StageIO) int {
	// The script runs with the context of the command that names it, so
	// that cancelling the run reaches the commands the script starts.
	ctx := s.ctx
	return func(err error, io *exec.StageIO) int {
		var errno syscall.Errno
		errors.As(err, &errno)
		if errno == syscall.EBADF {
			return badFd(err, io)
		}
		if errno == syscall.ENOEXEC {
			sub := s.clone()
			sub.bindStage(ctx, io)
			arg0 := argv[0]
			if !strings.Contains(arg0, "/") {
				arg0 = path // found in PATH: $0 is where, as in sh
			}
			return sub.runScriptFile(path, arg0, argv[1:])
		}
		status := 126
		if errno == syscall.ENOENT {
			status = 127
		}
		// bash names the file it tried: a command found in PATH (or
		// remembered by hash -p) by its path
		name := argv[0]
		if !strings.Contains(name, "/") {
			name = path
		}
		writeTo(io.Files, 2, s.prefix()+name+": "+errText(err)+"\n")
		return status
	}
}

// badFd is the StartErr of a stage whose redirection duplicates a closed
// descriptor (`echo >&5`): one line and status 1, as in sh.
func badFd(err error, io *exec.StageIO) int {
	var pe *os.PathError
	fd := "?"
	if errors.As(err, &pe) {
		fd = pe.Path
	}
	writeTo(io.Files, 2, "plumb: "+fd+": Bad file descriptor\n")
	return 1
}

// newPlan returns an empty plan carrying the shell's settings: the process
// group to join, stats, the cancellation grace and the pipe size.
func (s *Shell) newPlan() *exec.Plan {
	return &exec.Plan{Pgid: s.childGroup(), Stats: s.opts.stats || s.recorder != nil, Grace: s.grace, PipeSize: s.planPipeSize()}
}

// childGroup is the process group a plan's external commands join (0:
// a group of their own). A non-interactive plumb keeps them in its own
// group, as sh does, so that whoever signals that group (timeout(1), a
// CI runner) reaches them too; groups per job are for job control at
// the prompt, and the embedding API's own groups let it cancel a call
// (invariant 3).
func (s *Shell) childGroup() int {
	if s.pgid == 0 && s.ownsSignals && !s.interactive {
		return syscall.Getpgrp()
	}
	return s.pgid
}

// runPlan runs a foreground plan, reports its statistics and hands its
// result to the embedder's recorder. A plumbing failure is printed and
// becomes status 1.
//
// A shell that owns the terminal (foreground.go) runs it as the terminal's
// foreground job; when a stage of it died of Ctrl-C, the result comes
// with an error that abandons the command line (interactive) or the
// script. A job stopped by Ctrl-Z returns a snapshot: $? is 148.
func (s *Shell) runPlan(plan *exec.Plan) (*exec.Result, error) {
	res, err, fg := s.runPlanForeground(plan)
	deferred := false
	if !fg {
		endDefer := s.deferInterrupt()
		res, err = s.execRun(plan) // exec.Run (api_process.go)
		deferred = endDefer()
	}
	s.syncSignals() // what the command sent the shell is trapped before what follows
	if err != nil {
		s.errorf("%s", plumbingError(plan, err))
		s.status = 1
		s.pipestatus = append(s.pipestatus[:0], 1)
		return nil, err
	}
	if anyStopped(res) {
		if fg && s.interactive && s.loopDepth > 0 && stoppedBy(res, syscall.SIGTSTP) {
			// Ctrl-Z in a loop leaves every loop it is in, as in
			// bash: the loop would run on and start the next command
			// in the foreground, and the prompt would not come back.
			// A function's loops only: a call hides the caller's.
			return res, &breakError{N: s.loopDepth}
		}
		return res, nil
	}
	s.reportStats(res)
	s.noteUnstarted(plan, res)
	if s.recorder != nil {
		s.recorder(res)
	}
	if (fg || deferred) && interruptedBy(res) {
		return res, s.childInterrupted()
	}
	return res, nil
}

// deferInterrupt makes a script wait for its foreground pipeline when
// Ctrl-C reaches its process group, as sh does. The pipeline's commands
// are in the shell's group (invariant 3), so SIGINT from the terminal
// reaches plumb too, and Go's default action would end plumb at once and
// leave a command that handles SIGINT itself (an editor, a REPL, a
// script with a trap) running without its shell. So while the pipeline
// runs plumb catches SIGINT; afterwards, if a stage died of it, the
// script ends as bash's does (childInterrupted), and otherwise the
// command handled the key and the script goes on. Caught, not ignored:
// commands started meanwhile still get SIGINT's default action.
//
// Only a plumb in its terminal's foreground group can get Ctrl-C: the
// others are left alone, and so spared the signal thread that catching
// costs (under a small process limit it may not be there to have).
//
// With a trap on INT the trap decides; the returned func then reports
// no deferral, but when SIGINT reached plumb it waits until the trap's
// channel has it too (Go hands a signal to each channel in turn), so
// that the trap runs before the next command, not after it. Nothing is
// done for an ignored SIGINT, at the prompt (jobctl.go) or in a Go
// program embedding the shell.
func (s *Shell) deferInterrupt() (end func() (deferred bool)) {
	if !s.ownsSignals || s.interactive || signal.Ignored(syscall.SIGINT) || !terminalForeground() {
		return func() bool { return false }
	}
	_, trapped := s.traps["INT"]
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGINT)
	return func() bool {
		signal.Stop(ch)
		if trapped {
			if len(ch) > 0 {
				s.afterSelfKill(syscall.SIGINT)
			}
			return false
		}
		return true
	}
}

// finish ends a shell or subshell: its EXIT trap runs, its own files
// close, and the status to exit with is returned.
func (s *Shell) finish(status int) int {
	s.status = status
	// Handlers of signals that came during the last command run first;
	// `exit N` in a handler (or in the EXIT trap) sets the status.
	if err := s.runTraps(); err != nil {
		status, _ = exitStatusOf(err, status)
	}
	if t, ok := s.traps["EXIT"]; ok && t != "" {
		delete(s.traps, "EXIT")
		s.status = status
		if _, err := s.evalString(t, "trap"); err != nil {
			status, _ = exitStatusOf(err, status)
		}
	}
	s.closeSubstEnds(0)
	s.closeOwned()
	return status
}

func isDir(name string) bool {
	fi, err := os.Stat(name)
	return err == nil && fi.IsDir()
}

// terminalForeground reports whether plumb's process group is the
// foreground group of its controlling terminal, where Ctrl-C reaches it.
// The terminal is opened for the question and closed at once: no
// descriptor is held for it.
// noControllingTTY records that /dev/tty could not be opened for want of
// a controlling terminal, so that a script run without one (CI, cron, a
// service) does not try again before every command.
var noControllingTTY atomic.Bool

func terminalForeground() bool {
	if noControllingTTY.Load() {
		return false
	}
	fd, err := syscall.Open("/dev/tty", syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NOCTTY|syscall.O_NONBLOCK, 0)
	if err != nil {
		// No controlling terminal (ENXIO) stays so: a process gets one
		// only by opening a terminal as a session leader, which plumb
		// never does. Not so for no descriptor left (EMFILE).
		if err == syscall.ENXIO {
			noControllingTTY.Store(true)
		}
		return false
	}
	defer syscall.Close(fd)
	pg, err := unix.IoctlGetInt(fd, unix.TIOCGPGRP)
	return err == nil && pg == syscall.Getpgrp()
}
