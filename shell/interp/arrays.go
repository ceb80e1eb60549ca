package interp

import (
	"slices"
	"strconv"
	"strings"

	"github.com/plumbsh/plumb/parser"
)

// Bash indexed arrays. An array is a variable whose array map holds its
// elements by index (state.go). The dynamicArrays are arrays too, made
// when they are read from state the shell keeps anyway: PIPESTATUS from
// s.pipestatus, which every pipeline sets without building a map, the
// call stack's from s.frames (caller.go).

// dynamicArrays are the arrays the shell computes, by name.
var dynamicArrays = map[string]func(*Shell) []string{
	"PIPESTATUS":  (*Shell).pipeStatusList,
	"DIRSTACK":    (*Shell).dirList,
	"FUNCNAME":    (*Shell).funcNames,
	"BASH_SOURCE": (*Shell).sourceFiles,
	"BASH_LINENO": (*Shell).callLines,
}

// pipeStatusList is PIPESTATUS.
func (s *Shell) pipeStatusList() []string {
	list := make([]string, len(s.pipestatus))
	for i, st := range s.pipestatus {
		list[i] = strconv.Itoa(st)
	}
	return list
}

// arrayElems returns the elements of name in index order with their
// indices: an array's, a dynamic array's, or a set scalar's as element 0. An
// associative array's come in key order (assoc.go) with their ordinals,
// 0 to n-1, in place of indices, which is what ${m[@]:off:len} counts.
// ok is false when name is unset.
func (s *Shell) arrayElems(name string) (keys []int, vals []string, ok bool) {
	name = s.ref(name)
	if list, ok := dynamicArrays[name]; ok {
		vals = list(s)
		keys = make([]int, len(vals))
		for i := range keys {
			keys[i] = i
		}
		return keys, vals, true
	}
	v, found := s.vars[name]
	if !found || !v.set {
		return nil, nil, false
	}
	if v.assoc != nil { // keys are ordinals here; see assocKeys
		vals = v.assoc.values()
		keys = make([]int, len(vals))
		for i := range keys {
			keys[i] = i
		}
		return keys, vals, true
	}
	if v.array == nil {
		return []int{0}, []string{v.value}, true
	}
	keys = make([]int, 0, len(v.array))
	for k := range v.array {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	vals = make([]string, len(keys))
	for i, k := range keys {
		vals[i] = v.array[k]
	}
	return keys, vals, true
}

// element returns element i of name; a negative i counts back from the
// highest index plus one, as in bash.
func (s *Shell) element(name string, i int) (string, bool) {
	name = s.ref(name)
	if i < 0 {
		keys, _, _ := s.arrayElems(name)
		if len(keys) == 0 {
			return "", false
		}
		i += keys[len(keys)-1] + 1
		if i < 0 {
			return "", false
		}
	}
	if list, ok := dynamicArrays[name]; ok {
		if vals := list(s); i < len(vals) {
			return vals[i], true
		}
		return "", false
	}
	v, ok := s.vars[name]
	if !ok || !v.set {
		return "", false
	}
	if v.array == nil {
		return v.value, i == 0
	}
	el, ok := v.array[i]
	return el, ok
}

// toArray makes name an array (a scalar's value becomes element 0) and
// returns it, failing for a readonly variable.
func (s *Shell) toArray(name string) (*variable, error) {
	if name = s.ref(name); s.namerefs && !parser.IsName(name) {
		return nil, errorf("`%s': not a valid identifier", name) // ref[0]=x where ref names a[0]
	}
	v, ok := s.vars[name]
	if !ok {
		v = &variable{}
		s.vars[name] = v
	}
	if v.readonly {
		return nil, errorf("%s: readonly variable", name)
	}
	if v.array == nil {
		v.array = make(map[int]string)
		if v.set {
			v.array[0] = v.value
		}
		v.value = ""
		if v.exported {
			s.env = nil
		}
	}
	v.set = true
	return v, nil
}

// setElement assigns element i of name (appending to it with add).
func (s *Shell) setElement(name string, i int, val string, add bool) error {
	name = s.ref(name)
	defer s.varChanged(name) // element 0 is the variable's value
	v, err := s.toArray(name)
	if err != nil {
		return err
	}
	if i < 0 {
		keys, _, _ := s.arrayElems(name)
		if len(keys) > 0 {
			i += keys[len(keys)-1] + 1
		}
		if i < 0 {
			return errorf("%s[%d]: bad array subscript", name, i)
		}
	}
	if add || v.attrs != 0 {
		if val, err = s.attrValue(v.attrs, v.array[i], val, add); err != nil {
			return err
		}
	}
	v.array[i] = val
	return nil
}

// setArray assigns a whole indexed array (BASH_REMATCH).
func (s *Shell) setArray(name string, vals []string) error {
	evs := make([]elemValue, len(vals))
	for i, v := range vals {
		evs[i].val = v
	}
	return s.assignElems(name, evs, false)
}

// arithIndex evaluates a subscript's text as arithmetic.
func (s *Shell) arithIndex(text string) (int, error) {
	n, err := s.evalArith(text)
	if err != nil {
		return 0, s.discardFailed(err, "")
	}
	return int(n), nil
}

// subscript evaluates the subscript of ${a[sub]} or a[sub]=v. quoted says
// how its parts were read: as an arithmetic text (${a[…]}) or as part of
// an unquoted word (an assignment).
func (s *Shell) subscript(w *parser.Word, quoted bool) (int, error) {
	var text string
	var err error
	if quoted {
		text, err = s.expandArith(w)
	} else {
		text, err = s.expandString(w)
	}
	if err != nil {
		return 0, err
	}
	return s.arithIndex(text)
}

// assignIndexed runs an assignment with a subscript or an array value:
// a[i]=v, m[key]=v, a+=(x y), a=([3]=x y). traced is what set -x shows.
func (s *Shell) assignIndexed(a *parser.Assign) (traced string, err error) {
	op := "="
	if a.Append {
		op = "+="
	}
	if a.Array != nil {
		return a.Name + op + parser.Format(a.Array), s.assignCompound(a.Name, a.Array.Elems, a.Append)
	}
	if a.Index.EmptySubscript() {
		return "", errorf("%s[]: bad array subscript", a.Name)
	}
	if s.assocOf(a.Name) != nil {
		key, err := s.expandString(a.Index)
		if err != nil {
			return "", err
		}
		v, err := s.expandString(a.Value)
		if err != nil {
			return "", err
		}
		sub := parser.Format(a.Index)
		if key == "" {
			return "", errorf("%s[%s]: bad array subscript", a.Name, sub)
		}
		return a.Name + "[" + sub + "]" + op + traceQuote(v), s.setAssocElem(a.Name, key, v, a.Append)
	}
	i, err := s.subscript(a.Index, false)
	if err != nil {
		return "", err
	}
	v, err := s.expandString(a.Value)
	if err != nil {
		return "", err
	}
	return a.Name + "[" + strconv.Itoa(i) + "]" + op + traceQuote(v), s.setElement(a.Name, i, v, a.Append)
}

// elemValue is an element of an array value, expanded.
type elemValue struct {
	sub    string // the subscript's text, as expanded
	hasSub bool
	add    bool // [sub]+=v
	val    string
}

// text is the element as one word: `[sub]=val` for one with a subscript.
func (ev elemValue) text() string {
	switch {
	case !ev.hasSub:
		return ev.val
	case ev.add:
		return "[" + ev.sub + "]+=" + ev.val
	}
	return "[" + ev.sub + "]=" + ev.val
}

// arrayText is what an array value before a command, `a=(x [2]=y) cmd`,
// gives the command in bash: a string, the elements each expanded as one
// word (no splitting, no globbing) and joined by blanks, in parentheses.
func (s *Shell) arrayText(arr *parser.ArrayExpr) (string, error) {
	var b strings.Builder
	b.WriteByte('(')
	for i, e := range arr.Elems {
		ev := elemValue{hasSub: e.Index != nil, add: e.Append}
		var err error
		if ev.hasSub {
			if ev.sub, err = s.expandString(e.Index); err != nil {
				return "", err
			}
		}
		if ev.val, err = s.expandString(e.Value); err != nil {
			return "", err
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(ev.text())
	}
	b.WriteByte(')')
	return b.String(), nil
}

// assignCompound assigns the array value `name=(…)`, or appends it with
// add. Every element is expanded before any is assigned, so the value
// may read the array's old elements.
//
// For an indexed array a plain element is split and globbed into any
// number of elements at the next indices; [i]=v is one element at index
// i (arithmetic), after which the next index is i+1.
//
// For an associative array (bash 5.2) the value is either all [key]=v
// elements, where a plain element is skipped with a message, or, when
// its first element is plain, key value key value…, each word expanded
// without splitting, a missing last value being empty.
func (s *Shell) assignCompound(name string, elems []*parser.ArrayElem, add bool) error {
	assoc := s.assocOf(name)
	var vals []elemValue
	for _, el := range elems {
		if el.Index == nil && assoc == nil {
			fields, err := s.expandFields([]*parser.Word{el.Value})
			if err != nil {
				return err
			}
			for _, f := range fields {
				vals = append(vals, elemValue{val: f})
			}
			continue
		}
		ev := elemValue{hasSub: el.Index != nil, add: el.Append}
		var err error
		if ev.hasSub {
			if ev.sub, err = s.expandString(el.Index); err != nil {
				return err
			}
		}
		if ev.val, err = s.expandString(el.Value); err != nil {
			return err
		}
		vals = append(vals, ev)
	}
	if assoc != nil {
		return s.assignAssoc(name, vals, add)
	}
	return s.assignElems(name, vals, add)
}

// assignElems assigns the expanded elements of an indexed array's value
// (assignCompound).
func (s *Shell) assignElems(name string, vals []elemValue, add bool) error {
	defer s.varChanged(s.ref(name)) // element 0 is the variable's value
	next := 0
	if add {
		if keys, _, _ := s.arrayElems(name); len(keys) > 0 {
			next = keys[len(keys)-1] + 1
		}
	}
	v, err := s.toArray(name)
	if err != nil {
		return err
	}
	if !add {
		clear(v.array)
	}
	for _, ev := range vals {
		if ev.hasSub {
			i, err := s.arithIndex(ev.sub)
			if err != nil {
				return err
			}
			next = i
		}
		if err := s.setElement(name, next, ev.val, ev.add); err != nil {
			return err
		}
		next++
	}
	return nil
}

// assignAssoc assigns the expanded elements of an associative array's
// value (assignCompound).
func (s *Shell) assignAssoc(name string, vals []elemValue, add bool) error {
	name = s.ref(name)
	defer s.varChanged(name) // element "0" is the variable's value
	v := s.vars[name]
	if v.readonly {
		return errorf("%s: readonly variable", name)
	}
	if !add {
		v.assoc.clear()
	}
	v.set = true
	if len(vals) > 0 && !vals[0].hasSub { // key value key value…
		for i := 0; i < len(vals); i += 2 {
			val := ""
			if i+1 < len(vals) {
				val = vals[i+1].text()
			}
			if err := s.setAssocElem(name, vals[i].text(), val, false); err != nil {
				return err
			}
		}
		return nil
	}
	for _, ev := range vals {
		if !ev.hasSub {
			s.errorf("%s: %s: must use subscript when assigning associative array", name, ev.val)
			continue
		}
		if err := s.setAssocElem(name, ev.sub, ev.val, ev.add); err != nil {
			return err
		}
	}
	return nil
}

// unsetElement removes element i of array name: unset 'a[1]'.
func (s *Shell) unsetElement(name string, i int) error {
	name = s.ref(name)
	defer s.varChanged(name)
	v, ok := s.vars[name]
	if !ok {
		return nil
	}
	if v.readonly {
		return errorf("%s: cannot unset: readonly variable", name)
	}
	if v.array == nil {
		if i == 0 || i == -1 {
			return s.unsetVar(name)
		}
		return nil
	}
	if i < 0 {
		keys, _, _ := s.arrayElems(name)
		j := i
		if len(keys) > 0 {
			j += keys[len(keys)-1] + 1
		}
		if j < 0 {
			return errorf("[%d]: bad array subscript", i)
		}
		i = j
	}
	delete(v.array, i)
	return nil
}

// arrayArgMark starts the value of an argument that was written as an
// array (`local a=(x y)`) rather than quoted (`local a='(x y)'`, a plain
// string in bash unless -a is given). No expanded word holds a NUL.
const arrayArgMark = "\x00"

// expandArgs expands a simple command's words. A declaration command's
// array value (`declare -a a=(x 'y z' [5]=w)`,
// parser.SimpleCmd.ArgArrays) becomes the one argument `a=`
// arrayArgMark `('x' 'y z' ['5']='w')`, elements and subscripts
// expanded and quoted: builtins take strings, and this is the string
// form bash's declare -a also accepts as a quoted argument, which
// arrayValue reads back.
func (s *Shell) expandArgs(c *parser.SimpleCmd) ([]string, error) {
	decl := len(c.Args) > 1 && isDeclarationWord(c.Args[0])
	if c.ArgArrays == nil && !decl {
		return s.expandFields(c.Args)
	}
	var argv []string
	for i, w := range c.Args {
		var fields []string
		var err error
		if decl && i > 0 && isAssignArg(w) {
			// `local x=$1`: an assignment, neither split nor globbed
			// (bash); the value is one string.
			var v string
			v, err = s.expandString(w)
			fields = []string{v}
		} else {
			fields, err = s.expandFields([]*parser.Word{w})
		}
		if err != nil {
			return nil, err
		}
		a := c.ArgArrays[i]
		if a == nil {
			argv = append(argv, fields...)
			continue
		}
		if !decl {
			// let and eval: the text, elements expanded as
			// one word each (`x=(1 + 2)`), which they read again
			t, err := s.arrayText(a)
			if err != nil {
				return nil, err
			}
			argv = append(argv, strings.Join(fields, "")+t)
			continue
		}
		var elems []string
		for _, el := range a.Elems {
			if el.Index == nil {
				vals, err := s.expandFields([]*parser.Word{el.Value})
				if err != nil {
					return nil, err
				}
				for _, v := range vals {
					elems = append(elems, singleQuote(v))
				}
				continue
			}
			sub, err := s.expandString(el.Index)
			if err != nil {
				return nil, err
			}
			v, err := s.expandString(el.Value)
			if err != nil {
				return nil, err
			}
			op := "]="
			if el.Append {
				op = "]+="
			}
			elems = append(elems, "["+singleQuote(sub)+op+singleQuote(v))
		}
		argv = append(argv, strings.Join(fields, "")+arrayArgMark+"("+strings.Join(elems, " ")+")")
	}
	return argv, nil
}

// isDeclarationWord reports whether w names a builtin whose NAME=value
// arguments are assignments (bash): declare, typeset, local, readonly,
// export.
func isDeclarationWord(w *parser.Word) bool {
	switch w.Lit() {
	case "declare", "typeset", "local", "readonly", "export":
		return true
	}
	return false
}

// isAssignArg reports whether w starts with literal NAME= or NAME+=
// (or NAME[sub]=).
func isAssignArg(w *parser.Word) bool {
	if len(w.Parts) == 0 {
		return false
	}
	l, ok := w.Parts[0].(*parser.Lit)
	if !ok {
		return false
	}
	v := l.Value
	i := 0
	for i < len(v) && (v[i] == '_' || v[i] >= 'a' && v[i] <= 'z' || v[i] >= 'A' && v[i] <= 'Z' || i > 0 && v[i] >= '0' && v[i] <= '9') {
		i++
	}
	if i == 0 {
		return false
	}
	if i < len(v) && v[i] == '[' {
		j := strings.IndexByte(v[i:], ']')
		if j < 0 {
			return false
		}
		i += j + 1
	}
	return strings.HasPrefix(v[i:], "=") || strings.HasPrefix(v[i:], "+=")
}

// assignValue assigns what a declaration builtin's `k=v` argument says:
// an array value (arrayValue) or a string; asArray is declare's -a or
// -A.
func (s *Shell) assignValue(k, v string, asArray, add bool) error {
	elems, ok := arrayValue(v, asArray)
	if ok {
		return s.assignCompound(k, elems, add)
	}
	return s.assignVar(k, v, add)
}

// arrayValue reads the value of a declaration's `name=(…)` argument as
// the elements of an array value, to be expanded by assignCompound (bash
// expands the quoted string form again too). ok is false when v is not
// an array value: neither written as one (expandArgs) nor, with -a or
// -A (asArray), a string in parentheses that parses as words.
func arrayValue(v string, asArray bool) (elems []*parser.ArrayElem, ok bool) {
	v, marked := strings.CutPrefix(v, arrayArgMark)
	if !marked && !asArray || !strings.HasPrefix(v, "(") || !strings.HasSuffix(v, ")") {
		return nil, false
	}
	f, perr := parser.Parse([]byte("a="+v), "declare")
	if perr != nil || len(f.Stmts) != 1 || f.Stmts[0].AndOr.Rest != nil {
		return nil, false
	}
	p := f.Stmts[0].AndOr.First
	c, isSimple := p.Stages[0].Cmd.(*parser.SimpleCmd)
	if len(p.Stages) != 1 || !isSimple || len(c.Args) != 0 || len(c.Assigns) != 1 || c.Assigns[0].Array == nil {
		return nil, false
	}
	return c.Assigns[0].Array.Elems, true
}
