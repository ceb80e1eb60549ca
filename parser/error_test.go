package parser

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var errorCases = []struct {
	src        string
	want       string
	incomplete bool
}{
	{"echo a |", "1:8: `|` must be followed by a command", true},
	{"echo a | ;", "1:8: `|` must be followed by a command, found `;`", false},
	{"a &&", "1:3: `&&` must be followed by a command", true},
	{"a ||\n\n", "1:3: `||` must be followed by a command", true},
	{"a |>", "1:3: `|>` must be followed by a command", true},
	{"a |& )", "1:3: `|&` must be followed by a command, found `)`", false},
	{"!", "1:1: `!` must be followed by a command", true},
	{"! ! a", "1:3: `!` unexpected", false},
	{"a | ! b", "1:5: `!` unexpected; `!` may only start a pipeline", false},
	{"echo 'abc", "1:6: reached EOF without closing quote `'`", true},
	{"echo \"abc\n", "1:6: reached EOF without closing quote `\"`", true},
	{"echo $'abc", "1:7: reached EOF without closing quote `'`", true},
	{"echo `abc", "1:6: reached EOF without closing backquote", true},
	{"echo a\\", "1:7: reached EOF after backslash `\\`", true},
	{"echo $(a", "1:9: expected `)` to close `$(` at 1:6", true},
	{"echo $(a; fi)", "1:11: `fi` unexpected, expected `)` to close `$(` at 1:6", false},
	{"echo <(a", "1:9: expected `)` to close `<(` at 1:6", true},
	{"cat > >(a\n", "2:1: expected `)` to close `>(` at 1:7", true},
	{"echo <(a; fi)", "1:11: `fi` unexpected, expected `)` to close `<(` at 1:6", false},
	{"cat <<(a)", "1:5: `<<` must be followed by a word, found `(`", false},
	{"cat >>(a)", "1:5: `>>` must be followed by a word, found `(`", false},
	{"cat < (a)", "1:5: `<` must be followed by a word, found `(`", false},
	{"echo ${a", "1:9: expected `}` to close `${` at 1:6", true},
	{"echo ${a:-b", "1:12: expected `}` to close `${` at 1:6", true},
	{"echo \"${a:-b", "1:13: expected `}` to close `${` at 1:7", true},
	{"echo $((1+2", "1:12: expected `))` to close `$((` at 1:6", true},
	{"echo $((1+2)", "1:12: expected `))` to close `$((` at 1:6", false},
	{"echo ${a:1", "1:11: expected `}` to close `${` at 1:6", true},
	{"echo ${a/b", "1:11: expected `}` to close `${` at 1:6", true},
	{"echo ${#a", "1:10: expected `}` to close `${` at 1:6", true},
	{"echo ${a[1", "1:11: expected `]` to close `[` at 1:9", true},
	{"a[1 + ", "1:7: expected `]` to close `[` at 1:2", true},
	{"if then", "1:4: `then` unexpected", false},
	{"if", "1:3: expected `fi` to close `if` at 1:1", true},
	{"if a; then b", "1:13: expected `fi` to close `if` at 1:1", true},
	{"if a; then b\n", "2:1: expected `fi` to close `if` at 1:1", true},
	{"if a; fi", "1:7: `fi` unexpected, expected `then`", false},
	{"if a; then b; done", "1:15: `done` unexpected, expected `fi` to close `if` at 1:1", false},
	{"while a; do b", "1:14: expected `done` to close `while` at 1:1", true},
	{"until a; done", "1:10: `done` unexpected, expected `do`", false},
	{"for x in a b", "1:13: expected `done` to close `for` at 1:1", true},
	{"for 1 in a; do b; done", "1:5: `1` is not a valid variable name for `for`", false},
	{"for x in a b )", "1:14: `)` unexpected, expected `;` or newline after the words of `for`", false},
	{"select x in a b", "1:16: expected `done` to close `select` at 1:1", true},
	{"select x in a; do", "1:18: expected `done` to close `select` at 1:1", true},
	{"select 1 in a; do b; done", "1:8: `1` is not a valid variable name for `select`", false},
	{"select x in a )", "1:15: `)` unexpected, expected `;` or newline after the words of `select`", false},
	{"select; do b; done", "1:7: `;` unexpected, expected a variable name after `select`", false},
	{"case x in a) b", "1:15: expected `esac` to close `case` at 1:1", true},
	{"case x in a b) c;; esac", "1:13: `b` unexpected, expected `)` after the pattern", false},
	{"case x a) b;; esac", "1:8: `a` unexpected, expected `in`", false},
	{"case x in a) b; c) d;; esac", "1:18: `)` unexpected, expected `;;` or `esac`", false},
	{"{ a", "1:4: expected `}` to close `{` at 1:1", true},
	{"{ a )", "1:5: `)` unexpected, expected `}` to close `{` at 1:1", false},
	{"{ }", "1:3: `}` unexpected", false},
	{"( a", "1:4: expected `)` to close `(` at 1:1", true},
	{"()", "1:2: `)` unexpected", false},
	{"[[ ]]", "1:4: `]]` unexpected, expected an expression after `[[`", false},
	{"[[ a", "1:5: expected `]]` to close `[[` at 1:1", true},
	{"[[ a &&", "1:8: expected `]]` to close `[[` at 1:1", true},
	{"[[ -f ]]", "1:7: `]]` unexpected, expected an operand after `-f`", false},
	{"[[ a == ]]", "1:9: `]]` unexpected, expected an operand after `==`", false},
	{"[[ a b ]]", "1:6: `b` unexpected, expected `]]` to close `[[` at 1:1", false},
	{"[[ ( a ]]", "1:8: `]]` unexpected, expected `)` to close `(` at 1:4", false},
	{"[[ a ]] b", "1:9: `b` unexpected", false},
	{"((x = 1", "1:8: expected `))` to close `((` at 1:1", true},
	{"((x = 1) ; b", "1:13: expected `)` to close `(` at 1:1", true},
	{"for ((i=0; i<3))", "1:15: expected `;` in `for ((`", false},
	{"for ((i=0; i<3; i++", "1:20: expected `))` to close `((` at 1:5", true},
	{"for ((;;)) b", "1:12: `b` unexpected, expected `do`", false},
	{"a=(x", "1:5: expected `)` to close `(` at 1:3", true},
	{"a=(x ;)", "1:6: `;` unexpected, expected `)` to close `(` at 1:3", false},
	{"a )", "1:3: `)` unexpected", false},
	{"echo f=(x)", "1:8: `(` unexpected", false},
	{"declare a= (x)", "1:12: `(` unexpected", false},
	{"local a=(x", "1:11: expected `)` to close `(` at 1:9", true},
	{"fi", "1:1: `fi` unexpected", false},
	{"in", "1:1: `in` unexpected", false},
	{";", "1:1: `;` unexpected", false},
	{"a;;", "1:2: `;;` unexpected", false},
	{"a & ; b", "1:5: `;` unexpected", false},
	{"echo a (", "1:8: `(` unexpected", false},
	{"f() a", "1:5: function `f` must have a compound command as its body, found `a`", false},
	{"f()", "1:4: function `f` must have a compound command as its body", true},
	{"\"f\"() { a; }", "1:4: `(` unexpected after `\"f\"` (not a valid function name)", false},
	{"function", "1:9: `function` must be followed by a name", true},
	{"{ a; } b", "1:8: `b` unexpected", false},
	{"cat <", "1:5: `<` must be followed by a word", true},
	{"cat > ;", "1:5: `>` must be followed by a word, found `;`", false},
	{"cat 2>", "1:5: `>` must be followed by a word", true},
	{"cat <<EOF", "1:5: reached EOF without here-document delimiter `EOF`", true},
	{"cat <<EOF\nabc\n", "1:5: reached EOF without here-document delimiter `EOF`", true},
	{"cat <<'E O'\nabc\nE\n", "1:5: reached EOF without here-document delimiter `E O`", true},
	{"cat 99999999999>x", "1:5: file descriptor number `99999999999` is too large", false},
	{"echo `if`", "1:9: expected `fi` to close `if` at 1:7", false},
	{"echo ok\nif then", "2:4: `then` unexpected", false},
	{"a\n\tb |", "2:4: `|` must be followed by a command", true},
}

