package arith

import (
	"errors"
	"fmt"
	"math/rand"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/plumbsh/plumb/shell/internal/bashtest"
)

// mapVars is an Vars over a map; names in readonly refuse Set.
type mapVars struct {
	m        map[string]string
	readonly map[string]bool
}

func (v *mapVars) Get(name string) (string, bool) {
	s, ok := v.m[name]
	return s, ok
}

func (v *mapVars) Set(name, value string) error {
	if v.readonly[name] {
		return fmt.Errorf("%s: readonly variable", name)
	}
	v.m[name] = value
	return nil
}

// arithStart is the variable set every arithmetic case starts from, also
// written as a bash prelude.
var arithStart = map[string]string{"x": "7", "y": "3", "z": "x+1", "w": " ", "v": "1+", "u": "u", "o": "010", "h": "0x10", "n": "-4"}

func arithPrelude() string {
	var b strings.Builder
	for _, k := range sortedKeys(arithStart) {
		fmt.Fprintf(&b, "%s='%s'; ", k, arithStart[k])
	}
	return b.String()
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

type arithCase struct {
	expr string
	want string // the value, or the error text as bash prints it after "bash: line 1: "
	sets string // assignments made, "x=8 y=4" (sorted), compared for successful cases
}

var arithCases = []arithCase{
	{"", "0", ""},
	{"  ", "0", ""},
	{"1+2*3", "7", ""},
	{"(1+2)*3", "9", ""},
	{"10/3", "3", ""},
	{"-7/2", "-3", ""},
	{"-7%3", "-1", ""},
	{"7%-3", "1", ""},
	{"2**10", "1024", ""},
	{"2**3**2", "512", ""},
	{"-2**2", "4", ""},
	{"2**63", "-9223372036854775808", ""},
	{"2**64", "0", ""},
	{"3**0", "1", ""},
	{"9223372036854775807+1", "-9223372036854775808", ""},
	{"-9223372036854775808/-1", "-9223372036854775808", ""},
	{"-9223372036854775808%-1", "0", ""},
	{"9223372036854775808", "-9223372036854775808", ""},
	{"18446744073709551616", "0", ""},
	{"1<<3", "8", ""},
	{"1<<63>>63", "-1", ""},
	{"1<<64", "1", ""},
	{"1<<-1", "-9223372036854775808", ""},
	{"-1>>1", "-1", ""},
	{"256>>4", "16", ""},
	{"3<4", "1", ""},
	{"3<=3", "1", ""},
	{"3>4", "0", ""},
	{"4>=5", "0", ""},
	{"3>2>1", "0", ""},
	{"2==2", "1", ""},
	{"2!=2", "0", ""},
	{"6&3", "2", ""},
	{"6^3", "5", ""},
	{"6|3", "7", ""},
	{"1&&0||1", "1", ""},
	{"0||0", "0", ""},
	{"5&&7", "1", ""},
	{"!0", "1", ""},
	{"!5", "0", ""},
	{"~5", "-6", ""},
	{"-(-5)", "5", ""},
	{"+-+5", "-5", ""},
	{"- -x", "7", ""},
	{"--5", "5", ""},
	{"++5", "5", ""},
	{"1++2", "3", ""},
	{"1--2", "3", ""},
	{"++ +x", "7", ""},
	{"010", "8", ""},
	{"0x1F", "31", ""},
	{"0X1f", "31", ""},
	{"0x", "0", ""},
	{"0", "0", ""},
	{"2#101", "5", ""},
	{"16#ff", "255", ""},
	{"36#Zz", "1295", ""},
	{"64#@_", "4031", ""},
	{"64#A", "36", ""},
	{"64#a", "10", ""},
	{"10#08", "8", ""},
	{"1?2:3", "2", ""},
	{"0?2:3", "3", ""},
	{"1?0:1?2:3", "0", ""},
	{"0?1:0?2:3", "3", ""},
	{"1,2", "2", ""},
	// Variables.
	{"x", "7", ""},
	{"x+y*2", "13", ""},
	{"z", "8", ""},
	{"z*2", "16", ""}, // z's value is evaluated on its own: (x+1)*2
	{"w", "0", ""},
	{"w+1", "1", ""},
	{"unset_var", "0", ""},
	{"unset_var+1", "1", ""},
	{"o", "8", ""},
	{"h+1", "17", ""},
	{"n*n", "16", ""},
	// Assignment and side effects.
	{"x=5", "5", "x=5"},
	{"x=y=4", "4", "x=4 y=4"},
	{"x+=y+=1", "11", "x=11 y=4"},
	{"x-=10", "-3", "x=-3"},
	{"x*=2", "14", "x=14"},
	{"x/=2", "3", "x=3"},
	{"x%=4", "3", "x=3"},
	{"x<<=2", "28", "x=28"},
	{"x>>=1", "3", "x=3"},
	{"x&=3", "3", "x=3"},
	{"x^=1", "6", "x=6"},
	{"x|=8", "15", "x=15"},
	{"A=5", "5", "A=5"},
	{"x=(y=1)", "1", "x=1 y=1"},
	{"(x=2)+x", "4", "x=2"},
	{"x=1,x++", "1", "x=2"},
	{"x++", "7", "x=8"},
	{"x--", "7", "x=6"},
	{"x ++", "7", "x=8"},
	{"++x", "8", "x=8"},
	{"--x", "6", "x=6"},
	{"-- x", "6", "x=6"},
	{"x+++y", "10", "x=8"},
	{"x---y", "4", "x=6"},
	{"x-- -y", "4", "x=6"},
	{"x++ + ++x", "16", "x=9"},
	{"++x + x++", "16", "x=9"},
	{"x+ +y", "10", ""},
	{"u=5", "5", "u=5"}, // a plain assignment does not read u
	{"z++", "8", "z=9"},
	{"new++", "0", "new=1"},
	{"x=1?2:3", "2", "x=2"},
	{"1 ? x=5 : 6", "5", "x=5"},
	{"1 , x=2", "2", "x=2"},
	{"x=2,y=x", "2", "x=2 y=2"},
	// Short circuit: skipped branches have no effect and no errors.
	{"0 && x++", "0", ""},
	{"1 || y++", "1", ""},
	{"0 || y++", "1", "y=4"},
	{"1 && (x=9)", "1", "x=9"},
	{"0 && 1/0", "0", ""},
	{"1 || 1/0", "1", ""},
	{"0 && u", "0", ""},
	{"1 ? 2 : 1/0", "2", ""},
	{"0 ? 1/0 : 3", "3", ""},
	{"0 ? y=1 : 2", "2", ""},
	{"1 ? 2 : x++", "2", ""},
	{"0 ? x++ : y++", "3", "y=4"},
	// Errors.
	{"1 +", `1 +: syntax error: operand expected (error token is "+")`, ""},
	{"1 + ", `1 + : syntax error: operand expected (error token is "+ ")`, ""},
	{"  1 + ", `1 + : syntax error: operand expected (error token is "+ ")`, ""},
	{"+", `+: syntax error: operand expected (error token is "+")`, ""},
	{"++", `++: syntax error: operand expected (error token is "+")`, ""},
	{"1 2", `1 2: syntax error in expression (error token is "2")`, ""},
	{"a b", `a b: syntax error in expression (error token is "b")`, ""},
	{"1 (2)", `1 (2): syntax error in expression (error token is "(2)")`, ""},
	{"(1)(2)", `(1)(2): syntax error in expression (error token is "(2)")`, ""},
	{"()", `(): syntax error: operand expected (error token is ")")`, ""},
	{"08", `08: value too great for base (error token is "08")`, ""},
	{"1a", `1a: value too great for base (error token is "1a")`, ""},
	{"1e5", `1e5: value too great for base (error token is "1e5")`, ""},
	{"0x1g", `0x1g: value too great for base (error token is "0x1g")`, ""},
	{"2#102", `2#102: value too great for base (error token is "2#102")`, ""},
	{"37#Zz", `37#Zz: value too great for base (error token is "37#Zz")`, ""},
	{"65#1", `65#1: invalid arithmetic base (error token is "65#1")`, ""},
	{"1#1", `1#1: invalid arithmetic base (error token is "1#1")`, ""},
	{"0#1", `0#1: invalid number (error token is "0#1")`, ""},
	{"2#", `2#: invalid integer constant (error token is "2#")`, ""},
	{"0 && 08", `0 && 08: value too great for base (error token is "08")`, ""},
	{"1x+2", `1x: value too great for base (error token is "1x")`, ""},
	{"y+=2x--<", `y+=2x: value too great for base (error token is "2x")`, ""},
	{"1/0", `1/0: division by 0 (error token is "0")`, ""},
	{"5%0", `5%0: division by 0 (error token is "0")`, ""},
	{"1/0 + 5", `1/0 + 5: division by 0 (error token is "0 + 5")`, ""},
	{"8/ (1-1)", `8/ (1-1): division by 0 (error token is "(1-1)")`, ""},
	{"x/= 1-1", `x/= 1-1: division by 0 (error token is "1")`, ""},
	{"x/=0", `x/=0: division by 0 (error token is "0")`, ""},
	{"x%=0", `x%=0: division by 0 (error token is "0")`, ""},
	{"2**-1", `2**-1: exponent less than 0 (error token is "1")`, ""},
	{"0 && 2**-1", `0 && 2**-1: exponent less than 0 (error token is "1")`, ""},
	{"1=2", `1=2: attempted assignment to non-variable (error token is "=2")`, ""},
	{"1+x=2", `1+x=2: attempted assignment to non-variable (error token is "=2")`, ""},
	{"-x=2", `-x=2: attempted assignment to non-variable (error token is "=2")`, ""},
	{"(x)=1", `(x)=1: attempted assignment to non-variable (error token is "=1")`, ""},
	{"(x)+=1", `(x)+=1: attempted assignment to non-variable (error token is "+=1")`, ""},
	{"x++=2", `x++=2: attempted assignment to non-variable (error token is "=2")`, ""},
	{"++x=2", `++x=2: attempted assignment to non-variable (error token is "=2")`, ""},
	{"0 ? 1 : x=5", `0 ? 1 : x=5: attempted assignment to non-variable (error token is "=5")`, ""},
	{"x=", `x=: syntax error: operand expected (error token is "=")`, ""},
	{"x+=", `x+=: syntax error: operand expected (error token is "+=")`, ""},
	{"x**=2", `x**=2: syntax error: operand expected (error token is "=2")`, ""},
	{"3 < = 4", `3 < = 4: syntax error: operand expected (error token is "= 4")`, ""},
	{"x--y", `x--y: syntax error in expression (error token is "y")`, ""},
	{"x++ ++", `x++ ++: syntax error: operand expected (error token is "+")`, ""},
	{"++x++", `++x++: ++: assignment requires lvalue (error token is "++")`, ""},
	{"1?2", "1?2: `:' expected for conditional expression (error token is \"2\")", ""},
	{"1?2:", `1?2:: expression expected (error token is ":")`, ""},
	{"1 ? : 2", `1 ? : 2: expression expected (error token is ": 2")`, ""},
	{"1,", `1,: syntax error: operand expected (error token is ",")`, ""},
	{"1 @ 2", `1 @ 2: syntax error: invalid arithmetic operator (error token is "@ 2")`, ""},
	{"1;2", `1;2: syntax error: invalid arithmetic operator (error token is ";2")`, ""},
	{"v", `1+: syntax error: operand expected (error token is "+")`, ""},
	{"v*2", `1+: syntax error: operand expected (error token is "+")`, ""},
	{"u", `u: expression recursion level exceeded (error token is "u")`, ""},
}

func TestArith(t *testing.T) {
	for _, c := range arithCases {
		t.Run(c.expr, func(t *testing.T) {
			vars := &mapVars{m: map[string]string{}}
			for k, v := range arithStart {
				vars.m[k] = v
			}
			n, err := Eval(c.expr, vars)
			got := strconv.FormatInt(n, 10)
			if err != nil {
				var ae *Error
				if !errors.As(err, &ae) {
					t.Fatalf("error %v is not an *Error", err)
				}
				got = err.Error()
			}
			if got != c.want {
				t.Errorf("Eval(%q) = %s, want %s", c.expr, got, c.want)
			}
			if err == nil {
				var sets []string
				for _, k := range sortedKeys(vars.m) {
					if vars.m[k] != arithStart[k] {
						sets = append(sets, k+"="+vars.m[k])
					}
				}
				if s := strings.Join(sets, " "); s != c.sets {
					t.Errorf("Eval(%q) assigned %q, want %q", c.expr, s, c.sets)
				}
			}
		})
	}
}

// TestArithBash checks the table against bash itself.
func TestArithBash(t *testing.T) {
	if testing.Short() {
		t.Skip("runs bash")
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	prelude := arithPrelude()
	for _, c := range arithCases {
		t.Run(c.expr, func(t *testing.T) {
			var show []string
			for _, kv := range strings.Fields(c.sets) {
				show = append(show, kv[:strings.IndexByte(kv, '=')])
			}
			script := prelude + "echo $((" + c.expr + "))"
			for _, name := range show {
				script += "; echo " + name + "=$" + name
			}
			out, _ := exec.Command(bash, "-c", script).CombinedOutput()
			got := strings.TrimSuffix(string(out), "\n")
			if _, msg, ok := strings.Cut(got, "line 1: "); ok {
				got = msg
			}
			want := c.want
			for _, kv := range strings.Fields(c.sets) {
				want += "\n" + kv
			}
			if got != want {
				t.Errorf("bash: $((%s)) = %q, table says %q", c.expr, got, want)
			}
		})
	}
}

func TestArithReadonly(t *testing.T) {
	vars := &mapVars{m: map[string]string{"r": "1"}, readonly: map[string]bool{"r": true}}
	_, err := Eval("r=2", vars)
	if err == nil || err.Error() != "r: readonly variable" {
		t.Fatalf("assignment to readonly: err = %v", err)
	}
	if n, err := Eval("0 && (r=2)", vars); n != 0 || err != nil {
		t.Fatalf("skipped assignment to readonly: %d, %v", n, err)
	}
}

func TestArithNilVars(t *testing.T) {
	if n, err := Eval("x+2", nil); n != 2 || err != nil {
		t.Fatalf("Eval with nil vars = %d, %v", n, err)
	}
	if _, err := Eval("x=2", nil); err == nil {
		t.Fatal("assignment with nil vars succeeded")
	}
}

func TestArithDepth(t *testing.T) {
	for _, expr := range []string{
		strings.Repeat("(", 100000) + "1" + strings.Repeat(")", 100000),
		strings.Repeat("-", 100000) + "1",
		strings.Repeat("!", 100000) + "1",
		strings.Repeat("2**", 100000) + "1",
	} {
		_, err := Eval(expr, nil)
		if err == nil || !strings.Contains(err.Error(), "recursion level exceeded") {
			t.Errorf("deep expression: err = %.80v", err)
		}
	}
	// Nesting below the limit is fine.
	n, err := Eval(strings.Repeat("(", 500)+"1"+strings.Repeat(")", 500), nil)
	if n != 1 || err != nil {
		t.Errorf("500 parentheses: %d, %v", n, err)
	}
	// Long flat expressions do not nest.
	n, err = Eval(strings.Repeat("1+", 100000)+"1", nil)
	if n != 100001 || err != nil {
		t.Errorf("long sum: %d, %v", n, err)
	}
}

func TestArithConcurrent(t *testing.T) {
	done := make(chan bool)
	for i := 0; i < 8; i++ {
		go func() {
			vars := &mapVars{m: map[string]string{"x": "x2", "x2": "5"}}
			for j := 0; j < 200; j++ {
				if n, err := Eval("x*2+(x2-=0)", vars); n != 15 || err != nil {
					t.Errorf("concurrent: %d, %v", n, err)
				}
			}
			done <- true
		}()
	}
	for i := 0; i < 8; i++ {
		<-done
	}
}

// TestArithBashRandom compares random token soup with bash: values,
// assignments and error messages.
func TestArithBashRandom(t *testing.T) {
	bash := bashtest.Path(t)
	r := rand.New(rand.NewSource(3))
	toks := []string{"1", "2", "0", "7", "x", "y", "+", "-", "*", "/", "%", "(", ")", "<<", "!", "~", "?", ":", "=", "+=", "++", "--", "&&", "||", ",", " ", "**", "==", "<", "^", "|", "&"}
	var exprs []string
	for len(exprs) < 2000 {
		var b strings.Builder
		for j := 1 + r.Intn(8); j > 0; j-- {
			b.WriteString(toks[r.Intn(len(toks))])
		}
		e := strings.TrimSpace(b.String())
		// Unbalanced parentheses would end bash's $((…)) early.
		if strings.Count(e, "(") == strings.Count(e, ")") && e != "" {
			exprs = append(exprs, e)
		}
	}
	cmd := exec.Command(bash, "-c", `while IFS= read -r e; do ( x=3 y=5; r=$(($e)) && echo "$r x=$x y=$y" ) 2>&1; done | sed "s/^[^ ]*bash: line [0-9]*: //"`)
	cmd.Stdin = strings.NewReader(strings.Join(exprs, "\n") + "\n")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != len(exprs) {
		t.Fatalf("bash printed %d lines for %d expressions", len(lines), len(exprs))
	}
	for i, e := range exprs {
		vars := &mapVars{m: map[string]string{"x": "3", "y": "5"}}
		n, err := Eval(e, vars)
		got := strconv.FormatInt(n, 10) + " x=" + vars.m["x"] + " y=" + vars.m["y"]
		if err != nil {
			got = err.Error()
		}
		if got != lines[i] {
			t.Errorf("Eval(%q): %q, bash %q", e, got, lines[i])
		}
	}
}
