package cli

import (
	"os"

	"github.com/chzyer/readline"

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
//   - CaptureExitSignal is never used: the shell owns its signals.
//   - Its history file holds one line per entry; the shell keeps its own
//     file (history) and hands readline the entries in memory only.
type rlReader struct {
	rl *readline.Instance
}

// openEditor is the lineedit.Opener cmd/plumb gives the shell: readline
// on the terminal at fd 0, drawing on out, with the shell's completion
// and (where the terminal has colour) highlighting.
func openEditor(h lineedit.Host, out *os.File, winch <-chan os.Signal) (lineedit.LineReader, error) {
	cfg := &readline.Config{
		Stdin:                  tty.Reader{FD: 0},
		Stdout:                 out,
		Stderr:                 out,
		HistoryLimit:           history.Limit,
		DisableAutoSaveHistory: true,
		AutoComplete:           lineedit.NewCompleter(h),
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
	if lineedit.UseColour(h) {
		cfg.Painter = lineedit.NewHighlighter(h)
	}
	rl, err := readline.NewEx(cfg)
	if err != nil {
		return nil, err
	}
	return &rlReader{rl: rl}, nil
}

// ReadLine edits one line; Ctrl-C gives lineedit.ErrInterrupted.
func (r *rlReader) ReadLine(prompt string) (string, error) {
	r.rl.SetPrompt(prompt)
	line, err := r.rl.Readline()
	if err == readline.ErrInterrupt {
		return "", lineedit.ErrInterrupted
	}
	return lineedit.FromHistoryLine(line), err
}

// SetHistory hands readline the entries, in memory only.
func (r *rlReader) SetHistory(entries []string) {
	r.rl.ResetHistory()
	for _, e := range entries {
		r.rl.SaveHistory(lineedit.ToHistoryLine(e))
	}
}
