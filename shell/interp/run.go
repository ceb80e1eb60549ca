package interp

import (
	"context"
	"errors"
	"strings"

	"github.com/plumbsh/plumb/exec"
	"github.com/plumbsh/plumb/parser"
	"github.com/plumbsh/plumb/shell/pattern"
	"github.com/plumbsh/plumb/shell/printf"
)

// maxFuncDepth bounds function recursion so that a runaway recursive
// function ends with a message instead of a Go stack overflow.
const maxFuncDepth = 2000

// runStmts runs a list; a control-flow error stops it and travels up.
func (s *Shell) runStmts(stmts []*parser.Stmt) error {
	for _, st := range stmts {
		if err := s.runStmt(st); err != nil {
			return err
		}
	}
	return nil
}

func (s *Shell) runStmt(st *parser.Stmt) error {
	if err := s.ctx.Err(); err != nil {
		return &exitError{Status: 128 + 15}
	}
	if err := s.runTraps(); err != nil {
		return err
	}
	s.line = st.Pos().Line + s.lineBase
	if st.Background {
		s.startBackground(st)
		return nil
	}
	return s.runAndOr(st.AndOr)
}

// runAndOr runs `a && b || c`. Only the last pipeline of the list is
// subject to set -e: a failure on the left of && or || is a condition.
func (s *Shell) runAndOr(a *parser.AndOr) error {
	if err := s.runPipelineErrexit(a.First, len(a.Rest) == 0); err != nil {
		return err
	}
	ranLast := len(a.Rest) == 0
	for i, it := range a.Rest {
		if (it.Op == parser.AndIf) != (s.status == 0) {
			continue
		}
		ranLast = i == len(a.Rest)-1
		if err := s.runPipelineErrexit(it.Pipeline, ranLast); err != nil {
			return err
		}
	}
	if !ranLast {
		// The list's status is that of a pipeline on the left of && or
		// ||, a condition.
		s.statusExempt = true
	}
	return nil
}

func (s *Shell) runPipelineErrexit(p *parser.Pipeline, last bool) error {
	if !last || p.Negated {
		s.noErrexit++
		defer func() { s.noErrexit-- }()
	}
	s.statusExempt = false
	quiet := s.bashTraps.quietTop
	s.bashTraps.quietTop = false
	err := s.runPipeline(p)
	if err != nil {
		return err
	}
	if p.Negated {
		if s.status == 0 {
			s.status = 1
		} else {
			s.status = 0
		}
		s.statusExempt = true
		return nil
	}
	compound := compoundStatus(p)
	if !compound {
		// A function's body may have left the mark; its call is a
		// simple command, subject to set -e.
		s.statusExempt = false
	}
	if last && s.status != 0 && s.noErrexit == 0 && !compound && !quiet {
		if err := s.errTrap(); err != nil {
			return err
		}
	}
	if last && s.status != 0 && s.opts.errexit && s.noErrexit == 0 && !s.statusExempt {
		return &exitError{Status: s.status}
	}
	return nil
}

// runCommand runs one command in this shell (not as a pipeline stage of
// its own), with redirs applied around it.
func (s *Shell) runCommand(st *parser.Stage) error {
	switch c := st.Cmd.(type) {
	case *parser.SimpleCmd:
		return s.runSimple(c, st.Redirs)
	case *parser.FuncDecl:
		return s.runFuncDecl(c)
	}
	restore, err := s.applyRedirs(st.Redirs)
	if err != nil {
		return s.redirFailed(err)
	}
	defer restore()
	return s.runCompound(st.Cmd)
}

func (s *Shell) runCompound(cmd parser.Command) error {
	switch c := cmd.(type) {
	case *parser.Block:
		return s.runStmts(c.Stmts)
	case *parser.Subshell:
		sub := s.clone()
		s.status = sub.runSubshell(c.Stmts)
		if sub.diedOfSIGINT {
			// Ctrl-C ended a job inside: it ends the parent too.
			return s.childInterrupted()
		}
		return nil
	case *parser.IfClause:
		return s.runIf(c)
	case *parser.WhileClause:
		return s.runWhile(c)
	case *parser.ForClause:
		return s.runFor(c)
	case *parser.SelectClause:
		return s.runSelect(c)
	case *parser.CaseClause:
		return s.runCase(c)
	case *parser.TestClause:
		if err := s.debugTrap(c); err != nil {
			return err
		}
		return s.runTest(c)
	case *parser.ArithCmd:
		if err := s.debugTrap(c); err != nil {
			return err
		}
		return s.runArithCmd(c)
	case *parser.ArithForClause:
		return s.runArithFor(c)
	case *parser.FuncDecl:
		return s.runFuncDecl(c)
	case *parser.SimpleCmd:
		return s.runSimple(c, nil)
	}
	return nil
}

