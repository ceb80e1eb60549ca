package history

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// Two sessions share one file: each appends what it runs, picks up the
// other's entries on Load, collapses duplicates (an entry run again moves
// to the end) and keeps multi-line entries whole.
func TestHistorySharedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "history")
	a, b := New(path), New(path)
	a.Add("echo one\n")
	a.Add("for i in 1 2\ndo echo $i\ndone")
	if !b.Load() {
		t.Fatal("b did not see a's entries")
	}
	b.Add("echo one")
	if b.Load() {
		t.Error("b loaded its own entry as new")
	}
	want := []string{"for i in 1 2\ndo echo $i\ndone", "echo one"}
	if got := b.List(); !reflect.DeepEqual(got, want) {
		t.Errorf("b: %q, want %q", got, want)
	}
	a.Load()
	if got := a.List(); !reflect.DeepEqual(got, want) {
		t.Errorf("a after Load: %q, want %q", got, want)
	}
	raw, _ := os.ReadFile(path)
	if lines := strings.Count(string(raw), "\n"); lines != 3 {
		t.Errorf("file has %d lines, want 3 (one per entry run):\n%s", lines, raw)
	}
	// A fresh session reads the file back as the entries.
	if got := New(path).List(); !reflect.DeepEqual(got, want) {
		t.Errorf("new session: %q, want %q", got, want)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v, %v; want 0600", fi.Mode(), err)
	}
}

// Remove rewrites the file without the entry; Clear forgets the list but
// not the file; both mark the list edited once.
func TestHistoryRemoveClear(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history")
	h := New(path)
	for _, e := range []string{"a", "b", "c"} {
		h.Add(e)
	}
	h.TakeEdited()
	if h.Remove(0) || h.Remove(4) {
		t.Error("Remove out of range succeeded")
	}
	if !h.Remove(2) || !h.TakeEdited() || h.TakeEdited() {
		t.Error("Remove(2) failed or did not mark the list edited once")
	}
	if got := New(path).List(); !reflect.DeepEqual(got, []string{"a", "c"}) {
		t.Errorf("after Remove the file holds %q", got)
	}
	h.Clear()
	if len(h.List()) != 0 || !h.TakeEdited() {
		t.Errorf("after Clear: %q", h.List())
	}
	if got := New(path).List(); len(got) != 2 {
		t.Errorf("Clear changed the file: %q", got)
	}
}

// Without a path the history lives in memory only.
func TestHistoryNoFile(t *testing.T) {
	h := New("")
	h.Add("x")
	if h.Load() || !reflect.DeepEqual(h.List(), []string{"x"}) {
		t.Errorf("in memory: %q", h.List())
	}
}
