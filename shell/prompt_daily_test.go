package shell_test

import (
	"strings"
	"testing"
)

// What a user does at the prompt all day, that went wrong once.

// Ctrl-C during a command substitution abandons the command it was an
// argument of and the rest of the line, as in bash: plumb went on and ran
// `echo x` (and would have run `rm $(find …)` with half a list).
func TestPromptCtrlCInCommandSubstitution(t *testing.T) {
	tm := startPty(t, t.TempDir(), nil)
	tm.expect(`P0 `)
	tm.send("echo $(sleep 1000) not-reached; echo not-reached-either\r")
	pid := tm.waitProc("sleep", "1000")
	tm.send("\x03")
	tm.expect(`P130 `)
	waitGone(t, pid)
	tm.send("x=$(sleep 1001); echo assigned\r")
	pid = tm.waitProc("sleep", "1001")
	tm.send("\x03")
	tm.expect(`P130 `)
	waitGone(t, pid)
	tm.send("echo alive\r")
	tm.expect(`\nalive\r?\n`)
	if out := tm.transcript(); strings.Contains(out, "\nnot-reached") || strings.Contains(out, "\nassigned") {
		t.Errorf("the line went on after Ctrl-C:\n%s", out)
	}
}
