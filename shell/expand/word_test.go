package expand

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/plumbsh/plumb/parser"
	"github.com/plumbsh/plumb/shell/arith"
	"github.com/plumbsh/plumb/shell/pattern"
)

// fakeEnv is a variable store for the walker alone: scalars, dense
// indexed arrays, positional parameters, and a log of assignments.
type fakeEnv struct {
	vars     map[string]string
	arrays   map[string][]string
	arg0     string
	args     []string
	refs     map[string]string // namerefs: name to target
	assigned []string          // "name=value" or "name[sub]=value", in order
	exprs    []string          // the texts Config.Arith was given, in order
}

// arithVars is a fakeEnv's scalars for shell/arith.
type arithVars struct{ f *fakeEnv }

func (a arithVars) Get(name string) (string, bool) { return a.f.Get(name) }
func (a arithVars) Set(name, value string) error {
	a.f.vars[name] = value
	return nil
}

func (f *fakeEnv) Get(name string) (string, bool) {
	if a, ok := f.arrays[name]; ok {
		if len(a) == 0 {
			return "", false
		}
		return a[0], true
	}
	v, ok := f.vars[name]
	return v, ok
}

func (f *fakeEnv) Param(name string) (string, bool) {
	if name == "?" {
		return "3", true
	}
	return f.Get(name)
}

func (f *fakeEnv) Args() (string, []string) { return f.arg0, f.args }

func (f *fakeEnv) Array(name string) ([]int, []string, bool) {
	a, ok := f.arrays[name]
	if !ok {
		v, set := f.vars[name]
		if !set {
			return nil, nil, false
		}
		return []int{0}, []string{v}, true
	}
	keys := make([]int, len(a))
	for i := range keys {
		keys[i] = i
	}
	return keys, slices.Clone(a), true
}

func (f *fakeEnv) Keys(name string) ([]string, bool) {
	keys, _, ok := f.Array(name)
	var list []string
	for _, k := range keys {
		list = append(list, strconv.Itoa(k))
	}
	return list, ok
}

func (f *fakeEnv) Element(name string, sub *parser.Word) (string, bool, error) {
	return f.TextElement(name, sub.Lit())
}

func (f *fakeEnv) TextElement(name, sub string) (string, bool, error) {
	i, err := strconv.Atoi(sub)
	if err != nil {
		return "", false, errors.New("bad subscript " + sub)
	}
	if a := f.arrays[name]; i < len(a) {
		return a[i], true, nil
	}
	return "", false, nil
}

func (f *fakeEnv) NameRef(name string) (string, bool, bool) {
	t, ok := f.refs[name]
	return t, ok, ok
}

