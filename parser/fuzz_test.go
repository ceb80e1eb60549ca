package parser

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/shlex"
)

// fuzzSeeds adds the table inputs, the sample scripts and the error inputs.
func fuzzSeeds(f *testing.F) {
	for _, c := range parseCases {
		f.Add(c.src)
	}
	for _, s := range sampleScripts {
		f.Add(s)
	}
	for _, c := range errorCases {
		f.Add(c.src)
	}
	for _, c := range extGlobCases {
		f.Add(c.src)
	}
	for _, c := range extGlobErrorCases {
		f.Add(c.src)
	}
}

// parseWithDeadline parses src with cfg in another goroutine and fails
// the test if that takes too long: a hang is a bug.
func parseWithDeadline(t *testing.T, cfg Config, src string) (*File, error) {
	t.Helper()
	type result struct {
		f   *File
		err error
	}
	done := make(chan result, 1)
	go func() {
		f, err := cfg.Parse([]byte(src), "fuzz")
		done <- result{f, err}
	}()
	select {
	case r := <-done:
		return r.f, r.err
	case <-time.After(10 * time.Second):
		t.Fatalf("Parse(%q) did not finish within 10s", src)
	}
	return nil, nil
}

func FuzzParse(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, src string) {
		checkParse(t, Config{}, src)
		checkParse(t, extGlobOn, src)
	})
}

// checkParse checks what FuzzParse checks of src parsed with cfg.
func checkParse(t *testing.T, cfg Config, src string) {
	{
		file, err := parseWithDeadline(t, cfg, src)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			if e.Line < 1 || e.Col < 1 || strings.Contains(e.Source, "\n") || e.Msg == "" {
				t.Fatalf("malformed error %+v", e)
			}
			_ = e.Snippet()
		}
		// Every node lies inside the source, Pos before End.
		Walk(file, func(n Node) bool {
			if _, ok := n.(*File); ok {
				return true
			}
			if sc, ok := n.(*SimpleCmd); ok && len(sc.Args) == 0 && len(sc.Assigns) == 0 {
				return true
			}
			p, e := n.Pos(), n.End()
			if !p.IsValid() || !e.IsValid() || p.Offset > e.Offset || e.Offset > len(src) {
				t.Fatalf("%T has span %+v-%+v in a source of %d bytes", n, p, e, len(src))
			}
			return true
		})
		// Without backslashes (so without line continuations, which
		// positions computed from lengths do not see) every node slices
		// the source at its text (here-document bodies, read after the
		// next newline, may sit inside the text of a later statement).
		if err == nil && !strings.Contains(src, "\\") && !strings.Contains(src, "<<") {
			checkPositions(t, cfg, src, file)
		}
		// Next agrees with Parse, and so does a Parser that gets the
		// source a line at a time through More.
		np := cfg.NewParser([]byte(src), "fuzz")
		checkNext(t, np, file, err)
		lines := strings.SplitAfter(src, "\n")
		mcfg := cfg
		mcfg.More = func() []byte {
			for len(lines) > 0 && lines[0] == "" {
				lines = lines[1:]
			}
			if len(lines) == 0 {
				return nil
			}
			l := lines[0]
			lines = lines[1:]
			return []byte(l)
		}
		checkNext(t, mcfg.NewParser(nil, "fuzz"), file, err)
	}
}

// checkNext reads np to its end and checks that it gives what Parse gave:
// file's statements, or err.
func checkNext(t *testing.T, np *Parser, file *File, err error) {
	t.Helper()
	var stmts []*Stmt
	for {
		s, err2 := np.Next()
		if err2 == io.EOF {
			if err != nil {
				t.Fatalf("Parse failed (%v) but Next did not", err)
			}
			break
		}
		if err2 != nil {
			if err == nil || err.Error() != err2.Error() {
				t.Fatalf("Next failed with %v, Parse with %v", err2, err)
			}
			break
		}
		stmts = append(stmts, s...)
	}
	if len(stmts) != len(file.Stmts) {
		t.Fatalf("Next gave %d statements, Parse %d", len(stmts), len(file.Stmts))
	}
	if err == nil {
		if a, b := Format(&File{Stmts: stmts}), Format(file); a != b {
			t.Fatalf("Next gave\n%s\nParse gave\n%s", a, b)
		}
	}
}

