package interp

import (
	"errors"
	"slices"

	"github.com/plumbsh/plumb/parser"
)

// bash's pseudo-signal traps: ERR, DEBUG and RETURN.
//
//   - ERR runs after a command fails where set -e would end the shell
//     (not in a condition, not left of && or ||, not under !), before
//     set -e does.
//   - DEBUG runs before each simple command, [[ ]] and (( )), with
//     $BASH_COMMAND the command as written.
//   - RETURN runs when a function or a sourced file returns.
//
// A function does not inherit ERR unless set -E (errtrace) is on, nor
// DEBUG and RETURN unless set -T (functrace) is: while it runs they are
// unset, and afterwards each comes back unless the function set one of
// its own, which then stays (bash's execute_function). Subshells keep
// them under the same options. None of them runs while a trap of its
// own kind runs.

// bashTrapState is what the bash pseudo-signal traps need of a shell.
type bashTrapState struct {
	command parser.Node // $BASH_COMMAND: the command run last, or about to run
	running []string    // the pseudo-signal traps running now, innermost last
	inTrap  int         // how many trap actions are running
	// quietTop marks a background process whose list is one pipeline
	// (false &, f &, a | b &): its own status runs no ERR trap, as in
	// bash's forked child, where only the commands inside it do.
	// runPipelineErrexit clears it at its first call.
	quietTop bool
}

// isBashTrap reports whether name (upper case) is one of bash's
// pseudo-signals.
func isBashTrap(name string) bool {
	return name == "ERR" || name == "DEBUG" || name == "RETURN"
}

// bashTrapOrder places the pseudo-signals after every signal in trap's
// listing, in bash's order.
func bashTrapOrder(name string) (int, bool) {
	switch name {
	case "DEBUG":
		return 1000, true
	case "ERR":
		return 1001, true
	case "RETURN":
		return 1002, true
	}
	return 0, false
}

// inheritBashTraps gives the subshell c the pseudo-signal traps of s
// that set -E and set -T pass on.
func (c *Shell) inheritBashTraps(s *Shell) {
	for name, action := range s.traps {
		if (name == "ERR" && s.opts.errtrace) || ((name == "DEBUG" || name == "RETURN") && s.opts.functrace) {
			c.traps[name] = action
		}
	}
}

// runBashTrap runs the trap on the pseudo-signal name, if one is set and
// none of its kind is running; $? is kept for the command after it.
func (s *Shell) runBashTrap(name string) error {
	if len(s.traps) == 0 {
		return nil // the common case: no map lookup per call
	}
	action, ok := s.traps[name]
	if !ok || action == "" || s.inBashTrap(name) {
		return nil
	}
	saved, depth := s.status, len(s.bashTraps.running)
	s.bashTraps.running = append(s.bashTraps.running, name)
	_, err := s.evalString(action, "trap")
	s.bashTraps.running = s.bashTraps.running[:depth]
	s.status = saved
	return err
}

// errTrap runs the ERR trap after a failed command.
func (s *Shell) errTrap() error {
	if len(s.traps) == 0 {
		return nil
	}
	return s.runBashTrap("ERR")
}

// debugTrap notes cmd as $BASH_COMMAND (kept as the node, printed only
// when read) and runs the DEBUG trap before it.
func (s *Shell) debugTrap(cmd parser.Node) error {
	if s.bashTraps.inTrap == 0 {
		s.bashTraps.command = cmd
	}
	if len(s.traps) == 0 {
		return nil
	}
	if _, ok := s.traps["DEBUG"]; !ok || s.inBashTrap("DEBUG") {
		return nil
	}
	return s.runBashTrap("DEBUG")
}

// hideTraps unsets, for a function call, the pseudo-signal traps the
// function does not inherit, and returns what restores them after it.
func (s *Shell) hideTraps() (restore func()) {
	if len(s.traps) == 0 {
		return nil
	}
	var saved map[string]string
	for _, name := range [...]string{"ERR", "DEBUG", "RETURN"} {
		action, ok := s.traps[name]
		if !ok || (name == "ERR" && s.opts.errtrace) || (name != "ERR" && s.opts.functrace) {
			continue
		}
		if saved == nil {
			saved = map[string]string{}
		}
		saved[name] = action
		delete(s.traps, name)
	}
	if saved == nil {
		return nil
	}
	return func() {
		for name, action := range saved {
			if _, set := s.traps[name]; !set {
				s.traps[name] = action
			}
		}
	}
}

// compoundStatus reports whether p is one compound command whose status
// is that of a command inside it ({ }, if, loops, case): ERR ran for
// that command already and does not run again for the compound.
func compoundStatus(p *parser.Pipeline) bool {
	if len(p.Stages) != 1 {
		return false
	}
	switch p.Stages[0].Cmd.(type) {
	case *parser.Block, *parser.IfClause, *parser.WhileClause, *parser.ForClause,
		*parser.CaseClause, *parser.SelectClause, *parser.ArithForClause:
		return true
	}
	return false
}

// exitsInPlace reports whether err ends a script shell from inside a
// function call, which then keeps its call stack, locals, positional
// parameters and traps as they are: bash runs the EXIT trap where the
// shell died (exit, set -e, set -u inside a function), and FUNCNAME,
// BASH_SOURCE, BASH_LINENO and the locals there are the dying
// function's (bats builds its failure stack traces from them). An
// interactive shell or an embedder's goes on after such an error, so
// its calls unwind.
func (s *Shell) exitsInPlace(err error) bool {
	if err == nil || s.interactive || !(s.ownsSignals || s.subshell) {
		return false
	}
	var ee *exitError
	var fe *fatalError
	return errors.As(err, &ee) || errors.As(err, &fe)
}

// bashCommand is $BASH_COMMAND.
func (s *Shell) bashCommand() string {
	if s.bashTraps.command == nil {
		return ""
	}
	return parser.Format(s.bashTraps.command)
}

// inBashTrap reports whether a trap on the pseudo-signal name is running,
// at any depth: an ERR trap that fails inside a DEBUG trap inside an ERR
// trap does not start another.
func (s *Shell) inBashTrap(name string) bool {
	return slices.Contains(s.bashTraps.running, name)
}

// debugTrapLoop runs the DEBUG trap before an item of a for loop or an
// expression of for (( )), as bash does; only while traps are set, so
// that a loop without them costs nothing more.
func (s *Shell) debugTrapLoop(c parser.Node) error {
	if len(s.traps) == 0 {
		return nil
	}
	return s.debugTrap(c)
}

// debugTrapStage runs the DEBUG trap for a simple command that is a stage
// of a pipeline, on the stage's line, before the pipeline starts and
// with the shell's own descriptors: in bash each stage's child runs it
// before its pipe is in place. A compound stage is a subshell, which
// does not inherit the trap.
func (s *Shell) debugTrapStage(st *parser.Stage, c *parser.SimpleCmd) error {
	if len(s.traps) == 0 {
		return nil
	}
	s.line = st.Pos().Line + s.lineBase
	return s.debugTrap(c)
}
