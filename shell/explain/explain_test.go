package explain_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plumbsh/plumb/parser"
	"github.com/plumbsh/plumb/shell/explain"
)

var update = flag.Bool("update", false, "rewrite the expected output of golden files in testdata/explain")

// Golden files in ../../testdata/explain: a comment line, then
//
//	-- script --
//	the source to explain
//	-- explain --
//	what Script prints for it
//
// Adding a case is adding a file with the first two parts and running
// `go test -run TestExplainGolden -update`.
func TestExplainGolden(t *testing.T) {
	files, err := filepath.Glob("../../testdata/explain/*.txt")
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
			err = explain.Script(&got, f, isBuiltin)
			refused := strings.Contains(got.String(), "\n  error: ")
			if err != nil && !(refused && errors.Is(err, explain.ErrRefused)) || refused && err == nil {
				t.Errorf("Script returned %v with an error line %v", err, refused)
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

// isBuiltin stands for the shell's builtin table: the golden files use
// these builtins, and any other name is an external command. The shell's
// own table is checked by TestExplainRunsNothing in package shell.
func isBuiltin(name string) bool {
	switch name {
	case "echo", "printf", "read", "exec", "cd", "true", "false", ":", "test", "[", "wait", "exit":
		return true
	}
	return false
}
