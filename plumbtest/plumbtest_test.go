package plumbtest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that keeps the failures instead of failing.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Errorf(format string, a ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, a...))
}
func (r *recorder) Fatalf(format string, a ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, a...))
	r.FailNow()
}
func (r *recorder) Logf(string, ...any) {}

const wrong = `# a transcript with mistakes
$ echo a; echo b
a
c
$ false
$ printf 'x\ny'
x
y
[no newline]
$ sh -c 'exit 7'
[exit 7]
-- f --
data
`

// A wrong expectation fails at its file:line with a diff; a right one
// does not.
func TestFailureReport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "wrong.txt")
	os.WriteFile(path, []byte(wrong), 0o644)
	rec := &recorder{TB: t}
	(&Config{}).RunFile(rec, path)
	if len(rec.errs) != 2 {
		t.Fatalf("%d failures, want 2: %q", len(rec.errs), rec.errs)
	}
	want0 := path + ":2: $ echo a; echo b\noutput differs (- want, + got):\n   a\n - c\n + b\n"
	if rec.errs[0] != want0 {
		t.Errorf("got\n%s\nwant\n%s", rec.errs[0], want0)
	}
	if want1 := path + ":5: $ false\nexit status 1, want 0\n"; rec.errs[1] != want1 {
		t.Errorf("got\n%s\nwant\n%s", rec.errs[1], want1)
	}
}

// UpdateScripts rewrites the expected output and keeps the rest.
func TestUpdate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "wrong.txt")
	os.WriteFile(path, []byte(wrong), 0o644)
	rec := &recorder{TB: t}
	(&Config{UpdateScripts: true}).RunFile(rec, path)
	if len(rec.errs) != 0 {
		t.Fatal(rec.errs)
	}
	b, _ := os.ReadFile(path)
	want := strings.Replace(strings.Replace(wrong, "a\nc\n", "a\nb\n", 1), "$ false\n", "$ false\n[exit 1]\n", 1)
	if string(b) != want {
		t.Errorf("rewritten:\n%s\nwant:\n%s", b, want)
	}
	rec = &recorder{TB: t}
	(&Config{}).RunFile(rec, path)
	if len(rec.errs) != 0 {
		t.Errorf("the rewritten transcript fails: %q", rec.errs)
	}
}

// Output lines that begin with "> " are output, not continuation lines,
// once the command is complete; $WORK stands for the directory.
func TestParse(t *testing.T) {
	tr, err := parseTranscript([]byte("head\n$ if true\n> then echo x\n> fi\n> output\n$ echo $WORK\n$WORK\n"))
	if err != nil {
		t.Fatal(err)
	}
	if tr.header != "head\n" || len(tr.cmds) != 2 || tr.cmds[0].src != "if true\nthen echo x\nfi" || tr.cmds[0].want != "> output\n" || tr.cmds[1].line != 6 {
		t.Errorf("%+v %+v", tr, tr.cmds[0])
	}
	if got := string(tr.format()); got != "head\n$ if true\n> then echo x\n> fi\n> output\n$ echo $WORK\n$WORK\n" {
		t.Errorf("format: %q", got)
	}
	rec := &recorder{TB: t}
	path := filepath.Join(t.TempDir(), "work.txt")
	os.WriteFile(path, []byte("$ echo $WORK; pwd; cat f\n$WORK\n$WORK\nin work\n-- f --\nin work\n"), 0o644)
	(&Config{}).RunFile(rec, path)
	if len(rec.errs) != 0 {
		t.Error(rec.errs)
	}
}

// A background job that prints between commands races with nothing (go
// test -race): its output shows at the start of the next command's.
func TestBackgroundOutput(t *testing.T) {
	src := "$ (while :; do echo tick; sleep 0.002; done) &\n"
	for i := 0; i < 30; i++ {
		src += "$ echo one\none\n"
	}
	path := filepath.Join(t.TempDir(), "ticks.txt")
	os.WriteFile(path, []byte(src), 0o644)
	rec := &recorder{TB: t}
	(&Config{}).RunFile(rec, path)
	for _, e := range rec.errs {
		_, diff, _ := strings.Cut(e, "(- want, + got):\n")
		if rest := strings.ReplaceAll(diff, " + tick\n", ""); rest != "   one\n" && rest != "" {
			t.Errorf("not ticks before the command's output: %s", e)
		}
	}
}

// Lines ending in " (re)" match as regular expressions, in the diff
// too; SeparateStderr checks stderr after "[stderr]"; conditions leave
// commands out, and a conditional skip skips the transcript.
func TestRegexpStderrConditions(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(src), 0o644)
		return p
	}
	rec := &recorder{TB: t}
	re := write("re.txt", "$ echo id-42; echo x\nid-[0-9]+ (re)\nx\n$ echo id-x; echo y\nid-[0-9]+ (re)\ny\n")
	(&Config{}).RunFile(rec, re)
	want := re + ":4: $ echo id-x; echo y\noutput differs (- want, + got):\n - id-[0-9]+ (re)\n + id-x\n   y\n"
	if len(rec.errs) != 1 || rec.errs[0] != want {
		t.Errorf("regexp lines: %q\nwant %q", rec.errs, want)
	}

	sep := write("sep.txt", "$ echo out; echo err >&2; printf o; printf e >&2\nout\no\n[no newline]\n[stderr]\nerr\ne\n[no newline]\n$ echo only\nonly\n")
	rec = &recorder{TB: t}
	(&Config{SeparateStderr: true}).RunFile(rec, sep)
	if len(rec.errs) != 0 {
		t.Errorf("separate stderr: %q", rec.errs)
	}
	rec = &recorder{TB: t}
	(&Config{}).RunFile(rec, sep)
	if len(rec.errs) != 1 {
		t.Errorf("one stream: %q", rec.errs)
	}

	cond := write("cond.txt", "$ [linux] echo on linux\non linux\n$ [!linux] echo never\nnever\n$ [exec:sh] [!exec:no-such-zz] echo both\nboth\n$ [exec:no-such-zz] echo no\n")
	rec = &recorder{TB: t}
	(&Config{}).RunFile(rec, cond)
	if len(rec.errs) != 0 {
		t.Errorf("conditions: %q", rec.errs)
	}
	skip := write("skip.txt", "$ echo a\na\n$ [exec:sh] skip sh is here\n$ echo not run\nwrong\n")
	ran := t.Run("skip", func(t *testing.T) {
		rec := &recorder{TB: t}
		(&Config{}).RunFile(rec, skip)
		t.Errorf("not skipped: %q", rec.errs)
	})
	if !ran {
		t.Error("the skipped subtest failed")
	}
}
