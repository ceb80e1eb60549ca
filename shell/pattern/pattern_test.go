package pattern

import (
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/plumbsh/plumb/shell/internal/bashtest"
)

type matchCase struct {
	pattern, s string
	want       bool
}

var matchCases = []matchCase{
	{"", "", true},
	{"", "a", false},
	{"abc", "abc", true},
	{"abc", "abd", false},
	{"*", "", true},
	{"*", "anything/at.all", true},
	{"a*", "abc", true},
	{"a*", "ba", false},
	{"*c", "abc", true},
	{"a*b*c", "aXbYc", true},
	{"a*b*c", "abcbc", true},
	{"a*b*c", "acb", false},
	{"*.[ch]", "main.c", true},
	{"*.[ch]", "main.h", true},
	{"*.[ch]", "main.o", false},
	{"*.[ch]", ".c", true},
	{"?", "a", true},
	{"?", "", false},
	{"?", "ab", false},
	{"??", "é!", true}, // characters, not bytes
	{"?", "é", true},
	{"a?c", "a/c", true},
	{"[!a]*", "bcd", true},
	{"[!a]*", "abc", false},
	{"[^a]*", "xbc", true},
	{"[^a]*", "abc", false},
	{`\*`, "*", true},
	{`\*`, "a", false},
	{`a\*b`, "a*b", true},
	{`a\*b`, "axb", false},
	{`\?`, "?", true},
	{`\?`, "a", false},
	{`\[a]`, "[a]", true},
	{`\[a]`, "a", false},
	{`\a`, "a", true},
	{`\\`, `\`, true},
	{`a\`, `a\`, true},
	{"[]]", "]", true},
	{"[]]", "a", false},
	{"[]a]", "a", true},
	{"[!]]", "a", true},
	{"[!]]", "]", false},
	{"[a-]", "-", true},
	{"[a-]", "a", true},
	{"[a-]", "b", false},
	{"[-a]", "-", true},
	{"[a-c]", "b", true},
	{"[a-c]", "d", false},
	{"[z-a]", "b", false},
	{"[à-ê]", "é", true},
	{`[a\-z]`, "-", true},
	{`[a\-z]`, "b", false},
	{`[\\]`, `\`, true},
	{`[\!a]`, "!", true},
	{`[\!a]`, "b", false},
	{`[\]]`, "]", true},
	{`[\]]a`, "]a", true},
	{`[a\]`, "a", false},
	{`[a\]`, "[a]", true},
	{`[\a-c]`, "b", true},
	{"[", "[", true},
	{"[", "a", false},
	{"a[", "a[", true},
	{"[]", "[]", true},
	{"[ab", "[ab", true},
	{"[ab", "a", false},
	{"[*", "[xyz", true},
	{"[[:alpha:]]", "x", true},
	{"[[:alpha:]]", "1", false},
	{"[[:alpha:]]", "é", true},
	{"[[:digit:]]", "7", true},
	{"[[:digit:]]", "x", false},
	{"[[:space:]]", "\t", true},
	{"[[:space:]]", "x", false},
	{"[[:upper:]]", "A", true},
	{"[[:upper:]]", "a", false},
	{"[[:lower:]]", "a", true},
	{"[[:alnum:]]", "5", true},
	{"[[:alnum:]]", "_", false},
	{"[[:word:]]", "_", true},
	{"[[:punct:]]", "!", true},
	{"[[:punct:]]", "a", false},
	{"[[:xdigit:]]", "F", true},
	{"[[:xdigit:]]", "g", false},
	{"[[:blank:]]", " ", true},
	{"[[:blank:]]", "\n", false},
	{"[[:cntrl:]]", "\x01", true},
	{"[[:print:]]", " ", true},
	{"[[:print:]]", "\x01", false},
	{"[[:graph:]]", " ", false},
	{"[[:graph:]]", "~", true},
	{"[[:alpha:][:digit:]]", "x", true},
	{"[[:alpha:][:digit:]]", "4", true},
	{"[![:alpha:]]", "4", true},
	{"[![:alpha:]]", "a", false},
	{"[[:foo:]]", "a", false},
	{"[[:ALPHA:]]", "a", false},
	{"[[:alpha:]", "[", false},
	{"[[:alpha:]", "[a", true},
	{"[[:alpha]]", "x", false},
	{"[[:alpha]]", "a]", true},
	{"[[.a.]]", "a", true},
	{"[[=a=]]", "a", true},
	{"*[[:digit:]]", "file7", true},
	{"*\xff", "a\xff", true},
	{"?", "\xff", true},
	{"\xfe", "\xff", false},
	{"[\xfe]", "\xff", false},
	{"*a*a*a*a*a*a*a*a*b", strings.Repeat("a", 60), false},
}

func TestPatternMatch(t *testing.T) {
	for _, c := range matchCases {
		if got := Match(c.pattern, c.s, 0); got != c.want {
			t.Errorf("Match(%q, %q) = %v, want %v", c.pattern, c.s, got, c.want)
		}
	}
}

// TestPatternMatchBash checks the table against bash's case statement,
// whose unquoted $2 pattern takes backslashes as quoting, as ours do.
func TestPatternMatchBash(t *testing.T) {
	bash := bashtest.Path(t)
	for _, c := range matchCases {
		if strings.ContainsAny(c.pattern+c.s, "\xfe\xff") {
			continue // the locale decides; our rule is our own
		}
		out, err := bashtest.Command(bash, "-c", `case "$1" in $2) echo y;; *) echo n;; esac`, "bash", c.s, c.pattern).Output()
		if err != nil {
			t.Fatal(err)
		}
		if got := string(out) == "y\n"; got != c.want {
			t.Errorf("bash: case %q in %q is %v, table says %v", c.s, c.pattern, got, c.want)
		}
	}
}

// bytesCases are matches in the C locale (Bytes), where every byte is a
// character: é is the two bytes \xc3\xa9.
var bytesCases = []matchCase{
	{"?", "é", false},
	{"??", "é", true},
	{"[é]", "é", false},
	{"[é]?", "é", true},
	{"?[é]", "é", true},
	{"*[\x80-\xff]", "aé", true},
	{"[[:alpha:]]?", "é", false},
	{"é", "é", true},
	{"?\xa9", "é", true},
	{"[!a]\xa9", "é", true},
	{"*ab", "μab", true},
	{"???", "aé", true},
}

// TestPatternMatchBytes checks bytesCases, and against bash in the C
// locale.
func TestPatternMatchBytes(t *testing.T) {
	for _, c := range bytesCases {
		if got := Match(c.pattern, c.s, Bytes); got != c.want {
			t.Errorf("Match(%q, %q, Bytes) = %v, want %v", c.pattern, c.s, got, c.want)
		}
		if got := Match(c.pattern, c.s, Bytes|ExtGlob); got != c.want {
			t.Errorf("Match(%q, %q, Bytes|ExtGlob) = %v, want %v", c.pattern, c.s, got, c.want)
		}
	}
	if got := Trim("héllo", "h?", false, false, Bytes); got != "\xa9llo" {
		t.Errorf("Trim(héllo, h?, Bytes) = %q", got)
	}
	if got := Trim("héllo", "?l*", true, true, Bytes); got != "h\xc3" {
		t.Errorf("Trim(héllo, %%%%?l*, Bytes) = %q", got)
	}
	bash := bashtest.Path(t)
	for _, c := range bytesCases {
		out, err := bashtest.CommandIn("C", bash, "-c", `case "$1" in $2) echo y;; *) echo n;; esac`, "bash", c.s, c.pattern).Output()
		if err != nil {
			t.Fatal(err)
		}
		if got := string(out) == "y\n"; got != c.want {
			t.Errorf("bash (LC_ALL=C): case %q in %q is %v, table says %v", c.s, c.pattern, got, c.want)
		}
	}
}

func TestPatternMatchTime(t *testing.T) {
	// Exponential backtracking would take forever on these.
	s := strings.Repeat("a", 10000)
	start := time.Now()
	for _, p := range []string{"a*a*a*a*a*a*a*a*a*a*b", "*a*a*a*a*a*a*a*a*a*a*", "*?*?*?*?*?*?*?*?*b"} {
		Match(p, s, 0)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("matching took %v", d)
	}
}

func TestPatternHasMeta(t *testing.T) {
	for p, want := range map[string]bool{
		"":         false,
		"abc":      false,
		"a*":       true,
		"a?":       true,
		"[ab]":     true,
		"[":        false,
		"a[b":      false,
		`\*`:       false,
		`\?\[a]`:   false,
		`\\*`:      true,
		`[\]`:      false,
		"[]]":      true,
		"x/*/y":    true,
		`a\`:       false,
		"[[:a:]]":  true,
		"[!]":      false,
		"[!]]":     true,
		`\[a]`:     false,
		`[a\]]`:    true,
		"a]":       false,
		"*\\":      true,
		`\\\[a]`:   false,
		"{a,b}":    false,
		"~":        false,
		"[[:alpha": false,
	} {
		if got := HasMeta(p, 0); got != want {
			t.Errorf("HasMeta(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestPatternUnescape(t *testing.T) {
	for p, want := range map[string]string{
		"":         "",
		"abc":      "abc",
		`\*`:       "*",
		`a\\b`:     `a\b`,
		`\a\b\c`:   "abc",
		`a\`:       `a\`,
		`\[x]\?`:   "[x]?",
		`\\\\`:     `\\`,
		`\é`:       "é",
		"*?[a]":    "*?[a]",
		`x\/y`:     "x/y",
		`\"quoted`: `"quoted`,
	} {
		if got := Unescape(p); got != want {
			t.Errorf("Unescape(%q) = %q, want %q", p, got, want)
		}
	}
}

type trimCase struct {
	s, pattern      string
	suffix, longest bool
	want            string
}

var trimCases = []trimCase{
	{"/usr/local/bin", "*/", false, false, "usr/local/bin"},
	{"/usr/local/bin", "*/", false, true, "bin"},
	{"/usr/local/bin", "/*", true, false, "/usr/local"},
	{"/usr/local/bin", "/*", true, true, ""},
	{"file.tar.gz", "*.", false, false, "tar.gz"},
	{"file.tar.gz", "*.", false, true, "gz"},
	{"file.tar.gz", ".*", true, false, "file.tar"},
	{"file.tar.gz", ".*", true, true, "file"},
	{"abc", "x", false, false, "abc"},
	{"abc", "a", false, false, "bc"},
	{"abc", "c", true, false, "ab"},
	{"abc", "*", false, false, "abc"},
	{"abc", "*", false, true, ""},
	{"abc", "*", true, false, "abc"},
	{"abc", "*", true, true, ""},
	{"abc", "?", false, false, "bc"},
	{"abc", "?", true, true, "ab"},
	{"abc", "", false, false, "abc"},
	{"", "*", false, true, ""},
	{"a*b*c", `*\*`, false, false, "b*c"},
	{"a*b*c", `*\*`, false, true, "c"},
	{"a*b*c", `\**`, true, true, "a"},
	{"a*b*c", `\*`, false, false, "a*b*c"},
	{"*b", `\*`, false, false, "b"},
	{"héllo", "h?", false, false, "llo"},
	{"héllo", "?l*", true, true, "h"},
	{"aaa", "a*", false, false, "aa"},
	{"aaa", "a*", true, false, "aa"},
	{"aaa", "a*", true, true, ""},
	{"x.[ch]", "[.]*", true, false, "x"},
}

func TestPatternTrim(t *testing.T) {
	for _, c := range trimCases {
		if got := Trim(c.s, c.pattern, c.suffix, c.longest, 0); got != c.want {
			t.Errorf("Trim(%q, %q, suffix=%v, longest=%v) = %q, want %q", c.s, c.pattern, c.suffix, c.longest, got, c.want)
		}
	}
}

func TestPatternTrimBash(t *testing.T) {
	bash := bashtest.Path(t)
	for _, c := range trimCases {
		op := map[[2]bool]string{{false, false}: "#", {false, true}: "##", {true, false}: "%", {true, true}: "%%"}[[2]bool{c.suffix, c.longest}]
		out, err := bashtest.Command(bash, "-c", `s=$1 p=$2; printf '%s' "${s`+op+`$p}"`, "bash", c.s, c.pattern).Output()
		if err != nil {
			t.Fatal(err)
		}
		if string(out) != c.want {
			t.Errorf("bash: ${s%sp} with s=%q p=%q is %q, table says %q", op, c.s, c.pattern, out, c.want)
		}
	}
}

// globTree makes a directory tree for the glob tests and returns its path.
func globTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{
		"a.c", "b.c", "b.h", "c.o", ".hidden", ".h.c", "*", "?x", "[ab]",
		"dir1/x.c", "dir1/y.h", "dir1/.z.c", "dir2/x.c", "dir2/sub/deep.c",
		"dir-b/x.c", "spa ce", "zz/", ".dotdir/in.c", "é.c",
	} {
		p := filepath.Join(dir, f)
		if strings.HasSuffix(f, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("dir1", filepath.Join(dir, "link1")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("nowhere", filepath.Join(dir, "dangling")); err != nil {
		t.Fatal(err)
	}
	return dir
}

var globCases = []struct {
	pattern string
	want    []string
}{
	{"*.c", []string{"a.c", "b.c", "é.c"}},
	{"*.[ch]", []string{"a.c", "b.c", "b.h", "é.c"}},
	{"[!a]*.c", []string{"b.c", "é.c"}},
	{".*", []string{".dotdir", ".h.c", ".hidden"}},
	{`\.h*`, []string{".h.c", ".hidden"}},
	{".?", nil},
	{"*", []string{"*", "?x", "[ab]", "a.c", "b.c", "b.h", "c.o", "dangling", "dir-b", "dir1", "dir2", "link1", "spa ce", "zz", "é.c"}},
	{`\*`, nil}, // no metacharacter: not globbed at all
	{`\**`, []string{"*"}},
	{`\?*`, []string{"?x"}},
	{`\[*`, []string{"[ab]"}},
	{"[ab]", nil},
	{"[ab]*", []string{"a.c", "b.c", "b.h"}},
	{"*/", []string{"dir-b/", "dir1/", "dir2/", "link1/", "zz/"}},
	{"dir*/", []string{"dir-b/", "dir1/", "dir2/"}},
	{"*/x.c", []string{"dir-b/x.c", "dir1/x.c", "dir2/x.c", "link1/x.c"}},
	{"dir1/*", []string{"dir1/x.c", "dir1/y.h"}},
	{"dir1/.*", []string{"dir1/.z.c"}},
	{"*/*/*.c", []string{"dir2/sub/deep.c"}},
	{"dir?/sub/*", []string{"dir2/sub/deep.c"}},
	{"dir?/sub", []string{"dir2/sub"}},
	{"dir?/nope", nil},
	{"dir?//x.c", []string{"dir1/x.c", "dir2/x.c"}},
	{"dir1//*.c", []string{"dir1//x.c"}},
	{"dir2//sub//*.c", []string{"dir2//sub//deep.c"}},
	{"d*2//sub//", []string{"dir2/sub/"}},
	{".//*1/x.c", []string{".//dir1/x.c", ".//link1/x.c"}},
	{"./*.h", []string{"./b.h"}},
	{"../*/b.h", nil}, // filled in by the test: the tree's own name
	{"dir1/../*.h", []string{"dir1/../b.h"}},
	{"nomatch*", nil},
	{"spa*", []string{"spa ce"}},
	{"d[a-z]ngling", []string{"dangling"}},
	{"*.c/", nil},
	{"[", nil},
	{"a.c/*", nil},
}

func TestGlob(t *testing.T) {
	dir := globTree(t)
	for _, c := range globCases {
		want := c.want
		if c.pattern == "../*/b.h" {
			want = []string{"../" + filepath.Base(dir) + "/b.h"}
		}
		if got := Glob(dir, c.pattern, GlobOptions{}); !reflect.DeepEqual(got, want) {
			t.Errorf("Glob(%q) = %q, want %q", c.pattern, got, want)
		}
	}
	// Absolute patterns stay absolute, whatever dir is.
	want := []string{dir + "/dir1/x.c", dir + "/dir1/y.h"}
	if got := Glob("/nonexistent", escapePattern(dir)+"/dir1/*", GlobOptions{}); !reflect.DeepEqual(got, want) {
		t.Errorf("absolute Glob = %q, want %q", got, want)
	}
	// An empty dir is the process's working directory.
	if got := Glob("", escapePattern(dir)+"//dir1/*.h", GlobOptions{}); !reflect.DeepEqual(got, []string{dir + "//dir1/y.h"}) {
		t.Errorf("absolute Glob with // = %q", got)
	}
}

// escapePattern quotes every character of s that a pattern would see as
// special.
func escapePattern(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`\*?[`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func TestGlobBash(t *testing.T) {
	bash := bashtest.Path(t)
	dir := globTree(t)
	for _, c := range globCases {
		if !HasMeta(c.pattern, 0) {
			continue // bash leaves the word alone, and so does our caller
		}
		cmd := bashtest.Command(bash, "-c", `shopt -s nullglob; IFS=; set -- $1; for f; do printf '%s\n' "$f"; done`, "bash", c.pattern)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "LC_ALL=C")
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		got := Glob(dir, c.pattern, GlobOptions{})
		var bashGot []string
		if len(out) > 0 {
			bashGot = strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
		}
		if !reflect.DeepEqual(got, bashGot) {
			t.Errorf("Glob(%q) = %q, bash says %q", c.pattern, got, bashGot)
		}
	}
}

// TestPatternMatchBashRandom compares random patterns made of the tricky
// characters with bash's case.
func TestPatternMatchBashRandom(t *testing.T) {
	pa := []string{"a", "b", "*", "?", "[", "]", "!", "-", `\\`, "^", "[:alpha:]", "c", "z-", "[!", "]*"}
	sa := []string{"a", "b", "-", "]", "[", "!", `\`, "^"}
	pats, strs, bash := bashRandomCases(t, 7, "", pa, 7, sa, 6, nil)
	for i := range pats {
		if got := Match(pats[i], strs[i], 0); got != bash[i] {
			t.Errorf("Match(%q, %q) = %v, bash %v", pats[i], strs[i], got, bash[i])
		}
	}
}

// bashRandomCases makes 5000 random patterns of fewer than maxP pieces
// of pa (leaving out those skip matches) and texts of fewer than maxS
// pieces of sa, and says whether bash's case, after prelude, finds each
// pattern matching its text.
func bashRandomCases(t *testing.T, seed int64, prelude string, pa []string, maxP int, sa []string, maxS int, skip *regexp.Regexp) (pats, strs []string, matched []bool) {
	bash := bashtest.Path(t)
	r := rand.New(rand.NewSource(seed))
	var in strings.Builder
	for i := 0; i < 5000; i++ {
		var p, s strings.Builder
		for j := r.Intn(maxP); j > 0; j-- {
			p.WriteString(pa[r.Intn(len(pa))])
		}
		for j := r.Intn(maxS); j > 0; j-- {
			s.WriteString(sa[r.Intn(len(sa))])
		}
		if skip != nil && skip.MatchString(p.String()) {
			continue
		}
		pats = append(pats, p.String())
		strs = append(strs, s.String())
		in.WriteString(p.String() + "\n" + s.String() + "\n")
	}
	cmd := bashtest.Command(bash, "-c", prelude+`while IFS= read -r p && IFS= read -r s; do case "$s" in $p) echo y;; *) echo n;; esac; done`)
	cmd.Stdin = strings.NewReader(in.String())
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		matched = append(matched, l == "y")
	}
	return pats, strs, matched
}
