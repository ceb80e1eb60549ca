package expand

import (
	"strings"
	"testing"

	"github.com/plumbsh/plumb/parser"
)

// words parses src as the arguments of one simple command.
func words(t *testing.T, src string) []*parser.Word {
	t.Helper()
	f, err := parser.Parse([]byte("echo "+src), "test")
	if err != nil {
		t.Fatalf("parse %q: %v", src, err)
	}
	c := f.Stmts[0].AndOr.First.Stages[0].Cmd.(*parser.SimpleCmd)
	return c.Args[1:]
}

// The expected words are printed back as source, space-separated, so
// quoting and expansions show as written.
func TestBraces(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"no brace", "abc", "abc"},
		{"single", "{foo,bar}", "foo bar"},
		{"prefix suffix", "a{b,c}d", "abd acd"},
		{"two", "{a,b}_{c,d}", "a_c a_d b_c b_d"},
		{"three", "{0,1}{0,1}{0,1}", "000 001 010 011 100 101 110 111"},
		{"nested", "-{A,={a,b}=,B}-", "-A- -=a=- -=b=- -B-"},
		{"nested twice", "-{A,={a,.{x,y}.,b}=,B}-", "-A- -=a=- -=.x.=- -=.y.=- -=b=- -B-"},
		{"one element", "{foo}", "{foo}"},
		{"empty braces", "{a,b}{}", "a{} b{}"},
		{"unclosed", "{a,b}_{", "a_{ b_{"},
		{"leading close", "}_{a,b}", "}_a }_b"},
		{"plain braces before", "{x}_{a,b}", "{x}_a {x}_b"},
		{"extra close", "{a,b}}", "a} b}"},
		{"extra open", "{{a,b}", "{a {b"},
		{"empty alternative", "a{X,,Y}b", "aXb ab aYb"},
		{"empty word dropped", "{X,,Y,}", "X Y"},
		{"quoted empty kept", "{X,}''", "X'' ''"},
		{"quoted parts", `{'a',b}_{c,"d"}`, `'a'_c 'a'_"d" b_c b_"d"`},
		{"quoted brace literal", `'{a,b}' "{a,b}" \{a,b}`, `'{a,b}' "{a,b}" \{a,b}`},
		{"escaped comma", `{a\,b}`, `{a\,b}`},
		{"escaped brace inside", `-{a,\{1...3\}}-`, `-a- -\{1...3\}-`},
		{"parameter", "-{$a,${b},$(c),$((1+2))}-", "-$a- -${b}- -$(c)- -$((1+2))-"},
		{"parameter braces are not", "${x}", "${x}"},
		{"numbers", "{1..3}", "1 2 3"},
		{"numbers down", "{3..1}", "3 2 1"},
		{"numbers step", "-{1..10..3}-", "-1- -4- -7- -10-"},
		{"step sign ignored", "{1..4..-1} {8..1..3}", "1 2 3 4 8 5 2"},
		{"zero step", "{1..3..0}", "1 2 3"},
		{"negative", "{-2..1}", "-2 -1 0 1"},
		{"padded", "{01..03} {09..11}", "01 02 03 09 10 11"},
		{"padded to wider", "{01..003} {7..010}", "001 002 003 007 008 009 010"},
		{"singleton", "{1..1} {a..a}", "1 a"},
		{"letters", "{a..e..2} {e..a}", "a c e e d c b a"},
		{"sequence and list", "-{a,b}{1..2}-", "-a1- -a2- -b1- -b2-"},
		{"sequence in list", "-{a,_{1..2}_,b}-", "-a- -_1_- -_2_- -b-"},
		{"list text not sequence", "-{a,b,1..3}-", "-a- -b- -1..3-"},
		{"bad sequences", "{1.3} {1...3} {1__3} {1..a} {z..3} {ab..c} {1..2..x} {_..a} {!..%}", "{1.3} {1...3} {1__3} {1..a} {z..3} {ab..c} {1..2..x} {_..a} {!..%}"},
		{"sequence with parameter", "{1..$n}", "{1..$n}"},
		{"brace in sequence", "{{1..3}}", "{1} {2} {3}"},
		{"tilde after", "{foo~,~}/bar ~{/src,root}", "foo~/bar ~/bar ~/src ~root"},
		{"tilde kept when not a prefix", "{~x$y,b}", "~x$y b"},
		{"huge sequence stays text", "{1..9999999999}", "{1..9999999999}"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, w := range words(t, c.in) {
				ws, err := Braces(w)
				if err != nil {
					t.Fatal(err)
				}
				for _, x := range ws {
					got = append(got, parser.Format(x))
				}
			}
			if s := strings.Join(got, " "); s != c.want {
				t.Errorf("%s: got %q, want %q", c.in, s, c.want)
			}
		})
	}
}

// A word without a brace expression comes back as itself, and the
// parts of one that has are the source's own nodes.
func TestBracesKeepsNodes(t *testing.T) {
	w := words(t, `"a b"$x`)[0]
	if got, _ := Braces(w); len(got) != 1 || got[0] != w {
		t.Errorf("plain word not returned as is: %v", got)
	}
	w = words(t, `{"q",r}$x`)[0]
	got, _ := Braces(w)
	if len(got) != 2 || got[0].Parts[0] != w.Parts[1] || got[0].Parts[1] != w.Parts[len(w.Parts)-1] {
		t.Errorf("parts not shared: %#v", got)
	}
}

// Tilde prefixes that expansion makes are Tilde nodes; the rest of the
// word keeps positions inside the source word.
func TestBracesTilde(t *testing.T) {
	w := words(t, "{x,~root}/y")[0]
	got, _ := Braces(w)
	if len(got) != 2 {
		t.Fatalf("got %d words", len(got))
	}
	td, ok := got[1].Parts[0].(*parser.Tilde)
	if !ok || td.User != "root" {
		t.Fatalf("second word starts with %#v, want Tilde root", got[1].Parts[0])
	}
	lit := got[1].Parts[1].(*parser.Lit)
	if lit.Value != "/y" || lit.ValuePos.Col != 15 {
		t.Errorf("rest %q at col %d, want \"/y\" at col 15", lit.Value, lit.ValuePos.Col)
	}
}
