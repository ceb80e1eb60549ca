package plumbtest_test

import (
	"context"
	"os"
	"testing"

	"github.com/plumbsh/plumb/plumbtest"
	"github.com/plumbsh/plumb/shell"
)

// A transcript test with a fake command, pipefail on, and a file made
// before the first command. (An example of a test function: it needs the
// *testing.T that `go test` gives.)
func ExampleConfig() {
	var t *testing.T // the test's
	c := &plumbtest.Config{
		Runner: shell.Runner{
			Options: []string{"pipefail"},
			Commands: map[string]shell.CommandFunc{
				"curl": func(ctx context.Context, args []string, files []*os.File) int {
					files[1].WriteString("{}\n")
					return 0
				},
			},
		},
		Setup: func(t testing.TB, dir string) {
			os.WriteFile(dir+"/config.json", []byte("{}"), 0o644)
		},
	}
	c.Run(t, "testdata/*.txt")
}
