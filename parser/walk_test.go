package parser

import (
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestWalk(t *testing.T) {
	f, err := Parse([]byte("x=1 a \"$b\" >o | c && case w in p) d;; esac\nif e; then :; elif g; then h; else i; fi"), "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	Walk(f, func(n Node) bool {
		name := strings.TrimPrefix(fmt.Sprintf("%T", n), "*parser.")
		if l, ok := n.(*Lit); ok {
			name += ":" + l.Value
		}
		got = append(got, name)
		return true
	})
	want := strings.Fields(`File Stmt AndOr Pipeline Stage SimpleCmd Assign Word Lit:1
		Word Lit:a Word DblQuoted ParamExp Redirect Word Lit:o Link Stage SimpleCmd Word Lit:c
		Pipeline Stage CaseClause Word Lit:w Word Lit:p Stmt AndOr Pipeline Stage SimpleCmd Word Lit:d
		Stmt AndOr Pipeline Stage IfClause
		Stmt AndOr Pipeline Stage SimpleCmd Word Lit:e
		Stmt AndOr Pipeline Stage SimpleCmd Word Lit::
		Stmt AndOr Pipeline Stage SimpleCmd Word Lit:g
		Stmt AndOr Pipeline Stage SimpleCmd Word Lit:h
		Stmt AndOr Pipeline Stage SimpleCmd Word Lit:i`)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Walk visited\n%q\nwant\n%q", got, want)
	}

	// Returning false skips the children.
	Walk(f, func(n Node) bool {
		switch n.(type) {
		case *SimpleCmd, *CaseClause, *IfClause, *Word:
			t.Errorf("Walk went below a Stage: %T", n)
		}
		_, isStage := n.(*Stage)
		return !isStage
	})
	Walk(f, func(n2 Node) bool {
		if _, ok := n2.(*Word); ok {
			t.Errorf("Walk went below a File whose visitor returned false")
		}
		return false
	})
}

func ExampleParser_Next() {
	src := "echo one; echo two\ncat <<EOF\nbody\nEOF\nif then\necho never\n"
	p := NewParser([]byte(src), "script.sh")
	for {
		stmts, err := p.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println(err)
			fmt.Println(err.(*Error).Snippet())
			break
		}
		for _, s := range stmts {
			Print(os.Stdout, s)
			fmt.Println()
		}
	}
	// Output:
	// echo one
	// echo two
	// cat <<EOF
	// body
	// EOF
	//
	// script.sh:5:4: `then` unexpected
	// if then
	//    ^
}

func ExampleParse() {
	f, err := Parse([]byte(`for f in *.txt; do wc -l "$f" |> sort; done`), "")
	if err != nil {
		fmt.Println(err)
		return
	}
	loop := f.Stmts[0].AndOr.First.Stages[0].Cmd.(*ForClause)
	body := loop.Body[0].AndOr.First
	fmt.Println(loop.Name, len(body.Stages), body.Links[0].Kind)
	// Output: f 2 |>
}
