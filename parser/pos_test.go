package parser

import (
	"reflect"
	"strings"
	"testing"
)

// sampleScripts is a corpus of scripts for the position, round-trip and
// fuzz tests.
var sampleScripts = []string{
	`#!/bin/sh
# A sample script.
set -eu
name=${1:-world} count=0
greet() {
	echo "hello, $name" >&2
	count=$((count + 1))
}
for f in *.go "$HOME"/x ~/y; do
	if [ -f "$f" ] && ! grep -q x "$f"; then
		greet | tee -a log 2>/dev/null
	elif test -d "$f"; then
		(cd "$f" && ls -l) |& wc -l
	else
		: ${f%%.go} ${#f} ${PIPESTATUS[@]}
	fi
done
while read -r line; do
	case $line in
		(a*|b*) echo "ab: $line" ;;
		c) continue ;&
		*) break ;;&
	esac
done <input.txt
until false; do break; done
x=$(date +%s) y=` + "`uname -a`" + `
cat <<END >out
value: $x ${y:-none} $(echo nested)
END
cat <<-'RAW' | sort
	$not expanded
	RAW
{ echo a; echo b; } 2>&1 | cat
function fn { return 0; }
fn && echo ok || echo bad &
server |>tcp client
a <|> b
echo $'tab\there' \* 'single' a\ b
`,
	`if true
then
  echo multi \
    line
fi
echo "quoted ${var:-"default value"} $((1 + (2 * 3)))" 3<&0 >>app
exec 3>&- 4<>rw <<<'here string'
`,
	"x=1\ny=2; z=3 &\n",
	`#!/bin/bash
# Bash extensions.
files=(*.go "$HOME"/x) files+=(more)
files[2]=w n=${#files[@]} last=${files[n-1]} keys=${!files[*]}
for ((i = 0; i < n; i++)); do
	[[ -f ${files[i]} && ${files[i]} != *.tmp ]] || continue
	if [[ ${files[i]} =~ ^([a-z]+)\.(go|sh)$ ]]; then
		echo "${BASH_REMATCH[1]^^}" "${files[i]//./_}" ${files[i]:1:2}
	fi
	(( count += 1 ))
done
for ((j = 0; j < 2; j++)) { [[ $j == 0
	&& -n x ]] && echo $j; }
keep() { local -a kept=("${files[@]:1}" x) n=0; declare -g all=(); }
ref=files; echo ${!ref} "${@:2}" ${x/#a/b} "${x/%\/}" ${x,,} $[n + 1] ${x@Q} "${x#'a'}"
PS3='pick: '
select f in "${files[@]}" quit
do
	[[ $f == quit ]] && break
	echo "$REPLY: $f"
done 2>&1
`,
}

// TestPositions checks for every node of the parsed corpus that its Pos and
// End slice the source at the node's text.
func TestPositions(t *testing.T) {
	srcs := append([]string{}, sampleScripts...)
	for _, c := range parseCases {
		srcs = append(srcs, c.src)
	}
	for _, src := range srcs {
		f, err := Parse([]byte(src), "")
		if err != nil {
			t.Fatalf("Parse(%q): %v", src, err)
		}
		checkPositions(t, Config{}, src, f)
	}
	for _, c := range extGlobCases {
		f, err := extGlobOn.Parse([]byte(c.src), "")
		if err != nil {
			t.Fatalf("Parse(%q): %v", c.src, err)
		}
		checkPositions(t, extGlobOn, c.src, f)
	}
}

