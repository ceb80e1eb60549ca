package parser

import (
	"io"
	"reflect"
	"strings"
	"testing"
)

// testAliases is the alias table of the alias tests.
var testAliases = map[string]string{
	"ll":    "ls -l",
	"l":     "ls | wc -l",
	"g":     "grep -i",
	"cat":   "cat -v",
	"sudo":  "sudo ",
	"e":     "echo ",
	"w":     "WORD",
	"w2":    "w ",
	"a1":    "a2",
	"a2":    "a1",
	"chain": "ll",
	"to":    "echo x >out",
	"iff":   "if true; then echo y; fi",
	"begin": "{",
	"open":  "if true; then",
	"empty": "",
	"cmt":   "echo a # comment",
	"if":    "echo not-if",
	"nl":    "echo 1\necho 2",
	"bad":   "echo |",
	"q":     "echo 'a",
}

func lookupTestAlias(name string) (string, bool) {
	v, ok := testAliases[name]
	return v, ok
}

// aliasCases pair a source read with testAliases with the text it must
// parse as (ignoring positions).
var aliasCases = []struct{ name, src, want string }{
	{"simple", "ll /tmp", "ls -l /tmp"},
	{"operators in value", "l -a", "ls | wc -l -a"},
	{"in pipeline and list", "echo x | g foo && ll; ll", "echo x | grep -i foo && ls -l; ls -l"},
	{"recursion guard", "cat /", "cat -v /"},
	{"mutual recursion stops", "a1", "a1"},
	{"alias of alias", "chain x", "ls -l x"},
	{"argument not expanded", "echo ll", "echo ll"},
	{"trailing blank", "sudo ll", "sudo ls -l"},
	{"trailing blank next word only", "e w w", "echo WORD w"},
	{"trailing blank chains", "e w2 w w", "echo WORD WORD w"},
	{"single quoted", "'ll' x", "'ll' x"},
	{"quoted word keeps trailing blank", "e 'w' w w", "echo 'w' WORD w"},
	{"double quoted", `"ll" x`, `"ll" x`},
	{"escaped", `\ll x`, `\ll x`},
	{"partly quoted", `l"l" x`, `l"l" x`},
	{"expansion", "$ll x", "$ll x"},
	{"after assignment", "FOO=1 ll", "FOO=1 ls -l"},
	{"after redirection", ">/dev/null ll", ">/dev/null ls -l"},
	{"redirection in value", "to y", "echo x >out y"},
	{"reserved word not expanded", "if true; then ll; fi", "if true; then ls -l; fi"},
	{"keyword value", "iff", "if true; then echo y; fi"},
	{"brace value", "begin ll; }", "{ ls -l; }"},
	{"value opens compound", "open ll; fi", "if true; then ls -l; fi"},
	{"after bang", "! ll", "! ls -l"},
	{"in subshell and substitution", "(ll); echo $(ll) `ll`", "(ls -l); echo $(ls -l) `ls -l`"},
	{"empty value", "empty ll", "ls -l"},
	{"empty value alone", "empty\necho b", "echo b"},
	{"comment ends with value", "cmt; echo b", "echo a; echo b"},
	{"newline in value", "nl", "echo 1\necho 2"},
	{"case pattern not expanded", "case x in ll) ll;; esac", "case x in ll) ls -l;; esac"},
	{"for words not expanded", "for i in ll; do ll; done", "for i in ll; do ls -l; done"},
	{"quote continues in source", "q b'", "echo 'a  b'"},
	{"function name", "ll() { :; }", "ls -l() { :; }"},
}

func TestAliasSubstitution(t *testing.T) {
	cfg := Config{Aliases: lookupTestAlias}
	for _, c := range aliasCases {
		t.Run(c.name, func(t *testing.T) {
			got, err := cfg.Parse([]byte(c.src), "")
			want, werr := Parse([]byte(c.want), "")
			if (err == nil) != (werr == nil) {
				t.Fatalf("error %v; want %v", err, werr)
			}
			if !reflect.DeepEqual(zeroPos(got.Stmts), zeroPos(want.Stmts)) {
				t.Errorf("%q parses as\n%s\nnot as %q:\n%s", c.src, dump(got.Stmts), c.want, dump(want.Stmts))
			}
		})
	}
}

// An alias's value is read at the time the command that uses it is read,
// so a Parser sees the aliases that the commands before it defined.
func TestAliasTiming(t *testing.T) {
	table := map[string]string{}
	cfg := Config{Aliases: func(name string) (string, bool) {
		v, ok := table[name]
		return v, ok
	}}
	p := cfg.NewParser([]byte("x a; x b\nx c\n"), "")
	first, err := p.Next()
	if err != nil {
		t.Fatal(err)
	}
	table["x"] = "echo"
	second, err := p.Next()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Next(); err != io.EOF {
		t.Fatalf("third Next: %v; want EOF", err)
	}
	want1, _ := Parse([]byte("x a; x b"), "")
	want2, _ := Parse([]byte("echo c"), "")
	if !reflect.DeepEqual(zeroPos(first), zeroPos(want1.Stmts)) || !reflect.DeepEqual(zeroPos(second), zeroPos(want2.Stmts)) {
		t.Errorf("got\n%s\n%s", dump(first), dump(second))
	}
}

