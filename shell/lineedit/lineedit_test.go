package lineedit

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// fakeHost is a shell with a few names, in a directory of the test's.
type fakeHost struct {
	dir  string
	vars map[string]string
	cmds []string
	// complete is the host's completion spec, nil for none.
	complete func(CompRequest) (CompReply, bool)
}

func (h *fakeHost) Dir() string { return h.dir }
func (h *fakeHost) Var(n string) (string, bool) {
	v, ok := h.vars[n]
	return v, ok
}
func (h *fakeHost) VarNames() []string {
	var ns []string
	for n := range h.vars {
		ns = append(ns, n)
	}
	return ns
}
func (h *fakeHost) CommandNames() []string { return h.cmds }
func (h *fakeHost) Tilde(string) string    { return h.dir }
func (h *fakeHost) IsCommand(n string) bool {
	for _, c := range h.cmds {
		if c == n {
			return true
		}
	}
	return false
}

func (h *fakeHost) Complete(req CompRequest) (CompReply, bool) {
	if h.complete == nil {
		return CompReply{}, false
	}
	return h.complete(req)
}

func completions(c *Completer, line string) ([]string, int) {
	out, n := c.Do([]rune(line), len([]rune(line)))
	var s []string
	for _, r := range out {
		s = append(s, string(r))
	}
	return s, n
}

// The completer reads the shell only through Host: command names from
// CommandNames and PATH, variables from VarNames, files from Dir (never
// the process's cwd), directories only after cd.
func TestCompleterThroughHost(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	os.MkdirAll(filepath.Join(dir, "sub dir"), 0o755)
	os.MkdirAll(bin, 0o755)
	os.WriteFile(filepath.Join(bin, "plumbprog"), []byte("#!/bin/sh\n"), 0o755)
	os.WriteFile(filepath.Join(dir, "file.txt"), nil, 0o644)
	h := &fakeHost{dir: dir, vars: map[string]string{"PATH": bin, "PLUMBVAR": "1", "OTHER": "", "DIR": dir}, cmds: []string{"plumbfunc", "echo"}}
	c := NewCompleter(h)
	for _, tc := range []struct {
		line string
		want []string
		n    int
	}{
		{"plumb", []string{"func ", "prog "}, 5},
		{"echo $PLUMB", []string{"VAR "}, 5},
		{"echo \"${PLU", []string{"MBVAR}"}, 3},
		{"cat fi", []string{"le.txt "}, 2},
		{"cd s", []string{`ub\ dir/`}, 1},
		{"cd 's", []string{"ub dir/"}, 2},
		{"cat $DIR/fi", []string{"le.txt "}, 2},
		{"cat \"${DIR}/s", []string{"ub dir/"}, 1},
		{"cat $DIR/sub\\ dir/../fi", []string{"le.txt "}, 2},
		{"cat $NODIR/fi", nil, 2},
	} {
		got, n := completions(c, tc.line)
		if !reflect.DeepEqual(got, tc.want) || n != tc.n {
			t.Errorf("%q: got %q, %d; want %q, %d", tc.line, got, n, tc.want, tc.n)
		}
	}
}

// Highlighting colours a command the host does not know in red and keeps
// the visible text as typed.
func TestHighlighterThroughHost(t *testing.T) {
	h := NewHighlighter(&fakeHost{cmds: []string{"echo"}})
	got := string(h.Paint([]rune("echo hi | nosuch"), 0))
	want := "echo hi " + colOperator + "|" + colReset + " " + colUnknown + "nosuch" + colReset
	if got != want {
		t.Errorf("Paint = %q, want %q", got, want)
	}
}

func TestHistoryLineRoundTrip(t *testing.T) {
	e := "for i in 1 2\ndo echo $i\ndone"
	if l := ToHistoryLine(e); l != "for i in 1 2␤do echo $i␤done" || FromHistoryLine(l) != e {
		t.Errorf("ToHistoryLine = %q", l)
	}
}

