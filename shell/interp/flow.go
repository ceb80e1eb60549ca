package interp

import (
	"errors"
	"fmt"
	"syscall"
)

// Control flow that crosses Go call frames travels as error values: the
// walker returns them up to the construct that consumes them (a loop for
// break and continue, a function call for return, the shell or subshell for
// exit). Status lives in Shell.status; these values only say where to go.

// exitError ends the shell or subshell with Status.
type exitError struct{ Status int }

func (e *exitError) Error() string { return fmt.Sprintf("exit %d", e.Status) }

// breakError leaves N enclosing loops; continueError continues the Nth.
type breakError struct{ N int }
type continueError struct{ N int }

func (e *breakError) Error() string    { return "break" }
func (e *continueError) Error() string { return "continue" }

// returnError returns from the innermost function or sourced file.
type returnError struct{ Status int }

func (e *returnError) Error() string { return "return" }

// fatalError is a runtime error that ends a non-interactive shell (an
// expansion error such as ${x:?msg} or an unset variable under set -u).
// Its message has already been printed.
type fatalError struct{ Status int }

func (e *fatalError) Error() string { return fmt.Sprintf("fatal error (status %d)", e.Status) }

// abortError is a runtime error that abandons the complete command being
// run (one line of the script, as the parser's Next returns it, or a
// whole eval string) without ending the shell: bad arithmetic such as
// $((1/0)), or too deep a recursion. Bash does this outside POSIX mode;
// the next line runs with $? set to Status. A subshell or command
// substitution it crosses ends with Status. Its message has been printed.
//
// discard marks bash's harder case, a failed subscript or integer
// assignment (bash cleans up to its top level): it ends every eval,
// sourced file, -c string and subshell it is in, so that only a script
// file's reader (scriptReader), or the prompt, goes on to the next line.
type abortError struct {
	Status  int
	discard bool
}

// abandonLine is the error of a failure that, in bash, abandons the
// rest of the line with status 1 (a failed assignment, a failglob miss),
// except that under set -e, where it counts, it ends the script.
func (s *Shell) abandonLine() error {
	if s.opts.errexit && s.noErrexit == 0 {
		return &fatalError{Status: 1}
	}
	return &abortError{Status: 1}
}

func (e *abortError) Error() string { return fmt.Sprintf("command aborted (status %d)", e.Status) }

// brokenPipe unwinds an in-process stage whose output reader has gone,
// as SIGPIPE would end a forked shell: the stage's status becomes 141.
type brokenPipe struct{}

func (brokenPipe) Error() string { return "broken pipe" }

// fileTooLarge unwinds a (sub)shell whose builtin wrote past the file
// size limit of ulimit -f, as SIGXFSZ ends sh: its status becomes 153.
type fileTooLarge struct{}

func (fileTooLarge) Error() string { return "file too large" }

// shellError is an ordinary error message from the shell.
type shellError struct{ msg string }

func (e *shellError) Error() string { return e.msg }

func errorf(format string, a ...any) error { return &shellError{fmt.Sprintf(format, a...)} }

// exitStatusOf maps a control-flow error that ends a (sub)shell to its
// status; ok is false for errors that are not the end of a shell.
func exitStatusOf(err error, status int) (int, bool) {
	var ee *exitError
	var fe *fatalError
	var ae *abortError
	switch {
	case err == nil:
		return status, true
	case errors.As(err, &ee):
		return ee.Status, true
	case errors.As(err, &fe):
		return fe.Status, true
	case errors.As(err, &ae):
		return ae.Status, true
	case errors.Is(err, brokenPipe{}):
		return 128 + 13, true
	case errors.Is(err, fileTooLarge{}):
		return 128 + int(syscall.SIGXFSZ), true
	}
	return status, false
}
