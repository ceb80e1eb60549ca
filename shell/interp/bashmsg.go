package interp

import (
	"bytes"
	"errors"
	"strconv"

	"github.com/plumbsh/plumb/parser"
)

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

// bashSyntax prints, started as bash, a syntax error in the file name
// (src its text) as bash words it, and reports whether it did: an input
// that ended too early is "FILE: line N: syntax error: unexpected end
// of file", N being the line after the last (bash's count); others keep plumb's
// message after bash's place.
func (s *Shell) bashSyntax(err error, src []byte, name string) bool {
	var pe *parser.Error
	if s.bashName == "" || name == "" || !errors.As(err, &pe) {
		return false
	}
	if pe.Incomplete {
		line := bytes.Count(src, []byte("\n")) + 1
		if len(src) > 0 && src[len(src)-1] != '\n' {
			line++ // bash counts the unended last line too
		}
		s.writeErr(name + ": line " + strconv.Itoa(line) + ": syntax error: unexpected end of file\n")
		return true
	}
	s.writeErr(name + ": line " + strconv.Itoa(pe.Line) + ": syntax error: " + pe.Msg + "\n")
	return true
}