func (f *fakeEnv) Names(prefix string) []string {
	var names []string
	for k := range f.vars {
		if strings.HasPrefix(k, prefix) {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	return names
}

func (f *fakeEnv) Assign(name string, sub *parser.Word, value string) (string, error) {
	if name == "RO" {
		return "", errors.New("RO: readonly variable")
	}
	if sub != nil {
		f.assigned = append(f.assigned, name+"["+sub.Lit()+"]="+value)
		return value, nil
	}
	f.assigned = append(f.assigned, name+"="+value)
	f.vars[name] = value
	return value, nil
}

func (f *fakeEnv) Attrs(name string) (VarAttrs, bool) {
	if _, ok := f.arrays[name]; ok {
		return VarAttrs{Name: name, Flags: "a", Array: true}, true
	}
	_, ok := f.vars[name]
	return VarAttrs{Name: name}, ok
}

func (f *fakeEnv) Declare(name string) string { return "declare -a " + name + "=(…)" }

// testConfig is a Config over a fakeEnv with x='a b', e empty, the array
// a=(one 'two three' four) and the positional parameters 'p 1' p2.
// $(…) gives its source text in brackets, $((…)) is shell/arith over
// the scalars (the texts it is given are kept), and the glob * matches
// f1 f2.
func testConfig() (*Config, *fakeEnv) {
	env := &fakeEnv{
		vars:   map[string]string{"x": "a b", "e": "", "path": "/usr/local/bin", "xy": "1"},
		arrays: map[string][]string{"a": {"one", "two three", "four"}, "none": {}},
		arg0:   "sh",
		args:   []string{"p 1", "p2"},
	}
	c := &Config{
		Env: env,
		CmdSubst: func(cs *parser.CmdSubst) (string, error) {
			var b strings.Builder
			for _, st := range cs.Stmts {
				b.WriteString(parser.Format(st))
			}
			return "[" + b.String() + "]", nil
		},
		Arith: func(expr string) (int64, error) {
			env.exprs = append(env.exprs, expr)
			return arith.Eval(expr, arithVars{env})
		},
		Glob: func(pat string, _ pattern.GlobOptions) []string {
			if pat == "*" {
				return []string{"f1", "f2"}
			}
			return nil
		},
	}
	return c, env
}

// TestFields: the walk over a word's parts on its own: each row is
// the arguments of one command and the fields they expand to, joined
// with |.
func TestFields(t *testing.T) {
	rows := []struct{ name, src, want string }{
		{"plain", `a 'b c'`, "a|b c"},
		{"unquoted splits", `$x`, "a|b"},
		{"quoted does not", `"$x"`, "a b"},
		{"default word splits", `${u:-a b c}`, "a|b|c"},
		{"default word quoted inside", `${u:-'a b' c}`, "a b|c"},
		{"default word in quotes", `"${u:-a b c}"`, "a b c"},
		{"colon default of empty", `${e:-d} ${e-d}.`, "d|."},
		{"alternative", `${x:+alt} ${u:+alt}.`, "alt|."},
		{"at quoted", `"$@"`, "p 1|p2"},
		{"at unquoted", `$@`, "p|1|p2"},
		{"at glued", `"<$@>"`, "<p 1|p2>"},
		{"star quoted", `"$*"`, "p 1 p2"},
		{"positional", `$1 $2 $# $0 "$3".`, "p|1|p2|2|sh|."},
		{"special from Env", `$?`, "3"},
		{"array all", `"${a[@]}"`, "one|two three|four"},
		{"array count", `${#a[@]} ${#x}`, "3|3"},
		{"array element", `"${a[1]}"`, "two three"},
		{"array indices", `${!a[@]}`, "0|1|2"},
		{"empty array quoted is no field", `"${none[@]}"`, ""},
		{"names", `${!x*}`, "x|xy"},
		{"nameref to array elements", `"$lref" "<$sref>"`, "one|two three|four|<one two three four>"},
		{"indirect", `"${!xy}"`, "p 1"},
		// ${!a[@]} followed by an operator is an indirection through
		// a's elements joined, not a's keys.
		{"indirect through array", `"${!refs[@]:1}" ${!refs[@]} "${!refs[@]#t}"`, "two three|four|0|one|wo three|four"},
		{"indirect through array default", `"${!refs[@]-d}" "${!rnone[@]:-d}" "${!rnone[@]:+x}".`, "one|two three|four|d|."},
		{"indirect through array quoted is set", `"${!rblank[@]:-d}" ${!rblank[@]:-d}`, "|d"},
		{"replace", `${path/local\//}`, "/usr/bin"},
		{"replace all with match", `"${x//[ab]/<&>}"`, "<a> <b>"},
		{"replace each element", `"${a[@]/o/0}"`, "0ne|tw0 three|f0ur"},
		{"trim", `${path##*/} ${path%/*}`, "bin|/usr/local"},
		{"slice", `${path:1:3} "${@:1:1}" "${a[@]: -1}"`, "usr|p 1|four"},
		{"case", `${x^^} ${x^}`, "A|B|A|b"},
		{"quote", `${x@Q}`, "'a|b'"},
		{"attributes", `${a@a}`, "a"},
		{"command substitution", `$(echo hi)`, "[echo|hi]"},
		{"command substitution quoted", `"$(echo hi)"`, "[echo hi]"},
		{"arithmetic", `$((xy + $xy * 2))`, "3"},
		{"glob", `* "*" \*`, "f1|f2|*|*"},
		{"glob pattern from a variable", `${u:-*}`, "f1|f2"},
		{"tilde", `~/d ~nobody-here`, "/home/t/d|~nobody-here"},
		{"braces", `{p,q}$1`, "pp|1|qp|1"},
	}
	for _, r := range rows {
		c, env := testConfig()
		env.vars["HOME"] = "/home/t"
		env.arrays["refs"] = []string{"a[@]"}
		env.arrays["rnone"] = []string{"none[@]"}
		env.refs = map[string]string{"lref": "a[@]", "sref": "a[*]"}
		env.arrays["blank"] = []string{""}
		env.arrays["rblank"] = []string{"blank[@]"}
		c.BraceExpand = true
		got, err := c.Fields(words(t, r.src))
		if err != nil {
			t.Errorf("%s: %s: %v", r.name, r.src, err)
			continue
		}
		if g := strings.Join(got, "|"); g != r.want {
			t.Errorf("%s: %s = %q, want %q", r.name, r.src, g, r.want)
		}
	}
}

// TestFieldsOptions: the option fields change the walk.
func TestFieldsOptions(t *testing.T) {
	c, _ := testConfig()
	c.NoGlob = true
	if got, _ := c.Fields(words(t, `*`)); strings.Join(got, "|") != "*" {
		t.Errorf("NoGlob: * = %q", got)
	}
	c, _ = testConfig()
	if got, _ := c.Fields(words(t, `{p,q}`)); strings.Join(got, "|") != "{p,q}" {
		t.Errorf("no BraceExpand: {p,q} = %q", got)
	}
	c, _ = testConfig()
	c.NullGlob = true
	if got, _ := c.Fields(words(t, `x?`)); len(got) != 0 {
		t.Errorf("NullGlob: x? = %q, want no field", got)
	}
	c, _ = testConfig()
	if got, _ := c.Fields(words(t, `x?`)); strings.Join(got, "|") != "x?" {
		t.Errorf("x? with no match = %q, want x?", got)
	}
}

// TestEmptyAt: "$@" with no positional parameters is no field at all,
// unlike "" or "$@" next to anything else in the word.
func TestEmptyAt(t *testing.T) {
	c, env := testConfig()
	env.args = nil
	for src, want := range map[string][]string{
		`"$@"`:          nil,
		`"$@" "${@}"`:   nil,
		`"${@+x}"`:      nil,
		`"$@"''`:        {""},
		`"$*"`:          {""},
		`"$@" ""`:       {""},
		`"x$@"`:         {"x"},
		`"${none[@]}"`:  nil,
		`"${#none[@]}"`: {"0"},
	} {
		got, err := c.Fields(words(t, src))
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("no arguments: %s = %q, %v; want %q", src, got, err, want)
		}
	}
}

// TestListNotModified: the operators applied to each element of $@ or
// an array work on a copy: ${@#p} once modified the positional
// parameters themselves, so "$1" afterwards lost its p too.
func TestListNotModified(t *testing.T) {
	c, env := testConfig()
	got, err := c.Fields(words(t, `"${@#p}" "${@%2}" "${@/p/q}" "${@^}" "${@:1}" "$1"`))
	if err != nil {
		t.Fatal(err)
	}
	if g := strings.Join(got, "|"); g != " 1|2|p 1|p|q 1|q2|P 1|P2|p 1|p2|p 1" {
		t.Errorf("fields %q", g)
	}
	if g := strings.Join(env.args, "|"); g != "p 1|p2" {
		t.Errorf("positional parameters after the expansions: %q", g)
	}
}

// TestAssign: ${x:=v} and ${a[i]:=v} assign through Environ.Assign, and
// expand to the value assigned; a set one is not assigned.
func TestAssign(t *testing.T) {
	c, env := testConfig()
	got, err := c.Fields(words(t, `${u:=a b} ${x:=no} ${e:=set} ${e=no} ${a[5]:=five}`))
	if err != nil {
		t.Fatal(err)
	}
	if g := strings.Join(got, "|"); g != "a|b|a|b|set|set|five" {
		t.Errorf("fields %q", g)
	}
	if g := strings.Join(env.assigned, ";"); g != "u=a b;e=set;a[5]=five" {
		t.Errorf("assigned %q", g)
	}
	if v, _ := env.Get("u"); v != "a b" {
		t.Errorf("u = %q after ${u:=a b}", v)
	}
}

// TestErrors: the Errors the walk makes, with the messages and kinds the
// shell prints and acts on, and the errors of callbacks and Environ
// passed as they are.
func TestErrors(t *testing.T) {
	rows := []struct {
		name, src string
		nounset   bool
		msg       string
		kind      ErrorKind
	}{
		{"unbound", `$u`, true, "u: unbound variable", Fatal},
		{"unbound braces", `"${u}"`, true, "u: unbound variable", Fatal},
		{"unbound length", `${#u}`, true, "u: unbound variable", Fatal},
		{"unbound operator", `${u/a/b}`, true, "u: unbound variable", Fatal},
		{"error default", `${u?}`, false, "u: parameter null or not set", Fatal},
		{"error message", `${e:?is empty}`, false, "e: is empty", Fatal},
		{"assign special", `${3:=x}`, false, "$3: cannot assign in this way", Fatal},
		{"assign readonly", `${RO:=x}`, false, "RO: readonly variable", Fatal},
		{"bad substitution", `${!#3}`, false, "${!#3}: bad substitution", Abort},
		{"length with operator", `${#x:1:2}`, false, "${#x:1:2}: bad substitution", Abort},
		{"length with default", `${#u-d}`, true, "${#u-d}: bad substitution", Abort},
		{"invalid indirection", `${!u}`, false, "u: invalid indirect expansion", Abort},
		{"invalid indirection through array", `${!none[@]-d}`, false, "none[@]: invalid indirect expansion", Abort},
		{"invalid name of array", `${!a[@]:-d}`, false, "one two three four: invalid variable name", Abort},
		{"invalid empty name", `${!e}`, false, ": invalid variable name", Abort},
		{"invalid name", `${!path}`, false, "/usr/local/bin: invalid variable name", Abort},
		{"negative length", `${@:0:-1}`, false, "-1: substring expression < 0", Abort},
		{"failglob", `x?`, false, "no match: x?", NoMatch},
	}
	for _, r := range rows {
		c, _ := testConfig()
		c.NoUnset = r.nounset
		c.FailGlob = r.kind == NoMatch
		_, err := c.Fields(words(t, r.src))
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s: %s: err %v, want an *Error", r.name, r.src, err)
			continue
		}
		if e.Msg != r.msg || e.Kind != r.kind {
			t.Errorf("%s: %s: %q kind %d, want %q kind %d", r.name, r.src, e.Msg, e.Kind, r.msg, r.kind)
		}
	}
	c, _ := testConfig()
	c.NoUnset = true
	for _, src := range []string{`"$@"`, `${u-d}`, `${u:+a}`, `${#a[@]}`} {
		if _, err := c.Fields(words(t, src)); err != nil {
			t.Errorf("set -u: %s: %v, want no error", src, err)
		}
	}
	for _, src := range []string{`$((1/0))`, `${a[x]}`} {
		_, err := c.Fields(words(t, src))
		var e *Error
		if err == nil || errors.As(err, &e) {
			t.Errorf("%s: err %v, want the callback's or Environ's own", src, err)
		}
	}
	c.CmdSubst = nil
	if _, err := c.Fields(words(t, `$(x)`)); err == nil {
		t.Errorf("$(x) without CmdSubst: no error")
	}
}

