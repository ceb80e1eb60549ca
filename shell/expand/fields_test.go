package expand

import (
	"strings"
	"testing"

	"github.com/plumbsh/plumb/shell/internal/bashtest"
)

type env map[string]string

func (e env) Get(name string) (string, bool) {
	v, ok := e[name]
	return v, ok
}

// splitRows are unquoted expansions `pre$v` and how they split, in
// Fields mode without globbing: white space IFS characters collapse,
// each other one ends a field, even an empty one.
var splitRows = []struct {
	ifs  *string // nil: IFS unset
	pre  string  // literal text before the expansion, same field
	v    string
	want []string
}{
	{nil, "", " a  b\tc\n", []string{"a", "b", "c"}},
	{nil, "x", " a b", []string{"x", "a", "b"}},
	{strp(":"), "", "a::b:", []string{"a", "", "b"}},
	{strp(": "), "", "a : b", []string{"a", "b"}},
	{strp(": "), "", " :a", []string{"", "a"}},
	{strp(""), "", "a b", []string{"a b"}},
	{nil, "", `a\b*`, []string{`a\b*`}},
	{nil, "", "", nil},
}

func strp(s string) *string { return &s }

func split(ifs *string, pre, v string) []string {
	e := env{}
	if ifs != nil {
		e["IFS"] = *ifs
	}
	b := Builder{Mode: Fields, Env: e}
	if pre != "" {
		b.Literal(pre, false)
	}
	b.Expansion(v, false, nil)
	b.EndField(false, nil)
	return b.Fields()
}

func TestSplit(t *testing.T) {
	for _, r := range splitRows {
		if got := split(r.ifs, r.pre, r.v); strings.Join(got, "|") != strings.Join(r.want, "|") || len(got) != len(r.want) {
			t.Errorf("IFS %v, %q$v, v=%q: got %q, want %q", r.ifs, r.pre, r.v, got, r.want)
		}
	}
}

// TestSplitUnderBash checks the rows against bash: `set -- pre$v`, each
// field printed in <>.
func TestSplitUnderBash(t *testing.T) {
	bash := bashtest.Path(t)
	for _, r := range splitRows {
		script := `set -f; v=$1; set -- ` + r.pre + `$v; for f; do printf '<%s>' "$f"; done`
		if r.ifs != nil {
			script = `IFS=$2; ` + script
		}
		args := []string{"-c", script, "bash", r.v}
		if r.ifs != nil {
			args = append(args, *r.ifs)
		}
		out, err := bashtest.Command(bash, args...).Output()
		if err != nil {
			t.Fatal(err)
		}
		var want strings.Builder
		for _, f := range r.want {
			want.WriteString("<" + f + ">")
		}
		if string(out) != want.String() {
			t.Errorf("bash, IFS %v, %q$v, v=%q: got %s, want %s", r.ifs, r.pre, r.v, out, want.String())
		}
	}
}
