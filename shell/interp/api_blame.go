package interp

import (
	"strings"
	"sync"
	"syscall"

	"github.com/plumbsh/plumb/exec"
	"github.com/plumbsh/plumb/parser"
)

// blame follows, for the embedding API, which command produced the
// shell's status, so that an *ExitError names it: the last command that
// ran and ended with a status, whatever its kind. One blame is shared by
// a call's shell and the copies that run synchronously for it
// (subshells, command substitutions, the in-process stages of a
// pipeline, whose records the pipeline's own record then replaces);
// background jobs and process substitutions, which run while the shell
// goes on, have none. A shell that is not the API's has none either:
// every method is a no-op on a nil *blame.
type blame struct {
	mu   sync.Mutex
	seq  int // counts the records
	last culprit
}

// culprit is one command and the status it ended with.
type culprit struct {
	kind   string // "external", "builtin", "function", "command", "compound"
	argv   []string
	status int
	signal syscall.Signal
	// pipeline, when the command was a stage of a pipeline that went
	// through exec, is that pipeline's result, and stage its index.
	pipeline *exec.Result
	stage    int
}

func (b *blame) mark() int {
	if b == nil {
		return 0
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.seq
}

func (b *blame) set(c culprit) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.seq++
	b.last = c
}

// setUnlessSince records c unless a command recorded since mark ended
// with c's status: that one produced it (the `false` inside a function,
// the command of an eval or of a $(…)), c only passed it on.
func (b *blame) setUnlessSince(mark int, c culprit) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.seq != mark && b.last.status == c.status {
		return
	}
	b.seq++
	b.last = c
}

// reset forgets the last record: a new call of a Session begins.
func (b *blame) reset() {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.seq = 0
	b.last = culprit{}
}

func (b *blame) get() (culprit, bool) {
	if b == nil {
		return culprit{}, false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.last, b.seq > 0
}

// blamePipeline records the stage of res whose status is the shell's
// (set from res just before): the last such stage, and not one that
// SIGPIPE killed if another has the status too, since a writer killed by
// SIGPIPE is usually the victim of the stage after it that ended early.
func (s *Shell) blamePipeline(res *exec.Result) {
	if s.blame == nil {
		return
	}
	pick := len(res.Stages) - 1
	found := false
	for i, sr := range res.Stages {
		if sr.Status != s.status {
			continue
		}
		if !found || sr.Signal != syscall.SIGPIPE || res.Stages[pick].Signal == syscall.SIGPIPE {
			pick, found = i, true
		}
	}
	sr := res.Stages[pick]
	s.blame.set(culprit{kind: s.stageKind(sr), argv: sr.Argv, status: s.status,
		signal: sr.Signal, pipeline: res, stage: pick})
}

// stageKind says what ran as the stage sr.
func (s *Shell) stageKind(sr exec.StageResult) string {
	name := ""
	if len(sr.Argv) > 0 {
		name = sr.Argv[0]
	}
	switch {
	case sr.Pid > 0 || sr.Err != nil:
		return "external"
	case s.funcs[name] != nil:
		return "function"
	case builtins[name] != nil:
		return "builtin"
	case s.cmdHook != nil && s.cmdHook(name) != nil:
		return "command"
	}
	return "compound"
}

// blameArgv records a builtin, function or Runner.Commands entry that
// ran in this shell with argv and ended with err and status.
func (s *Shell) blameArgv(mark int, kind string, argv []string, status int, err error) {
	if s.blame == nil {
		return
	}
	if st, ok := exitStatusOf(err, status); ok {
		status = st
	}
	switch {
	case argv[0] == "return":
		return // the function's status: the function is recorded
	case argv[0] == "exit" && len(argv) == 1:
		return // passes on $?, which its command has recorded
	}
	s.blame.setUnlessSince(mark, culprit{kind: kind, argv: argv, status: status, stage: -1})
}

// blameCompound records a command that is not a simple command (a
// compound command, `x=1`, `[[ … ]]`) unless a command inside it
// produced its status.
func (s *Shell) blameCompound(mark int, st *parser.Stage) {
	if s.blame == nil {
		return
	}
	text := parser.Format(st)
	if i := strings.IndexByte(text, '\n'); i >= 0 {
		text = text[:i] + " …"
	}
	if c, ok := st.Cmd.(*parser.SimpleCmd); ok && len(c.Args) > 0 {
		// A command: runArgv or runExternal recorded it, unless it
		// failed before it ran (a redirection, an expansion), which is
		// recorded here; `return` and `exit` are recorded by neither.
		if s.blame.mark() != mark {
			return
		}
		if w, _, _ := strings.Cut(text, " "); w == "return" || w == "exit" {
			return
		}
	}
	s.blame.setUnlessSince(mark, culprit{kind: "compound", argv: []string{text}, status: s.status, stage: -1})
}

// quoteArgv writes argv as shell words.
func quoteArgv(argv []string) string {
	q := make([]string, len(argv))
	for i, w := range argv {
		q[i] = traceQuote(w)
	}
	return strings.Join(q, " ")
}
