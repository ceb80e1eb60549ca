package interp

import (
	"maps"
	"slices"
	"strings"

	"github.com/plumbsh/plumb/parser"
	"github.com/plumbsh/plumb/shell/printf"
)

// Bash associative arrays: `declare -A m`, m[key]=v, ${m[key]},
// "${m[@]}", "${!m[@]}". A variable is one when its assoc is non-nil
// (state.go); like an indexed array it is never exported, $m is ${m[0]}
// and assigning m=v sets the key "0".
//
// Order: bash lists the elements in the order of its hash table, which
// nothing documents and no script can rely on. plumb lists them in the
// order their keys were first assigned (a key that is unset and assigned
// again goes to the end). "${m[@]}", "${!m[@]}", ${m[@]:off:len} and
// declare -p all use this order.

// assocArray holds the elements of an associative array.
type assocArray struct {
	keys []string // in the order of first assignment
	vals map[string]string
}

func newAssoc() *assocArray { return &assocArray{vals: make(map[string]string)} }

func (a *assocArray) get(k string) (string, bool) {
	v, ok := a.vals[k]
	return v, ok
}

func (a *assocArray) set(k, v string) {
	if _, ok := a.vals[k]; !ok {
		a.keys = append(a.keys, k)
	}
	a.vals[k] = v
}

func (a *assocArray) del(k string) {
	if _, ok := a.vals[k]; !ok {
		return
	}
	delete(a.vals, k)
	a.keys = slices.Delete(a.keys, slices.Index(a.keys, k), slices.Index(a.keys, k)+1)
}

func (a *assocArray) clear() {
	a.keys = a.keys[:0]
	clear(a.vals)
}

func (a *assocArray) clone() *assocArray {
	return &assocArray{keys: slices.Clone(a.keys), vals: maps.Clone(a.vals)}
}

// values returns the values in key order.
func (a *assocArray) values() []string {
	vals := make([]string, len(a.keys))
	for i, k := range a.keys {
		vals[i] = a.vals[k]
	}
	return vals
}

// assocOf returns name's elements when it is an associative array.
func (s *Shell) assocOf(name string) *assocArray {
	name = s.ref(name)
	if v, ok := s.vars[name]; ok {
		return v.assoc
	}
	return nil
}

// toAssoc makes name an associative array, as `declare -A name` does: a
// set scalar's value becomes the element of key "0"; an indexed array
// cannot be converted (bash).
func (s *Shell) toAssoc(name string) (*variable, error) {
	name = s.ref(name)
	v, ok := s.vars[name]
	if !ok {
		v = &variable{}
		s.vars[name] = v
	}
	if v.assoc != nil {
		return v, nil
	}
	if v.array != nil {
		return nil, errorf("%s: cannot convert indexed to associative array", name)
	}
	if v.readonly {
		return nil, errorf("%s: readonly variable", name)
	}
	v.assoc = newAssoc()
	if v.set {
		v.assoc.set("0", v.value)
		v.value = ""
	}
	if v.exported {
		s.env = nil
	}
	return v, nil
}

// setAssocElem assigns the element key of the associative array name
// (appending to it with add).
func (s *Shell) setAssocElem(name, key, val string, add bool) error {
	name = s.ref(name)
	v := s.vars[name]
	if v.readonly {
		return errorf("%s: readonly variable", name)
	}
	if key == "" {
		return errorf("%s[]: bad array subscript", name)
	}
	if add {
		old, _ := v.assoc.get(key)
		val = old + val
	}
	v.assoc.set(key, val)
	v.set = true
	return nil
}

// assocKey expands the subscript of ${m[key]} to the key: the subscript
// is read like a double-quoted string (parser.ParamExp.Sub), and quotes
// written in it are removed, as bash does: ${m["a b"]} and ${m['$k']}
// name the keys `a b` and `$k`.
func (s *Shell) assocKey(w *parser.Word) (string, error) {
	var b strings.Builder
	var quote byte
	for _, part := range w.Parts {
		l, ok := part.(*parser.Lit)
		if !ok {
			if quote == '\'' {
				b.WriteString(parser.Format(part))
				continue
			}
			v, err := s.expandQuoted(&parser.Word{Parts: []parser.WordPart{part}})
			if err != nil {
				return "", err
			}
			b.WriteString(v)
			continue
		}
		for i := 0; i < len(l.Value); i++ {
			switch c := l.Value[i]; {
			case quote == 0 && (c == '\'' || c == '"'):
				quote = c
			case c == quote:
				quote = 0
			default:
				b.WriteByte(c)
			}
		}
	}
	return b.String(), nil
}

