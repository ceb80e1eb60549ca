package expand

import (
	"strconv"
	"unicode/utf8"

	"github.com/plumbsh/plumb/parser"
	"github.com/plumbsh/plumb/shell/pattern"
)

// Parameter expansion: $x and ${…} with the POSIX operators (${#x},
// ${x:-w} ${x:=w} ${x:?w} ${x:+w}, ${x#p} ${x%p}); bash's others are in
// paramexp_bash.go.

// paramList returns the elements of a list-valued parameter: $@, $*, and
// arrays; a scalar is a list of one.
func (c *Config) paramList(name string) ([]string, bool) {
	switch name {
	case "@", "*":
		_, args := c.Env.Args()
		return args, true
	}
	_, vals, ok := c.Env.Array(name)
	return vals, ok
}

// paramValue returns a scalar parameter's value and whether it is set.
func (c *Config) paramValue(name string) (string, bool) {
	switch name {
	case "#":
		_, args := c.Env.Args()
		return strconv.Itoa(len(args)), true
	case "0":
		arg0, _ := c.Env.Args()
		return arg0, true
	}
	if ch := name[0]; ch >= '1' && ch <= '9' {
		i, _ := strconv.Atoi(name)
		if _, args := c.Env.Args(); i <= len(args) {
			return args[i-1], true
		}
		return "", false
	}
	return c.Env.Param(name)
}

func (e *expander) param(p *parser.ParamExp, quoted bool) error {
	if p.Bad != "" || p.Sub != nil && p.Sub.EmptySubscript() { // ${(M)x}, ${a[]}: read, refused here (bash)
		return abort(parser.Format(p) + ": bad substitution")
	}
	c := e.c
	isList := p.Param == "@" || p.Param == "*" || p.Index == "@" || p.Index == "*"
	star := p.Param == "*" || p.Index == "*"
	var val string
	var list []string
	var set bool
	if p.Indirect || p.Sub != nil {
		var err error
		if val, list, isList, star, set, err = c.paramRef(p); err != nil {
			return err
		}
	} else if isList {
		list, set = c.paramList(p.Param)
		set = set && len(list) > 0 // an empty array is unset to ${a[@]-w}, as in bash
		val = c.join(list, star)
	} else {
		val, set = c.paramValue(p.Param)
		if p.Short {
			if target, _, ok := c.Env.NameRef(p.Param); ok {
				// "$ref" with ref a nameref to a[@] is "${a[@]}" (bash;
				// "${ref}" is the elements joined).
				if name, sub, ok := parser.SplitSubscript(target); ok && (sub == "@" || sub == "*") {
					isList, star = true, sub == "*"
					list, set = c.paramList(name)
					val = c.join(list, star)
				}
			}
		}
	}

	if p.Length {
		if p.Op != parser.ParamNone { // ${#v:1:3} (read, refused here)
			return abort(parser.Format(p) + ": bad substitution")
		}
		n := len(val)
		if !c.Bytes {
			n = utf8.RuneCountInString(val)
		}
		if isList {
			n = len(list)
		}
		if !set && c.NoUnset && !isList {
			return UnboundError(p.Param)
		}
		e.expansion(strconv.Itoa(n), quoted)
		return nil
	}

	// "$@" of two or more elements is not empty even when they are;
	// "$*" is what it joins to.
	empty := !set || val == "" && !(isList && (!star || !quoted) && len(list) > 1)
	if p.Indirect && isList && quoted {
		empty = !set // "${!ref:-w}" with ref='a[@]': bash tests only that a has elements
	}
	switch p.Op {
	case parser.ParamDefault, parser.ParamDefaultColon:
		if !set || p.Op == parser.ParamDefaultColon && empty {
			return e.arg(p.Arg, quoted)
		}
	case parser.ParamAssign, parser.ParamAssignColon:
		if !set || p.Op == parser.ParamAssignColon && empty {
			v, err := c.assign(p)
			if err != nil {
				return err
			}
			e.expansion(v, quoted)
			return nil
		}
	case parser.ParamAlt, parser.ParamAltColon:
		if set && !(p.Op == parser.ParamAltColon && empty) {
			return e.arg(p.Arg, quoted)
		}
		return nil
	case parser.ParamError, parser.ParamErrorColon:
		if !set || p.Op == parser.ParamErrorColon && empty {
			msg := "parameter null or not set"
			if p.Arg != nil {
				m, err := c.Literal(p.Arg)
				if err != nil {
					return err
				}
				msg = m
			}
			return fatal(p.Param + ": " + msg)
		}
	case parser.ParamTrimPrefix, parser.ParamTrimPrefixLong, parser.ParamTrimSuffix, parser.ParamTrimSuffixLong:
		pat, err := c.Pattern(p.Arg)
		if err != nil {
			return err
		}
		suffix := p.Op == parser.ParamTrimSuffix || p.Op == parser.ParamTrimSuffixLong
		longest := p.Op == parser.ParamTrimPrefixLong || p.Op == parser.ParamTrimSuffixLong
		val, list = c.eachElem(val, list, isList, star, func(v string) string {
			return pattern.Trim(v, pat, suffix, longest, c.patMode())
		})
	case parser.ParamTransform:
		if !set && c.NoUnset && !(isList && (p.Param == "@" || p.Param == "*")) {
			return UnboundError(p.Param)
		}
		var whole bool
		if val, list, whole = c.transform(p, val, list, isList, star, set); whole {
			isList = false // ${a[@]@A}: one declare command
		}
	case parser.ParamReplace, parser.ParamReplaceAll, parser.ParamReplacePrefix, parser.ParamReplaceSuffix,
		parser.ParamSlice, parser.ParamSliceLen, parser.ParamUpper, parser.ParamUpperAll, parser.ParamLower, parser.ParamLowerAll:
		if !set && c.NoUnset && !isList {
			return UnboundError(p.Param)
		}
		var err error
		if val, list, err = c.paramBash(p, val, list, isList, star); err != nil {
			return err
		}
	}
	if !set && !isList && c.NoUnset && p.Op == parser.ParamNone && p.Param != "!" {
		return UnboundError(p.Param)
	}
	if isList && (!star || !quoted) && e.b.Mode == Fields {
		e.list(list, quoted)
		return nil
	}
	e.expansion(val, quoted)
	return nil
}

