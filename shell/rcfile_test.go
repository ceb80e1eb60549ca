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

	tm := startPty(t, dir, nil, "--norc")
	tm.expect(`P0 `)
	tm.send("exit\r")
	tm.wait()

	tm = startPty(t, dir, nil, "--rcfile", other)
	tm.expect(`other-rc `)
	tm.send("exit\r")
	tm.wait()

	tm = startPty(t, dir, []string{"PLUMBRC=" + other})
	tm.expect(`other-rc `)
	tm.send("exit\r")
	tm.wait()

	// An empty PLUMBRC turns the rc file off.
	tm = startPty(t, dir, []string{"PLUMBRC="})
	tm.expect(`P0 `)
	tm.send("exit\r")
	tm.wait()
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

// History expansion, history and fc at the prompt.
func TestPromptHistoryExpansionAndFc(t *testing.T) {
	dir := t.TempDir()
	tm := startPty(t, dir, []string{"FCEDIT=sed -i s/two/2/"})
	tm.expect(`P0 `)
	tm.send("echo one two three\r")
	tm.expect(`\none two three\r?\n`)
	tm.send("echo !$ !^\r")
	tm.expect(`\necho three one\r?\nthree one\r?\n`)
	tm.send("echo '!!' \\!!\r")
	tm.expect(`\n!! !!\r?\n`)
	tm.send("!ech:0 again\r")
	tm.expect(`\necho again\r?\nagain\r?\n`)
	tm.send("!nope\r")
	tm.expect(`plumb: !nope: event not found`)
	tm.send("^again^AGAIN\r")
	tm.expect(`\necho AGAIN\r?\nAGAIN\r?\n`)
	tm.send("fc -s AGAIN=more\r")
	tm.expect(`\necho more\r?\nmore\r?\n`)
	tm.send("fc -l -3\r")
	tm.expect(`\n\d+\t echo AGAIN\r?\n\d+\t fc -s AGAIN=more\r?\n\d+\t echo more\r?\n`)
	tm.send("fc 1\r") // FCEDIT edits "echo one two three"
	tm.expect(`\necho one 2 three\r?\none 2 three\r?\n`)
	tm.send("history | tail -n 2\r")
	tm.expect(`\n +\d+  echo one 2 three\r?\n +\d+  history \| tail -n 2\r?\n`)
	tm.send("history -c; set +H\r")
	tm.send("history; echo !!\r")
	tm.expect(`\n +1  history; echo !!\r?\n!!\r?\n`)
	tm.send("exit\r")
	tm.wait()
	if strings.Contains(tm.transcript(), "\nnope") {
		t.Errorf("a failed expansion ran")
	}
}

// PROMPT_COMMAND runs before each prompt and keeps $? for PS1; exit in it
// ends the shell, as in bash.
func TestPromptCommand(t *testing.T) {
	tm := startPty(t, t.TempDir(), []string{`PROMPT_COMMAND=echo "pc $?"`})
	tm.expect(`pc 0\r?\n[^\n]*P0 `)
	tm.send("false\r")
	tm.expect(`pc 1\r?\n[^\n]*P1 `)
	tm.send("PROMPT_COMMAND=('echo one' 'echo two')\r")
	tm.expect(`one\r?\ntwo\r?\n[^\n]*P0 `)
	tm.send("PROMPT_COMMAND='exit 4'\r")
	if ws := tm.wait(); ws.ExitStatus() != 4 {
		t.Errorf("exit status %v, want 4", ws)
	}
}

// What `stty` sets at the prompt stays, as in bash (an rc file's
// `stty -ixon`), except the line discipline the prompt needs.
func TestPromptSttySettingsStay(t *testing.T) {
	tm := startPty(t, t.TempDir(), nil)
	tm.expect(`P0 `)
	tm.send("stty -ixon intr ^X\r")
	tm.expect(`P0 `)
	tm.send("stty -icanon -echo\r")
	tm.expect(`P0 `)
	tm.send("stty -a | tr ' ;' '\\n\\n' | grep -E -x -e '-?ixon' -e '-?icanon' -e '-?echo' | tr '\\n' ,; echo\r")
	tm.expect(`\n-ixon,icanon,echo,\r?\n`)
	tm.send("stty -a | grep -o 'intr = [^;]*'\r")
	tm.expect(`\nintr = \^X\r?\n`)
}
