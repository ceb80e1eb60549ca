package parser

import (
	"bytes"
	"reflect"
	"testing"
)

// roundTrip parses src with cfg, prints it and parses the text again; the
// trees must be equal (positions aside) and printing must be stable.
func roundTrip(t testing.TB, cfg Config, src string) {
	t.Helper()
	f, err := cfg.Parse([]byte(src), "")
	if err != nil {
		return
	}
	out := Format(f)
	g, err := cfg.Parse([]byte(out), "")
	if err != nil {
		t.Fatalf("source %q printed as %q, which does not parse: %v", src, out, err)
	}
	a, b := zeroPos(f), zeroPos(g)
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("source %q printed as %q, which parses differently\nfirst:\n%s\nsecond:\n%s", src, out, dump(a), dump(b))
	}
	if out2 := Format(g); out2 != out {
		t.Fatalf("printing is not stable: %q then %q", out, out2)
	}
}

func TestRoundTrip(t *testing.T) {
	for _, c := range parseCases {
		t.Run(c.name, func(t *testing.T) { roundTrip(t, Config{}, c.src) })
	}
	for _, c := range extGlobCases {
		t.Run(c.name, func(t *testing.T) { roundTrip(t, extGlobOn, c.src) })
	}
	for i, src := range sampleScripts {
		src := src
		t.Run("sample"+string(rune('0'+i)), func(t *testing.T) { roundTrip(t, Config{}, src) })
	}
}

// A node formatted on its own — a function declaration, as `declare -f`
// and a background list's prelude print it — carries the bodies of the
// here-documents of its redirections, so that the text parses back (the
// body was dropped: a background list's process then failed on its
// prelude whenever such a function was defined, bats's `@test` among them).
func TestFormatFuncHeredoc(t *testing.T) {
	src := "f() { diff - <(echo hello); } <<EOS\nhello\nEOS\n"
	f, err := Parse([]byte(src), "")
	if err != nil {
		t.Fatal(err)
	}
	fd := f.Stmts[0].AndOr.First.Stages[0].Cmd
	got := Format(fd)
	if got != src {
		t.Errorf("Format(func) = %q, want %q", got, src)
	}
	if _, err := Parse([]byte(got), ""); err != nil {
		t.Errorf("the text does not parse back: %v", err)
	}
}

func TestFormat(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"echo   a\tb", "echo a b\n"},
		{"a;b&c", "a\nb &\nc\n"},
		{"{ a;b&c; }", "{ a; b & c; }\n"},
		{"if a\nthen b\nfi", "if a; then b; fi\n"},
		{"{ a\n}", "{ a; }\n"},
		{"(a)", "( a )\n"},
		{"for x in a b\ndo c\ndone", "for x in a b; do c; done\n"},
		{"select x in a b\ndo c\ndone", "select x in a b; do c; done\n"},
		{"select x\ndo c; done", "select x; do c; done\n"},
		{"case x in a|b) c;; (d) ;& esac", "case x in a | b) c ;; d) ;& esac\n"},
		{"f()\n{ a; }", "f() { a; }\n"},
		{"function f { a; }", "f() { a; }\n"},
		{"cat <<E; b\nx\nE\n", "cat <<E\nx\nE\nb\n"},
		{"echo \"a\\b\\$\"", "echo \"a\\b\\$\"\n"},
		{"echo $( (a) )", "echo $( ( a ))\n"},
		{">f if", ">f if\n"},
		{"cat << -x\nb\n-x\n", "cat << -x\nb\n-x\n"},
	} {
		f, err := Parse([]byte(c.src), "")
		if err != nil {
			t.Errorf("Parse(%q): %v", c.src, err)
			continue
		}
		if got := Format(f); got != c.want {
			t.Errorf("Format(Parse(%q)) = %q, want %q", c.src, got, c.want)
		}
		var buf bytes.Buffer
		if err := Print(&buf, f); err != nil || buf.String() != c.want {
			t.Errorf("Print = %q, %v", buf.String(), err)
		}
	}
}