// runFuncDecl defines a function. Under set -o posix a special builtin's
// name cannot be one (bash and dash refuse it): status 2, which ends a
// script and abandons an interactive line.
func (s *Shell) runFuncDecl(c *parser.FuncDecl) error {
	if s.opts.posix && isSpecialBuiltin(c.Name) {
		s.errorf("`%s': is a special builtin", c.Name)
		s.status = 2
		if s.interactive {
			return &abortError{Status: 2}
		}
		return &fatalError{Status: 2}
	}
	s.defineFunc(c)
	s.status = 0
	return nil
}

// runSubshell runs stmts as the body of a subshell (s is already a copy)
// and returns its exit status, after its EXIT trap and with every
// descriptor it opened closed.
func (s *Shell) runSubshell(stmts []*parser.Stmt) int {
	err := s.runStmts(stmts)
	st, _ := exitStatusOf(err, s.status)
	st = s.finish(st)
	return st
}

// condition runs the condition list of if/while/until, where set -e does
// not apply, and reports whether it succeeded.
func (s *Shell) condition(stmts []*parser.Stmt) (bool, error) {
	s.noErrexit++
	err := s.runStmts(stmts)
	s.noErrexit--
	return s.status == 0, err
}

func (s *Shell) runIf(c *parser.IfClause) error {
	ok, err := s.condition(c.Cond)
	if err != nil {
		return err
	}
	if ok {
		return s.runStmts(c.Then)
	}
	for _, e := range c.Elifs {
		ok, err := s.condition(e.Cond)
		if err != nil {
			return err
		}
		if ok {
			return s.runStmts(e.Then)
		}
	}
	if c.Else != nil {
		return s.runStmts(c.Else)
	}
	s.status = 0
	return nil
}

// loopControl consumes break and continue aimed at this loop. It returns
// stop when the loop must end, and the error to pass further up.
func loopControl(err error) (stop bool, up error) {
	if err == nil {
		// Before the targets of errors.As are declared: they escape to
		// the heap, and a loop's rounds end here without an error
		// (three allocations a round of `while [ $i -lt N ]`).
		return false, nil
	}
	if b := (*breakError)(nil); errors.As(err, &b) {
		if b.N > 1 {
			return true, &breakError{N: b.N - 1}
		}
		return true, nil
	}
	if c := (*continueError)(nil); errors.As(err, &c) {
		if c.N > 1 {
			return true, &continueError{N: c.N - 1}
		}
		return false, nil
	}
	return true, err
}

// runLoopBody runs one round of a while or for (( )) loop's body and
// returns its status, and whether the loop ends (break, an error, or the
// run's context cancelled: SIGTERM's status) with what to return then.
func (s *Shell) runLoopBody(body []*parser.Stmt) (status int, stop bool, up error) {
	err := s.runStmts(body)
	status = s.status
	if stop, up := loopControl(err); stop {
		return status, true, up
	}
	if s.ctx.Err() != nil {
		return status, true, &exitError{Status: 128 + 15}
	}
	return status, false, nil
}

func (s *Shell) runWhile(c *parser.WhileClause) error {
	s.loopDepth++
	defer func() { s.loopDepth-- }()
	status := 0
	for {
		ok, err := s.condition(c.Cond)
		if stop, up := loopControl(err); stop {
			s.status = status
			return up
		}
		if ok == c.Until {
			break
		}
		var stop bool
		if status, stop, err = s.runLoopBody(c.Body); stop {
			return err
		}
	}
	s.status = status
	return nil
}

// loopItems are the words a for or select loop goes through: words
// expanded, or without "in" the positional parameters.
func (s *Shell) loopItems(hasIn bool, words []*parser.Word) ([]string, error) {
	if hasIn {
		return s.expandFields(words)
	}
	return append([]string(nil), s.args...), nil
}

func (s *Shell) runFor(c *parser.ForClause) error {
	items, err := s.loopItems(c.HasIn, c.Words)
	if err != nil {
		return err
	}
	s.loopDepth++
	defer func() { s.loopDepth-- }()
	s.status = 0
	for _, it := range items {
		s.line = c.Pos().Line + s.lineBase
		if err := s.debugTrapLoop(c); err != nil { // trap_bash.go
			return err
		}
		if s.opts.xtrace {
			// bash prints `+ for i in a b c` (expanded) each time round
			s.trace(append([]string{"for", c.Name, "in"}, items...))
		}
		if err := s.setVar(c.Name, it); err != nil {
			if err, ok := s.intAssignFailed(err, ""); ok {
				return err
			}
			s.errorf("%v", err)
			s.status = 1
			return nil
		}
		err := s.runStmts(c.Body)
		if stop, up := loopControl(err); stop {
			return up
		}
	}
	return nil
}

