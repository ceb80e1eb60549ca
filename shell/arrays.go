package shell

import (
	"slices"
	"strconv"
	"strings"

	"github.com/plumbsh/plumb/parser"
)

// Bash indexed arrays. An array is a variable whose array map holds its
// elements by index (state.go). PIPESTATUS is an array too, a dynamic
// one: its elements are read from s.pipestatus, which every pipeline sets
// without building a map.

// arrayElems returns the elements of name in index order with their
// indices: an array's, PIPESTATUS's, or a set scalar's as element 0. ok
// is false when name is unset.
func (s *Shell) arrayElems(name string) (keys []int, vals []string, ok bool) {
	if name == "PIPESTATUS" {
		for i, st := range s.pipestatus {
			keys = append(keys, i)
			vals = append(vals, strconv.Itoa(st))
		}
		return keys, vals, true
	}
	if name == "DIRSTACK" {
		vals = s.dirList()
		for i := range vals {
			keys = append(keys, i)
		}
		return keys, vals, true
	}
	v, found := s.vars[name]
	if !found || !v.set {
		return nil, nil, false
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
	if name == "PIPESTATUS" {
		if i >= len(s.pipestatus) {
			return "", false
		}
		return strconv.Itoa(s.pipestatus[i]), true
	}
	if name == "DIRSTACK" {
		if list := s.dirList(); i < len(list) {
			return list[i], true
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
		v.value, v.set = "", true
		if v.exported {
			s.env = nil
		}
	}
	return v, nil
}

// setElement assigns element i of name (appending to it with add).
func (s *Shell) setElement(name string, i int, val string, add bool) error {
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
	if add {
		val = v.array[i] + val
	}
	v.array[i] = val
	return nil
}

// setArray assigns a whole array, or appends to it with add.
func (s *Shell) setArray(name string, vals []string, add bool) error {
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
	for i, el := range vals {
		v.array[next+i] = el
	}
	return nil
}

// splitSubscript splits "name[sub]" into its parts; ok is false for a
// plain name.
func splitSubscript(s string) (name, sub string, ok bool) {
	i := strings.IndexByte(s, '[')
	if i <= 0 || !strings.HasSuffix(s, "]") || !parser.IsName(s[:i]) {
		return s, "", false
	}
	return s[:i], s[i+1 : len(s)-1], true
}

// arithIndex evaluates a subscript's text as arithmetic.
func (s *Shell) arithIndex(text string) (int, error) {
	n, err := s.evalArith(text)
	if err != nil {
		return 0, s.arithFailed(err, "")
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
		text, err = s.expandQuoted(w)
	} else {
		text, err = s.expandString(w)
	}
	if err != nil {
		return 0, err
	}
	return s.arithIndex(text)
}

// assignIndexed runs an assignment with a subscript or an array value:
// a[i]=v, a+=(x y), a=(x y).
func (s *Shell) assignIndexed(a *parser.Assign) (traced string, err error) {
	if a.Array != nil {
		vals, err := s.expandFields(a.Array.Elems)
		if err != nil {
			return "", err
		}
		op := "="
		if a.Append {
			op = "+="
		}
		return a.Name + op + "(" + strings.Join(vals, " ") + ")", s.setArray(a.Name, vals, a.Append)
	}
	i, err := s.subscript(a.Index, false)
	if err != nil {
		return "", err
	}
	v, err := s.expandString(a.Value)
	if err != nil {
		return "", err
	}
	return a.Name + "[" + strconv.Itoa(i) + "]=" + v, s.setElement(a.Name, i, v, a.Append)
}

// unsetElement removes element i of array name: unset 'a[1]'.
func (s *Shell) unsetElement(name string, i int) error {
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
		if len(keys) > 0 {
			i += keys[len(keys)-1] + 1
		}
	}
	delete(v.array, i)
	return nil
}

// arrayArgMark starts the value of an argument that was written as an
// array (`local a=(x y)`) rather than quoted (`local a='(x y)'`, a plain
// string in bash unless -a is given). No expanded word holds a NUL.
const arrayArgMark = "\x00"

// expandArgs expands a simple command's words. A declaration command's
// array value (`declare -a a=(x 'y z')`, parser.SimpleCmd.ArgArrays)
// becomes the one argument `a=` arrayArgMark `('x' 'y z')`, elements
// quoted: builtins take strings, and this is the string form bash's
// declare -a also accepts as a quoted argument, which arrayValue reads
// back.
func (s *Shell) expandArgs(c *parser.SimpleCmd) ([]string, error) {
	if c.ArgArrays == nil {
		return s.expandFields(c.Args)
	}
	var argv []string
	for i, w := range c.Args {
		fields, err := s.expandFields([]*parser.Word{w})
		if err != nil {
			return nil, err
		}
		a := c.ArgArrays[i]
		if a == nil {
			argv = append(argv, fields...)
			continue
		}
		vals, err := s.expandFields(a.Elems)
		if err != nil {
			return nil, err
		}
		for j, v := range vals {
			vals[j] = "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
		}
		argv = append(argv, strings.Join(fields, "")+arrayArgMark+"("+strings.Join(vals, " ")+")")
	}
	return argv, nil
}

// assignValue assigns what a declaration builtin's `k=v` argument says:
// an array value (arrayValue) or a string; asArray is declare's -a.
func (s *Shell) assignValue(k, v string, asArray, add bool) error {
	elems, ok, err := s.arrayValue(v, asArray)
	if err != nil {
		return err
	}
	if ok {
		return s.setArray(k, elems, add)
	}
	if add {
		old, _ := s.get(k)
		v = old + v
	}
	return s.setVar(k, v)
}

// arrayValue reads the value of a declaration's `name=(…)` argument as
// the elements of an array: the words inside the parentheses, expanded
// (bash expands the quoted string form again too). ok is false when v is
// not an array value: neither written as one (expandArgs) nor, with -a
// (asArray), a string in parentheses that parses as words.
func (s *Shell) arrayValue(v string, asArray bool) (elems []string, ok bool, err error) {
	v, marked := strings.CutPrefix(v, arrayArgMark)
	if !marked && !asArray || !strings.HasPrefix(v, "(") || !strings.HasSuffix(v, ")") {
		return nil, false, nil
	}
	f, perr := parser.Parse([]byte("a="+v), "declare")
	if perr != nil || len(f.Stmts) != 1 || f.Stmts[0].AndOr.Rest != nil {
		return nil, false, nil
	}
	p := f.Stmts[0].AndOr.First
	c, isSimple := p.Stages[0].Cmd.(*parser.SimpleCmd)
	if len(p.Stages) != 1 || !isSimple || len(c.Args) != 0 || len(c.Assigns) != 1 || c.Assigns[0].Array == nil {
		return nil, false, nil
	}
	elems, err = s.expandFields(c.Assigns[0].Array.Elems)
	return elems, true, err
}
