package interp

import (
	"errors"
	"io"
	"os"
	"strings"

	"github.com/plumbsh/plumb/parser"
)

// syntaxError is a parse error that has been printed; a script ends with
// status 2 on it.
type syntaxError struct{ err *parser.Error }

func (e *syntaxError) Error() string { return e.err.Error() }

// printSyntax prints a parse error as one line, then the source line and a
// caret under the column.
func (s *Shell) printSyntax(err error) {
	var pe *parser.Error
	if !errors.As(err, &pe) {
		s.errorf("%v", err)
		return
	}
	msg := "plumb: " + pe.Error() + "\n"
	if snip := pe.Snippet(); snip != "" {
		msg += snip
		if msg[len(msg)-1] != '\n' {
			msg += "\n"
		}
	}
	s.writeErr(msg)
}

// runSource parses and runs src one complete command at a time, as sh
// does: the commands before a syntax error have run, the line holding it
// does not run, and the error ends the script with status 2.
func (s *Shell) runSource(src []byte, name string) error {
	src = dropNUL(src)
	p := s.parserConfig().NewParser(src, name)
	read := 0 // how much of src set -v has shown
	for {
		stmts, err := p.Next()
		if s.opts.verbose {
			s.writeErr(string(src[read:p.Offset()]))
		}
		line := src[read:p.Offset()]
		read = p.Offset()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if !s.bashSyntax(err, src, name) { // bashmsg.go
				s.printSyntax(err)
			}
			s.status = 2
			var pe *parser.Error
			errors.As(err, &pe)
			return &syntaxError{err: pe}
		}
		if s.opts.history && s.hist != nil && !s.interactive && s.sourceDepth == 0 {
			// set -o history in a script: each command is saved as it
			// is read, before it runs, as bash saves its lines (not
			// those of a sourced file).
			s.hist.Add(strings.TrimSpace(string(line)))
		}
		if s.noexec() {
			continue
		}
		s.markOneShot(stmts, src[p.Offset():]) // oneshot.go
		if err := s.runStmts(stmts); err != nil {
			var ae *abortError
			if !errors.As(err, &ae) || ae.discard && (!s.scriptReader || s.sourceDepth > 0) {
				return err
			}
			// The line is abandoned; the script goes on (bash).
			s.status = ae.Status
		}
	}
}

// noexec reports whether set -n is in force: commands are read and
// checked for syntax, not run. An interactive shell ignores it (bash), or
// nothing typed after `set -n` could ever turn it off.
func (s *Shell) noexec() bool {
	return s.opts.noexec && !s.interactive
}

// evalString runs src as eval and traps do: a syntax error is status 2
// and the shell goes on.
func (s *Shell) evalString(src, name string) (int, error) {
	// Read and run one complete command at a time, as bash does: an
	// alias the string defines applies to its next lines, and the
	// commands before a syntax error have run.
	p := s.parserConfig().NewParser([]byte(src), name)
	// Messages from inside the string name the line of the eval (or
	// the line the trap fired at), plus the line inside the string.
	savedLine, savedBase := s.line, s.lineBase
	s.lineBase = max(s.line-1, 0)
	if name == "trap" {
		// $BASH_COMMAND stays the command the trap interrupted.
		s.bashTraps.inTrap++
		defer func() { s.bashTraps.inTrap-- }()
	}
	var err error
	for {
		stmts, perr := p.Next()
		if perr == io.EOF {
			break
		}
		if perr != nil {
			s.line, s.lineBase = savedLine, savedBase
			s.printSyntax(perr)
			return 2, nil
		}
		if err = s.runStmts(stmts); err != nil {
			break
		}
	}
	s.line, s.lineBase = savedLine, savedBase
	var ae *abortError
	if errors.As(err, &ae) && !ae.discard {
		return ae.Status, nil
	}
	return s.status, err
}

// runScriptFile runs a file as a script in this shell (already a copy):
// the fallback for an executable without #! that the kernel refused with
// ENOEXEC, as sh does.
func (s *Shell) runScriptFile(path, arg0 string, args []string) int {
	src, err := os.ReadFile(path)
	if err != nil {
		s.errorf("%s: %s", arg0, errText(err))
		return 126
	}
	s.arg0, s.args, s.source = arg0, args, arg0
	s.reinit()
	s.scriptReader = true
	err = s.runSource(src, arg0)
	st, _ := s.endStatus(err)
	return s.finish(st)
}

// reinit makes a subshell copy look like a new shell started on a
// script, as sh's fork for an ENOEXEC file does: only exported variables
// survive; functions, traps (but ignored signals), options and the
// function and loop context are gone.
func (s *Shell) reinit() {
	for k, v := range s.vars {
		if !v.exported {
			delete(s.vars, k)
		}
	}
	s.setLocale()
	s.env = nil
	if _, ok := s.get("IFS"); !ok {
		s.setVar("IFS", " \t\n")
	}
	if _, ok := s.get("PS4"); !ok {
		s.setVar("PS4", "+ ")
	}
	s.funcs = map[string]*function{}
	s.aliases = nil
	for k, v := range s.traps {
		if v != "" {
			delete(s.traps, k)
		}
	}
	s.opts = options{stats: s.opts.stats}
	s.globIgnore = nil // a new shell ignores an inherited GLOBIGNORE
	s.funcDepth, s.loopDepth, s.sourceDepth, s.noErrexit = 0, 0, 0, 0
	s.locals = nil
	s.lineBase = 0
	s.optIndex, s.optPos = 0, 0
}

// endStatus maps the error that stopped a script to the status the
// script exits with.
func (s *Shell) endStatus(err error) (int, bool) {
	var se *syntaxError
	if errors.As(err, &se) {
		return 2, true
	}
	var r *returnError
	if errors.As(err, &r) {
		return r.Status, true
	}
	var b *breakError
	var c *continueError
	if errors.As(err, &b) || errors.As(err, &c) {
		return s.status, true
	}
	return exitStatusOf(err, s.status)
}
