package history

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/sys/unix"
)

// Limit is how many entries a History keeps (and the file, after
// it is compacted).
const Limit = 5000

// A History is the shell's history file: one entry per line, `\` written
// as `\\` and a newline inside a (multi-line) entry as `\n`. Every
// session appends each entry as it is run (O_APPEND: one write per entry,
// so sessions sharing the file never interleave inside an entry) and
// reads what other sessions appended before each prompt. Duplicates are
// collapsed: an entry run again moves to the end.
type History struct {
	path    string
	mu      sync.Mutex
	entries []string
	limit   int   // entries kept; < 0: no limit ($HISTSIZE)
	off     int64 // how far the file has been read
	lines   int   // lines of a file `history -r`/`-n` have read
	edited  bool  // history -c or -d changed entries (TakeEdited)
}

// New reads the history file at path ("" for none) and compacts it
// when it has grown long.
func New(path string) *History {
	h := &History{path: path, limit: Limit}
	h.Load()
	if len(h.entries) < Limit && h.off > 0 {
		// Compact a file grown long with duplicates and other
		// sessions' entries.
		if fi, err := os.Stat(path); err == nil && fi.Size() > 2*int64(Limit)*80 {
			h.rewrite()
		}
	}
	return h
}

// Load reads the entries appended since the last load; it reports
// whether there were any.
func (h *History) Load() bool {
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
func (h *History) push(e string) {
	for i, x := range h.entries {
		if x == e {
			h.entries = append(h.entries[:i], h.entries[i+1:]...)
			break
		}
	}
	h.entries = append(h.entries, e)
	h.trim()
}

func (h *History) trim() {
	if h.limit >= 0 && len(h.entries) > h.limit {
		h.entries = h.entries[len(h.entries)-h.limit:]
	}
}

// SetLimit keeps only the last n entries from now on (bash's HISTSIZE;
// n < 0: no limit).
func (h *History) SetLimit(n int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.limit = n
	h.trim()
	h.edited = true
}

// Read appends every entry of the file at path to the list, duplicates
// and all (history -r), and remembers how many lines it had for ReadNew.
func (h *History) Read(path string) error {
	return h.readFrom(path, 0)
}

// ReadNew appends the entries of the file at path after the lines that
// Read and ReadNew have read so far (history -n: bash counts lines, not
// contents).
func (h *History) ReadNew(path string) error {
	return h.readFrom(path, -1)
}

func (h *History) readFrom(path string, skip int) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if skip < 0 {
		skip = h.lines
	}
	lines := strings.SplitAfter(string(b), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	for i := skip; i < len(lines); i++ {
		if e := decodeHistory(strings.TrimSuffix(lines[i], "\n")); strings.TrimSpace(e) != "" {
			h.entries = append(h.entries, e)
		}
	}
	h.lines = max(len(lines), skip)
	h.trim()
	h.edited = true
	return nil
}

// Write replaces the file at path by the list (history -w).
func (h *History) Write(path string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	var b strings.Builder
	for _, e := range h.entries {
		b.WriteString(encodeHistory(e) + "\n")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		return err
	}
	if path == h.path {
		h.off = int64(b.Len())
	}
	return nil
}

// TruncateFile keeps the last n lines of the file at path (bash's
// HISTFILESIZE, applied when it is set).
func TruncateFile(path string, n int) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	lines := strings.SplitAfter(string(b), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) <= n {
		return nil
	}
	return os.WriteFile(path, []byte(strings.Join(lines[len(lines)-n:], "")), 0o600)
}

// SetPath makes path ("" for none) the file later entries are saved to
// and read from, as when the shell's HISTFILE changes. The entries in
// memory stay; what the new file already holds is not read (only what
// other sessions append to it from now on), and nothing is written to
// the old one any more.
func (h *History) SetPath(path string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if path == h.path {
		return
	}
	h.path, h.off = path, 0
	if fi, err := os.Stat(path); path != "" && err == nil {
		h.off = fi.Size()
	}
}

// Add records an entry the user ran, in memory and in the file.
func (h *History) Add(e string) {
	e = strings.TrimRight(e, "\n")
	if strings.TrimSpace(e) == "" {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.Load() // other sessions' entries first, so the file order is kept
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
func (h *History) rewrite() {
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

// Clear forgets every entry (history -c). The file keeps them; entries
// other sessions append later are still picked up.
func (h *History) Clear() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.entries = nil
	h.edited = true
}

// Remove deletes entry n (numbered from 1) from the list and from the
// file (history -d); it reports whether there was such an entry.
func (h *History) Remove(n int) bool {
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

// TakeEdited reports whether a builtin changed the list since the last
// call, so the prompt can hand the line editor the new list.
func (h *History) TakeEdited() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	e := h.edited
	h.edited = false
	return e
}

// List is a copy of the entries, oldest first.
func (h *History) List() []string {
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
