package shell

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/chzyer/readline"
	"golang.org/x/sys/unix"
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
		HistoryLimit:           historyLimit,
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

// historyLimit is how many entries the shell keeps (and the file, after
// it is compacted).
const historyLimit = 5000

// history is the shell's history file: one entry per line, `\` written
// as `\\` and a newline inside a (multi-line) entry as `\n`. Every
// session appends each entry as it is run (O_APPEND: one write per entry,
// so sessions sharing the file never interleave inside an entry) and
// reads what other sessions appended before each prompt. Duplicates are
// collapsed: an entry run again moves to the end.
type history struct {
	path    string
	mu      sync.Mutex
	entries []string
	off     int64 // how far the file has been read
	edited  bool  // history -c or -d changed entries (takeEdited)
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

func newHistory(path string) *history {
	h := &history{path: path}
	h.load()
	if len(h.entries) < historyLimit && h.off > 0 {
		// Compact a file grown long with duplicates and other
		// sessions' entries.
		if fi, err := os.Stat(path); err == nil && fi.Size() > 2*int64(historyLimit)*80 {
			h.rewrite()
		}
	}
	return h
}

// load reads the entries appended since the last load; it reports
// whether there were any.
func (h *history) load() bool {
	if h.path == "" {
		return false
	}
	f, err := os.Open(h.path)
	if err != nil {
		return false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.Size() == h.off {
		return false
	}
	if fi.Size() < h.off {
		h.off = 0 // rewritten by another session
		h.entries = nil
	}
	if _, err := f.Seek(h.off, io.SeekStart); err != nil {
		return false
	}
	r := bufio.NewReader(f)
	added := false
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			break // an unfinished last line is read when it is finished
		}
		h.off += int64(len(line))
		if e := decodeHistory(strings.TrimSuffix(line, "\n")); strings.TrimSpace(e) != "" {
			h.push(e)
			added = true
		}
	}
	return added
}

// push appends e, dropping an earlier copy.
func (h *history) push(e string) {
	for i, x := range h.entries {
		if x == e {
			h.entries = append(h.entries[:i], h.entries[i+1:]...)
			break
		}
	}
	h.entries = append(h.entries, e)
	if len(h.entries) > historyLimit {
		h.entries = h.entries[len(h.entries)-historyLimit:]
	}
}

// add records an entry the user ran, in memory and in the file.
func (h *history) add(e string) {
	e = strings.TrimRight(e, "\n")
	if strings.TrimSpace(e) == "" {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.load() // other sessions' entries first, so the file order is kept
	h.push(e)
	h.edited = true
	if h.path == "" {
		return
	}
	os.MkdirAll(filepath.Dir(h.path), 0o700)
	f, err := os.OpenFile(h.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE|unix.O_CLOEXEC, 0o600)
	if err != nil {
		return
	}
	defer f.Close()
	line := encodeHistory(e) + "\n"
	if _, err := f.WriteString(line); err == nil {
		if fi, err := f.Stat(); err == nil && fi.Size() == h.off+int64(len(line)) {
			h.off = fi.Size() // nobody else wrote meanwhile
		}
	}
}

// rewrite replaces the file by the collapsed entries (atomically, by
// rename).
func (h *history) rewrite() {
	tmp := h.path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC|unix.O_CLOEXEC, 0o600)
	if err != nil {
		return
	}
	w := bufio.NewWriter(f)
	for _, e := range h.entries {
		w.WriteString(encodeHistory(e) + "\n")
	}
	err = w.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil || os.Rename(tmp, h.path) != nil {
		os.Remove(tmp)
		return
	}
	if fi, err := os.Stat(h.path); err == nil {
		h.off = fi.Size()
	}
}

// clear forgets every entry (history -c). The file keeps them; entries
// other sessions append later are still picked up.
func (h *history) clear() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.entries = nil
	h.edited = true
}

// remove deletes entry n (numbered from 1) from the list and from the
// file (history -d); it reports whether there was such an entry.
func (h *history) remove(n int) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if n < 1 || n > len(h.entries) {
		return false
	}
	h.entries = append(h.entries[:n-1], h.entries[n:]...)
	h.edited = true
	if h.path != "" {
		h.rewrite()
	}
	return true
}

// takeEdited reports whether a builtin changed the list since the last
// call, so the prompt can hand the line editor the new list.
func (h *history) takeEdited() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	e := h.edited
	h.edited = false
	return e
}

func (h *history) list() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.entries...)
}

func encodeHistory(e string) string {
	return strings.NewReplacer(`\`, `\\`, "\n", `\n`).Replace(e)
}

func decodeHistory(line string) string {
	if !strings.Contains(line, `\`) {
		return line
	}
	var b strings.Builder
	for i := 0; i < len(line); i++ {
		if line[i] == '\\' && i+1 < len(line) {
			i++
			if line[i] == 'n' {
				b.WriteByte('\n')
			} else {
				b.WriteByte(line[i])
			}
			continue
		}
		b.WriteByte(line[i])
	}
	return b.String()
}