// COMP_WORDS, COMP_CWORD, COMP_LINE, COMP_POINT and $2 $3 as bash 5.2
// sets them for a completion function (printed from one at its prompt):
// the default COMP_WORDBREAKS split `=` and `:` off, runs of break
// characters are one word, the line is the command the cursor is in.
func TestSplitCompWordsLikeBash(t *testing.T) {
	for _, tc := range []struct {
		line      string
		cword     int
		cur, prev string
		compLine  string
		words     []string
	}{
		{"foo --dir=x", 3, "x", "=", "foo --dir=x", []string{"foo", "--dir", "=", "x"}},
		{"foo --dir=", 2, "", "--dir", "foo --dir=", []string{"foo", "--dir", "="}},
		{"foo a:b", 3, "b", ":", "foo a:b", []string{"foo", "a", ":", "b"}},
		{"foo  ", 1, "", "foo", "foo  ", []string{"foo", ""}},
		{"  foo b; foo c d", 2, "d", "c", "foo c d", []string{"foo", "c", "d"}},
		{"foo 'a b", 1, "a b", "foo", "foo 'a b", []string{"foo", "'a b"}},
		{`foo a\ b`, 1, `a\ b`, "foo", `foo a\ b`, []string{"foo", `a\ b`}},
		{"foo x>>y", 3, "y", ">>", "foo x>>y", []string{"foo", "x", ">>", "y"}},
		{"ls | foo a=", 2, "", "a", "foo a=", []string{"foo", "a", "="}},
		{"foo a=:b", 3, "b", "=:", "foo a=:b", []string{"foo", "a", "=:", "b"}},
	} {
		start, end := commandBounds(tc.line, len(tc.line))
		req, _ := splitCompWords(tc.line[start:end], len(tc.line)-start, defaultWordBreaks)
		if req.CWord != tc.cword || req.Cur != tc.cur || req.Prev != tc.prev || req.Line != tc.compLine ||
			req.Point != len(tc.compLine) || !reflect.DeepEqual(req.Words, tc.words) {
			t.Errorf("%q: got %+v", tc.line, req)
		}
	}
}

// With a spec, the host's words are inserted as its options say; with
// none, the editor completes on its own.
func TestCompleterUsesSpec(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "adir"), 0o755)
	var reply CompReply
	h := &fakeHost{dir: dir, vars: map[string]string{}, complete: func(req CompRequest) (CompReply, bool) {
		if req.Words[0] != "foo" {
			return CompReply{}, false
		}
		return reply, true
	}}
	c := NewCompleter(h)
	reply = CompReply{Words: []string{"zeta", "alpha", "adir", "alpha"}}
	if got, n := completions(c, "foo a"); !reflect.DeepEqual(got, []string{"dir ", "lpha "}) || n != 1 {
		t.Errorf("plain: got %q, %d", got, n)
	}
	reply = CompReply{Words: []string{"adir", "a b"}, Filenames: true}
	if got, _ := completions(c, "foo a"); !reflect.DeepEqual(got, []string{`\ b `, "dir/"}) {
		t.Errorf("filenames: got %q", got)
	}
	reply = CompReply{Words: []string{"a="}, NoSpace: true}
	if got, _ := completions(c, "foo a"); !reflect.DeepEqual(got, []string{"="}) {
		t.Errorf("nospace: got %q", got)
	}
	reply = CompReply{Default: true}
	if got, _ := completions(c, "foo a"); !reflect.DeepEqual(got, []string{"dir/"}) {
		t.Errorf("default: got %q", got)
	}
	if got, _ := completions(c, "cd a"); !reflect.DeepEqual(got, []string{"dir/"}) {
		t.Errorf("no spec: got %q", got)
	}
	// A word that does not continue the one typed replaces it, when
	// it is the only one; among others it is left out.
	var line string
	c.OnReplace(func(l string) { line = l })
	reply = CompReply{Words: []string{"b c"}, Filenames: true}
	if got, _ := completions(c, "foo x 'a"); got != nil || line != `foo x b\ c ` {
		t.Errorf("replace: got %q, line %q", got, line)
	}
	line = ""
	reply = CompReply{Words: []string{"b", "ab"}}
	if got, _ := completions(c, "foo a"); !reflect.DeepEqual(got, []string{"b "}) || line != "" {
		t.Errorf("replace among others: got %q, line %q", got, line)
	}
}
