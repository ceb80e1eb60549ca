package pattern

import "testing"

func TestPathMatcher(t *testing.T) {
	cases := []struct {
		pat, path string
		mode      Mode
		want      bool
	}{
		{"*.txt", "a.txt", 0, true},
		{"*.txt", "foo/a.txt", 0, false}, // * stays in its component
		{"*/*.txt", "foo/a.txt", 0, true},
		{"*/ignore*", "dir1/ignore.txt", 0, true},
		{"*/ignore*", "dir1/sub/ignore.txt", 0, false},
		{"?.txt", "1.txt", 0, true},
		{"?.txt", "10.txt", 0, false},
		{"src/__init__.py", "src/__init__.py", 0, true},
		{"src/__init__.py", "src/__main__.py", 0, false},
		{"*", ".env", 0, true}, // no special leading dot
		{"[[:alnum:]]*", ".env", 0, false},
		{`escape\*.txt`, "escape*.txt", 0, true},
		{`escape\*.txt`, "escape-10.txt", 0, false},
		{"dist/*", "dist", 0, false},
		{"dist", "dist/", 0, false},
		{"*/", "dist/", 0, true},
		{"FOO.*", "foo.cc", Fold, true},
		{"@(foo|bar).*", "bar.h", ExtGlob, true},
		{"@(foo|bar).*", "baz.h", ExtGlob, false},
	}
	for _, c := range cases {
		if got := CompilePath(c.pat, c.mode).Match(c.path); got != c.want {
			t.Errorf("CompilePath(%q).Match(%q) = %v, want %v", c.pat, c.path, got, c.want)
		}
	}
}

func TestPathMatcherAllocs(t *testing.T) {
	m := CompilePath("*/ignore*", 0)
	if n := testing.AllocsPerRun(100, func() { m.Match("dir1/ignore.txt") }); n != 0 {
		t.Errorf("Match allocates %v times, want 0", n)
	}
}
