package shell_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
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

// SIGHUP (the terminal went away, or kill -HUP) ends the interactive
// shell as it ends bash: every job gets SIGHUP, a stopped one SIGCONT
// too, and the shell dies of SIGHUP. The jobs are in process groups of
// their own, which a hang-up does not reach by itself (issue 12).
func TestPromptSIGHUPHangsUpJobs(t *testing.T) {
	tm := startPty(t, t.TempDir(), nil)
	tm.expect(`P0 `)
	tm.send("sleep 101 &\r")
	tm.expect(`P0 `)
	bg := tm.waitProc("sleep", "101")
	tm.send("sleep 102\r")
	stopped := tm.waitProc("sleep", "102")
	tm.send("\x1a")
	tm.expect(`P148 `)
	waitState(t, stopped, "T")
	tm.send("sleep 103\r")
	fg := tm.waitProc("sleep", "103")
	pids := []int{bg, stopped, fg}
	t.Cleanup(func() {
		for _, pid := range pids {
			syscall.Kill(pid, syscall.SIGKILL)
		}
	})
	syscall.Kill(tm.cmd.Process.Pid, syscall.SIGHUP)
	if ws := tm.wait(); !ws.Signaled() || ws.Signal() != syscall.SIGHUP {
		t.Errorf("plumb ended with %v, want killed by SIGHUP", ws)
	}
	for _, pid := range pids {
		waitEnded(t, pid)
	}
}

// An interactive shell ignores SIGTERM, at the prompt and while a job
// runs, as bash does; the job itself is not touched.
func TestPromptIgnoresSIGTERM(t *testing.T) {
	tm := startPty(t, t.TempDir(), nil)
	tm.expect(`P0 `)
	syscall.Kill(tm.cmd.Process.Pid, syscall.SIGTERM)
	waitNotPending(t, tm.cmd.Process.Pid)
	tm.send("echo alive\r")
	tm.expect(`\nalive\r?\n`)
	tm.send("sleep 104\r")
	pid := tm.waitProc("sleep", "104")
	waitState(t, pid, "S")
	syscall.Kill(tm.cmd.Process.Pid, syscall.SIGTERM)
	waitNotPending(t, tm.cmd.Process.Pid)
	if st := procState(pid); st != "S" {
		t.Errorf("the job is in state %q after the shell's SIGTERM", st)
	}
	tm.send("\x03")
	tm.expect(`P130 `)
	tm.send("echo still alive\r")
	tm.expect(`\nstill alive\r?\n`)
}

// waitEnded waits until pid has exited: gone, or a zombie left to a
// parent that does not reap (init in some containers).
func waitEnded(t *testing.T, pid int) {
	t.Helper()
	waitUntil(t, func() bool { st := procState(pid); return st == "" || st == "Z" },
		func() string { return fmt.Sprintf("process %d still running (state %s)", pid, procState(pid)) })
}

// waitNotPending waits until no signal is pending for process pid (it
// has taken the signal it was sent, or died of it).
func waitNotPending(t *testing.T, pid int) {
	t.Helper()
	waitUntil(t, func() bool {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
		return err != nil || !strings.Contains(string(b), "\nShdPnd:\t") || strings.Contains(string(b), "\nShdPnd:\t0000000000000000\n")
	}, func() string { return fmt.Sprintf("a signal to %d still pending", pid) })
}

// `stty -echo` typed at the prompt sticks, as in bash: the prompt takes
// back only the raw mode a program can leave behind (issue 12).
func TestPromptSttyEchoSticks(t *testing.T) {
	tm := startPty(t, t.TempDir(), nil)
	tm.expect(`P0 `)
	tm.send("stty -echo; echo reading; read pw; stty echo; echo \"got [$pw]\"\r")
	// Echo is off once "reading" is out: the terminal echoes what is
	// typed when it arrives, whoever reads it later.
	tm.expect(`reading\r?\n`)
	tm.send("hunter2\r")
	tm.expect(`got \[hunter2\]\r?\n`)
	if strings.Count(tm.transcript(), "hunter2") != 1 {
		t.Errorf("the password was echoed")
	}
	tm.expect(`P0 `)
	// On a line of its own too; a raw mode left behind is taken back.
	tm.send("stty raw -echo\r")
	tm.expect(`P0 `)
	tm.send("stty -a | tr ' ;' '\\n\\n' | grep -E -x -e '-?icanon' -e '-?echo' | tr '\\n' ,; echo\r")
	tm.expect(`\nicanon,-echo,\r?\n`)
}
