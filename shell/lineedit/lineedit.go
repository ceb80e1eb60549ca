package lineedit

import (
	"errors"
	"io"
	"os"
	"strings"

	"github.com/plumbsh/plumb/shell/tty"
)

// Host is what completion and highlighting read of the shell. They run
// only while the shell waits for a line, so the shell's state does not
// change under them.
type Host interface {
	// Dir is the shell's working directory; relative names are read
	// against it (never against the process's).
	Dir() string
	// Var returns a variable's value and whether it is set.
	Var(name string) (string, bool)
	// VarNames lists the variables that are set, in any order.
	VarNames() []string
	// CommandNames lists the aliases, functions and builtins, in any
	// order; programs on PATH are found here, through Var("PATH").
	CommandNames() []string
	// Tilde is the directory ~user names ("" for the shell's $HOME).
	Tilde(user string) string
	// IsCommand reports whether name runs something: an alias, a
	// function, a builtin, or an executable on PATH (or at that path).
	IsCommand(name string) bool
	// Complete runs the shell's completion spec for the command of
	// req (bash's complete: -I for its first word, -E for an empty
	// line, else the command's, else -D). ok is false when there is
	// none: the editor completes on its own.
	Complete(req CompRequest) (reply CompReply, ok bool)
}

// LineReader is where the interactive shell gets its lines: a line editor
// on a terminal, or plain reads. Evaluation never depends on which.
type LineReader interface {
	// ReadLine shows prompt and returns one line without its newline.
	// It returns ErrInterrupted when the user pressed Ctrl-C, and
	// io.EOF at the end of input (Ctrl-D on an empty line).
	ReadLine(prompt string) (string, error)
	// SetHistory replaces the entries up/down and Ctrl-R go through,
	// oldest first.
	SetHistory(entries []string)
}

// Opener makes the line editor for the interactive shell h on the
// terminal at fd 0, drawing on out (the prompt goes to stderr, as in sh).
// winch receives SIGWINCH. An error makes the shell fall back to Plain.
//
// The shell takes its editor as an Opener rather than importing one, so
// that a program that only embeds the shell never links a line editor:
// cmd/plumb passes the readline-based one (package cli).
type Opener func(h Host, out *os.File, winch <-chan os.Signal) (LineReader, error)

// ErrInterrupted is Ctrl-C at the prompt: the line is thrown away.
var ErrInterrupted = errors.New("interrupted")

// Plain is the fallback when there is no terminal to edit on (or
// TERM=dumb): the prompt is written to Out, and the line read from In one
// byte at a time, for the reason tty.Reader gives.
type Plain struct {
	In  tty.Reader
	Out *os.File
}

// ReadLine writes prompt and reads up to a newline or the end of input.
func (p *Plain) ReadLine(prompt string) (string, error) {
	p.Out.WriteString(prompt)
	var b []byte
	buf := make([]byte, 1)
	for {
		_, err := p.In.Read(buf)
		if err != nil {
			if len(b) > 0 && err == io.EOF {
				return string(b), nil
			}
			return "", err
		}
		if buf[0] == '\n' {
			return string(b), nil
		}
		b = append(b, buf[0])
	}
}

// SetHistory does nothing: plain reads have no history to browse.
func (p *Plain) SetHistory([]string) {}

// UseColour reports whether the line may be coloured: a terminal that
// knows colour, and no NO_COLOR (https://no-color.org).
func UseColour(h Host) bool {
	if v, ok := h.Var("NO_COLOR"); ok && v != "" {
		return false
	}
	term, _ := h.Var("TERM")
	return term != "" && term != "dumb"
}

// A multi-line command is one history entry. The line editor shows it on
// one line, with each newline drawn as ␤, and turns the ␤ back into
// newlines when the recalled line is run; its redraw arithmetic counts
// runes per screen row and would go wrong on a real newline.
const newlineMark = "\u2424"

// ToHistoryLine is entry e as the line editor shows it, on one line.
func ToHistoryLine(e string) string { return strings.ReplaceAll(e, "\n", newlineMark) }

// FromHistoryLine is the entry a line shown by ToHistoryLine stands for.
func FromHistoryLine(l string) string { return strings.ReplaceAll(l, newlineMark, "\n") }
