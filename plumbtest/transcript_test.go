package plumbtest_test

import (
	"flag"
	"testing"

	"github.com/plumbsh/plumb/plumbtest"
)

// update is this package's own -update flag: plumbtest registers none, so
// a test package can have one of that name (this one would panic at init
// if plumbtest still registered it).
var update = flag.Bool("update", false, "rewrite the expected output of the transcripts in testdata")

// TestTranscripts runs plumb's own integration transcripts,
// testdata/*.txt at the root of the repository. `go test ./plumbtest
// -update` rewrites their expected output from what ran.
func TestTranscripts(t *testing.T) {
	(&plumbtest.Config{UpdateScripts: *update}).Run(t, "../testdata/*.txt")
}
