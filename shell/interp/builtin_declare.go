package interp

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/plumbsh/plumb/parser"
	"github.com/plumbsh/plumb/shell/arith"
)

// The let, declare and typeset builtins (local shares biDeclare): bash's
// attribute-carrying assignments and their -p/-f/-F listings.

// biLet is `let expr…`: each argument is an arithmetic expression; the
// status is 0 when the last one is not zero.
func biLet(s *Shell, args []string) (int, error) {
	if len(args) < 2 {
		s.errorf("let: expression expected")
		return 2, nil
	}
	var n int64
	for _, a := range args[1:] {
		v, err := s.evalArith(a)
		if err != nil {
			if errors.As(err, new(*fatalError)) {
				return 1, err
			}
			if errors.As(err, new(*subscriptError)) {
				return 1, s.arithFailed(err, "") // bash names no let
			}
			s.errorf("let: %s", err)
			return 1, nil
		}
		n = v
	}
	if n == 0 {
		return 1, nil
	}
	return 0, nil
}

// biDeclare is `declare` and `typeset`, and `local`: -a (indexed
// array), -A (associative array), -x (export), -r (readonly), -i
// (integer), -l, -u, -c (lower, upper, capitalised case; attrs.go), -g
// (global), -p (print), -n (nameref, nameref.go); +x, +n, +i, +l, +u
// and +c take the attribute away. Inside a function the names are
// local, as in bash, unless -g is given. Attributes given for a nameref
// apply to its target, unless the option is -n or +n. The converting
// attributes are given before the value is assigned, so declare -i x=1+2
// stores 3.
func biDeclare(s *Shell, args []string) (int, error) {
	name := args[0]
	var array, assoc, noArray, export, unexport, readonly, global, print, nameref, unref, funcs, funcNames bool
	var attrOn, attrOff varAttr
	args = args[1:]
	if len(args) == 0 && name != "local" {
		return s.listSet(name) // bare declare is set's list (setlist.go)
	}
	for len(args) > 0 && len(args[0]) > 1 && (args[0][0] == '-' || args[0][0] == '+') {
		if args[0] == "--" {
			args = args[1:]
			break
		}
		plus := args[0][0] == '+'
		for _, c := range args[0][1:] {
			switch c {
			case 'a', 'A':
				// +a, +A: no array ('x=(1 2)' stays a string); one
				// cannot be made a scalar again
				noArray = plus
				array = array || !plus && c == 'a'
				assoc = assoc || !plus && c == 'A'
			case 'n':
				nameref, unref = !plus, plus
			case 'f':
				funcs = true
			case 'F':
				funcNames = true
			case 'x':
				export, unexport = !plus, plus
			case 'r':
				readonly = true
			case 'i', 'l', 'u', 'c':
				if plus {
					attrOff |= attrLetter[c]
				} else {
					attrOn |= attrLetter[c]
				}
			case 'g':
				global = true
			case 'p':
				print = true
			default:
				s.errorf("%s: -%c: invalid option", name, c)
				return 2, nil
			}
		}
		args = args[1:]
	}
	if (funcs || funcNames) && (export || unexport) && len(args) > 0 {
		return s.exportFuncs(name, args, unexport) // declare -fx f (exportfunc.go)
	}
	if funcs || funcNames {
		return s.declareFuncs(name, args, funcNames)
	}
	if print || len(args) == 0 {
		// -p with attribute letters lists only the variables that
		// have them all (declare -px, -pa).
		want := func(v *variable) bool {
			return (!array || v.array != nil) && (!assoc || v.assoc != nil) && (!export || v.exported) &&
				(!readonly || v.readonly) && (!nameref || v.nameref) && attrOn&^v.attrs == 0
		}
		return s.declarePrint(name, args, want)
	}
	local := s.funcDepth > 0 && !global
	if local && len(s.locals) == 0 {
		// a pipeline stage's copy inside a function: its frame dies with it
		s.pushLocals()
	}
	status := 0
	for _, a := range args {
		d, ok := splitDeclArg(a)
		k, v, hasValue, add := d.name, d.value, d.hasValue, d.add
		if ok && d.hasSub && (nameref || unref) {
			s.errorf("%s: %s[%s]: reference variable cannot be an array", name, d.name, d.sub)
			status = 1
			continue
		}
		if !ok {
			s.errorf("%s: `%s': not a valid identifier", name, a)
			status = 1
			continue
		}
		if local && s.saveLocal(k) && (!hasValue || d.hasSub) {
			// bash: `local x` declares x unset in the function (dash
			// would keep the caller's value).
			if old, ok := s.vars[k]; !ok || !old.readonly {
				s.vars[k] = &variable{}
				s.env = nil
			}
		}
		if nameref || unref {
			if err := s.declareRef(k, v, hasValue, unref); err != nil {
				s.errorf("%s: %v", name, err)
				status = 1
				continue
			}
			hasValue = false // the value was the target's name
		} else if !local {
			r := s.ref(k) // declare -rx ref: the target gets them
			if r == "" {
				s.errorf("%s: %s: circular name reference", name, k)
				status = 1
				continue
			}
			k = r
		}
		var err error
		old, declared := s.vars[k]
		switch {
		case local && declared && old.readonly && !hasValue:
			err = errorf("%s: readonly variable", k)
		case noArray && declared && (old.array != nil || old.assoc != nil):
			err = errorf("%s: cannot destroy array variables in this way", k)
		case assoc:
			_, err = s.toAssoc(k)
		case array && s.assocOf(k) != nil:
			err = errorf("%s: cannot convert associative to indexed array", k)
		case array, d.hasSub && s.assocOf(k) == nil:
			wasSet := declared && old.set
			var v *variable
			if v, err = s.toArray(k); err == nil && !wasSet {
				v.set = false // declared, not assigned: declare -p shows no value
			}
		}
		if err == nil && attrOn|attrOff != 0 {
			vr := s.vars[k]
			if vr == nil {
				vr = &variable{} // declared, not set: declare -p shows it
				s.vars[k] = vr
			}
			vr.setAttrs(attrOn, attrOff)
		}
		if err == nil && hasValue && d.hasSub {
			var bare bool
			if err, bare = s.declareElem(k, d.sub, v, add); bare {
				if errors.As(err, new(*abortError)) {
					return 1, err
				}
				// a bad subscript: bash names no builtin
				s.errorf("%v", err)
				status = 1
				continue
			}
		} else if err == nil && hasValue {
			err = s.assignValue(k, v, array || assoc, add)
		} else if _, ok := s.vars[k]; err == nil && !ok {
			s.vars[k] = &variable{} // declared, not set: declare -p shows it
		}
		if errors.As(err, new(*arith.Error)) {
			// -i's arithmetic failed: bash abandons the line
			return 1, s.discardFailed(err, name+": ")
		}
		if err != nil {
			s.errorf("%s: %v", name, err)
			status = 1
			continue
		}
		if export {
			s.exportVar(k)
		}
		if unexport && s.vars[k] != nil {
			s.vars[k].exported = false
			s.env = nil
		}
		if readonly {
			s.vars[k].readonly = true
		}
	}
	return status, nil
}

