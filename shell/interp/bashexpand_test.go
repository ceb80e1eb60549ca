package interp

import (
	"strings"
	"testing"

	"github.com/plumbsh/plumb/shell/pattern"
)

// TestPatReplacePathological: ${s/+(a)/x} over a long run of a's takes
// linear time (the pattern package's NFA, not backtracking). There is no
// timed assertion: a blowup shows as the test binary's timeout.
func TestPatReplacePathological(t *testing.T) {
	s := strings.Repeat("a", 3000)
	if got := patReplace(s, "+(a)", func(string) string { return "x" }, 0, pattern.ExtGlob); got != "x" {
		t.Errorf("${s/+(a)/x} = %q", got)
	}
}
