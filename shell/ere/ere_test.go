package ere

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// unset marks a group that took no part in the match.
const unset = "<unset>"

// matchRows were checked against bash 5.2's [[ s =~ re ]] (glibc's
// regexec) where the answer is not plain POSIX.
var matchRows = []struct {
	re, s string
	flags Flags
	want  []string // the match and the groups; nil: no match
}{
	{"abc", "xabcx", 0, []string{"abc"}},
	{"", "a", 0, []string{""}},
	{"a.c", "a\nc", 0, []string{"a\nc"}},
	// Leftmost, then longest.
	{"a|ab|abc", "xabcd", 0, []string{"abc"}},
	{"b+|a", "ab", 0, []string{"a"}},
	{"(a|ab)(c|bcd)", "abcd", 0, []string{"abcd", "a", "bcd"}},
	// Among equally long matches, glibc reports the groups of the path
	// that prefers the earlier alternative and the longer repetition.
	{"(a|ab)(bc|c)", "abc", 0, []string{"abc", "a", "bc"}},
	{"(a|ab)(c|bcd)(d*)", "abcd", 0, []string{"abcd", "a", "bcd", ""}},
	{"(a|ab)(b*)", "ab", 0, []string{"ab", "a", "b"}},
	{"(a*)(ab)*(b*)", "abb", 0, []string{"abb", "a", unset, "bb"}},
	{"(ab|a)(bab)?", "abab", 0, []string{"abab", "a", "bab"}},
	// A repeated group reports its last iteration; a group inside it
	// keeps what it matched in an earlier one.
	{"(a|aa)*", "aaa", 0, []string{"aaa", "a"}},
	{"(a*)*", "aa", 0, []string{"aa", "aa"}},
	{"(a*)*", "b", 0, []string{"", ""}},
	{"(a*)+", "xaaay", 0, []string{"", ""}},
	{"((a)|b)*", "ab", 0, []string{"ab", "b", "a"}},
	{"(a)*", "ba", 0, []string{"", unset}},
	{"(ab|a)*", "aba", 0, []string{"aba", "a"}},
	{"(a|b)*(c|d)*", "abcd", 0, []string{"abcd", "b", "d"}},
	{"(a)(b)?(c)?", "ab", 0, []string{"ab", "a", "b", unset}},
	{"(a)|x", "xyz", 0, []string{"x", unset}},
	{"(|a)", "ab", 0, []string{"a", "a"}},
	{"a(|)", "ab", 0, []string{"a", ""}},
	{"()*", "a", 0, []string{"", ""}},
	// An optional iteration that matches empty after the group has
	// matched is undone, with the groups inside it (glibc's rule).
	{"(a|){1,2}", "a", 0, []string{"a", "a"}},
	{"(a*){1,2}", "ab", 0, []string{"a", "a"}},
	{"(a*)+", "a", 0, []string{"a", "a"}},
	{"((a|){2})+b", "aabb", 0, []string{"aab", "aa", "a"}},
	{"((a|){2}[ab]){,1}", "abab", 0, []string{"ab", "ab", ""}},
	{"(a*){1,2}(a|b){,1}(a|b)[[:alpha:]]+", "aaa", 0, []string{"aaa", "a", unset, "a"}},
	// Repetition.
	{"a**", "aa", 0, []string{"aa"}},
	{"a+?", "aa", 0, []string{"aa"}},
	{"a{2}", "aaa", 0, []string{"aa"}},
	{"a{,2}", "aaa", 0, []string{"aa"}},
	{"a{,}", "aa", 0, []string{"aa"}},
	{"a{2,}", "a", 0, nil},
	{"a{0}b", "ab", 0, []string{"b"}},
	{"(a{1,2}){2}", "aaaa", 0, []string{"aaaa", "aa"}},
	{"a{1}{2}", "aa", 0, []string{"aa"}},
	{"x{255}", "xx", 0, nil},
	// Anchors anywhere, ^ and $ inside a text are characters of it.
	{"^b", "ab", 0, nil},
	{"a$", "a\nb", 0, nil},
	{"(^a)", "ab", 0, []string{"a", "a"}},
	{"b(^|x)", "ab", 0, nil},
	{"a$|b", "ab", 0, []string{"b"}},
	{"a^b", "a^b", 0, nil},
	{")", "a)", 0, []string{")"}},
	// Escapes: a special character, GNU's classes and word assertions,
	// anything else is itself.
	{`a\.c`, "abc a.c", 0, []string{"a.c"}},
	{`\(`, "(", 0, []string{"("}},
	{`a\{1\}`, "a{1}", 0, []string{"a{1}"}},
	{`\d`, "1", 0, nil},
	{`\d`, "d", 0, []string{"d"}},
	{`\n`, "n", 0, []string{"n"}},
	{`\w+`, "a_1 x", 0, []string{"a_1"}},
	{`\W`, "a_1 x", 0, []string{" "}},
	{`\s`, "a b", 0, []string{" "}},
	{`\S+`, " ab", 0, []string{"ab"}},
	{`\<bar`, "foo bar", 0, []string{"bar"}},
	{`\<bar`, "foobar", 0, nil},
	{`o\>`, "foo bar", 0, []string{"o"}},
	{`\bbar\b`, "foo bar", 0, []string{"bar"}},
	{`\Bbar`, "foobar", 0, []string{"bar"}},
	{`\Bbar`, "foo bar", 0, nil},
	{"\\`a", "ab", 0, []string{"a"}},
	{"\\`b", "ab", 0, nil},
	{`b\'`, "ab", 0, []string{"b"}},
	// Bracket expressions.
	{"[]a]", "]", 0, []string{"]"}},
	{"[^]a]", "a]", 0, nil},
	{"[]-a]", "]", 0, []string{"]"}},
	{"[a-]", "-", 0, []string{"-"}},
	{`[\]`, `\`, 0, []string{`\`}},
	{"[a-c]+", "xbcay", 0, []string{"bca"}},
	{"[[:upper:][:digit:]]+", "aB1c", 0, []string{"B1"}},
	{"[^[:alpha:]]", "x", 0, nil},
	{"[[=e=]]", "e", 0, []string{"e"}},
	{"[[.-.]]", "-", 0, []string{"-"}},
	// Back-references.
	{`(a)\1`, "ab", 0, nil},
	{`(a)\1`, "aa", 0, []string{"aa", "a"}},
	{`(abc)\1`, "xabcabc", 0, []string{"abcabc", "abc"}},
	{`(a*)b\1`, "aabaa", 0, []string{"aabaa", "aa"}},
	{`(a)\1*`, "a", 0, []string{"a", "a"}},
	{`(a|b)*\1`, "abb", 0, []string{"abb", "b"}},
	// Case folding, also of a back-reference.
	{"a[b]", "AB", Fold, []string{"AB"}},
	{"[[:lower:]]b", "AB", Fold, []string{"AB"}},
	{`(a)\1`, "Aa", Fold, []string{"Aa", "A"}},
	{`(.)\1`, "AB", Fold, nil},
	{`(é)\1`, "éÉ", Fold, []string{"éÉ", "é"}},
	{`(a)\1`, "AA", Fold, []string{"AA", "A"}},
	{"é", "É", Fold, []string{"É"}},
	{"é", "É", Fold | Bytes, nil},
	// Characters: UTF-8 unless Bytes; a byte that is not UTF-8 matches
	// neither . nor [^…] (as in glibc), only itself.
	{"^.$", "é", 0, []string{"é"}},
	{"^.$", "é", Bytes, nil},
	{"^..$", "é", Bytes, []string{"é"}},
	{"[é]", "é", 0, []string{"é"}},
	{"[[:alpha:]]", "é", 0, []string{"é"}},
	{"[[:alpha:]]", "é", Bytes, nil},
	{`\w+`, "éa", 0, []string{"éa"}},
	{"^.$", "\xff", 0, nil},
	{"a[^x]b", "a\xffb", 0, nil},
	{"a\xffb", "a\xffb", 0, []string{"a\xffb"}},
	{"[\xff]", "\xff", 0, nil},
	{"[\xff]", "\xff", Bytes, []string{"\xff"}},
	{"^.$", "\xff", Bytes, []string{"\xff"}},
	{`\bé`, "aé é", 0, []string{"é"}},
}

// TestMatch runs the rows on both matchers for expressions without
// back-references: the Pike VM and the bit-state backtracker.
func TestMatch(t *testing.T) {
	for _, pike := range []bool{false, true} {
		testMatch(t, pike)
	}
}

func testMatch(t *testing.T, pike bool) {
	for _, row := range matchRows {
		re, err := Compile(row.re, row.flags)
		if err != nil {
			t.Errorf("Compile(%q): %v", row.re, err)
			continue
		}
		m, err := re.find(row.s, pike)
		if err != nil {
			t.Errorf("%q against %q: %v", row.re, row.s, err)
			continue
		}
		var got []string
		for i := 0; i < len(m); i += 2 {
			if m[i] < 0 {
				got = append(got, unset)
			} else {
				got = append(got, row.s[m[i]:m[i+1]])
			}
		}
		want := row.want
		if want != nil && len(want) < 1+re.NumGroups() {
			t.Errorf("row %q: %d groups, want lists %d", row.re, re.NumGroups(), len(want)-1)
			continue
		}
		if strings.Join(got, "|") != strings.Join(want, "|") || (got == nil) != (want == nil) {
			t.Errorf("%q against %q (flags %d, Pike VM %v) = %q, want %q", row.re, row.s, row.flags, pike, got, want)
		}
	}
}

// errorRows are expressions bash's [[ =~ ]] (glibc's regcomp) rejects
// with status 2, with glibc's message.
var errorRows = []struct{ re, msg string }{
	{"(", "Unmatched ( or \\("},
	{"a(b", "Unmatched ( or \\("},
	{"*a", "Invalid preceding regular expression"},
	{"+a", "Invalid preceding regular expression"},
	{"a|*b", "Invalid preceding regular expression"},
	{"(*a)", "Invalid preceding regular expression"},
	{"a|+", "Invalid preceding regular expression"},
	{"^*x", "Invalid preceding regular expression"},
	{"a$*", "Invalid preceding regular expression"},
	{`\<*a`, "Invalid preceding regular expression"},
	{"(?i)a", "Invalid preceding regular expression"},
	{"{1}a", "Invalid preceding regular expression"},
	{"{", "Invalid preceding regular expression"},
	{"a{", "Invalid content of \\{\\}"},
	{"a{1", "Invalid content of \\{\\}"},
	{"a{x", "Invalid content of \\{\\}"},
	{"a{}", "Invalid content of \\{\\}"},
	{"a{2,1}", "Invalid content of \\{\\}"},
	{"a{1,2,3}", "Invalid content of \\{\\}"},
	{"x{32768}", "Regular expression too big"},
	{"(x{1000}){1000}", "Regular expression too big"},
	{`\`, "Trailing backslash"},
	{`\1(a)`, "Invalid back reference"},
	{`(a\1)`, "Invalid back reference"},
	{`(a)\2`, "Invalid back reference"},
	{`(a)|\1`, "Invalid back reference"},
	{"[a", "Unmatched [, [^, [:, [., or [="},
	{"[]", "Unmatched [, [^, [:, [., or [="},
	{"[[:alpha:]", "Unmatched [, [^, [:, [., or [="},
	{"[[:alpha:", "Unmatched [, [^, [:, [., or [="},
	{"[[.x]", "Unmatched [, [^, [:, [., or [="},
	{"[[=]", "Unmatched [, [^, [:, [., or [="},
	{"[[:foo:]]", "Invalid character class name"},
	{"[[.xy.]]", "Invalid collation character"},
	{"[[=xy=]]", "Invalid collation character"},
	{"[b-a]", "Invalid range end"},
	{"[a-c-e]", "Invalid range end"},
	{"[[:alpha:]-z]", "Invalid range end"},
}

func TestCompileErrors(t *testing.T) {
	for _, row := range errorRows {
		_, err := Compile(row.re, 0)
		var e *Error
		if !errors.As(err, &e) || e.Msg != row.msg {
			t.Errorf("Compile(%q) = %v, want %q", row.re, err, row.msg)
		}
	}
}

// TestBounded runs expressions that make a backtracking matcher take
// exponential time: the Pike VM's time is linear in the text, and the
// backtracker for back-references gives up with ErrTooComplex.
func TestBounded(t *testing.T) {
	as := strings.Repeat("a", 30)
	long := strings.Repeat("a", 20000)
	for _, row := range []struct {
		re, s string
		match bool
	}{
		{"(a*)*b", as, false},
		{"(a|aa)*c", as, false},
		{"(a?){30}a{30}", as, true},
		{"(a*)*b", long, false},
		{"(.*)*(.*)*x", long, false},
	} {
		re, err := Compile(row.re, 0)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		if m, err := re.FindSubmatchIndex(row.s); (m != nil) != row.match || err != nil {
			t.Errorf("%q against %d a's = %v, %v; want a match %v", row.re, len(row.s), m, err, row.match)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%q against %d a's took %v", row.re, len(row.s), d)
		}
	}
	// With back-references: the relaxed Pike VM run rules out a text
	// without the final character at once; remembered states make one
	// group's iterations polynomial; past that, the step limit.
	for _, row := range []struct {
		re, s string
		err   error
	}{
		{`(a*)*\1b`, as, nil},
		{`(a*)*(a*)*(a*)*\1\2\3b`, long, nil},
		{`(a+)+\1c`, as + "bc", nil},
		{`(a+)+(a+)+(a+)+\1\2\3c`, as + "bc", ErrTooComplex},
	} {
		re, err := Compile(row.re, 0)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		if m, err := re.FindSubmatchIndex(row.s); m != nil || err != row.err {
			t.Errorf("%q against %q: %v, %v; want no match, %v", row.re, row.s, m, err, row.err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%q took %v", row.re, d)
		}
	}
}

func TestQuoteMeta(t *testing.T) {
	s := `a.b*c+d?e(f)g[h]i{j}k|l^m$n\o`
	re, err := Compile("^"+QuoteMeta(s)+"$", 0)
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]bool{s: true, strings.Replace(s, ".", "x", 1): false} {
		if got, _ := re.MatchString(text); got != want {
			t.Errorf("quoted %q against %q: %v, want %v", s, text, got, want)
		}
	}
}

// TestEnginesAgree matches random expressions against short texts with
// the Pike VM and with the bit-state backtracker, which must give the
// same match and groups.
func TestEnginesAgree(t *testing.T) {
	atoms := []string{"a", "b", ".", "[ab]", "[^a]", `\w`, `\b`, "^", "$", `\<`, `\>`, "x"}
	ops := []string{"", "", "*", "+", "?", "{1,2}", "{2}", "{,1}", "{0}"}
	rng := rand.New(rand.NewPCG(1, 2))
	var gen func(depth int) string
	gen = func(depth int) string {
		var b strings.Builder
		for n := 1 + rng.IntN(4); n > 0; n-- {
			switch r := rng.IntN(10); {
			case r < 2 && depth < 2:
				b.WriteString("(" + gen(depth+1) + ")")
			case r < 3 && depth < 2:
				b.WriteString("(" + gen(depth+1) + "|" + gen(depth+1) + ")")
			default:
				b.WriteString(atoms[rng.IntN(len(atoms))])
			}
			b.WriteString(ops[rng.IntN(len(ops))])
		}
		return b.String()
	}
	texts := []string{"", "a", "ab", "aab", "bab", "abab", "b a", "ab ab", "xaby"}
	for i := 0; i < 3000; i++ {
		expr := gen(0)
		re, err := Compile(expr, 0)
		if err != nil {
			continue // a repeated assertion
		}
		for _, s := range texts {
			m1, _ := re.find(s, true)
			m2, _ := re.find(s, false)
			if fmt.Sprint(m1) != fmt.Sprint(m2) {
				t.Errorf("%q against %q: Pike VM %v, bit-state %v", expr, s, m1, m2)
			}
		}
	}
}

func TestQuoteAfter(t *testing.T) {
	for _, row := range []struct{ expr, quoted, want string }{
		{"", "a.c", `a\.c`},
		{"x", "]", `\]`},
		{"[", "]", "]"},            // inside a bracket: as it is, as bash
		{"[a", "-", "-"},           // [a"-"z] is a range in bash too
		{"[]", "x", "x"},           // a ] first is a member
		{"[[:alpha:]", "]", "]"},   // a class does not close the bracket
		{"[ab]", ".", `\.`},        // closed
		{`\[`, ".", `\.`},          // an escaped [ opens nothing
		{"[[:alpha:][.", ".", "."}, // an open [. inside a bracket
	} {
		if got := QuoteAfter(row.expr, row.quoted); got != row.want {
			t.Errorf("QuoteAfter(%q, %q) = %q, want %q", row.expr, row.quoted, got, row.want)
		}
	}
}