// TestModes: the other ways a word expands, to one string.
func TestModes(t *testing.T) {
	c, _ := testConfig()
	w := words(t, `"$x"*$x'*'`)[0]
	if got, _ := c.Literal(w); got != "a b*a b*" {
		t.Errorf("Literal = %q", got)
	}
	if got, _ := c.Pattern(w); got != `a b*a b\*` {
		t.Errorf("Pattern = %q", got)
	}
	if got, _ := c.Regex(words(t, `'a.'b.`)[0]); got != `a\.b.` {
		t.Errorf("Regex = %q", got)
	}
	if got, _ := c.ArithText(words(t, `"1"+$xy`)[0]); got != "1+1" {
		t.Errorf("ArithText = %q", got)
	}
	c, env := testConfig()
	if got, _ := c.Fields(words(t, `$(("1" + $xy)) ${path:$((1)):xy+2}`)); strings.Join(got, "|") != "2|usr" {
		t.Errorf("arithmetic fields %q", got)
	}
	if g := strings.Join(env.exprs, ";"); g != "1 + 1;1;1;xy+2" {
		t.Errorf("Config.Arith was given %q, want the texts expanded", g)
	}
	if got, _ := c.Document(words(t, `$x'q'`)[0]); got != "a bq" {
		t.Errorf("Document = %q", got)
	}
}

// TestPlain: only words of unquoted literal text without a glob
// character or a brace skip the Config; Fields gives them the same.
func TestPlain(t *testing.T) {
	for src, plain := range map[string]bool{
		`f a -x 1`: true, ``: true,
		`f *`: false, `f a?`: false, `f [a]`: false, `f {a,b}`: false, `f x{`: false, `f ''`: false, `f "a"`: false, `f $x`: false, `f ~`: false, `f a\ b`: false,
	} {
		ws := words(t, src)
		got, ok := Plain(ws)
		if ok != plain {
			t.Errorf("Plain(%s): ok %v, want %v", src, ok, plain)
			continue
		}
		c, _ := testConfig()
		if want, _ := c.Fields(ws); ok && !slices.Equal(got, want) {
			t.Errorf("Plain(%s) = %q, Fields %q", src, got, want)
		}
	}
}
