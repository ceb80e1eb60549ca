package shell_test

import (
	"strings"
	"testing"
)

// At the prompt only Enter runs a line and only Ctrl-D on an empty line
// exits; control keys the line editor does not bind are ignored, as in
// readline-based shells. Ctrl-Space sends NUL, which the editor took for
// the end of input: on an empty line the shell exited, with text the
// line ran. Ctrl-\, Ctrl-] and Ctrl-^ were put into the line as
// invisible bytes, so the command was not found.
func TestPromptUnboundControlKeysIgnored(t *testing.T) {
	tm := startPty(t, t.TempDir(), nil)
	tm.expect(`P0 `)
	tm.send("\x00") // Ctrl-Space on an empty line
	tm.send("echo still-here\r")
	tm.expect(`\nstill-here\r?\n`)
	tm.expect(`P0 `)
	tm.send("echo one\x00") // Ctrl-Space with text: the line must not run
	tm.send(" two\r")
	tm.expect(`\none two\r?\n`)
	tm.expect(`P0 `)
	tm.send("ec\x1c\x1d\x1e\x1f\x0f\x11\x16\x18ho hi\r")
	tm.expect(`\nhi\r?\n`)
	tm.expect(`P0 `)
	tm.send("exit\r")
	if ws := tm.wait(); ws.ExitStatus() != 0 {
		t.Errorf("plumb ended with %v", ws)
	}
	if out := tm.transcript(); strings.Contains(out, "not found") || strings.Contains(out, "\none\n") {
		t.Errorf("a control key reached the line or ran it:\n%s", out)
	}
}
