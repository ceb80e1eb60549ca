package plumbtest_test

import (
	"flag"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/plumbsh/plumb/plumbtest"
)

// update is this package's own -update flag: plumbtest registers none, so
// a test package can have one of that name (this one would panic at init
// if plumbtest still registered it). It names the transcripts to
// rewrite, so that a run never rewrites one nobody looked at.
var update = flag.String("update", "", "rewrite the expected output of these transcripts in testdata (comma-separated names, such as jobs.txt)")

// TestTranscripts runs plumb's own integration transcripts,
// testdata/*.txt at the root of the repository. `go test ./plumbtest
// -update jobs.txt,errors.txt` rewrites the expected output of those two
// from what ran, and of no other.
func TestTranscripts(t *testing.T) {
	files, err := filepath.Glob("../testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no transcripts in ../testdata (%v)", err)
	}
	var named []string
	if *update != "" {
		named = strings.Split(*update, ",")
	}
	for _, n := range named {
		if !slices.Contains(files, filepath.Join("../testdata", n)) {
			t.Fatalf("-update %s: no such transcript in ../testdata", n)
		}
	}
	for _, f := range files {
		base := filepath.Base(f)
		t.Run(strings.TrimSuffix(base, ".txt"), func(t *testing.T) {
			t.Parallel()
			(&plumbtest.Config{UpdateScripts: slices.Contains(named, base)}).RunFile(t, f)
		})
	}
}
