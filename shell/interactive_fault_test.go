package shell_test

import (
	"os"
	"path/filepath"
	"testing"
)

// These tests drive the prompt through what can go wrong between the fork
// of a foreground job and its end, with the helpers of interactive_test.go.

// Whatever happens between fork and the job's end, the prompt takes the
// terminal back: the child hands the terminal to its new group before
// execve, and when execve fails (or the child dies before the program
// runs) that group is gone while the terminal still names it. Each case
// is followed by a command that must run at the prompt.
func TestPromptTakesTerminalBackAfterFailedExec(t *testing.T) {
	cases := []struct {
		name, line, want string
		typed            string // a line to type once the command prints "reading"
	}{
		// No #! line: run as a script by the shell, as sh does.
		{"noshebang", "./noshebang.sh", `\nhi from script\r?\n[^\n]*P0 `, ""},
		{"noshebang in a pipeline", "./noshebang.sh | cat", `\nhi from script\r?\n[^\n]*P0 `, ""},
		// The script runs in the shell's process, which must own the
		// terminal to read from it.
		{"noshebang reads the terminal", "./reads.sh", `got \[typed-line\]\r?\n[^\n]*P0 `, "typed-line"},
		// execve fails with E2BIG.
		{"E2BIG", "/bin/true $(seq 1 400000)", `/bin/true: Argument list too long\r?\n[^\n]*P126 `, ""},
		// The kernel kills the child with SIGSEGV inside execve, before
		// the program runs: the arguments fit the argument limit but not
		// the 16 KiB stack.
		{"killed in execve", "(ulimit -s 16; /bin/true $(seq 1 2000))", `P139 `, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, text := range map[string]string{
				"noshebang.sh": "echo hi from script\n",
				"reads.sh":     "echo reading; read x; echo \"got [$x]\"\n",
			} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			tm := startPty(t, dir, nil)
			tm.expect(`P0 `)
			tm.send(c.line + "\r")
			if c.typed != "" {
				tm.expect(`reading\r?\n`)
				tm.send(c.typed + "\r")
			}
			tm.expect(c.want)
			tm.send("echo still-here\r")
			tm.expect(`\nstill-here\r?\n[^\n]*P0 `)
			tm.send("cat\r")
			tm.waitProc("cat")
			tm.send("typed\r")
			tm.expect(`typed\r?\ntyped\r?\n`) // cat got the terminal
			tm.send("\x04")
			tm.expect(`P0 `)
			tm.send("exit 7\r")
			if ws := tm.wait(); ws.ExitStatus() != 7 {
				t.Errorf("exit status %v, want 7", ws)
			}
		})
	}
}

// Ctrl-Z on a pipeline whose last stage runs inside plumb stops the job
// with $? 148, as when every stage is a process (issue 12: it was -1,
// the status of a stage that had not ended). fg and Ctrl-C end it.
func TestPromptCtrlZInProcessLastStage(t *testing.T) {
	for _, line := range []string{
		"sleep 100 | while read x; do :; done",
		"sleep 100 | (cat)",
		"sleep 100 | read x",
	} {
		t.Run(line, func(t *testing.T) {
			tm := startPty(t, t.TempDir(), nil)
			tm.expect(`P0 `)
			tm.send(line + "\r")
			pid := tm.waitProc("sleep", "100")
			tm.send("\x1a")
			tm.expect(`\[1\]\+\s+Stopped`)
			tm.expect(`P148 `)
			waitState(t, pid, "T")
			tm.send("echo \"st=$?\"\r")
			tm.expect(`\nst=148\r?\n`)
			tm.send("fg\r")
			waitState(t, pid, "S")
			tm.send("\x03")
			tm.expect(`P130 `)
			waitGone(t, pid)
		})
	}
}
