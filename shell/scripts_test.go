package shell_test

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The real-world check of issue 3: scripts of the kind people run (a
// build script with functions and traps, a log summariser built on
// while-read loops and case, a release script with getopts and
// here-documents), each run as an executable through its
// `#!/usr/bin/env plumb` line with plumb on PATH, and under bash. Their
// stdout, exit status and every file they leave behind must be the same.
var realScripts = []struct {
	name   string
	script string
	args   []string
	status int
}{
	{"build all test", "build.sh", []string{"-j", "2", "all", "test"}, 0},
	{"build quiet clean", "build.sh", []string{"-q", "all", "clean"}, 0},
	{"build bad target", "build.sh", []string{"all", "nope"}, 1},
	{"build bad option", "build.sh", []string{"-z"}, 1},
	{"logs sample", "logs.sh", nil, 3},
	{"release", "release.sh", []string{"-m", "first fix", "-m", "second: thing", "-o", "out", "1.0.0"}, 0},
	{"release dry run rc", "release.sh", []string{"-n", "1.1.0-rc2"}, 0},
	{"release bad version", "release.sh", []string{"-q", "2.0"}, 1},
	{"release unknown option", "release.sh", []string{"-x", "1.0.0"}, 2},
	{"release missing argument", "release.sh", []string{"-o"}, 2},
	{"release same version", "release.sh", []string{"0.9.0"}, 1},
}

func TestRealScripts(t *testing.T) {
	bin := plumbBinary(t)
	for _, c := range realScripts {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(filepath.Join("..", "testdata", "scripts", c.script))
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Count(string(src), "\n")
			if lines < 100 {
				t.Errorf("%s has %d lines; the check wants scripts of 100+", c.script, lines)
			}
			got := runRealScript(t, bin, "", c.script, src, c.args)
			if got.status != c.status {
				t.Errorf("plumb: status %d, want %d\nstdout:\n%s\nstderr:\n%s", got.status, c.status, got.stdout, got.stderr)
			}
			if testing.Short() {
				return
			}
			want := runRealScript(t, bin, "bash", c.script, src, c.args)
			if want.status != c.status {
				t.Errorf("bash: status %d, want %d (stderr %q)", want.status, c.status, want.stderr)
			}
			if got.stdout != want.stdout {
				t.Errorf("stdout differs\nplumb:\n%s\nbash:\n%s", got.stdout, want.stdout)
			}
			if got.stderr != want.stderr {
				// Not an error: messages from plumb itself are worded
				// differently; the scripts' own are compared via stdout.
				t.Logf("stderr differs\nplumb:\n%s\nbash:\n%s", got.stderr, want.stderr)
			}
			for name, content := range want.files {
				if g, ok := got.files[name]; !ok {
					t.Errorf("plumb left no %s", name)
				} else if g != content {
					t.Errorf("%s differs\nplumb:\n%s\nbash:\n%s", name, g, content)
				}
			}
			for name := range got.files {
				if _, ok := want.files[name]; !ok {
					t.Errorf("plumb left %s, bash did not", name)
				}
			}
		})
	}
}

type scriptRun struct {
	stdout, stderr string
	status         int
	files          map[string]string // path → mode and content
}

// runRealScript runs the script in a fresh directory: under plumb as an
// executable found through its #! line (plumb on PATH), under bash with
// `bash script args`.
func runRealScript(t *testing.T, bin, shell, name string, src []byte, args []string) scriptRun {
	t.Helper()
	work := t.TempDir()
	binDir := t.TempDir()
	script := filepath.Join(binDir, name)
	if err := os.WriteFile(script, src, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(bin, filepath.Join(binDir, "plumb")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var cmd *osexec.Cmd
	if shell == "" {
		cmd = osexec.CommandContext(ctx, script, args...)
	} else {
		cmd = osexec.CommandContext(ctx, shell, append([]string{script}, args...)...)
	}
	cmd.Dir = work
	cmd.Env = []string{"PATH=" + binDir + ":/usr/local/bin:/usr/bin:/bin", "HOME=" + work, "LC_ALL=C", "PWD=" + work}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%s %s: timed out; stderr %q", shell, name, stderr.String())
	}
	st := 0
	if ee, ok := err.(*osexec.ExitError); ok {
		st = ee.ExitCode()
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			st = 128 + int(ws.Signal())
		}
	} else if err != nil {
		t.Fatalf("%s %s: %v", shell, name, err)
	}
	files := map[string]string{}
	filepath.WalkDir(work, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == work {
			return err
		}
		rel, _ := filepath.Rel(work, p)
		info, err := d.Info()
		if err != nil {
			return err
		}
		entry := info.Mode().String()
		if d.Type().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			entry += "\n" + string(b)
		}
		files[rel] = entry
		return nil
	})
	return scriptRun{stdout: stdout.String(), stderr: stderr.String(), status: st, files: files}
}
