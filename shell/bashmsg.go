package shell

import "strconv"

// Started as bash (presentAsBash), plumb words the place in its messages
// as bash does, since scripts and test suites written for bash compare
// them: "FILE: line N: " in a script, where FILE is the file of the
// code running (a function's or a sourced file's, not the script's),
// "NAME: line N: " under -c, NAME being how the shell was started, and
// "NAME: " at the prompt.

// bashPrefix is a message's start in bash's words.
func (s *Shell) bashPrefix() string {
	file := s.source
	if n := len(s.frames); n > 0 && s.frames[n-1].fn.file != "" {
		file = s.frames[n-1].fn.file
	}
	if file == "" {
		file = s.bashName
	}
	if s.interactive || s.line <= 0 {
		return s.bashName + ": "
	}
	return file + ": line " + strconv.Itoa(s.line) + ": "
}