func checkPositions(t *testing.T, cfg Config, src string, f *File) {
	t.Helper()
	var visit func(n Node, parentStart, parentEnd int, ctx string) bool
	visit = func(n Node, ps, pe int, ctx string) bool {
		if _, ok := n.(*File); ok {
			return true
		}
		pos, end := n.Pos(), n.End()
		if sc, ok := n.(*SimpleCmd); ok && len(sc.Assigns) == 0 && len(sc.Args) == 0 {
			return true
		}
		if !pos.IsValid() || !end.IsValid() || pos.Offset > end.Offset || end.Offset > len(src) {
			t.Errorf("%q: %T has bad span %v-%v", src, n, pos, end)
			return false
		}
		if pos.Offset < ps || end.Offset > pe {
			t.Errorf("%q: %T %q lies outside its parent %q", src, n, src[pos.Offset:end.Offset], src[ps:pe])
			return false
		}
		// Line and column agree with the offset.
		for _, p := range []Pos{pos, end} {
			line := strings.Count(src[:p.Offset], "\n") + 1
			col := p.Offset - (strings.LastIndex(src[:p.Offset], "\n") + 1) + 1
			if p.Line != line || p.Col != col {
				t.Errorf("%q: %T position %+v, want line %d col %d", src, n, p, line, col)
			}
		}
		text := src[pos.Offset:end.Offset]
		if !strings.Contains(ctx, "bq") {
			checkText(t, cfg, src, n, text, ctx)
		}
		return true
	}
	var walk func(n Node, ps, pe int, ctx string)
	walk = func(n Node, ps, pe int, ctx string) {
		if !visit(n, ps, pe, ctx) {
			return
		}
		s, e := ps, pe
		if n.Pos().IsValid() {
			s, e = n.Pos().Offset, n.End().Offset
		}
		childCtx := ctx
		switch x := n.(type) {
		case *DblQuoted:
			childCtx += ",dq"
		case *ParamExp:
			childCtx += ",arg"
		case *ArithExp, *ArithCmd, *ArithForClause:
			childCtx += ",arith"
		case *TestBinary:
			if x.Op == "=~" {
				childCtx += ",regex"
			}
		case *CmdSubst:
			if x.Backquote {
				childCtx += ",bq"
			} else {
				childCtx = ",cmd"
			}
		case *ProcSubst:
			childCtx = ",cmd"
		case *Assign, *ArrayElem:
			childCtx += ",assign"
		case *Redirect:
			if x.Hdoc != nil {
				walk(x.Word, s, e, ctx)
				walk(x.Hdoc, 0, len(src), ",hdoc")
				return
			}
		}
		Walk(n, func(c Node) bool {
			if c == n {
				return true
			}
			walk(c, s, e, childCtx)
			return false
		})
	}
	walk(f, 0, len(src), "")
}

// hasHeredoc reports whether n holds a here-document redirection.
func hasHeredoc(n Node) bool {
	found := false
	Walk(n, func(c Node) bool {
		if r, ok := c.(*Redirect); ok && (r.Op == Heredoc || r.Op == DashHeredoc) {
			found = true
		}
		return !found
	})
	return found
}

