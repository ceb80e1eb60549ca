package shell

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/chzyer/readline"
	"golang.org/x/sys/unix"

	"github.com/plumbsh/plumb/shell/history"
)

// LineReader is where the interactive shell gets its lines: a line editor
// on a terminal, or plain reads. Evaluation never depends on which.
type LineReader interface {
	// ReadLine shows prompt and returns one line without its newline.
	// It returns errLineInterrupted when the user pressed Ctrl-C, and
	// io.EOF at the end of input (Ctrl-D on an empty line).
	ReadLine(prompt string) (string, error)
	// SetHistory replaces the entries up/down and Ctrl-R go through,
	// oldest first.
	SetHistory(entries []string)
}

// errLineInterrupted is Ctrl-C at the prompt: the line is thrown away.
var errLineInterrupted = errors.New("interrupted")

// fdReader reads descriptor fd with read(2) itself, one byte per call.
//
// Why one byte: whatever a reader takes from the terminal beyond the
// command line it was asked for is stolen from the command that runs
// next (a foreground `cat` must receive every line typed while it runs,
// and lines typed ahead of it). readline reads through a bufio.Reader;
// fed one byte at a time, that buffer never holds more than the key
// being decoded. Reading fd 0 directly, not through os.Stdin, keeps Go's
// poller out of it: a read is issued only when the line editor asks.
type fdReader struct{ fd int }

func (r fdReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		n, err := unix.Read(r.fd, p[:1])
		switch {
		case err == unix.EINTR:
			continue
		case err == unix.EAGAIN:
			// A job left the terminal non-blocking (the prompt clears
			// that after each job; this catches a background job doing
			// it meanwhile): make it blocking again and retry.
			if fl, e := unix.FcntlInt(uintptr(r.fd), unix.F_GETFL, 0); e == nil {
				unix.FcntlInt(uintptr(r.fd), unix.F_SETFL, fl&^unix.O_NONBLOCK)
			}
			continue
		case err != nil:
			return 0, err
		case n == 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

// Close does nothing: the descriptor is the shell's stdin, and readline
// must never be closed (see rlReader).
func (fdReader) Close() error { return nil }

// rlReader is the line editor: github.com/chzyer/readline, used with
// care for its known hazards:
//
//   - One instance for the whole session, never closed or re-created
//     around a job: Close while a read is in progress hangs
//     (chzyer/readline#217). It only reads while ReadLine runs: its
//     terminal loop stops after Enter, Ctrl-C and Ctrl-D and waits to be
//     asked again, and it reads through fdReader, one byte at a time.
//   - Its Ctrl-Z handling sends SIGTSTP to the parent process and itself
//     (SuspendMe); ^Z is turned into ^G (cancel search/completion)
//     instead. It is translated, not dropped: readline answers a dropped
//     rune by "kicking" its reader, and a kick left over makes it read
//     again after Enter, while the next job runs.
//   - CaptureExitSignal is never used: the shell owns its signals.
//   - Its history file holds one line per entry; the shell keeps its own
//     file (history) and hands readline the entries in memory only.
type rlReader struct {
	rl *readline.Instance
}

// newLineEditor returns the line editor on the terminal at fd 0, writing
// to out (the prompt goes to stderr, as in sh).
func newLineEditor(s *Shell, out *os.File, winch chan os.Signal) (*rlReader, error) {
	cfg := &readline.Config{
		Stdin:                  fdReader{0},
		Stdout:                 out,
		Stderr:                 out,
		HistoryLimit:           history.Limit,
		DisableAutoSaveHistory: true,
		AutoComplete:           &completer{s: s},
		FuncFilterInputRune: func(r rune) (rune, bool) {
			if r == readline.CharCtrlZ {
				return readline.CharBell, true
			}
			return r, true
		},
		FuncOnWidthChanged: func(f func()) {
			// The shell's own SIGWINCH channel: `trap` resets the
			// process's handlers, and this one is re-installed after.
			go func() {
				for range winch {
					f()
				}
			}()
		},
		FuncIsTerminal: func() bool { return true },
	}
	if useColour(s) {
		cfg.Painter = &highlighter{s: s}
	}
	rl, err := readline.NewEx(cfg)
	if err != nil {
		return nil, err
	}
	return &rlReader{rl: rl}, nil
}

func (r *rlReader) ReadLine(prompt string) (string, error) {
	r.rl.SetPrompt(prompt)
	line, err := r.rl.Readline()
	if err == readline.ErrInterrupt {
		return "", errLineInterrupted
	}
	return fromHistoryLine(line), err
}

func (r *rlReader) SetHistory(entries []string) {
	r.rl.ResetHistory()
	for _, e := range entries {
		r.rl.SaveHistory(toHistoryLine(e))
	}
}

// A multi-line command is one history entry. The line editor shows it on
// one line, with each newline drawn as ␤, and turns the ␤ back into
// newlines when the recalled line is run; its redraw arithmetic counts
// runes per screen row and would go wrong on a real newline.
const newlineMark = "\u2424"

func toHistoryLine(e string) string   { return strings.ReplaceAll(e, "\n", newlineMark) }
func fromHistoryLine(l string) string { return strings.ReplaceAll(l, newlineMark, "\n") }

// plainReader is the fallback when there is no terminal to edit on (or
// TERM=dumb): the prompt is written, and the line read from fd one byte
// at a time, for the same reason as fdReader.
type plainReader struct {
	in  fdReader
	out *os.File
}

func (p *plainReader) ReadLine(prompt string) (string, error) {
	p.out.WriteString(prompt)
	var b []byte
	buf := make([]byte, 1)
	for {
		_, err := p.in.Read(buf)
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

func (p *plainReader) SetHistory([]string) {}

// useColour reports whether the line may be coloured: a terminal that
// knows colour, and no NO_COLOR (https://no-color.org).
func useColour(s *Shell) bool {
	if v, ok := s.get("NO_COLOR"); ok && v != "" {
		return false
	}
	term, _ := s.get("TERM")
	return term != "" && term != "dumb"
}

// historyPath is $PLUMB_HISTFILE, else $XDG_STATE_HOME/plumb/history,
// else ~/.local/state/plumb/history; "" means no file.
func historyPath(s *Shell) string {
	if p, ok := s.get("PLUMB_HISTFILE"); ok {
		return p
	}
	if d, ok := s.get("XDG_STATE_HOME"); ok && d != "" {
		return filepath.Join(d, "plumb", "history")
	}
	home, _ := s.get("HOME")
	if home == "" {
		return ""
	}
	return filepath.Join(home, ".local", "state", "plumb", "history")
}
