package shell_test

import (
	"bytes"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A script on stdin is read one command at a time, never further, so a
// command that reads stdin gets the lines after it (POSIX), whether stdin
// is a pipe (read a byte at a time) or a file (read ahead, then seek back).
func TestStdinScriptNotReadAhead(t *testing.T) {
	bin := plumbBinary(t)
	script := "read x\nhello\necho \"got $x\"\n" +
		"cat <<E\nbody $((1+1))\nE\n" +
		"sh -c 'read l; echo \"$l\"'\nline for a child\n" +
		"if true; then\n  echo yes\nfi\n" +
		"echo $((1/0)); echo dropped\n" +
		"echo \"multi\nline\"\n"
	want := "got hello\nbody 2\nline for a child\nyes\nmulti\nline\n"
	shells := []string{bin}
	if !testing.Short() {
		shells = append(shells, "bash")
	}
	for _, sh := range shells {
		for _, mode := range []string{"pipe", "file"} {
			cmd := osexec.Command(sh)
			if mode == "pipe" {
				cmd.Stdin = strings.NewReader(script)
			} else {
				path := filepath.Join(t.TempDir(), "s")
				if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
					t.Fatal(err)
				}
				f, err := os.Open(path)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				cmd.Stdin = f
			}
			var out bytes.Buffer
			cmd.Stdout = &out
			err := cmd.Run()
			if err != nil || out.String() != want {
				t.Errorf("%s, stdin a %s: got %q (%v), want %q", filepath.Base(sh), mode, out.String(), err, want)
			}
		}
	}
}

// A syntax error in a script on stdin names its line counted from the
// top, runs nothing of that line, and exits 2.
func TestStdinScriptSyntaxError(t *testing.T) {
	cmd := osexec.Command(plumbBinary(t))
	cmd.Stdin = strings.NewReader("echo ok\n\nif then\necho no\n")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	ee, _ := err.(*osexec.ExitError)
	if ee == nil || ee.ExitCode() != 2 || out.String() != "ok\n" {
		t.Fatalf("got %q, %v", out.String(), err)
	}
	if !strings.HasPrefix(errb.String(), "plumb: stdin:3:4: ") {
		t.Errorf("stderr %q", errb.String())
	}
}
