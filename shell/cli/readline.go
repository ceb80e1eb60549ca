package cli

import (
	"os"
	"strconv"
	"strings"

	"github.com/chzyer/readline"
	"golang.org/x/sys/unix"

	"github.com/plumbsh/plumb/shell/history"
	"github.com/plumbsh/plumb/shell/lineedit"
	"github.com/plumbsh/plumb/shell/tty"
)

// rlReader is the line editor: github.com/chzyer/readline, used with
// care for its known hazards:
//
//   - One instance for the whole session, never closed or re-created
//     around a job: Close while a read is in progress hangs
//     (chzyer/readline#217). It only reads while ReadLine runs: its
//     terminal loop stops after Enter, Ctrl-C and Ctrl-D and waits to be
//     asked again, and it reads through tty.Reader, one byte at a time.
//   - Its Ctrl-Z handling sends SIGTSTP to the parent process and itself
//     (SuspendMe); ^Z is turned into ^G (cancel search/completion)
//     instead. It is translated, not dropped: readline answers a dropped
//     rune by "kicking" its reader, and a kick left over makes it read
//     again after Enter, while the next job runs.
//   - A NUL byte (Ctrl-Space, Ctrl-@) reaches its loop as rune 0, which
//     it takes for the end of input: on an empty line the shell would
//     exit, with text the line would run. keyReader drops it, and the
//     other control keys readline has no binding for, which it would
//     insert into the line as invisible bytes.
//   - CaptureExitSignal is never used: the shell owns its signals.
//   - Its history file holds one line per entry; the shell keeps its own
//     file (history) and hands readline the entries in memory only.
//   - It starts each prompt by clearing the line the cursor is on, which
//     erased the last line of output that did not end in a newline
//     (`printf abc`, `curl -s URL`); see ReadLine.
type rlReader struct {
	rl  *readline.Instance
	out *os.File // the terminal it draws on; the shell owns it
}

// openEditor is the lineedit.Opener cmd/plumb gives the shell: readline
// on the terminal at fd 0, drawing on out, with the shell's completion
// and (where the terminal has colour) highlighting.
func openEditor(h lineedit.Host, out *os.File, winch <-chan os.Signal) (lineedit.LineReader, error) {
	comp := lineedit.NewCompleter(h)
	outFd := int(out.Fd())
	var rl *readline.Instance // set below, before any key is read
	// Do runs on readline's loop, which holds no lock of the buffer
	// while it does: SetBuffer there is safe, and redraws the line.
	comp.OnReplace(func(line string) { rl.Operation.SetBuffer(line) })
	cfg := &readline.Config{
		Stdin:                  keyReader{tty.Reader{FD: 0}},
		Stdout:                 out,
		Stderr:                 out,
		HistoryLimit:           history.Limit,
		DisableAutoSaveHistory: true,
		AutoComplete:           comp,
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
		// The width of the terminal it draws on (readline's default asks
		// fd 1, which a user may have redirected); one that reports no
		// size (0×0: a pty nobody sized, a serial line) is taken as
		// $COLUMNS or 80 wide, as bash's readline does; readline would
		// otherwise complete nothing on it.
		FuncGetWidth: func() int {
			if ws, err := unix.IoctlGetWinsize(outFd, unix.TIOCGWINSZ); err == nil && ws.Col > 0 {
				return int(ws.Col)
			}
			if c, ok := h.Var("COLUMNS"); ok {
				if n, err := strconv.Atoi(c); err == nil && n > 0 {
					return n
				}
			}
			return 80
		},
	}
	if lineedit.UseColour(h) {
		cfg.Painter = lineedit.NewHighlighter(h)
	}
	var err error
	rl, err = readline.NewEx(cfg)
	if err != nil {
		return nil, err
	}
	return &rlReader{rl: rl, out: out}, nil
}

