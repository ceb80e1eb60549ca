package interp

import (
	"strings"

	"github.com/plumbsh/plumb/parser"
)

// Namerefs: bash's `declare -n ref=target`. A nameref is a variable
// whose value names another variable (or an element, `a[2]`); reading,
// assigning, unsetting and the array operations on ref act on the
// target instead. Its own value changes only through declare -n (or an
// assignment while it names nothing), and `unset -n ref` removes ref
// itself; ${!ref} is the target's name. A value that is not a valid
// name (`1`, `#`) makes ref an ordinary variable, as in bash.
//
// Shell.namerefs turns resolution on once the first nameref is made,
// so that scripts without any pay one test per lookup.

// maxRefChain bounds a chain of namerefs; a longer one is circular.
const maxRefChain = 8

// ref returns the name that name stands for after following namerefs:
// name itself when it is not a nameref, "" for a circular chain (which
// reads as unset, as in bash).
func (s *Shell) ref(name string) string {
	if !s.namerefs {
		return name
	}
	for range maxRefChain {
		v := s.vars[name]
		if v == nil || !v.nameref || !v.set || !refTarget(v.value) {
			return name
		}
		name = v.value
	}
	return ""
}

// refTarget reports whether t can be the target of a nameref: a name,
// or a name with a subscript.
func refTarget(t string) bool {
	if base, _, ok := parser.SplitSubscript(t); ok {
		return parser.IsName(base)
	}
	return parser.IsName(t)
}

// getRef reads the element a nameref names (`declare -n r=a[2]`).
func (s *Shell) getRef(target string) (string, bool) {
	base, sub, _ := parser.SplitSubscript(target)
	if sub == "@" || sub == "*" {
		_, vals, ok := s.arrayElems(base)
		return strings.Join(vals, s.ifsJoiner(sub == "*")), ok && len(vals) > 0 // as ${a[@]-w}
	}
	v, ok, err := s.textElement(base, sub)
	if err != nil {
		return "", false
	}
	return v, ok
}

// assignTarget assigns value to name, or to the element name[sub]
// names (printf -v 'a[1]', read 'm[k]').
func (s *Shell) assignTarget(name, value string) error {
	if _, _, ok := parser.SplitSubscript(name); ok {
		return s.setRef(name, value, false)
	}
	return s.setVar(name, value)
}

// setRef assigns the element a nameref names, or appends to it with add.
func (s *Shell) setRef(target, value string, add bool) error {
	base, sub, _ := parser.SplitSubscript(target)
	if s.assocOf(base) != nil {
		key, err := s.textKey(sub)
		if err != nil {
			return err
		}
		return s.setAssocElem(base, key, value, add)
	}
	i, err := s.textIndex(sub)
	if err != nil {
		return err
	}
	return s.setElement(base, i, value, add)
}

// declareRef makes name a nameref (declare -n), with value as its
// target when given, or (unref) an ordinary variable again (+n).
func (s *Shell) declareRef(name, value string, hasValue, unref bool) error {
	v, ok := s.vars[name]
	if !ok {
		v = &variable{}
		s.vars[name] = v
	}
	if unref {
		v.nameref = false
		return nil
	}
	if v.array != nil || v.assoc != nil {
		return errorf("%s: reference variable cannot be an array", name)
	}
	if !hasValue && v.set {
		value, hasValue = v.value, true
	}
	if hasValue && !refTarget(value) {
		return errorf("`%s': invalid variable name for name reference", value)
	}
	if hasValue {
		if value == name {
			return errorf("%s: nameref variable self references not allowed", name)
		}
		if v.readonly {
			return errorf("%s: readonly variable", name)
		}
		v.value, v.set = value, true
		if v.exported {
			s.env = nil
		}
	}
	v.nameref = true
	s.namerefs = true
	return nil
}
