package shell_test

import (
	"bytes"
	"flag"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plumbsh/plumb/parser"
	"github.com/plumbsh/plumb/shell"
)

var update = flag.Bool("update", false, "rewrite the expected output of golden files in testdata/explain")

// Golden files in ../testdata/explain: a comment line, then
//
//	-- script --
//	the source to explain
//	-- explain --
//	what shell.Explain prints for it
//
// Adding a case is adding a file with the first two parts and running
// `go test -run TestExplainGolden -update`.
func TestExplainGolden(t *testing.T) {
	files, err := filepath.Glob("../testdata/explain/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txt"), func(t *testing.T) {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			head, rest, ok := strings.Cut(string(b), "-- script --\n")
			script, want, ok2 := strings.Cut(rest, "-- explain --\n")
			if !ok || !ok2 {
				t.Fatalf("%s: want sections '-- script --' and '-- explain --'", path)
			}
			f, err := parser.Parse([]byte(script), "script")
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			var got bytes.Buffer
			if err := shell.Explain(&got, f); err != nil {
				t.Fatal(err)
			}
			if got.String() == want {
				return
			}
			if *update {
				os.WriteFile(path, []byte(head+"-- script --\n"+script+"-- explain --\n"+got.String()), 0o644)
				return
			}
			t.Errorf("%s: explain output differs (rerun with -update to accept):\n--- got\n%s--- want\n%s", path, got.String(), want)
		})
	}
}

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
