package interp

import (
	"maps"
	"slices"
	"strings"

	"github.com/plumbsh/plumb/parser"
)

// Bash associative arrays: `declare -A m`, m[key]=v, ${m[key]},
// "${m[@]}", "${!m[@]}". A variable is one when its assoc is non-nil
// (state.go); like an indexed array it is never exported, $m is ${m[0]}
// and assigning m=v sets the key "0".
//
// Order: bash lists the elements in the order of its hash table, and
// so does plumb, so that a script's output (and a test's expectation)
// is the same under both: "${m[@]}", "${!m[@]}", ${m[@]:off:len},
// declare -p and set. bash's table (hashlib.c, assoc.c in bash 5.2) has
// 1024 buckets to start with; a key's bucket is its FNV-1 hash (over
// signed chars) masked to the bucket count; a new key goes to the front
// of its bucket's chain; before a new key is added to a table holding
// twice as many entries as buckets, the table grows to four times the
// buckets, moving the chains bucket by bucket, each from its front, to
// the front of the new chains (which reverses what stays together). It
// never shrinks; emptying it by m=(…) keeps its size. Listing walks the
// buckets in order, each chain from the front.
//
// plumb does not keep the chains. It keeps the elements in the order
// their keys were added (elems, the map giving each key's index; unset
// ones leave holes, closed when they are more than half), each with how
// many times the table had grown then (epoch), and works the order out
// from these when the elements are listed after a change (sorted): by
// bucket, and within a bucket by how many times the table has grown
// since (see rank).

// assocArray holds the elements of an associative array.
type assocArray struct {
	index   map[string]int32 // key to its index in elems
	elems   []assocElem      // in the order keys were added, with holes
	holes   int              // unset elements in elems
	buckets int              // bash's bucket count: 1024, growing by 4
	epoch   int32            // how many times the table has grown
	order   []int32          // indices in elems in bash's order
	dirty   bool             // order is out of date
}

type assocElem struct {
	key, val string
	hash     uint32 // bash's hash of key (fnv1)
	epoch    int32  // the table's epoch when key was added; -1 for a hole
}

// assocBuckets is the bucket count bash's associative arrays start with.
const assocBuckets = 1024

func newAssoc() *assocArray {
	return &assocArray{index: make(map[string]int32), buckets: assocBuckets}
}

func (a *assocArray) get(k string) (string, bool) {
	i, ok := a.index[k]
	if !ok {
		return "", false
	}
	return a.elems[i].val, true
}

func (a *assocArray) set(k, v string) {
	if i, ok := a.index[k]; ok {
		a.elems[i].val = v
		return
	}
	if len(a.index) >= 2*a.buckets {
		a.buckets *= 4
		a.epoch++
	}
	a.index[k] = int32(len(a.elems))
	a.elems = append(a.elems, assocElem{key: k, val: v, hash: fnv1(k), epoch: a.epoch})
	a.dirty = true
}

func (a *assocArray) del(k string) {
	i, ok := a.index[k]
	if !ok {
		return
	}
	delete(a.index, k)
	a.elems[i] = assocElem{epoch: -1}
	a.holes++
	a.dirty = true
	if a.holes > 64 && a.holes > len(a.elems)/2 {
		// Close the holes, keeping the order of the rest.
		live := a.elems[:0]
		for _, e := range a.elems {
			if e.epoch >= 0 {
				a.index[e.key] = int32(len(live))
				live = append(live, e)
			}
		}
		clear(a.elems[len(live):])
		a.elems, a.holes = live, 0
	}
}

// clear empties the table, which keeps its size (bash's m=(…)).
func (a *assocArray) clear() {
	clear(a.index)
	clear(a.elems)
	a.elems, a.holes, a.epoch = a.elems[:0], 0, 0
	a.order, a.dirty = a.order[:0], false
}

func (a *assocArray) clone() *assocArray {
	c := *a
	c.index = maps.Clone(a.index)
	c.elems = slices.Clone(a.elems)
	c.order = slices.Clone(a.order)
	return &c
}

// keys returns the keys in bash's order.
func (a *assocArray) keys() []string {
	return a.list(func(e *assocElem) string { return e.key })
}

