package shell_test

import (
	"strings"
	"testing"
)

// A pipeline plumb refuses to start is one error, counted the same way
// wherever it is reported: running it, the explain builtin and --explain
// all name stage 2 (stages count from 1, as in explain's diagram) and
// all exit 1.
func TestRefusedPipelineOneNumbering(t *testing.T) {
	bin := plumbBinary(t)
	rows := []struct {
		name, script string
		status       int
		stdout       string // a substring
		stderr       string
	}{
		{"run", "a <|> b <|> c", 1, "", "plumb: stage 2 (b): between two two-way links\n"},
		{"explain builtin", "explain 'a <|> b <|> c'", 1, "  error: stage 2 is between two two-way links", ""},
		{"explain builtin, valid line", "explain 'a <|> b | c'", 0, "[3] c", ""},
	}
	for _, r := range rows {
		out, errText, st := runScriptAll(t, bin, r.script)
		if st != r.status || !strings.Contains(out, r.stdout) || errText != r.stderr {
			t.Errorf("%s: got status %d stdout %q stderr %q; want %d, %q in stdout, stderr %q", r.name, st, out, errText, r.status, r.stdout, r.stderr)
		}
	}
	out, errText, st := runScriptAll(t, bin, "exec "+bin+" --explain -c 'a <|> b <|> c'")
	if st != 1 || !strings.Contains(out, "error: stage 2 ") || errText != "" {
		t.Errorf("--explain: got status %d stdout %q stderr %q; want 1 and the error line", st, out, errText)
	}
}
