package shell_test

import (
	"os"
	osexec "os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// --explain runs nothing: a command substitution, a redirection that
// would create a file and a command that would print are only described.
func TestExplainRunsNothing(t *testing.T) {
	bin := plumbBinary(t)
	dir := t.TempDir()
	cmd := osexec.Command(bin, "--explain", "-c", "echo $(touch subst) >created; touch ran | cat")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("--explain left files behind: %v", ents)
	}
	for _, want := range []string{"plumb's own descriptors now:", "[1] echo $(touch subst) >created", "file created (write, create, truncate)", "link 1: pipe, write end"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// A file argument, and a syntax error: status 2, nothing printed
	// on stdout.
	os.WriteFile(filepath.Join(dir, "s.sh"), []byte("a |> b\n"), 0o644)
	cmd = osexec.Command(bin, "--explain", "s.sh")
	cmd.Dir = dir
	if out, err := cmd.Output(); err != nil || !strings.Contains(string(out), "══unix══▶") {
		t.Errorf("--explain FILE: %v\n%s", err, out)
	}
	cmd = osexec.Command(bin, "--explain", "-c", "a |")
	out, err = cmd.Output()
	if ee, ok := err.(*osexec.ExitError); !ok || ee.ExitCode() != 2 || len(out) != 0 {
		t.Errorf("syntax error: %v, stdout %q", err, out)
	}
}