// Positions inside an alias text are those of the alias word; those after
// it are those of the source.
func TestAliasPositions(t *testing.T) {
	cfg := Config{Aliases: lookupTestAlias}
	f, err := cfg.Parse([]byte("echo a\n  l x; echo y\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	pl := f.Stmts[1].AndOr.First
	wc := pl.Stages[1].Cmd.(*SimpleCmd)
	if got := wc.Args[0].Pos(); got.Line != 2 || got.Col != 3 || got.Offset != 9 {
		t.Errorf("wc at %+v; want 2:3 offset 9 (the alias word)", got)
	}
	if got := wc.Args[2].Pos(); got.Line != 2 || got.Col != 5 || got.Offset != 11 {
		t.Errorf("x at %+v; want 2:5 offset 11", got)
	}
	echo := f.Stmts[2].AndOr.First.Stages[0].Cmd.(*SimpleCmd)
	if got := echo.Args[1].Pos(); got.Line != 2 || got.Col != 13 || got.Offset != 19 {
		t.Errorf("y at %+v; want 2:13 offset 19", got)
	}
}

func TestAliasErrors(t *testing.T) {
	cfg := Config{Aliases: lookupTestAlias}
	for _, c := range []struct {
		src, want  string
		incomplete bool
	}{
		{"echo a\n  bad", "2:3: `|` must be followed by a command", true},
		{"bad ;", "1:1: `|` must be followed by a command, found `;`", false},
		{"open ll", "1:8: expected `fi` to close `if` at 1:1", true},
		{"q", "1:1: reached EOF without closing quote `'`", true},
	} {
		_, err := cfg.Parse([]byte(c.src), "")
		e, ok := err.(*Error)
		if !ok {
			t.Errorf("%q: error %v; want %q", c.src, err, c.want)
			continue
		}
		if e.Error() != c.want || e.Incomplete != c.incomplete {
			t.Errorf("%q: %q incomplete %v; want %q incomplete %v", c.src, e.Error(), e.Incomplete, c.want, c.incomplete)
		}
		if e.Source == "" {
			t.Errorf("%q: no source line", c.src)
		}
	}
}

// FuzzAliases parses with testAliases: no panic or hang, a well-formed
// error, and every position inside the source.
func FuzzAliases(f *testing.F) {
	fuzzSeeds(f)
	for _, c := range aliasCases {
		f.Add(c.src)
	}
	cfg := Config{Aliases: lookupTestAlias}
	f.Fuzz(func(t *testing.T, src string) {
		file, err := parseWithDeadline(t, cfg, src)
		if err != nil {
			e, ok := err.(*Error)
			if !ok || e.Line < 1 || e.Col < 1 || strings.Contains(e.Source, "\n") || e.Msg == "" {
				t.Fatalf("malformed error %#v", err)
			}
		}
		Walk(file, func(n Node) bool {
			if _, ok := n.(*File); ok {
				return true
			}
			for _, p := range []Pos{n.Pos(), n.End()} {
				if p.IsValid() && (p.Offset < 0 || p.Offset > len(src) || p.Line < 1 || p.Col < 1) {
					t.Fatalf("%T at %+v in a source of %d bytes", n, p, len(src))
				}
			}
			return true
		})
	})
}

// Many commands that use aliases, read one at a time: each splice works
// in the room the commands before it left (rebase), and positions stay
// those of the source.
func TestAliasManyCommands(t *testing.T) {
	var src strings.Builder
	const n = 3000
	for i := 0; i < n; i++ {
		src.WriteString("ll x; nl\n")
	}
	p := Config{Aliases: lookupTestAlias}.NewParser([]byte(src.String()), "")
	for i := 0; ; i++ {
		stmts, err := p.Next()
		if err == io.EOF {
			if i != 2*n {
				t.Fatalf("%d commands; want %d", i, 2*n)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		// Line i/2+1 is `ll x; nl`: `ls -l x; echo 1`, then from the
		// alias's second line, `echo 2`, a command of its own.
		line := i/2 + 1
		want, got := "ls", stmts[0].AndOr.First.Stages[0].Cmd.(*SimpleCmd)
		if i%2 == 1 {
			want = "echo"
		}
		if got.Args[0].Lit() != want || got.Pos().Line != line {
			t.Fatalf("command %d: %s at line %d; want %s at line %d", i, got.Args[0].Lit(), got.Pos().Line, want, line)
		}
		if i%2 == 0 {
			if last := stmts[len(stmts)-1].AndOr.First.Stages[0].Cmd.(*SimpleCmd); last.Pos().Col != 7 || last.Pos().Offset != (line-1)*9+6 {
				t.Fatalf("command %d: nl at %+v", i, last.Pos())
			}
		}
	}
}