// declareFuncs is `declare -f [name…]` (the definitions) and `declare
// -F [name…]` (only the names; without names, as `declare -f name`
// lines). The status is 1 when a name is not a function. A definition
// prints in bash's layout (parser.FormatFunc), which reads back the same
// in plumb and in bash.
func (s *Shell) declareFuncs(cmd string, names []string, onlyNames bool) (int, error) {
	all := len(names) == 0
	if all {
		for k := range s.funcs {
			names = append(names, k)
		}
		slices.Sort(names)
	}
	status := 0
	var b strings.Builder
	for _, k := range names {
		fd, ok := s.funcs[k]
		switch {
		case !ok:
			status = 1
		case onlyNames && all:
			b.WriteString("declare -f " + k + "\n")
		case onlyNames && s.opts.shopt[shExtdebug]:
			// where it was defined, as bash's extdebug shows it
			fmt.Fprintf(&b, "%s %d %s\n", k, fd.Pos().Line+fd.lineBase, s.frameFile(fd.file))
		case onlyNames:
			b.WriteString(k + "\n")
		default:
			b.WriteString(parser.FormatFunc(fd.FuncDecl) + "\n")
		}
	}
	if err := s.print(1, b.String()); err != nil {
		return s.writeFailed(cmd, err)
	}
	return status, nil
}

// declArg is an argument of declare: name, name=value or name+=value,
// each name perhaps with a subscript, name[sub].
type declArg struct {
	name, sub, value      string
	hasSub, hasValue, add bool
}

