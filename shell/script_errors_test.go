package shell_test

import (
	"bytes"
	"context"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/plumbsh/plumb/shell"
)

// runFile runs `plumb FILE` with src as FILE (named name) in a fresh
// directory and returns stdout, stderr and the status.
func runFile(t *testing.T, name, src string) (string, string, int) {
	t.Helper()
	bin := plumbBinary(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := osexec.CommandContext(ctx, bin, name)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + dir, "LC_ALL=C"}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	st := 0
	if ee, ok := err.(*osexec.ExitError); ok {
		st = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return stdout.String(), stderr.String(), st
}

// Runtime errors in a script print one line naming the script and the
// line, and do to the script what bash does.
func TestScriptRuntimeErrors(t *testing.T) {
	cases := []struct {
		name, src      string
		stdout, stderr string
		status         int
	}{
		{"division by zero abandons its line only",
			"echo a\necho $((1/0)); echo same\necho \"b $?\"\n",
			"a\nb 1\n", "plumb: s.sh:2: 1/0: division by 0 (error token is \"0\")\n", 0},
		{"arithmetic syntax error",
			"x=$((2 + )); echo no\necho next\n",
			"next\n", "plumb: s.sh:1: 2 + : syntax error: operand expected (error token is \"+ \")\n", 0},
		{"parameter error ends the script",
			"echo a\n: ${HOSTX:?is not set}\necho no\n",
			"a\n", "plumb: s.sh:2: HOSTX: is not set\n", 1},
		{"unbound variable ends the script",
			"set -u\necho a\necho $nope\necho no\n",
			"a\n", "plumb: s.sh:3: nope: unbound variable\n", 1},
		{"return outside a function",
			"echo a\nreturn 3\necho \"b $?\"\n",
			"a\nb 2\n", "plumb: s.sh:2: return: can only `return' from a function or sourced script\n", 0},
		{"recursion limit",
			"f() {\n  f\n}\nf; echo no\necho \"next $?\"\n",
			"next 1\n", "plumb: s.sh:2: f: maximum function nesting level exceeded (2000)\n", 0},
		{"error inside eval names the eval's line",
			"echo a\neval 'echo $((1/0))'\necho \"b $?\"\n",
			"a\nb 1\n", "plumb: s.sh:2: 1/0: division by 0 (error token is \"0\")\n", 0},
		{"syntax error runs nothing of its line",
			"echo one\necho two; if then\necho three\n",
			"one\n", "plumb: s.sh:2:14: `then` unexpected\necho two; if then\n             ^\n", 2},
		{"syntax error inside a compound command",
			"echo one\nfor i in 1 2; do\n  echo $i\n  done done\necho never\n",
			"one\n", "plumb: s.sh:4:8: `done` unexpected\n  done done\n       ^\n", 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			out, errOut, st := runFile(t, "s.sh", c.src)
			if out != c.stdout || st != c.status || errOut != c.stderr {
				t.Errorf("got stdout %q stderr %q status %d\nwant stdout %q stderr %q status %d", out, errOut, st, c.stdout, c.stderr, c.status)
			}
		})
	}
}

// set -x shows compound commands the way bash does.
func TestXtraceCompound(t *testing.T) {
	src := "set -x\nfor i in a 'b c'; do :; done\ncase $i in b*) ;; esac\nv=1 true\ny=$(echo sub)\n"
	_, errOut, st := runFile(t, "x.sh", src)
	want := "+ for i in a 'b c'\n+ :\n+ for i in a 'b c'\n+ :\n+ case $i in\n+ v=1\n+ true\n++ echo sub\n+ y=sub\n"
	if errOut != want || st != 0 {
		t.Errorf("got %q status %d, want %q", errOut, st, want)
	}
}

// umask changes the mode of files commands create, without touching the
// process's umask: through the trampoline in cmd/plumb, and in a program
// that embeds the shell (here the test binary).
func TestUmaskReachesCommands(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	r := &shell.Runner{Dir: dir, Stdout: &out, Env: []string{"PATH=/usr/bin:/bin"}}
	res, err := r.Run(context.Background(), "umask 077; touch ext; echo x > redir; sh -c umask; umask 022; touch after")
	if err != nil {
		t.Fatalf("%v (%v)", err, res)
	}
	for name, want := range map[string]os.FileMode{"ext": 0o600, "redir": 0o600, "after": 0o644} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", name, fi.Mode().Perm(), want)
		}
	}
	if strings.TrimSpace(out.String()) != "0077" {
		t.Errorf("sh -c umask said %q, want 0077", out.String())
	}
	// The process's own umask is untouched.
	b, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "Umask:"); ok && strings.TrimSpace(v) == "0077" {
			t.Errorf("the process's umask changed: %s", line)
		}
	}
	if testing.Short() {
		return
	}
	_, errOut, st := runFile(t, "u.sh", "umask 077\ntouch f\nls -l f | cut -c1-10 >&2\nmissing_cmd_zz\n")
	if errOut != "-rw-------\nplumb: u.sh:4: missing_cmd_zz: command not found\n" || st != 127 {
		t.Errorf("plumb file: stderr %q status %d", errOut, st)
	}
}
