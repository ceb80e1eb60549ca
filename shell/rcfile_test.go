package shell_test

import (
	"os"
	osexec "os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// writeFile writes a start-up file for a test.
func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// The rc file's functions, aliases of PS1 and status reach the prompt; an
// error in it is one message and the shell goes on.
func TestPromptRCFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ".plumbrc"),
		"greet() { echo hi-from-rc \"$@\"; }\nPS1='rc$? '\nno_such_command_xyz\n")
	tm := startPty(t, dir, nil)
	tm.expect(`no_such_command_xyz: command not found`)
	tm.expect(`rc127 `)
	tm.send("greet there\r")
	tm.expect(`hi-from-rc there\r?\n`)
	tm.expect(`rc0 `)
	tm.send("exit\r")
	tm.wait()
}

func TestPromptNoRCAndRCFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ".plumbrc"), "PS1='home-rc '\n")
	other := filepath.Join(dir, "other.rc")
	writeFile(t, other, "PS1='other-rc '\n")
	for _, c := range []struct {
		env    []string
		args   []string
		prompt string
	}{
		{nil, []string{"--norc"}, `P0 `},
		{nil, []string{"--rcfile", other}, `other-rc `},
		{[]string{"PLUMBRC=" + other}, nil, `other-rc `},
		{[]string{"PLUMBRC="}, nil, `P0 `}, // an empty PLUMBRC turns the rc file off
	} {
		tm := startPty(t, dir, c.env, c.args...)
		tm.expect(c.prompt)
		tm.send("exit\r")
		tm.wait()
	}
}

// `exit` in the rc file ends the shell with its status.
func TestPromptRCFileExit(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ".plumbrc"), "echo leaving\nexit 7\necho not-reached\n")
	tm := startPty(t, dir, nil)
	tm.expect(`leaving`)
	if ws := tm.wait(); ws.ExitStatus() != 7 {
		t.Errorf("exit status %v, want 7", ws)
	}
	if strings.Contains(tm.transcript(), "not-reached") {
		t.Errorf("the rc file went on after exit")
	}
}

// Ctrl-C during a slow rc file ends the file, not the shell.
func TestPromptRCFileCtrlC(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ".plumbrc"), "sleep 100\necho not-reached\n")
	tm := startPty(t, dir, nil)
	pid := tm.waitProc("sleep", "100")
	tm.send("\x03")
	tm.expect(`P130 `)
	waitGone(t, pid)
	tm.send("echo still-here\r")
	tm.expect(`\nstill-here\r?\n`)
	tm.send("exit\r")
	tm.wait()
	if strings.Contains(tm.transcript(), "not-reached") {
		t.Errorf("the rc file went on after Ctrl-C")
	}
}

// A login shell runs ~/.profile (after /etc/profile) before its script,
// also when started as "-plumb"; a script never reads the rc file.
func TestLoginProfileAndScriptsSkipRC(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ".profile"), "FROM_PROFILE=yes\n")
	writeFile(t, filepath.Join(dir, ".plumbrc"), "FROM_RC=yes\n")
	env := []string{"PATH=/usr/bin:/bin", "HOME=" + dir, "LC_ALL=C"}
	script := `echo "${FROM_PROFILE-no} ${FROM_RC-no}"`
	bin := plumbBinary(t)
	for _, tc := range []struct {
		name, argv0 string
		args        []string
		want        string
	}{
		{"plain -c", bin, []string{"-c", script}, "no no"},
		{"-l", bin, []string{"-l", "-c", script}, "yes no"},
		{"--login", bin, []string{"--login", "-c", script}, "yes no"},
		{"argv0 -plumb", "-plumb", []string{"-c", script}, "yes no"},
	} {
		cmd := &osexec.Cmd{Path: bin, Args: append([]string{tc.argv0}, tc.args...), Env: env, Dir: dir}
		out, err := cmd.Output()
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		// /etc/profile may print; the script's line is the last.
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if got := lines[len(lines)-1]; got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}