// splitDeclArg splits an argument of declare; ok is false when it does
// not start with a name. A subscript ends at the "]" that balances its
// "[" (declare 'a[a[0]=1]=x').
func splitDeclArg(a string) (d declArg, ok bool) {
	rest := a
	if i := strings.IndexAny(a, "[+="); i >= 0 {
		d.name, rest = a[:i], a[i:]
	} else {
		d.name, rest = a, ""
	}
	if !parser.IsName(d.name) {
		return d, false
	}
	if strings.HasPrefix(rest, "[") {
		depth := 0
		end := strings.IndexFunc(rest, func(r rune) bool {
			switch r {
			case '[':
				depth++
			case ']':
				depth--
			}
			return depth == 0
		})
		if end < 0 {
			return d, false
		}
		d.sub, d.hasSub, rest = rest[1:end], true, rest[end+1:]
	}
	switch {
	case rest == "":
	case strings.HasPrefix(rest, "="):
		d.value, d.hasValue = rest[1:], true
	case strings.HasPrefix(rest, "+="):
		d.value, d.hasValue, d.add = rest[2:], true, true
	default:
		return d, false
	}
	return d, true
}

// declareElem assigns the element `k[sub]=v` that declare is given: sub
// is a key of an associative array k, else arithmetic. A bad
// subscript's error is bare: bash reports it without the builtin's name,
// and a failed subscript arithmetic (already reported) abandons the
// line.
func (s *Shell) declareElem(k, sub, v string, add bool) (err error, bare bool) {
	if s.assocOf(k) != nil {
		if sub == "" {
			return errorf("%s[]: bad array subscript", k), true
		}
		return s.setAssocElem(k, sub, v, add), false
	}
	i, err := s.evalArith(sub)
	if err != nil {
		return s.discardFailed(err, ""), true
	}
	if i < 0 {
		if keys, _, _ := s.arrayElems(k); len(keys) == 0 || int(i)+keys[len(keys)-1]+1 < 0 {
			return errorf("%s[%d]: bad array subscript", k, i), true
		}
	}
	return s.setElement(k, int(i), v, add), false
}

// declarePrint is `declare -p [name…]`: each variable as a declare
// command that recreates it.
func (s *Shell) declarePrint(cmd string, names []string, want func(*variable) bool) (int, error) {
	if len(names) == 0 {
		for k, v := range s.vars {
			if want(v) {
				names = append(names, k)
			}
		}
		slices.Sort(names)
	}
	status := 0
	var b strings.Builder
	for _, k := range names {
		v, ok := s.vars[k]
		if list, dyn := dynamicArrays[k]; dyn && !ok {
			// bash shows FUNCNAME outside functions as unset
			v, ok = &variable{array: map[int]string{}, set: k != "FUNCNAME" || len(list(s)) > 0}, true
		}
		if !ok {
			s.errorf("%s: %s: not found", cmd, k)
			status = 1
			continue
		}
		b.WriteString(s.declareText(k, v))
		b.WriteByte('\n')
	}
	if err := s.print(1, b.String()); err != nil {
		return s.writeFailed(cmd, err)
	}
	return status, nil
}

// varFlags are the attribute letters of v, in bash's order, as declare
// -p and ${x@a} show them.
func varFlags(v *variable) string {
	flags := ""
	switch {
	case v.array != nil:
		flags += "a"
	case v.assoc != nil:
		flags += "A"
	}
	if v.attrs&attrInteger != 0 {
		flags += "i"
	}
	if v.nameref {
		flags += "n"
	}
	if v.readonly {
		flags += "r"
	}
	if v.exported {
		flags += "x"
	}
	switch v.attrs & attrCase {
	case attrCapital:
		flags += "c"
	case attrLower:
		flags += "l"
	case attrUpper:
		flags += "u"
	}
	return flags
}

// declareText is the declare command that recreates variable k, as
// declare -p shows it, without the newline.
func (s *Shell) declareText(k string, v *variable) string {
	if k == "SHELLOPTS" || k == "BASHOPTS" {
		s.syncOptionVars()
	}
	var b strings.Builder
	flags := varFlags(v)
	if flags == "" {
		flags = "-"
	}
	b.WriteString("declare -" + flags + " " + k)
	switch {
	case (v.assoc != nil || v.array != nil) && v.set:
		b.WriteString("=" + s.compoundValue(k, v))
	case v.set:
		b.WriteString("=" + s.declQuote(v.value))
	}
	return b.String()
}

func init() {
	builtins["let"] = biLet
	builtins["declare"] = biDeclare
	builtins["typeset"] = biDeclare
}