func TestErrors(t *testing.T) {
	for _, c := range errorCases {
		_, err := Parse([]byte(c.src), "")
		if err == nil {
			t.Errorf("Parse(%q): no error, want %q", c.src, c.want)
			continue
		}
		e, ok := err.(*Error)
		if !ok {
			t.Errorf("Parse(%q): error %T, want *Error", c.src, err)
			continue
		}
		if e.Error() != c.want || e.Incomplete != c.incomplete {
			t.Errorf("Parse(%q):\n got %q incomplete=%v\nwant %q incomplete=%v", c.src, e.Error(), e.Incomplete, c.want, c.incomplete)
		}
	}
}

// extGlobErrorCases are parsed with extglob on (on: true) or off.
var extGlobErrorCases = []struct {
	src        string
	on         bool
	want       string
	incomplete bool
}{
	{"echo @(a", true, "1:9: expected `)` to close `@(` at 1:6", true},
	{"echo @(a|$(b)", true, "1:14: expected `)` to close `@(` at 1:6", true},
	{"echo !(a\n", true, "2:1: expected `)` to close `!(` at 1:6", true},
	{"echo x@(a|\"b)", true, "1:11: reached EOF without closing quote `\"`", true},
	{"echo @(a|b)x)", true, "1:13: `)` unexpected", false},
	{"echo @(a)", false, "1:7: `(` unexpected", false},
	{"echo !(a)", false, "1:7: `(` unexpected", false},
	{"case x in @(a)) ;; esac", false, "1:12: `(` unexpected, expected `)` after the pattern", false},
	{"[[ @(a) ]]", false, "1:5: `(` unexpected, expected `]]` to close `[[` at 1:1", false},
	{"[[ a == @(b ]]", false, "1:15: expected `)` to close `@(` at 1:9", true},
}

