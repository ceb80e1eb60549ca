package shell_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/creack/pty"
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

// Output that does not end in a newline stays on the screen: readline
// clears the cursor's line before it draws the prompt, and `printf abc`
// (or `curl -s URL`, `cat` of a file without a final newline) printed
// nothing at all. As in zsh, the line is kept with a % after it, and a
// line that ended in a newline gets no mark.
func TestPromptKeepsOutputWithoutNewline(t *testing.T) {
	tm := startPty(t, t.TempDir(), nil)
	tm.expect(`P0 `)
	// Each command's output, then the prompt after it: the line editor
	// redraws "P0 …" as each key is typed, so the prompt alone could be
	// found before the command has run, and the next line typed while
	// the terminal still echoes.
	tm.send("printf abc\r")
	tm.expect(`abc\x1b\[7m%`)
	tm.expect(`P0 `)
	tm.send("echo x\r")
	tm.expect(`\nx\r?\n`)
	tm.expect(`P0 `)
	tm.send("printf '%0200d' 0\r") // exactly the terminal's width
	tm.expect(`0{200}`)
	tm.expect(`P0 `)
	tm.send("echo end\r")
	tm.expect(`\nend\r?\n`)
	tm.expect(`P0 `)
	screen := tm.screen(200)
	want := []string{"P0 printf abc", "abc%", "P0 echo x", "x",
		"P0 printf '%0200d' 0", strings.Repeat("0", 200), "P0 echo end", "end", "P0"}
	if got := strings.Join(screen, "\n"); got != strings.Join(want, "\n") {
		t.Errorf("the screen shows\n%s\nwant\n%s", got, strings.Join(want, "\n"))
	}
}

