package shell

import "strings"

// NotFoundError is the error of a call with Runner.CheckCommands whose
// script names commands that do not exist: nothing of it ran.
type NotFoundError struct {
	// Missing are the names, each with where it first appears, as
	// "FILE:LINE:COL: NAME".
	Missing []string
}

func (e *NotFoundError) Error() string {
	return strings.Join(e.Missing, ": command not found\n") + ": command not found"
}