// textKey is the key a subscript's text names where the text reaches the
// shell as a string (unset 'm[$k]', [[ -v m[$k] ]], ${!r} with r='m[k]',
// $((m[k]))): bash expands it once more.
func (s *Shell) textKey(sub string) (string, error) {
	if !strings.ContainsAny(sub, "$`'\"") {
		return sub, nil
	}
	w := subscriptWord(sub)
	if w == nil {
		return sub, nil
	}
	return s.assocKey(w)
}

// subscriptWord parses the text of a subscript as the parser reads the
// one of ${a[sub]}; nil when it is not one.
func subscriptWord(sub string) *parser.Word {
	f, err := parser.Parse([]byte(": ${_["+sub+"]}"), "subscript")
	if err != nil {
		return nil
	}
	c, ok := f.Stmts[0].AndOr.First.Stages[0].Cmd.(*parser.SimpleCmd)
	if !ok || len(c.Args) != 2 || len(c.Args[1].Parts) != 1 {
		return nil
	}
	pe, ok := c.Args[1].Parts[0].(*parser.ParamExp)
	if !ok || pe.Sub == nil {
		return nil
	}
	return pe.Sub
}

// textIndexText expands the text of an indexed array's subscript that
// came from a value (${!ref} with ref='a[$i]', a nameref to a[$(f)], a
// variable in arithmetic holding 'a[$i]'): as bash does, its $x, ${…},
// $(…) and $((…)) expand, as in double quotes, before the arithmetic.
func (s *Shell) textIndexText(sub string) (string, error) {
	if !strings.ContainsAny(sub, "$`") {
		return sub, nil
	}
	w := subscriptWord(sub)
	if w == nil {
		return sub, nil
	}
	return s.expandArith(w)
}

// textIndex evaluates the text of an indexed array's subscript that
// came from a value (textIndexText).
func (s *Shell) textIndex(sub string) (int, error) {
	text, err := s.textIndexText(sub)
	if err != nil {
		return 0, err
	}
	return s.arithIndex(text)
}

// textElement returns the element that the text name[sub] names: by
// key for an associative array, by arithmetic index otherwise.
func (s *Shell) textElement(name, sub string) (string, bool, error) {
	if a := s.assocOf(name); a != nil {
		k, err := s.textKey(sub)
		if err != nil {
			return "", false, err
		}
		v, ok := a.get(k)
		return v, ok, nil
	}
	i, err := s.textIndex(sub)
	if err != nil {
		return "", false, err
	}
	v, ok := s.element(name, i)
	return v, ok, nil
}

// assignParam assigns the parameter of ${x:=v}: a variable, or an
// element, ${a[i]:=v} and ${m[key]:=v}.
func (s *Shell) assignParam(p *parser.ParamExp, v string) error {
	if p.Sub == nil {
		return s.setVar(p.Param, v)
	}
	if s.assocOf(p.Param) != nil {
		key, err := s.assocKey(p.Sub)
		if err != nil {
			return err
		}
		return s.setAssocElem(p.Param, key, v, false)
	}
	i, err := s.subscript(p.Sub, true)
	if err != nil {
		return err
	}
	return s.setElement(p.Param, i, v, false)
}

// varNames returns the names of the set variables that start with
// prefix, sorted: ${!prefix*}.
func (s *Shell) varNames(prefix string) []string {
	var names []string
	for k, v := range s.vars {
		if v.set && strings.HasPrefix(k, prefix) {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	return names
}

// assocKeyQuote quotes a key for declare -p as bash 5.2 does: $'…' when
// it holds a control character, "…" when it holds a character special to
// the shell or is "@", as it is otherwise.
func assocKeyQuote(k string) string {
	if printf.HasControl(k) {
		return printf.ANSICQuote(k)
	}
	if strings.ContainsAny(k, " '\"\\|&;()<>!{}*[?]^$`") || k == "@" || strings.HasPrefix(k, "#") || strings.HasPrefix(k, "~") {
		return doubleQuote(k)
	}
	return k
}
