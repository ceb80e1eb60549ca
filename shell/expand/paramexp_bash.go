package expand

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/plumbsh/plumb/parser"
)

// Bash's parameter expansions beyond POSIX: ${!x} and ${!a[@]}, ${a[i]},
// ${x/p/r} and its anchored and global forms, ${x:off:len}, and the case
// conversions ${x^} ${x^^} ${x,} ${x,,}, and the transformations ${x@Q}
// ${x@E} ${x@P} ${x@A} ${x@a} ${x@U} ${x@u} ${x@L}.

// paramRef resolves a parameter with a subscript (${a[i+1]}) or an
// indirection (${!x}, ${!a[@]}) to its value, or its list of values.
// ${!a[@]} alone lists a's keys; followed by an operator (${!a[@]:-w})
// it is an indirection through a's elements, as in bash.
func (c *Config) paramRef(p *parser.ParamExp) (val string, list []string, isList, star, set bool, err error) {
	star = p.Index == "*"
	switch {
	case p.Names: // ${!prefix@}: the names
		list = c.Env.Names(p.Param)
		return c.join(list, star), list, true, star, true, nil
	case p.Indirect && p.Index != "" && p.Op == parser.ParamNone: // ${!a[@]}: the indices or keys
		list, ok := c.Env.Keys(p.Param)
		return c.join(list, star), list, true, star, ok, nil
	}
	switch {
	case p.Sub != nil:
		if val, set, err = c.Env.Element(p.Param, p.Sub); err != nil {
			return "", nil, false, false, false, err
		}
	case !p.Indirect:
		val, set = c.paramValue(p.Param)
	default:
		if p.Index == "" {
			if target, set, ok := c.Env.NameRef(p.Param); ok {
				// ${!ref} of a nameref is the name it holds (bash).
				return target, nil, false, false, set, nil
			}
			if strings.HasPrefix(p.Param, "#") && p.Param != "#" {
				// ${!#3442}: read as written (parser.ParamExp),
				// refused here, as bash does.
				return "", nil, false, false, false, abort(parser.Format(p) + ": bad substitution")
			}
		}
		// ${!x} and, followed by an operator, ${!a[@]-w}.
		val, set = c.indirectRef(p)
	}
	if !p.Indirect {
		return val, nil, false, false, set, nil
	}
	// ${!x}: x holds the name of the parameter to expand, which may
	// itself have a subscript.
	ref := val
	if !set {
		name := p.Param
		if p.Index != "" {
			name += "[" + p.Index + "]"
		}
		return "", nil, false, false, false, abort(name + ": invalid indirect expansion")
	}
	name, sub, hasSub := parser.SplitSubscript(ref)
	switch {
	case ref == "@" || ref == "*" || hasSub && (sub == "@" || sub == "*"):
		if !hasSub {
			name = ref
			sub = ref
		}
		list, set = c.paramList(name)
		star = sub == "*"
		// An empty array is unset, as to ${a[@]-w}.
		return c.join(list, star), list, true, star, set && len(list) > 0, nil
	case hasSub:
		val, set, err = c.Env.TextElement(name, sub)
		return val, nil, false, false, set, err
	case parser.IsName(ref) || ref == "#" || ref == "?" || ref == "$" || ref == "!" || ref == "-" || isDecimal(ref):
		val, set = c.paramValue(ref)
		return val, nil, false, false, set, nil
	}
	return "", nil, false, false, false, abort(ref + ": invalid variable name")
}

// indirectRef returns the text that names the parameter of ${!x}: x's
// value, or for ${!a[@]} followed by an operator, a's elements joined by
// spaces (bash), unset when there are none.
func (c *Config) indirectRef(p *parser.ParamExp) (ref string, set bool) {
	if p.Index == "" {
		return c.paramValue(p.Param)
	}
	list, set := c.paramList(p.Param)
	return strings.Join(list, " "), set && len(list) > 0
}

// paramName returns the name of the variable that p expands, without its
// subscript: p's own, or for an indirection, the one it names.
func (c *Config) paramName(p *parser.ParamExp) string {
	if !p.Indirect || p.Sub != nil {
		return p.Param
	}
	ref, _ := c.indirectRef(p)
	name, _, _ := parser.SplitSubscript(ref)
	return name
}

