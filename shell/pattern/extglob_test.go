package pattern

import (
	"regexp"
	"strings"
	"testing"

	"github.com/plumbsh/plumb/shell/internal/bashtest"
)

// extMatchCases are matched with extglob on; each also runs under
// bash's case with shopt -s extglob.
var extMatchCases = []matchCase{
	{"@(a|b)", "a", true},
	{"@(a|b)", "ab", false},
	{"@()", "", true},
	{"@()", "a", false},
	{"?(a)b", "b", true},
	{"?(a)b", "ab", true},
	{"?(a)b", "aab", false},
	{"*(ab)", "", true},
	{"*(ab)", "ababab", true},
	{"*(ab)", "aba", false},
	{"+(ab)", "", false},
	{"+(a|bc)", "abca", true},
	{"!(a)", "", true},
	{"!(a)", "a", false},
	{"!(a)", "aa", true},
	{"!()", "", false},
	{"!()", "x", true},
	{"!(*.go)", "x.go", false},
	{"!(*.go)", "x.goo", true},
	{"a!(b)c", "ac", true},
	{"a!(b)c", "abc", false},
	{"a!(b)c", "abbc", true},
	{"!(a|b)*", "a", true},
	{"+(ab@(c|d))", "abcabd", true},
	{"*(*(*(a)))b", "aaab", true},
	{"@(a\\|b)", "a|b", true},
	{"@(a\\|b)", "a", false},
	{"@(a\\)|b)", "a)", true},
	{"@([)|]|x)", ")", true},
	{"@(a", "@(a", true}, // no closing ")": literal
	{"x@(a)(b)", "xa(b)", true},
	{"@(a(b)c|d)", "a(b)c", true},
	{"@(*)", "any/thing", true},
	{"!(@(a|b)c)", "ac", false},
	{"!(@(a|b)c)", "cc", true},
	{"[!a]@(b|c)", "xb", true},
	{"?(é)", "é", true},
	{"!(é)", "\xc3", true},
}

func TestPatternMatchExt(t *testing.T) {
	for _, c := range extMatchCases {
		if got := Match(c.pattern, c.s, ExtGlob); got != c.want {
			t.Errorf("Match(%q, %q, ext) = %v, want %v", c.pattern, c.s, got, c.want)
		}
		if ref := refMatch(c.pattern, c.s); ref != c.want {
			t.Errorf("refMatch(%q, %q) = %v, want %v", c.pattern, c.s, ref, c.want)
		}
	}
	// Without ExtGlob the groups are plain text.
	if !Match("@(a)", "@(a)", 0) || Match("@(a)", "a", 0) {
		t.Error("@(a) is not plain text without ExtGlob")
	}
	if !Match("@(A|b)", "a", ExtGlob|Fold) {
		t.Error("Fold does not reach into groups")
	}
}

func TestPatternMatchExtBash(t *testing.T) {
	bash := bashtest.Path(t)
	for _, c := range extMatchCases {
		if strings.ContainsAny(c.pattern+c.s, "\xc3é") {
			continue // the locale decides
		}
		out, err := bashtest.Command(bash, "-c", "shopt -s extglob\n"+`case "$1" in $2) echo y;; *) echo n;; esac`, "bash", c.s, c.pattern).Output()
		if err != nil {
			t.Fatal(err)
		}
		if got := string(out) == "y\n"; got != c.want {
			t.Errorf("bash: case %q in %q is %v, table says %v", c.s, c.pattern, got, c.want)
		}
	}
}

// TestPatternMatchExtBashRandom compares random extended patterns with
// bash's case, and with refMatch. Two things of bash's are left out:
// unclosed groups, which its matcher reads in ways of its own, and a
// star before a group, after which bash does not let the group match
// the empty text at the end (`*@(|b)` does not match "a" there, nor
// `*?+(a|)` "ab").
func TestPatternMatchExtBashRandom(t *testing.T) {
	pa := []string{"a", "b", "*", "?", "[ab]", "@(a|b)", "!(a)", "*(ab)", "+(a|)", "?(b)", "@(*)", "!(*b)", "+(@(a|ab)b)", "!(+(a))"}
	sa := []string{"a", "b", "ab"}
	pats, strs, bash := bashRandomCases(t, 11, "shopt -s extglob\n", pa, 5, sa, 4, starGroup)
	for i := range pats {
		got := Match(pats[i], strs[i], ExtGlob)
		if got != bash[i] {
			t.Errorf("Match(%q, %q, ext) = %v, bash %v", pats[i], strs[i], got, bash[i])
		}
		if ref := refMatch(pats[i], strs[i]); ref != got {
			t.Errorf("Match(%q, %q, ext) = %v, refMatch %v", pats[i], strs[i], got, ref)
		}
	}
}