// ReadLine edits one line; Ctrl-C gives lineedit.ErrInterrupted.
func (r *rlReader) ReadLine(prompt string) (string, error) {
	r.keepPartialLine()
	r.rl.SetPrompt(prompt)
	line, err := r.rl.Readline()
	if err == readline.ErrInterrupt {
		return "", lineedit.ErrInterrupted
	}
	return lineedit.FromHistoryLine(line), err
}

// keepPartialLine moves the cursor to the start of a fresh line when the
// output before the prompt did not end in a newline, leaving a
// reverse-video % after that output, as zsh does (PROMPT_SP): readline
// clears the cursor's line before drawing the prompt, which would erase
// it. The cursor's column is not asked for (the answer would mix with
// typed-ahead keys); instead a mark and enough spaces to fill a line
// from column 0 are written, then a carriage return. From column 0 they
// fit the line, the cursor stays on it and readline clears them; from
// any other column they wrap, and the prompt is drawn on the next line.
// That relies on the terminal's deferred wrap at the right margin, which
// xterm and its descendants have.
func (r *rlReader) keepPartialLine() {
	ws, err := unix.IoctlGetWinsize(int(r.out.Fd()), unix.TIOCGWINSZ)
	if err != nil || ws.Col < 2 {
		return
	}
	r.out.WriteString("\x1b[7m%\x1b[27m" + strings.Repeat(" ", int(ws.Col)-1) + "\r")
}

// SetHistory hands readline the entries, in memory only.
func (r *rlReader) SetHistory(entries []string) {
	r.rl.ResetHistory()
	for _, e := range entries {
		r.rl.SaveHistory(lineedit.ToHistoryLine(e))
	}
}

// keyReader is the terminal as readline reads it, without the control
// keys readline does not bind: they are ignored, as readline-based shells
// do, so that only Enter runs a line and only Ctrl-D on an empty line
// ends the shell. They are dropped here, before readline sees them,
// rather than filtered by FuncFilterInputRune: NUL is indistinguishable
// there from the end of input, and a rune filtered out kicks readline's
// reader (see the Ctrl-Z note above). No byte of an escape sequence or of
// a UTF-8 character is a control key, so nothing else is touched.
//
// Ctrl-C reaches readline as Ctrl-G then Ctrl-C. In the completion list
// and in Ctrl-R search readline took Ctrl-C for Ctrl-G: it left the list
// or the search and kept the line, so the next command typed was
// appended to the abandoned one and Enter ran both (`ls dir/echo hi`).
// Ctrl-G ends either mode (and does nothing otherwise), and the Ctrl-C
// after it abandons the line, as in bash.
type keyReader struct{ tty.Reader }

func (k keyReader) Read(p []byte) (int, error) {
	var in [64]byte
	for {
		// Each byte read may become two: read at most half of p.
		n, err := k.Reader.Read(in[:max(1, min(len(p)/2, len(in)))])
		kept := 0
		for _, b := range in[:n] {
			switch {
			case unboundKey(b):
			case b == readline.CharInterrupt && len(p) > 1:
				p[kept], p[kept+1] = readline.CharBell, b
				kept += 2
			default:
				p[kept] = b
				kept++
			}
		}
		if kept > 0 || n == 0 || err != nil {
			return kept, err
		}
	}
}

// unboundKey reports whether b is a control key readline v1.5.1 has no
// binding for: Ctrl-Space (NUL), Ctrl-O, Ctrl-Q, Ctrl-V, Ctrl-X, and
// Ctrl-\, Ctrl-], Ctrl-^, Ctrl-_ (0x1c–0x1f). The bound ones are Ctrl-A
// to Ctrl-N, Ctrl-P, Ctrl-R to Ctrl-U, Ctrl-W, Ctrl-Y, Ctrl-Z (see
// openEditor), Escape and Backspace (DEL).
func unboundKey(b byte) bool {
	switch b {
	case 0x00, 0x0f, 0x11, 0x16, 0x18, 0x1c, 0x1d, 0x1e, 0x1f:
		return true
	}
	return false
}