// screen is what a terminal cols wide shows after the output so far,
// with trailing blanks trimmed: enough of an xterm for what readline and
// plumb write (text with deferred wrap at the right margin, CR, LF, BS,
// erasing in line and display, cursor moves; attributes are ignored).
func (tm *ptyTerm) screen(cols int) []string {
	tm.mu.Lock()
	out := []rune(tm.out.String())
	tm.mu.Unlock()
	rows := [][]rune{nil}
	r, c := 0, 0
	grow := func() {
		for len(rows) <= r {
			rows = append(rows, nil)
		}
	}
	for i := 0; i < len(out); i++ {
		switch ch := out[i]; {
		case ch == '\x1b' && i+1 < len(out) && out[i+1] == '[':
			j := i + 2
			for j < len(out) && (out[j] < '@' || out[j] > '~') {
				j++
			}
			if j == len(out) {
				break
			}
			arg := string(out[i+2 : j])
			n, err := strconv.Atoi(arg)
			if err != nil || n == 0 {
				n = 1
			}
			if out[j] != 'm' { // attributes leave a pending wrap alone
				c = min(c, cols-1)
			}
			switch out[j] {
			case 'K', 'J':
				if arg == "2" {
					rows[r] = nil
				} else if c < len(rows[r]) {
					rows[r] = rows[r][:c]
				}
				if out[j] == 'J' {
					rows = rows[:r+1]
				}
			case 'A':
				r = max(0, r-n)
			case 'B':
				r += n
				grow()
			case 'C':
				c = min(cols-1, c+n)
			case 'D':
				c = max(0, c-n)
			}
			i = j
		case ch == '\r':
			c = 0
		case ch == '\n':
			r++
			grow()
		case ch == '\b':
			c = max(0, min(c, cols-1)-1)
		case ch < ' ' || ch == 0x7f:
		default:
			if c == cols { // the deferred wrap
				r, c = r+1, 0
				grow()
			}
			for len(rows[r]) <= c {
				rows[r] = append(rows[r], ' ')
			}
			rows[r][c] = ch
			c++
		}
	}
	lines := make([]string, len(rows))
	for i, row := range rows {
		lines[i] = strings.TrimRight(string(row), " ")
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// `exec cmd` at the prompt hangs up the stopped jobs, as exit does (bash
// terminates them): the new program does not know them, and they stayed
// stopped for as long as it ran.
func TestPromptExecHangsUpStoppedJobs(t *testing.T) {
	tm := startPty(t, t.TempDir(), nil)
	tm.expect(`P0 `)
	tm.send("sleep 1000\r")
	pid := tm.waitProc("sleep", "1000")
	tm.send("\x1a")
	tm.expect(`P148 `)
	waitState(t, pid, "T")
	tm.send("exec cat\r")
	// cat, in plumb's place, does not reap it: gone or a zombie.
	waitUntil(t, func() bool { st := procState(pid); return st == "" || st == "Z" },
		func() string { return fmt.Sprintf("stopped job %d still there (state %s)", pid, procState(pid)) })
	tm.send("\x04")
	tm.wait()
}

// Ctrl-C abandons the line also while completion candidates are listed
// and during Ctrl-R search, as in bash. Readline took it for Ctrl-G
// there: it left the list or the search and kept the line, so what the
// user typed next was appended to it and Enter ran `ls d/echo hi`.
func TestPromptCtrlCInCompletionAndSearch(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"d/apple", "d/apricot"} {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tm := startPty(t, dir, nil)
	tm.expect(`P0 `)
	tm.send("ls d/a\t\t")
	tm.expect(`apricot`) // the list is shown
	tm.send("\t")        // and one of it selected
	tm.expect(`apple`)
	tm.send("\x03")
	tm.expect(`P130 `)
	tm.send("echo one\r")
	tm.expect(`\none\r?\n`)
	tm.expect(`P0 `)
	tm.send("\x12on") // Ctrl-R
	tm.expect(`echo one`)
	tm.send("\x03")
	tm.expect(`P130 `)
	tm.send("echo two\r")
	tm.expect(`\ntwo\r?\n`)
	tm.expect(`P0 `)
	if out := tm.transcript(); strings.Contains(out, "No such file") || strings.Contains(out, "one\n\none") {
		t.Errorf("Ctrl-C kept the line:\n%s", out)
	}
}

// Ctrl-Z on a command in a loop stops it and leaves every loop, as in
// bash; the rest of the line runs. The loop went on: its next round
// started the command again in the foreground, so the prompt never came
// back (`while :; do sleep 1000; done` needed Ctrl-C) and each Ctrl-Z
// left one more stopped job.
func TestPromptCtrlZLeavesLoop(t *testing.T) {
	tm := startPty(t, t.TempDir(), nil)
	tm.expect(`P0 `)
	tm.send("for i in 1 2; do while :; do sleep 1000; echo no; done; echo no; done; echo after-$?\r")
	pid := tm.waitProc("sleep", "1000")
	tm.send("\x1a")
	tm.expect(`\[1\]\+\s+Stopped\s+sleep 1000`)
	tm.expect(`\nafter-148\r?\n`)
	tm.expect(`P0 `)
	waitState(t, pid, "T")
	tm.send("jobs; kill %1\r")
	waitGone(t, pid)
	tm.send("echo end\r")
	tm.expect(`\nend\r?\n`)
	if out := tm.transcript(); strings.Contains(out, "\nno") || strings.Contains(out, "[2]") {
		t.Errorf("the loop went on after Ctrl-Z:\n%s", out)
	}
}

// When the current job ends, the previous one becomes current, as in
// bash: after `fg %1` on one of two stopped jobs and its end, `fg` alone
// said "current: no such job" and `jobs` marked the other one with -.
func TestPromptPreviousJobBecomesCurrent(t *testing.T) {
	tm := startPty(t, t.TempDir(), nil)
	tm.expect(`P0 `)
	tm.send("cat\r")
	cat := tm.waitProc("cat")
	tm.send("\x1a")
	tm.expect(`P148 `)
	waitState(t, cat, "T")
	tm.send("sleep 1000\r")
	sleep := tm.waitProc("sleep", "1000")
	tm.send("\x1a")
	tm.expect(`P148 `)
	waitState(t, sleep, "T")
	tm.send("fg %1\r")
	tm.expect(`\ncat\r?\n`)
	waitState(t, cat, "S")
	tm.send("\x04") // cat reads end of file and ends
	tm.expect(`P0 `)
	tm.send("jobs\r")
	tm.expect(`\[2\]\+\s+Stopped\s+sleep 1000`)
	tm.expect(`P0 `)
	tm.send("fg\r")
	tm.expect(`\nsleep 1000\r?\n`)
	waitState(t, sleep, "S")
	tm.send("\x03")
	tm.expect(`P130 `)
	waitGone(t, sleep)
}

// A foreground command killed by a signal is reported, as bash does at
// the prompt: a program that crashed printed nothing at all, and only $?
// told. Not for SIGINT (Ctrl-C), SIGPIPE, or a stage that is not the
// last, whose status is not the pipeline's.
func TestPromptReportsKilledCommand(t *testing.T) {
	tm := startPty(t, t.TempDir(), nil)
	tm.expect(`P0 `)
	tm.send("sh -c 'kill -SEGV $$'; sh -c 'kill -KILL $$'; sh -c 'kill -USR1 $$'; echo after\r")
	tm.expect(`\nSegmentation fault\r?\nKilled\r?\nUser defined signal 1\r?\nafter\r?\n`)
	tm.expect(`P0 `)
	tm.send("sh -c 'kill -TERM $$' | cat; sh -c 'kill -PIPE $$'; echo quiet\r")
	tm.expect(`P0 `)
	tm.send("sleep 1000\r")
	pid := tm.waitProc("sleep", "1000")
	tm.send("\x1a")
	tm.expect(`P148 `)
	tm.send("fg\r")
	tm.expect(`\nsleep 1000\r?\n`)
	waitState(t, pid, "S")
	syscall.Kill(pid, syscall.SIGTERM)
	tm.expect(`(?m)^Terminated\r?\n`)
	tm.expect(`P143 `)
	out := tm.transcript()
	if i := strings.Index(out, "kill -TERM"); strings.Contains(out[i:strings.Index(out, "\nquiet\n")], "Terminated") {
		t.Errorf("a stage that is not the last reported:\n%s", out)
	}
}

// COLUMNS and LINES follow the terminal's size, set at the prompt and
// after each foreground job, as bash's checkwinsize (on by default) does:
// they were unset, and a window resized while a command ran went
// unnoticed.
func TestPromptColumnsFollowWindowSize(t *testing.T) {
	tm := startPty(t, t.TempDir(), nil)
	tm.expect(`P0 `)
	tm.send("echo size=$COLUMNS,$LINES\r")
	tm.expect(`\nsize=200,40\r?\n`)
	tm.expect(`P0 `)
	tm.send("cat; echo size=$COLUMNS,$LINES\r")
	cat := tm.waitProc("cat")
	if err := pty.Setsize(tm.pty, &pty.Winsize{Rows: 20, Cols: 50}); err != nil {
		t.Fatal(err)
	}
	tm.send("\x04")
	waitGone(t, cat)
	tm.expect(`\nsize=50,20\r?\n`)
}

// Ctrl-Z does nothing to a command in a command substitution, as in
// bash: the command was stopped, and the substitution waited for the end
// of its output with the prompt gone until Ctrl-C.
func TestPromptCtrlZInCommandSubstitution(t *testing.T) {
	tm := startPty(t, t.TempDir(), nil)
	tm.expect(`P0 `)
	tm.send("x=$(cat); echo got=$x\r")
	cat := tm.waitProc("cat")
	waitInputWait(t, cat)
	tm.send("\x1a")
	tm.send("typed\r\x04")
	tm.expect(`\ngot=typed\r?\n`)
	tm.expect(`P0 `)
	waitGone(t, cat)
	if out := tm.transcript(); strings.Contains(out, "Stopped") {
		t.Errorf("Ctrl-Z stopped the substitution's command:\n%s", out)
	}
}

// wait returns for a stopped job, with a warning, as bash's does: it
// waited for the job's end, and the prompt did not come back until
// Ctrl-C, after Ctrl-Z or when a background job stopped to read the
// terminal.
func TestPromptWaitForStoppedJob(t *testing.T) {
	tm := startPty(t, t.TempDir(), nil)
	tm.expect(`P0 `)
	tm.send("sleep 1000\r")
	pid := tm.waitProc("sleep", "1000")
	tm.send("\x1a")
	tm.expect(`P148 `)
	waitState(t, pid, "T")
	tm.send("wait; echo w=$?\r")
	tm.expect(`job 1\[\d+\] stopped\r?\nw=0\r?\n`)
	tm.send("wait %1; echo w=$?\r")
	tm.expect(`job 1 is stopped\r?\nw=148\r?\n`)
	tm.send("cat & wait %2; echo w=$?\r") // cat stops at its first read
	tm.expect(`job 2 is stopped\r?\nw=149\r?\n`)
	tm.expect(`P0 `)
	tm.send("kill -9 %1 %2; echo killed\r")
	tm.expect(`\nkilled\r?\n`)
	waitGone(t, pid)
}