// TestPatternMatchExtPathological matches patterns on which a
// backtracking matcher (bash's among them) takes exponential time. There
// is no timed assertion: a blowup shows as the test binary's timeout.
func TestPatternMatchExtPathological(t *testing.T) {
	s := strings.Repeat("a", 3000)
	for _, p := range []string{"*(*(*(a)))b", "+(+(a|aa))b", "*(a|*(a))!(a)b", "@(*a*a*a*a*a*a*a*a*a*a)b", "!(*(a))"} {
		if Match(p, s, ExtGlob) {
			t.Errorf("Match(%q, a…) = true", p)
		}
	}
	if !Match("*(*(*(a)))", s, ExtGlob) {
		t.Error("*(*(*(a))) does not match a…")
	}
	if got := Trim(s+"b", "*(*(a))", false, true, ExtGlob); got != "b" {
		t.Errorf("${s##*(*(a))} = %q", got)
	}
}

var starGroup = regexp.MustCompile(`\*.*[?*+@!]\(`)

func TestGlobHidden(t *testing.T) {
	for p, want := range map[string]bool{
		".x": true, `\.x`: true, "x": false, "*": false, "@(.h|a)": true, "@(a|b)": false,
		"?(.)h": true, "*(x).h": true, "+(x).h": false, "!(.h)": false, "@(@(.a))": true,
	} {
		if got := globHidden(p, ExtGlob); got != want {
			t.Errorf("globHidden(%q) = %v, want %v", p, got, want)
		}
	}
	if globHidden("@(.h)", 0) {
		t.Error("globHidden(@(.h)) without extglob")
	}
}

// FuzzExtMatch checks the NFA against refMatch, and against the plain
// matcher for patterns without groups.
//
//	go test -run '^$' -fuzz FuzzExtMatch -fuzztime 1m ./shell/
func FuzzExtMatch(f *testing.F) {
	for _, c := range extMatchCases {
		f.Add(c.pattern, c.s)
	}
	for _, c := range matchCases {
		f.Add(c.pattern, c.s)
	}
	f.Fuzz(func(t *testing.T, pat, s string) {
		if len(pat) > 40 {
			pat = pat[:40]
		}
		got := Match(pat, s, ExtGlob)
		if !hasExtGroup(pat) {
			if want := matchPlain(pat, s, 0); got != want {
				t.Fatalf("Match(%q, %q, ext) = %v, plain %v", pat, s, got, want)
			}
			return
		}
		if len(s) > 8 {
			return // refMatch is exponential
		}
		if want := refMatch(pat, s); got != want {
			t.Fatalf("Match(%q, %q, ext) = %v, refMatch %v", pat, s, got, want)
		}
	})
}

// refMatch is a backtracking matcher over parsePattern's tree, obviously
// right and exponentially slow.
func refMatch(pat, s string) bool {
	seq, _ := parsePattern(pat, 0, false, 0)
	return refSeq(pat, seq, s)
}

// refSplits is the offsets in s that start a character, and len(s).
func refSplits(s string) []int {
	var cuts []int
	for i := 0; i < len(s); {
		cuts = append(cuts, i)
		_, n := decodeChar(s, i, 0)
		i += n
	}
	return append(cuts, len(s))
}

func refSeq(pat string, seq []pnode, s string) bool {
	if len(seq) == 0 {
		return s == ""
	}
	n, rest := seq[0], seq[1:]
	switch n.kind {
	case pStar, pGroup:
		for _, k := range refSplits(s) {
			if (n.kind == pStar || refGroup(pat, n, s[:k])) && refSeq(pat, rest, s[k:]) {
				return true
			}
		}
		return false
	}
	if s == "" {
		return false
	}
	r, w := decodeChar(s, 0, 0)
	ok := n.kind == pAny || n.kind == pLit && n.r == r
	if n.kind == pBracket {
		ok, _, _ = matchBracket(pat, n.at, r, 0)
	}
	return ok && refSeq(pat, rest, s[w:])
}

func refGroup(pat string, g pnode, t string) bool {
	one := func(t string) bool {
		for _, a := range g.alts {
			if refSeq(pat, a, t) {
				return true
			}
		}
		return false
	}
	var more func(t string) bool // one or more
	more = func(t string) bool {
		if one(t) {
			return true
		}
		for _, k := range refSplits(t)[1:] {
			if k < len(t) && one(t[:k]) && more(t[k:]) {
				return true
			}
		}
		return false
	}
	switch g.op {
	case '?':
		return t == "" || one(t)
	case '*':
		return t == "" || more(t)
	case '+':
		return more(t)
	case '!':
		return !one(t)
	}
	return one(t)
}