// assign does the assignment of ${x:=word} (and ${x=word}) and returns
// the value assigned: to a variable, to an element (${a[i]:=v}), or to
// the variable that ref names (${!ref:=v}).
func (c *Config) assign(p *parser.ParamExp) (string, error) {
	v, err := c.Literal(p.Arg)
	if err != nil {
		return "", err
	}
	if !parser.IsName(p.Param) {
		return "", fatal("$" + p.Param + ": cannot assign in this way")
	}
	name, sub := p.Param, p.Sub
	if p.Indirect && p.Sub == nil {
		name, _ = c.indirectRef(p)
		if !parser.IsName(name) {
			return "", fatal(name + ": invalid variable name")
		}
	}
	v, err = c.Env.Assign(name, sub, v)
	if err != nil {
		return "", fatal(err.Error())
	}
	return v, nil
}

// list appends "$@"-like elements: each one its own field when quoted,
// each one split on its own when not.
func (e *expander) list(list []string, quoted bool) {
	for i, el := range list {
		if i > 0 {
			if quoted {
				e.endField(true)
			} else {
				e.endField(false)
			}
		}
		e.expansion(el, quoted)
	}
}

// arg expands the word of ${x:-word} and friends in place, so it splits
// or not according to its own quoting and the quoting around it.
func (e *expander) arg(w *parser.Word, quoted bool) error {
	if w == nil {
		if quoted {
			e.b.Start()
		}
		return nil
	}
	if quoted {
		return e.parts(w.Parts, true)
	}
	// Unquoted, the word's own literal text is split on IFS like the
	// result of an expansion (POSIX: `${u:-a b c}` is three fields); its
	// quoted parts stay whole.
	for _, p := range w.Parts {
		if l, ok := p.(*parser.Lit); ok {
			e.expansion(l.Value, false)
			continue
		}
		if err := e.part(p, false); err != nil {
			return err
		}
	}
	return nil
}