func FuzzRoundTrip(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, src string) {
		for _, cfg := range []Config{{}, extGlobOn} {
			if _, err := parseWithDeadline(t, cfg, src); err == nil {
				roundTrip(t, cfg, src)
			}
		}
	})
}

// shlexSubset reports whether src is in the subset of syntax where a POSIX
// shell and shlex must agree on the words: no expansions, operators,
// comments, tildes, newlines, or backslashes inside double quotes.
func shlexSubset(src string) bool {
	if !utf8.ValidString(src) || strings.ContainsAny(src, "$`|&;<>()#~\n\r") {
		return false
	}
	inDQ, inSQ := false, false
	for i := 0; i < len(src); i++ {
		switch c := src[i]; {
		case inSQ:
			inSQ = c != '\''
		case inDQ:
			if c == '\\' {
				return false
			}
			inDQ = c != '"'
		case c == '\\':
			i++
		case c == '\'':
			inSQ = true
		case c == '"':
			inDQ = true
		}
	}
	return true
}

// plainWords returns the words of "echo SRC" after quote removal.
func plainWords(src string) ([]string, error) {
	f, err := Parse([]byte("echo "+src), "")
	if err != nil {
		return nil, err
	}
	if len(f.Stmts) != 1 {
		return nil, errors.New("not one statement")
	}
	sc := f.Stmts[0].AndOr.First.Stages[0].Cmd.(*SimpleCmd)
	var words []string
	for _, w := range sc.Args[1:] {
		var b strings.Builder
		for _, part := range w.Parts {
			switch x := part.(type) {
			case *Lit:
				b.WriteString(x.Value)
			case *Escaped:
				b.WriteString(x.Value)
			case *SglQuoted:
				b.WriteString(x.Value)
			case *DblQuoted:
				for _, q := range x.Parts {
					b.WriteString(q.(*Lit).Value)
				}
			default:
				return nil, errors.New("unexpected part")
			}
		}
		words = append(words, b.String())
	}
	return words, nil
}

func checkShlex(t *testing.T, src string) {
	t.Helper()
	want, werr := shlex.Split(src)
	got, gerr := plainWords(src)
	if (werr != nil) != (gerr != nil) {
		t.Fatalf("%q: shlex error %v, plumb error %v", src, werr, gerr)
	}
	if werr != nil {
		return
	}
	if strings.Join(got, "\x00") != strings.Join(want, "\x00") || len(got) != len(want) {
		t.Fatalf("%q: plumb words %q, shlex words %q", src, got, want)
	}
}

var shlexCases = []string{
	`a b c`, `  a   b  `, `'a b' "c d"`, `a'b'c"d"e`, `a\ b \'x\' \"`,
	`"it's"`, `'say "hi"'`, `a\\b`, `x=1 y='2 3'`, `{a,b} * ? [x]`, `""`, `''`,
	`'unterminated`, `"unterminated`, `end\`, "tab\tsep", `é "ü ß" 'ñ'`,
	`-n --long=value "--opt= spaced"`, `!bang {brace}`,
}

func TestShlex(t *testing.T) {
	for _, src := range shlexCases {
		if !shlexSubset(src) {
			t.Fatalf("%q is not in the shlex subset", src)
		}
		checkShlex(t, src)
	}
}

func FuzzShlex(f *testing.F) {
	for _, s := range shlexCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if !shlexSubset(src) {
			return
		}
		checkShlex(t, src)
	})
}

// benchScript is a large script made of the sample scripts.
func benchScript() []byte {
	var b strings.Builder
	for b.Len() < 1<<20 {
		for _, s := range sampleScripts {
			b.WriteString(s)
			b.WriteString("\n")
		}
	}
	return []byte(b.String())
}

func BenchmarkParse(b *testing.B) {
	src := benchScript()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(src, "bench"); err != nil {
			b.Fatal(err)
		}
	}
}