func (s *Shell) runCase(c *parser.CaseClause) error {
	if err := s.debugTrap(c); err != nil { // trap_bash.go
		return err
	}
	word, err := s.expandString(c.Word)
	if err != nil {
		return err
	}
	if s.opts.xtrace {
		// bash shows the word as written: `+ case $x in`
		s.writeErr(s.tracePrefix() + "case " + parser.Format(c.Word) + " in\n")
	}
	s.status = 0
	fallthru := false
	for _, it := range c.Items {
		matched := fallthru
		for _, p := range it.Patterns {
			if matched {
				break
			}
			pat, err := s.expandPattern(p)
			if err != nil {
				return err
			}
			matched = pattern.Match(pat, word, s.caseMode())
		}
		if !matched {
			continue
		}
		if err := s.runStmts(it.Body); err != nil {
			return err
		}
		switch it.Op {
		case parser.CaseFallthrough:
			fallthru = true
			continue
		case parser.CaseContinue:
			fallthru = false
			continue
		}
		return nil
	}
	return nil
}

// callFunction runs a function with args as its positional parameters,
// restoring the caller's parameters and locals after.
func (s *Shell) callFunction(fd *function, args []string) (err error) {
	if s.funcDepth >= maxFuncDepth {
		s.errorf("%s: maximum function nesting level exceeded (%d)", fd.Name, maxFuncDepth)
		s.status = 1
		return &abortError{Status: 1}
	}
	// A function body is not inside the caller's loops: break and
	// continue there only complain, as in bash.
	saved, savedLoops, savedBase, depth := s.args, s.loopDepth, s.lineBase, len(s.frames)
	savedLine := s.line // the rest of the caller's command is on its line
	s.args, s.loopDepth = args, 0
	// The stack is this shell's own (clone copies it), so a call pushes
	// in place: no allocation per call once it has grown.
	s.frames = append(s.frames, callFrame{fn: fd, line: s.line, source: s.source})
	s.lineBase = fd.lineBase
	s.funcDepth++
	s.pushLocals()
	restoreTraps := s.hideTraps() // trap_bash.go
	lastArg := s.lastArg          // $_ after the call is its last argument (bash)
	if s.opts.functrace {
		// bash: DEBUG runs again before the body, for the call, on
		// the line the function was defined on.
		s.line = fd.Pos().Line + fd.lineBase
		if err := s.runBashTrap("DEBUG"); err != nil {
			return err
		}
	}
	defer func() {
		if s.exitsInPlace(err) {
			return // trap_bash.go
		}
		if restoreTraps != nil {
			restoreTraps()
		}
		s.lastArg = lastArg
		s.frames = s.frames[:depth]
		s.popLocals()
		s.funcDepth--
		s.args, s.loopDepth, s.lineBase, s.line = saved, savedLoops, savedBase, savedLine
	}()
	err = s.runCommand(fd.Body)
	var r *returnError
	if errors.As(err, &r) {
		s.status = r.Status
		err = nil
	}
	if err == nil {
		err = s.runBashTrap("RETURN")
	}
	return err
}

// failedStage is the pipeline stage of a command whose words failed to
// expand ($((1/0)), ${x:?}): the message is printed and, as in sh where
// each stage is a subshell, that stage alone ends with the error's
// status. Other errors travel up.
func failedStage(err error) (*exec.Stage, error) {
	st, ok := exitStatusOf(err, 1)
	if !ok {
		return nil, err
	}
	return &exec.Stage{
		Argv: []string{"(expansion error)"},
		Func: func(context.Context, *exec.StageIO) int { return st },
	}, nil
}

// traceCommand writes the set -x lines of a simple command: bash puts
// its prefix assignments on a line of their own.
func (s *Shell) traceCommand(assigns, argv []string) {
	if len(assigns) > 0 {
		s.trace(assigns)
	}
	s.trace(argv)
}

// tracePrefix is the expanded PS4.
func (s *Shell) tracePrefix() string {
	ps4, _ := s.get("PS4")
	if !strings.ContainsAny(ps4, "$`\\") {
		return ps4
	}
	// Expanded as a prompt is (PS4='+${BASH_SOURCE}:${LINENO}: '), with
	// xtrace off meanwhile so that what the expansion runs is not traced
	// in turn, as in bash.
	saved := s.opts.xtrace
	s.opts.xtrace = false
	defer func() { s.opts.xtrace = saved }()
	return s.expandPrompt(ps4)
}

// traceLine writes a set -x line: PS4, then text as it is.
func (s *Shell) traceLine(text string) {
	s.writeErr(s.tracePrefix() + text + "\n")
}

// trace writes a set -x line: PS4, then the words, quoted where needed.
func (s *Shell) trace(words []string) {
	var b strings.Builder
	b.WriteString(s.tracePrefix())
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(traceQuote(w))
	}
	b.WriteByte('\n')
	s.writeErr(b.String())
}

// traceQuote quotes a word the way bash's set -x does: only when needed.
func traceQuote(w string) string {
	if w == "" {
		return "''"
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; c < ' ' && c != '\t' && c != '\n' || c == 0x7f {
			// A control character (but tab and newline) makes it
			// $'…', as bash's trace shows it: + echo $'a\003b'.
			return printf.ANSICQuote(w)
		}
	}
	if !strings.ContainsAny(w, " \t\n'\"\\$`|&;<>()*?[]{}~#!") {
		return w
	}
	return "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
}