func TestExtGlobErrors(t *testing.T) {
	for _, c := range extGlobErrorCases {
		cfg := Config{ExtGlob: func() bool { return c.on }}
		_, err := cfg.Parse([]byte(c.src), "")
		e, ok := err.(*Error)
		if !ok {
			t.Errorf("Parse(%q) (extglob %v): error %v, want %q", c.src, c.on, err, c.want)
			continue
		}
		if got := e.Error(); got != c.want || e.Incomplete != c.incomplete {
			t.Errorf("Parse(%q) (extglob %v) = %q incomplete %v, want %q incomplete %v", c.src, c.on, got, e.Incomplete, c.want, c.incomplete)
		}
	}
}

func TestErrorFormat(t *testing.T) {
	_, err := Parse([]byte("echo ok\n\techo a |"), "x.sh")
	e := err.(*Error)
	if got, want := e.Error(), "x.sh:2:9: `|` must be followed by a command"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if got, want := e.Snippet(), "\techo a |\n\t       ^"; got != want {
		t.Errorf("Snippet() = %q, want %q", got, want)
	}
	if e.Source != "\techo a |" {
		t.Errorf("Source = %q", e.Source)
	}
	// An if left open at the end of a file points at the empty line after
	// the last one: the snippet shows where the text stopped instead.
	_, err = Parse([]byte("if true\nthen\n\techo b\n\n"), "s.sh")
	e = err.(*Error)
	if got, want := e.Error(), "s.sh:5:1: expected `fi` to close `if` at 1:1"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if got, want := e.Snippet(), "\techo b\n\t      ^"; got != want {
		t.Errorf("Snippet() = %q, want %q", got, want)
	}
	if e.SourceLine != 3 {
		t.Errorf("SourceLine = %d, want 3", e.SourceLine)
	}
	_, err = Parse([]byte("\n\n"+"echo 'x"), "")
	if got, want := err.(*Error).Snippet(), "echo 'x\n     ^"; got != want {
		t.Errorf("Snippet() = %q, want %q", got, want)
	}
	_, err = Parse([]byte("é 'x"), "")
	if got, want := err.(*Error).Snippet(), "é 'x\n  ^"; got != want {
		t.Errorf("Snippet() = %q, want %q", got, want)
	}
}

// TestDeepNesting checks that deep nesting gives an error promptly instead
// of exhausting the stack.
func TestDeepNesting(t *testing.T) {
	inputs := []string{
		strings.Repeat("( ", 5000) + "a" + strings.Repeat(" )", 5000),
		strings.Repeat("(", 5000),
		strings.Repeat("{ ", 5000),
		strings.Repeat("$(", 5000),
		strings.Repeat("\"$(", 5000),
		strings.Repeat("${x:-", 5000),
		strings.Repeat("\"${x:-", 5000),
		strings.Repeat("if a; then ", 5000),
		strings.Repeat("$((", 5000),
		strings.Repeat("`", 5001),
		strings.Repeat("f() ", 5000),
	}
	for _, src := range inputs {
		start := time.Now()
		_, err := Parse([]byte(src), "")
		if err == nil {
			t.Errorf("Parse(%.20q...): no error", src)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("Parse(%.20q...) took %v", src, d)
		}
	}
	// Moderate nesting is fine.
	src := strings.Repeat("( ", 500) + "a" + strings.Repeat(" )", 500)
	if _, err := Parse([]byte(src), ""); err != nil {
		t.Errorf("500 nested subshells: %v", err)
	}
}

// Text bash takes for a ${…} but that is no expansion parses to a
// ParamExp with Bad set (the expansion fails, as in bash), and prints as
// written; one the input could still close is incomplete.
func TestBadSubstitutionIsRead(t *testing.T) {
	for _, src := range []string{"${}", "${(M)x}", "${=1}", "${a:}", "${!1*}", "${a[1}", "${(M)${(k)p[@]}:#_*}", `${x'}'}`} {
		f, err := Parse([]byte("echo "+src+" after"), "t")
		if err != nil {
			t.Errorf("%s: %v", src, err)
			continue
		}
		if got := strings.TrimSuffix(Format(f), "\n"); got != "echo "+src+" after" {
			t.Errorf("%s: printed as %q", src, got)
		}
	}
	var perr *Error
	if _, err := Parse([]byte("echo ${(M)x"), "t"); !errors.As(err, &perr) || !perr.Incomplete {
		t.Errorf("unclosed: %v, want an incomplete input", err)
	}
}
