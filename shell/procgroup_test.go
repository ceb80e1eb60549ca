package shell_test

import (
	"fmt"
	"os"
	osexec "os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A non-interactive shell keeps its children in its own process group
// (invariant 3), so that whoever signals that group reaches them:
// timeout(1), which makes a group of its own and signals all of it, a CI
// runner, make. Each row starts the shell as timeout(1) does, in a new
// group, waits until the command runs, sends SIGTERM to the group and
// checks that the command is gone. bash does the same (without -short).
func TestScriptChildrenInShellGroup(t *testing.T) {
	rows := []struct{ name, script string }{
		{"simple command", "sleep 97.1"},
		{"pipeline", "sleep 97.1 | cat"},
		{"subshell", "(sleep 97.1); echo after"},
		{"background job", "sleep 97.1 & wait"},
		{"in-process stage", "{ sleep 97.1; } | cat"},
	}
	shells := []string{plumbBinary(t)}
	if !testing.Short() {
		shells = append(shells, "bash")
	}
	for _, r := range rows {
		for _, sh := range shells {
			t.Run(r.name+"/"+sh[strings.LastIndexByte(sh, '/')+1:], func(t *testing.T) {
				cmd := osexec.Command(sh, "-c", r.script)
				cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				done := make(chan struct{})
				go func() { cmd.Wait(); close(done) }()
				defer func() {
					syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
					<-done
				}()
				pid := waitDescendant(t, cmd.Process.Pid, "sleep", "97.1")
				syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
				select {
				case <-done:
				case <-time.After(hangDeadline):
					t.Fatalf("%s did not end after SIGTERM to its group", sh)
				}
				waitUntil(t, func() bool { return !running(pid) }, func() string {
					syscall.Kill(pid, syscall.SIGKILL)
					return fmt.Sprintf("%s: `sleep` (pid %d) still running after SIGTERM to the shell's group", sh, pid)
				})
			})
		}
	}
}

// running reports whether pid is a process that is not a zombie.
func running(pid int) bool {
	st := procState(pid)
	return st != "" && st != "Z" && st != "X"
}

// waitDescendant waits until root or a descendant of it runs argv (as
// /proc/PID/cmdline says) and returns its pid.
func waitDescendant(t *testing.T, root int, argv ...string) int {
	t.Helper()
	pid := 0
	waitUntil(t, func() bool { pid = findDescendant(root, argv...); return pid != 0 },
		func() string { return fmt.Sprintf("no process %q started under %d", argv, root) })
	return pid
}

// findDescendant returns the pid of root or a descendant of it that runs
// argv, 0 if there is none.
func findDescendant(root int, argv ...string) int {
	want := strings.Join(argv, "\x00") + "\x00"
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		if err == nil && string(b) == want && (pid == root || descends(pid, root)) {
			return pid
		}
	}
	return 0
}

// Ctrl-C at a terminal reaches a script's whole group, plumb included
// (TestScriptChildrenInShellGroup). As sh does, the script waits for its
// foreground command: a command that handles SIGINT itself (an editor, a
// REPL, here a trap) goes on and so does the script after it (bash
// prints the same); one that dies of it ends the script
// (TestScriptCtrlC).
func TestScriptWaitsForCommandThatHandlesSIGINT(t *testing.T) {
	dir := t.TempDir()
	script := `sh -c 'trap "echo caught; exit 3" INT; echo ready; while :; do sleep 0.05; done'; echo after $?`
	tm := startPty(t, dir, nil, "-c", script)
	tm.expect(`ready\r?\n`)
	tm.send("\x03")
	tm.expect(`caught\r?\n`)
	tm.expect(`after 3\r?\n`)
	if ws := tm.wait(); ws.ExitStatus() != 0 {
		t.Errorf("script ended with %v, want status 0", ws)
	}
}

// A script's background jobs share its process group, so they start with
// SIGINT and SIGQUIT ignored, as POSIX has it for asynchronous lists
// without job control: Ctrl-C at the terminal ends the script's
// foreground command and the script, not its background jobs.
func TestScriptCtrlCSparesBackgroundJobs(t *testing.T) {
	// The script runs from a prompt, which stays: when a session leader
	// exits, the kernel hangs up the foreground group, background jobs
	// included.
	tm := startPty(t, t.TempDir(), nil)
	tm.expect(`P0 `)
	tm.send(plumbBinary(t) + " -c 'sleep 100.5 & { sleep 100.6; } & sleep 100.7'\r")
	ext := tm.waitProc("sleep", "100.5")
	list := tm.waitProc("sleep", "100.6")
	fg := tm.waitProc("sleep", "100.7")
	for _, pid := range []int{ext, list} {
		waitIgnores(t, pid, syscall.SIGINT)
	}
	tm.send("\x03")
	tm.expect(`P130 `)
	waitGone(t, fg)
	for _, pid := range []int{ext, list} {
		if !running(pid) {
			t.Errorf("background sleep (pid %d) died of Ctrl-C", pid)
		}
		syscall.Kill(pid, syscall.SIGKILL)
	}
}

// waitIgnores waits until pid ignores sig (SigIgn in /proc/PID/status):
// a command started through the trampoline ignores it from its execve on.
func waitIgnores(t *testing.T, pid int, sig syscall.Signal) {
	t.Helper()
	waitUntil(t, func() bool {
		b, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "SigIgn:\t"); ok {
				mask, err := strconv.ParseUint(v, 16, 64)
				return err == nil && mask&(1<<(sig-1)) != 0
			}
		}
		return false
	}, func() string { return fmt.Sprintf("process %d does not ignore %v", pid, sig) })
}
