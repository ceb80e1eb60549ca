package expand

import (
	"strings"
	"testing"

	"github.com/plumbsh/plumb/shell/pattern"
)

// TestReplacePathological: ${s/+(a)/x} over a long run of a's takes
// linear time (the pattern package's NFA, not backtracking). There is no
// timed assertion: a blowup shows as the test binary's timeout.
func TestReplacePathological(t *testing.T) {
	s := strings.Repeat("a", 3000)
	if got := Replace(s, "+(a)", func(string) string { return "x" }, 0, pattern.ExtGlob); got != "x" {
		t.Errorf("${s/+(a)/x} = %q", got)
	}
}