// values returns the values in bash's order.
func (a *assocArray) values() []string {
	return a.list(func(e *assocElem) string { return e.val })
}

// list returns what f gives of each element, in bash's order.
func (a *assocArray) list(f func(*assocElem) string) []string {
	order := a.sorted()
	out := make([]string, len(order))
	for i, j := range order {
		out[i] = f(&a.elems[j])
	}
	return out
}

// sorted returns the indices of the elements in bash's order.
func (a *assocArray) sorted() []int32 {
	if !a.dirty {
		return a.order
	}
	a.dirty = false
	// Counting sort by bucket, then each bucket, whose keys are few,
	// by rank (an insertion sort as they are placed).
	mask := uint32(a.buckets - 1)
	start := make([]int32, a.buckets+1) // start[b] is where bucket b starts
	for _, e := range a.elems {
		if e.epoch >= 0 {
			start[e.hash&mask+1]++
		}
	}
	for b := 1; b < len(start); b++ {
		start[b] += start[b-1]
	}
	n := len(a.index)
	a.order = slices.Grow(a.order[:0], n)[:n]
	ranks := make([]int64, n)
	next := slices.Clone(start[:a.buckets]) // where bucket b's next key goes
	for j := range a.elems {
		e := &a.elems[j]
		if e.epoch < 0 {
			continue
		}
		b := e.hash & mask
		i := next[b]
		next[b]++
		r := a.rank(e.epoch, j)
		for i > start[b] && ranks[i-1] > r {
			a.order[i], ranks[i] = a.order[i-1], ranks[i-1]
			i--
		}
		a.order[i], ranks[i] = int32(j), r
	}
	return a.order
}

// rank orders the keys of one bucket as bash's chain does, for the
// element at index j added in epoch. A key added d growths ago went
// through d moves, each reversing the keys it moved with: the keys added
// since the last growth come first, newest first, then those of two
// growths back (newest first), and so on, then those of three growths
// back oldest first, and last those of the last growth oldest first.
func (a *assocArray) rank(epoch int32, j int) int64 {
	d := int64(a.epoch - epoch)
	if d%2 == 0 {
		return d<<32 - int64(j)
	}
	return (1<<30-d)<<32 + int64(j)
}

// fnv1 is bash's hash_string: FNV-1 over the key's bytes as signed chars.
func fnv1(k string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(k); i++ {
		h *= 16777619
		h ^= uint32(int32(int8(k[i])))
	}
	return h
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
	defer s.varChanged(name) // element "0" is the variable's value
	v := s.vars[name]
	if v.readonly {
		return errorf("%s: readonly variable", name)
	}
	if key == "" {
		return errorf("%s[]: bad array subscript", name)
	}
	if add || v.attrs != 0 {
		old, _ := v.assoc.get(key)
		var err error
		if val, err = s.attrValue(v.attrs, old, val, add); err != nil {
			return err
		}
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
// element, ${a[i]:=v} and ${m[key]:=v}. It returns the value stored,
// which the variable's attributes may have converted.
func (s *Shell) assignParam(p *parser.ParamExp, v string) (string, error) {
	if p.Sub == nil {
		if err := s.setVar(p.Param, v); err != nil {
			return "", err
		}
		v, _ = s.get(p.Param)
		return v, nil
	}
	if m := s.assocOf(p.Param); m != nil {
		key, err := s.assocKey(p.Sub)
		if err != nil {
			return "", err
		}
		if err := s.setAssocElem(p.Param, key, v, false); err != nil {
			return "", err
		}
		v, _ = m.get(key)
		return v, nil
	}
	i, err := s.subscript(p.Sub, true)
	if err != nil {
		return "", err
	}
	if err := s.setElement(p.Param, i, v, false); err != nil {
		return "", err
	}
	v, _ = s.element(p.Param, i)
	return v, nil
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
func (s *Shell) assocKeyQuote(k string) string {
	if s.hasControl(k) {
		return s.ansicQuote(k)
	}
	if strings.ContainsAny(k, " '\"\\|&;()<>!{}*[?]^$`") || k == "@" || strings.HasPrefix(k, "#") || strings.HasPrefix(k, "~") {
		return doubleQuote(k)
	}
	return k
}
