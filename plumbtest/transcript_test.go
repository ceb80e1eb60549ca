package plumbtest_test

import (
	"testing"

	"github.com/plumbsh/plumb/plumbtest"
)

// TestTranscripts runs plumb's own integration transcripts,
// testdata/*.txt at the root of the repository. `go test ./plumbtest
// -update` rewrites their expected output from what ran.
func TestTranscripts(t *testing.T) {
	plumbtest.Run(t, "../testdata/*.txt")
}