func isDecimal(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// paramBash applies the operators of ${x/p/r}, ${x:off:len} and the case
// conversions to val, or to each element of list for $@ and arrays.
func (c *Config) paramBash(p *parser.ParamExp, val string, list []string, isList, star bool) (string, []string, error) {
	var each func(string) string
	switch p.Op {
	case parser.ParamSlice, parser.ParamSliceLen:
		return c.slice(p, val, list, isList, star)
	case parser.ParamReplace, parser.ParamReplaceAll, parser.ParamReplacePrefix, parser.ParamReplaceSuffix:
		pat, err := c.Pattern(p.Arg)
		if err != nil {
			return "", nil, err
		}
		rep, err := c.replacement(p.Repl)
		if err != nil {
			return "", nil, err
		}
		each = func(v string) string { return Replace(v, pat, rep, p.Op, c.patMode()) }
	default:
		pat, err := c.Pattern(p.Arg)
		if err != nil {
			return "", nil, err
		}
		upper := p.Op == parser.ParamUpper || p.Op == parser.ParamUpperAll
		all := p.Op == parser.ParamUpperAll || p.Op == parser.ParamLowerAll
		each = func(v string) string { return ConvertCase(v, pat, upper, all, c.patMode()) }
	}
	val, list = c.eachElem(val, list, isList, star, each)
	return val, list, nil
}

// eachElem applies f to val, or to each element of list for $@ and
// arrays, and joins the results as the list would be joined.
func (c *Config) eachElem(val string, list []string, isList, star bool, f func(string) string) (string, []string) {
	if !isList {
		return f(val), nil
	}
	out := make([]string, len(list))
	for i, el := range list {
		out[i] = f(el)
	}
	return c.join(out, star), out
}

// slice implements ${x:off} and ${x:off:len}: characters of a string, or
// elements of $@ (where $0 is element 0) and of arrays (by index). A
// negative offset counts from the end; a negative length leaves that many
// out at the end (strings only).
func (c *Config) slice(p *parser.ParamExp, val string, list []string, isList, star bool) (string, []string, error) {
	eval := func(w *parser.Word) (int, error) {
		if w == nil {
			return 0, nil
		}
		n, err := c.arith(w)
		return int(n), err
	}
	off, err := eval(p.Arg)
	if err != nil {
		return "", nil, err
	}
	length, hasLen := -1, p.Op == parser.ParamSliceLen
	if hasLen {
		if length, err = eval(p.Repl); err != nil {
			return "", nil, err
		}
	}
	negative := func() error { return abort(strconv.Itoa(length) + ": substring expression < 0") }
	if isList {
		var elems []string
		var keys []int
		name := c.paramName(p)
		isArgs := name == "@" || name == "*"
		if isArgs {
			arg0, args := c.Env.Args()
			elems = append([]string{arg0}, args...)
			for i := range elems {
				keys = append(keys, i)
			}
		} else {
			keys, elems, _ = c.Env.Array(name)
		}
		if hasLen && length < 0 {
			return "", nil, negative()
		}
		if off < 0 {
			n := len(elems) // $@: counted from $#+1
			if len(keys) > 0 && !isArgs {
				n = keys[len(keys)-1] + 1
			}
			off += n
			if off < 0 {
				return "", nil, nil
			}
		}
		var out []string
		for i, k := range keys {
			if k >= off && (!hasLen || len(out) < length) {
				out = append(out, elems[i])
			}
		}
		return c.join(out, star), out, nil
	}
	// bounds are where val's characters start (then its end); nil
	// when they are its bytes.
	var bounds []int
	if !c.Bytes && !isASCII(val) {
		bounds = charBounds(val, false)
	}
	n := len(val)
	if bounds != nil {
		n = len(bounds) - 1
	}
	if off < 0 {
		off += n
		if off < 0 {
			return "", nil, nil
		}
	}
	if off > n {
		return "", nil, nil
	}
	end := n
	if hasLen {
		if length < 0 {
			end = n + length
			if end < off {
				return "", nil, negative()
			}
		} else {
			end = min(off+length, n)
		}
	}
	if bounds != nil {
		return val[bounds[off]:bounds[end]], nil, nil
	}
	return val[off:end], nil, nil
}

// isASCII reports whether s is all ASCII, where bytes and characters
// are the same.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// replSegment is a piece of the replacement of ${x/p/r}: in an unquoted
// one, & stands for the matched text and \& for a literal & (bash 5.2's
// patsub_replacement, on by default).
type replSegment struct {
	text   string
	quoted bool
}

// replacement expands the replacement word of ${x/p/r} and returns the
// function that gives the text to put in place of a match.
//
// Quoting follows bash 5.2 for the usual cases: inner quotes and
// backslashes outside double quotes make & literal, and inside "…" an
// unquoted & is still special. Two corners differ: inside "…", `\\&`
// reads like `\&` (the parser has resolved the escape) and '&' is literal
// text with its quotes.
func (c *Config) replacement(w *parser.Word) (func(match string) string, error) {
	if w == nil {
		return func(string) string { return "" }, nil
	}
	var segs []replSegment
	special := false
	for _, part := range w.Parts {
		var seg replSegment
		switch part := part.(type) {
		case *parser.Lit:
			seg = replSegment{text: part.Value}
		case *parser.Escaped:
			seg = replSegment{text: part.Value, quoted: true}
		case *parser.SglQuoted:
			seg = replSegment{text: part.Value, quoted: true}
		case *parser.Tilde:
			seg = replSegment{text: Tilde(c.Env, c.HomeDir, part.User), quoted: true}
		case *parser.DblQuoted:
			v, err := c.Document(&parser.Word{Parts: part.Parts})
			if err != nil {
				return nil, err
			}
			seg = replSegment{text: v, quoted: true}
		default:
			v, err := c.Literal(&parser.Word{Parts: []parser.WordPart{part}})
			if err != nil {
				return nil, err
			}
			seg = replSegment{text: v}
		}
		if !seg.quoted && strings.Contains(seg.text, "&") {
			special = true
		}
		segs = append(segs, seg)
	}
	if !special {
		var b strings.Builder
		for _, sg := range segs {
			b.WriteString(sg.text)
		}
		fixed := b.String()
		return func(string) string { return fixed }, nil
	}
	return func(match string) string {
		var b strings.Builder
		for _, sg := range segs {
			if sg.quoted {
				b.WriteString(sg.text)
				continue
			}
			t := sg.text
			for i := 0; i < len(t); i++ {
				switch {
				case t[i] == '\\' && i+1 < len(t) && t[i+1] == '&':
					b.WriteByte('&')
					i++
				case t[i] == '&':
					b.WriteString(match)
				default:
					b.WriteByte(t[i])
				}
			}
		}
		return b.String()
	}, nil
}

// transform applies bash's ${x@OP} to val, or to each element of list:
// Q quotes for reuse as input (K and k alike), E resolves $'…' escapes,
// P expands as a prompt, U u L change case, a gives the variable's
// attributes, A the assignment (or declare command) that recreates it.
// An unset parameter expands to nothing. whole says the result is one
// word even for a list (${a[@]@A} is one declare command).
func (c *Config) transform(p *parser.ParamExp, val string, list []string, isList, star, set bool) (string, []string, bool) {
	op := p.Arg.Parts[0].(*parser.Lit).Value[0]
	v, found := c.Env.Attrs(c.paramName(p))
	name := v.Name
	if op == 'a' && !set && !isList && found && v.Array {
		return v.Flags, nil, false // ${A@a}: A has no element 0
	}
	if !set {
		return "", list, false
	}
	if op == 'A' {
		switch {
		case !found:
			return "", nil, true
		case isList && v.Array:
			return c.Env.Declare(name), nil, true
		case v.Flags != "":
			return "declare -" + v.Flags + " " + name + "=" + Quote(val, c.Bytes), nil, true
		}
		return name + "=" + Quote(val, c.Bytes), nil, true
	}
	one := func(el string) string {
		switch op {
		case 'Q', 'K', 'k':
			return Quote(el, c.Bytes)
		case 'E':
			return parser.UnquoteANSIC(el)
		case 'P':
			if c.Prompt == nil {
				return el
			}
			return c.Prompt(el)
		case 'U', 'u':
			return ConvertCase(el, "", true, op == 'U', c.patMode())
		case 'L':
			return ConvertCase(el, "", false, true, c.patMode())
		case 'a':
			if found && parser.IsName(name) {
				return v.Flags
			}
		}
		return ""
	}
	val, list = c.eachElem(val, list, isList, star, one)
	return val, list, false
}