func checkText(t *testing.T, cfg Config, src string, n Node, text, ctx string) {
	t.Helper()
	bad := func(format string, args ...any) {
		t.Helper()
		t.Errorf("%q: %T slices to %q: "+format, append([]any{src, n, text}, args...)...)
	}
	nocont := strings.ReplaceAll(text, "\\\n", "")
	switch x := n.(type) {
	case *Stmt, *AndOr, *Pipeline, *Stage, Command:
		if hasHeredoc(n) || strings.Contains(text, "<<") {
			return // the body of a here-document lies outside the text
		}
		if sc, ok := n.(*SimpleCmd); ok && len(sc.Assigns) == 0 && (isReservedWord(sc.Args[0].Lit()) || sc.Args[0].Lit() == "[[") {
			return // a word that is only plain after a redirection
		}
		g, err := cfg.Parse([]byte(text), "")
		if err != nil || len(g.Stmts) != 1 {
			bad("does not parse as one statement: %v", err)
			return
		}
		var got Node = g.Stmts[0]
		s := g.Stmts[0]
		switch n.(type) {
		case *AndOr:
			got = s.AndOr
		case *Pipeline:
			got = s.AndOr.First
		case *Stage:
			got = s.AndOr.First.Stages[0]
		case Command:
			got = s.AndOr.First.Stages[0].Cmd
		}
		if !reflect.DeepEqual(zeroPos(got), zeroPos(copyNode(n))) {
			bad("which parses as\n%s\nnot\n%s", dump(zeroPos(got)), dump(n))
		}
	case *Word:
		if strings.HasSuffix(ctx, "assign") || strings.Contains(ctx, "arg") || strings.Contains(ctx, "regex") || strings.Contains(ctx, "hdoc") || strings.Contains(ctx, "arith") || strings.Contains(ctx, "dq") {
			return
		}
		p := cfg.newParser([]byte(text), "")
		p.extPat = true // as after == in [[ ]]
		p.next()
		same := func() bool {
			return p.tok == tokWord && p.tokEnd == len(text) && reflect.DeepEqual(zeroPos(p.word), zeroPos(copyNode(x)))
		}
		if !same() && p.tok == tokWord {
			// A command's first word reads `name[…]` to its "]".
			func() {
				defer func() { _ = recover() }()
				p.relexSubscript()
			}()
		}
		if !same() {
			bad("which does not lex as the same word")
		}
	case *Link:
		if text != x.Kind.String() {
			bad("want %q", x.Kind.String())
		}
	case *Redirect:
		if !strings.HasPrefix(strings.TrimLeft(text, "0123456789"), x.Op.String()) {
			bad("want operator %q", x.Op)
		}
	case *Assign:
		op := "="
		if x.Append {
			op = "+="
		}
		if x.Index != nil {
			op = "[" + strings.ReplaceAll(src[x.Index.Pos().Offset:x.Index.End().Offset], "\\\n", "") + "]" + op
		}
		if !strings.HasPrefix(nocont, x.Name+op) {
			bad("want prefix %q", x.Name+op)
		}
		if x.Array != nil && !strings.HasSuffix(text, ")") {
			bad("want an array ending in )")
		}
	case *ArrayElem:
		if x.Index != nil {
			op := "[" + src[x.Index.Pos().Offset:x.Index.End().Offset] + "]="
			if x.Append {
				op = op[:len(op)-1] + "+="
			}
			if !strings.HasPrefix(nocont, op) {
				bad("want prefix %q", op)
			}
		}
	case *Lit:
		if strings.Contains(ctx, "hdoc") || strings.Contains(text, "\\") {
			return
		}
		if nocont != x.Value {
			bad("want value %q", x.Value)
		}
	case *Escaped:
		if text != "\\"+x.Value {
			bad("want %q", "\\"+x.Value)
		}
	case *SglQuoted:
		if !x.Dollar && text != "'"+x.Value+"'" || x.Dollar && (!strings.HasPrefix(text, "$'") || !strings.HasSuffix(text, "'")) {
			bad("not a quoted string")
		}
	case *DblQuoted:
		if !(strings.HasPrefix(text, "\"") || strings.HasPrefix(text, "$\"")) || !strings.HasSuffix(text, "\"") || len(text) < 2 {
			bad("not a double-quoted string")
		}
	case *ParamExp:
		if x.Short && nocont != "$"+x.Param || !x.Short && (!strings.HasPrefix(text, "${") || !strings.HasSuffix(text, "}")) {
			bad("not a parameter expansion")
		}
	case *CmdSubst:
		if x.Backquote && (text[0] != '`' || text[len(text)-1] != '`') || !x.Backquote && (!strings.HasPrefix(text, "$(") || !strings.HasSuffix(text, ")")) {
			bad("not a command substitution")
		}
	case *ProcSubst:
		op := ">("
		if x.In {
			op = "<("
		}
		if !strings.HasPrefix(text, op) || !strings.HasSuffix(text, ")") {
			bad("not a process substitution")
		}
	case *ExtGlob:
		if !strings.HasPrefix(text, string(x.Op)+"(") || !strings.HasSuffix(text, ")") {
			bad("not an extended pattern group")
		}
	case *ArithExp:
		if x.Bracket && (!strings.HasPrefix(text, "$[") || !strings.HasSuffix(text, "]")) {
			bad("not a $[…] arithmetic expansion")
		} else if !x.Bracket && (!strings.HasPrefix(text, "$((") || !strings.HasSuffix(text, "))")) {
			bad("not an arithmetic expansion")
		}
	case *Tilde:
		if text != "~"+x.User {
			bad("want %q", "~"+x.User)
		}
	}
}

// copyNode returns a deep copy of n, so zeroing its positions leaves the
// tree being walked intact.
func copyNode(n Node) any {
	return deepCopy(reflect.ValueOf(n)).Interface()
}

func deepCopy(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		c := reflect.New(v.Elem().Type())
		c.Elem().Set(deepCopy(v.Elem()))
		return c
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		c := reflect.New(v.Type()).Elem()
		c.Set(deepCopy(v.Elem()))
		return c
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			c.Index(i).Set(deepCopy(v.Index(i)))
		}
		return c
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeMapWithSize(v.Type(), v.Len())
		for _, k := range v.MapKeys() {
			c.SetMapIndex(k, deepCopy(v.MapIndex(k)))
		}
		return c
	case reflect.Struct:
		c := reflect.New(v.Type()).Elem()
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				c.Field(i).Set(deepCopy(v.Field(i)))
			}
		}
		return c
	}
	return v
}
