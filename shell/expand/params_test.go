package expand

import (
	"strings"
	"testing"

	"github.com/plumbsh/plumb/parser"
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

// TestReplace: ${v/p/r} and its forms, with bash's results (bash 5.2),
// among them those where bash tries only texts of the length it counts
// for p (matchLen): [^]]'s count is off, so nothing matches.
func TestReplace(t *testing.T) {
	ops := map[string]parser.ParamOp{"/": parser.ParamReplace, "//": parser.ParamReplaceAll, "/#": parser.ParamReplacePrefix, "/%": parser.ParamReplaceSuffix}
	rows := []struct{ v, op, pat, want string }{
		{"ab^cd^", "//", "[^a]", "azzzzz"},
		{"ab^cd^", "//", "[^]]", "ab^cd^"},
		{"ab^cd^", "//", "[!]]", "ab^cd^"},
		{"ab]", "//", "[^]a]", "ab]"},
		{"ab]", "/#", "[^]]", "ab]"},
		{"ab]", "//", "[^]*]", "zz]"},
		{"a]b", "//", "[]]", "azb"},
		{"[^]]x", "//", `\[^]]`, "zx"},
		{"[^]]x", "//", "[!]]]", "[^]]x"},
		{"ab^cd^", "//", "[[:alpha:][]", "zz^zz^"},
		{"aμbμ", "//", "?", "zzzz"},
		{"aμbμ", "//", "b?", "aμz"},
		{"aμbμ", "/%", "?", "aμbz"},
		{"aμbμ", "/#", "a?", "zbμ"},
		{"abab", "/", "?b", "zab"},
		{"", "/", "*", "z"},
		{"", "//", "*", "z"},
		{"", "/", "?", ""},
	}
	for _, r := range rows {
		got := Replace(r.v, r.pat, func(string) string { return "z" }, ops[r.op], 0)
		if got != r.want {
			t.Errorf("${v%s%s/z} with v=%q: %q, want %q", r.op, r.pat, r.v, got, r.want)
		}
	}
}
