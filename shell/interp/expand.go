package interp

import (
	"errors"
	"fmt"
	"os"
	"os/user"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/plumbsh/plumb/parser"
	"github.com/plumbsh/plumb/shell/arith"
	"github.com/plumbsh/plumb/shell/expand"
	"github.com/plumbsh/plumb/shell/pattern"
)

// Word expansion, in the POSIX order: tilde, parameters, command
// substitution and arithmetic (left to right), then field splitting of
// unquoted expansion results on IFS, pathname expansion of unquoted glob
// characters, and quote removal.
//
// What a word expands to (expand.Mode).
const (
	modeFields  = expand.Fields  // split on IFS, glob: command arguments
	modeString  = expand.String  // one string, no split, no glob: assignments, here-strings
	modePattern = expand.Pattern // one pattern, unquoted glob characters active: case, ${x#p}
	modeRegex   = expand.Regex   // one regular expression, quoted parts literal: [[ x =~ re ]]
)

// expander walks a word's parts and feeds the field builder of package
// expand (splitting, quoting, the fields' patterns), doing here what
// needs the shell: parameters, substitutions, arithmetic, tilde, globs.
type expander struct {
	s *Shell
	b expand.Builder
	// noMatch is the first glob that matched nothing under failglob.
	noMatch *string
}

// newExpander returns an expander of words in mode.
func newExpander(s *Shell, mode expand.Mode) *expander {
	return &expander{s: s, b: expand.Builder{Mode: mode, Env: shellEnv{s}}}
}

// shellEnv is the shell's variables as package expand reads them.
type shellEnv struct{ s *Shell }

func (v shellEnv) Get(name string) (string, bool) { return v.s.get(name) }

// glob is pathname expansion of a field with an unquoted glob character
// (val as text, pat as a pattern): the matches, or nil to keep the field.
func (e *expander) glob(val, pat string) []string {
	if e.s.opts.noglob {
		return nil
	}
	// The builder's meta only says a glob character went in (`[`
	// alone is none).
	opts := e.s.globOptions()
	if !pattern.HasMeta(pat, opts.Mode()) {
		return nil
	}
	m := pattern.Glob(e.s.dir, pat, opts)
	if len(m) == 0 {
		switch o := &e.s.opts.shopt; {
		case o[shFailglob]:
			if e.noMatch == nil {
				v := val // a copy: &val would put every call's val on the heap
				e.noMatch = &v
			}
			m = []string{}
		case o[shNullglob]:
			m = []string{}
		}
	}
	return m
}

func (e *expander) literal(text string, quoted bool) { e.b.Literal(text, quoted) }
func (e *expander) expansion(v string, quoted bool)  { e.b.Expansion(v, quoted, e.globber()) }
func (e *expander) endField(force bool)              { e.b.EndField(force, e.globber()) }

// globber is pathname expansion for the builder, in modeFields only.
func (e *expander) globber() expand.Glob {
	if e.b.Mode != modeFields {
		return nil
	}
	return e.glob
}

// expandFields expands words into command arguments.
func (s *Shell) expandFields(words []*parser.Word) ([]string, error) {
	e := newExpander(s, modeFields)
	e.b.Reserve(len(words))
	for _, w := range words {
		if lit := w.Lit(); lit != "" && !strings.ContainsAny(lit, expand.GlobChars+"{") {
			// A plain word is itself: no builder, no pattern (a
			// third of a `while [ $i -lt N ]` loop's time).
			e.b.Append(lit)
			continue
		}
		if s.opts.braceexpand && expand.HasBrace(w) {
			// Brace expansion comes first, and each word it makes
			// expands on its own: {a,b}$((i++)) counts twice.
			for _, bw := range expand.Braces(w) {
				if err := e.word(bw); err != nil {
					return nil, err
				}
			}
			continue
		}
		if err := e.word(w); err != nil {
			return nil, err
		}
	}
	return e.b.Fields(), nil
}

// word expands one word into fields.
func (e *expander) word(w *parser.Word) error {
	if err := e.parts(w.Parts, false); err != nil {
		return err
	}
	e.endField(false)
	if e.noMatch != nil {
		// failglob: as bash, the rest of the line (of an eval string:
		// the eval) is abandoned, and the script goes on.
		e.s.errorf("no match: %s", *e.noMatch)
		return e.s.abandonLine()
	}
	return nil
}

// expandString expands a word into one string without splitting or globbing.
func (s *Shell) expandString(w *parser.Word) (string, error) {
	if w == nil {
		return "", nil
	}
	if lit := w.Lit(); lit != "" {
		return lit, nil
	}
	e := newExpander(s, modeString)
	if err := e.parts(w.Parts, false); err != nil {
		return "", err
	}
	return e.b.Val(), nil
}

// expandPattern expands a word into a pattern for pattern.Match and pattern.Trim.
func (s *Shell) expandPattern(w *parser.Word) (string, error) {
	if w == nil {
		return "", nil
	}
	e := newExpander(s, modePattern)
	if err := e.parts(w.Parts, false); err != nil {
		return "", err
	}
	return e.b.Pat(), nil
}

// expandQuoted expands parts as if inside double quotes (here-document
// bodies, arithmetic text).
func (s *Shell) expandQuoted(w *parser.Word) (string, error) {
	if w == nil {
		return "", nil
	}
	e := newExpander(s, modeString)
	if err := e.parts(w.Parts, true); err != nil {
		return "", err
	}
	return e.b.Val(), nil
}

// expandArith expands an arithmetic text ($((…)), ((…)), a subscript, an
// offset): as inside double quotes, and the double quotes written in it
// are removed, as bash does: $(( "1" + 2 )), ${a["1"]}.
func (s *Shell) expandArith(w *parser.Word) (string, error) {
	if w == nil {
		return "", nil
	}
	if lit := w.Lit(); lit != "" {
		return dropDoubleQuotes(lit), nil
	}
	e := newExpander(s, modeString)
	for _, p := range w.Parts {
		if l, ok := p.(*parser.Lit); ok {
			e.literal(dropDoubleQuotes(l.Value), true)
			continue
		}
		if err := e.part(p, true); err != nil {
			return "", err
		}
	}
	return e.b.Val(), nil
}

func dropDoubleQuotes(s string) string {
	if strings.IndexByte(s, '"') < 0 {
		return s
	}
	return strings.ReplaceAll(s, `"`, "")
}

func (e *expander) parts(parts []parser.WordPart, quoted bool) error {
	for _, p := range parts {
		if err := e.part(p, quoted); err != nil {
			return err
		}
	}
	return nil
}

func (e *expander) part(p parser.WordPart, quoted bool) error {
	switch p := p.(type) {
	case *parser.Lit:
		e.literal(p.Value, quoted)
	case *parser.Escaped:
		e.literal(p.Value, true)
	case *parser.SglQuoted:
		e.literal(p.Value, true)
	case *parser.DblQuoted:
		if !emptyAtOnly(e.s, p) {
			e.b.Start()
		}
		return e.parts(p.Parts, true)
	case *parser.Tilde:
		e.literal(e.s.tilde(p.User), true)
	case *parser.ParamExp:
		return e.param(p, quoted)
	case *parser.CmdSubst:
		out, err := e.s.cmdSubst(p)
		if err != nil {
			return err
		}
		e.expansion(out, quoted)
	case *parser.ProcSubst:
		path, err := e.s.procSubst(p)
		if err != nil {
			return err
		}
		e.literal(path, quoted)
	case *parser.ArithExp:
		n, err := e.s.arith(p)
		if err != nil {
			return err
		}
		e.expansion(strconv.FormatInt(n, 10), quoted)
	case *parser.ExtGlob:
		// The group's text goes in as written, its quoted parts escaped
		// in the pattern (only outside quotes is there a group).
		e.literal(string(p.Op)+"(", false)
		if err := e.parts(p.Parts, false); err != nil {
			return err
		}
		e.literal(")", false)
	}
	return nil
}

// emptyAtOnly reports whether a double-quoted string is just "$@" (or
// "${a[@]}") with nothing to expand: it then makes no field at all.
func emptyAtOnly(s *Shell, q *parser.DblQuoted) bool {
	if len(q.Parts) != 1 {
		return false
	}
	pe, ok := q.Parts[0].(*parser.ParamExp)
	switch {
	case !ok || pe.Length:
		return false
	case pe.Op == parser.ParamNone, pe.Op == parser.ParamTransform:
	case pe.Op == parser.ParamAlt, pe.Op == parser.ParamAltColon:
		// "${a[@]+w}" of an empty array: no alternative, no field
	default:
		return false
	}
	if pe.Param == "@" {
		return len(s.args) == 0
	}
	if pe.Names {
		return pe.Index == "@" && len(s.varNames(pe.Param)) == 0
	}
	if pe.Index == "@" {
		list, _ := s.paramList(pe.Param)
		return len(list) == 0
	}
	return false
}

func (s *Shell) tilde(name string) string {
	if name == "" {
		if h, ok := s.get("HOME"); ok {
			return h
		}
		if u, err := user.Current(); err == nil {
			return u.HomeDir
		}
		return "~"
	}
	if u, err := user.Lookup(name); err == nil {
		return u.HomeDir
	}
	return "~" + name
}

// paramList returns the elements of a list-valued parameter: $@, $*, and
// arrays (arrays.go); a scalar is a list of one.
func (s *Shell) paramList(name string) ([]string, bool) {
	switch name {
	case "@", "*":
		return s.args, true
	}
	_, vals, ok := s.arrayElems(name)
	return vals, ok
}

// paramValue returns a scalar parameter's value and whether it is set.
func (s *Shell) paramValue(p *parser.ParamExp) (string, bool) {
	name := p.Param
	switch name {
	case "?":
		return strconv.Itoa(s.status), true
	case "$":
		return strconv.Itoa(s.pid), true
	case "!":
		if s.lastBg == 0 {
			return "", false
		}
		return strconv.Itoa(s.lastBg), true
	case "#":
		return strconv.Itoa(len(s.args)), true
	case "-":
		return s.optionLetters(), true
	case "0":
		return s.arg0, true
	case "PIPESTATUS", "DIRSTACK", "FUNCNAME", "BASH_SOURCE", "BASH_LINENO":
		return s.element(name, 0)
	}
	if c := name[0]; c >= '1' && c <= '9' {
		i, _ := strconv.Atoi(name)
		if i <= len(s.args) {
			return s.args[i-1], true
		}
		return "", false
	}
	if v, ok := s.dynamicVar(name); ok {
		return v, true
	}
	return s.get(name)
}

// dynamicVar gives the variables whose value the shell computes each time
// it is read ($RANDOM, $LINENO, $_, …), for expansions and arithmetic
// alike; ok is false for any other name.
func (s *Shell) dynamicVar(name string) (v string, ok bool) {
	switch name {
	case "RANDOM":
		return strconv.Itoa(randomInt()), true
	case "LINENO":
		return strconv.Itoa(s.line), true
	case "_":
		return s.lastArg, true
	case "BASH_COMMAND":
		return s.bashCommand(), true
	case "BASH_SUBSHELL":
		return strconv.Itoa(s.subshellDepth), true
	case "BASHPID":
		// Subshells run in this process: its pid is theirs too.
		return strconv.Itoa(os.Getpid()), true
	case "SECONDS":
		if _, set := s.vars[name]; !set { // assigned: a plain variable from then on
			return strconv.Itoa(int(time.Since(s.started).Seconds())), true
		}
	case "SHELLOPTS":
		return s.shellOpts(), true
	case "EPOCHSECONDS":
		return strconv.FormatInt(time.Now().Unix(), 10), true
	case "EPOCHREALTIME":
		now := time.Now()
		return fmt.Sprintf("%d.%06d", now.Unix(), now.Nanosecond()/1000), true
	}
	return "", false
}

func (e *expander) param(p *parser.ParamExp, quoted bool) error {
	s := e.s
	isList := p.Param == "@" || p.Param == "*" || p.Index == "@" || p.Index == "*"
	star := p.Param == "*" || p.Index == "*"
	var val string
	var list []string
	var set bool
	if p.Indirect || p.Sub != nil {
		var err error
		if val, list, isList, star, set, err = e.paramRef(p); err != nil {
			return err
		}
	} else if isList {
		list, set = s.paramList(p.Param)
		set = set && len(list) > 0 // an empty array is unset to ${a[@]-w}, as in bash
		val = strings.Join(list, s.ifsJoiner(star))
	} else {
		val, set = s.paramValue(p)
	}

	if p.Length {
		n := utf8.RuneCountInString(val)
		if isList {
			n = len(list)
		}
		if !set && s.opts.nounset && !isList {
			return s.unbound(p.Param)
		}
		e.expansion(strconv.Itoa(n), quoted)
		return nil
	}

	// "$@" of two or more elements is not empty even when they are;
	// "$*" is what it joins to.
	empty := !set || val == "" && !(isList && (!star || !quoted) && len(list) > 1)
	switch p.Op {
	case parser.ParamDefault, parser.ParamDefaultColon:
		if !set || p.Op == parser.ParamDefaultColon && empty {
			return e.arg(p.Arg, quoted)
		}
	case parser.ParamAssign, parser.ParamAssignColon:
		if !set || p.Op == parser.ParamAssignColon && empty {
			v, err := s.expandString(p.Arg)
			if err != nil {
				return err
			}
			if !parser.IsName(p.Param) {
				s.errorf("$%s: cannot assign in this way", p.Param)
				return &fatalError{Status: 1}
			}
			if p.Indirect && p.Sub == nil {
				// ${!ref:=v} assigns to the variable ref names.
				target, _ := s.get(p.Param)
				if !parser.IsName(target) {
					s.errorf("%s: invalid variable name", target)
					return &fatalError{Status: 1}
				}
				if err := s.setVar(target, v); err != nil {
					s.errorf("%v", err)
					return &fatalError{Status: 1}
				}
			} else if err := s.assignParam(p, v); err != nil {
				s.errorf("%v", err)
				return &fatalError{Status: 1}
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
				m, err := s.expandString(p.Arg)
				if err != nil {
					return err
				}
				msg = m
			}
			s.errorf("%s: %s", p.Param, msg)
			return &fatalError{Status: 1}
		}
	case parser.ParamTrimPrefix, parser.ParamTrimPrefixLong, parser.ParamTrimSuffix, parser.ParamTrimSuffixLong:
		pat, err := s.expandPattern(p.Arg)
		if err != nil {
			return err
		}
		suffix := p.Op == parser.ParamTrimSuffix || p.Op == parser.ParamTrimSuffixLong
		longest := p.Op == parser.ParamTrimPrefixLong || p.Op == parser.ParamTrimSuffixLong
		if isList {
			for i, el := range list {
				list[i] = pattern.Trim(el, pat, suffix, longest, s.patMode())
			}
			val = strings.Join(list, s.ifsJoiner(star))
		} else {
			val = pattern.Trim(val, pat, suffix, longest, s.patMode())
		}
	case parser.ParamTransform:
		if !set && s.opts.nounset && !(isList && (p.Param == "@" || p.Param == "*")) {
			return s.unbound(p.Param)
		}
		var whole bool
		if val, list, whole = e.transform(p, val, list, isList, star, set); whole {
			isList = false // ${a[@]@A}: one declare command
		}
	case parser.ParamReplace, parser.ParamReplaceAll, parser.ParamReplacePrefix, parser.ParamReplaceSuffix,
		parser.ParamSlice, parser.ParamSliceLen, parser.ParamUpper, parser.ParamUpperAll, parser.ParamLower, parser.ParamLowerAll:
		if !set && s.opts.nounset && !isList {
			return s.unbound(p.Param)
		}
		var err error
		if val, list, err = e.paramBash(p, val, list, isList, star); err != nil {
			return err
		}
	}
	if !set && !isList && s.opts.nounset && p.Op == parser.ParamNone && p.Param != "!" {
		return s.unbound(p.Param)
	}
	if isList && (!star || !quoted) && e.b.Mode == modeFields {
		e.list(list, quoted)
		return nil
	}
	e.expansion(val, quoted)
	return nil
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

func (s *Shell) ifsJoiner(star bool) string {
	if !star {
		return " "
	}
	ifs, ok := s.get("IFS")
	if !ok {
		return " "
	}
	if ifs == "" {
		return ""
	}
	r, _ := utf8.DecodeRuneInString(ifs)
	return string(r)
}

func (s *Shell) unbound(name string) error {
	s.errorf("%s: unbound variable", name)
	return &fatalError{Status: 1}
}

func (s *Shell) optionLetters() string {
	var b strings.Builder
	for _, o := range []struct {
		on bool
		c  byte
	}{{s.opts.allexport, 'a'}, {s.opts.errexit, 'e'}, {s.opts.noglob, 'f'}, {s.opts.hashall, 'h'}, {s.interactive, 'i'}, {s.interactive || s.opts.monitor, 'm'},
		{s.opts.noexec, 'n'}, {s.opts.nounset, 'u'}, {s.opts.verbose, 'v'}, {s.opts.xtrace, 'x'}, {s.opts.braceexpand, 'B'}, {s.opts.noclobber, 'C'}, {s.opts.errtrace, 'E'}, {s.opts.histexp, 'H'}, {s.opts.physical, 'P'}, {s.opts.functrace, 'T'}, {s.fromString, 'c'}} {
		if o.on {
			b.WriteByte(o.c)
		}
	}
	return b.String()
}

// arith evaluates $((…)): the text is expanded as in double quotes, then
// evaluated. A bad expression ($((1/0))) prints one line and abandons the
// current command line, as bash does; an unset variable under set -u is
// fatal, as every unbound variable is.
func (s *Shell) arith(a *parser.ArithExp) (int64, error) {
	text, err := s.expandArith(a.Expr)
	if err != nil {
		return 0, err
	}
	n, err := s.evalArith(text)
	if err != nil {
		return 0, s.arithFailed(err, "")
	}
	return n, nil
}

// evalArith evaluates arithmetic text with the shell's variables. Its
// error is either fatal (an unset variable under set -u: printed, ends the
// script) or the arithmetic's own, not yet printed.
func (s *Shell) evalArith(text string) (int64, error) {
	vars := arithVars{s: s}
	n, err := arith.Eval(text, &vars)
	if vars.unbound != "" {
		return 0, s.unbound(vars.unbound)
	}
	return n, err
}

// arithFailed reports an evalArith error the way bash does for $((…)) and
// subscripts: one line (after prefix), and the rest of the line is
// dropped with status 1. A fatal error passes through as it is.
func (s *Shell) arithFailed(err error, prefix string) error {
	var fe *fatalError
	if errors.As(err, &fe) {
		return err
	}
	s.errorf("%s%s", prefix, err)
	return &abortError{Status: 1}
}

// arithVars adapts the shell's variables to Arith. unbound records the
// first unset variable read under set -u.
type arithVars struct {
	s       *Shell
	unbound string
}

func (a *arithVars) Get(name string) (string, bool) {
	if n, sub, ok := splitSubscript(name); ok {
		if a.s.assocOf(n) != nil {
			v, set, _ := a.s.textElement(n, sub)
			return v, set
		}
		i, err := arith.Eval(sub, a)
		if err != nil {
			return "", false
		}
		return a.s.element(n, int(i))
	}
	if v, ok := a.s.dynamicVar(name); ok {
		return v, true
	}
	v, ok := a.s.get(name)
	if !ok && a.s.opts.nounset && a.unbound == "" {
		a.unbound = name
	}
	return v, ok
}

func (a *arithVars) Set(name, value string) error {
	if n, sub, ok := splitSubscript(name); ok {
		if a.s.assocOf(n) != nil {
			key, err := a.s.textKey(sub)
			if err != nil {
				return err
			}
			return a.s.setAssocElem(n, key, value, false)
		}
		i, err := arith.Eval(sub, a)
		if err != nil {
			return err
		}
		return a.s.setElement(n, int(i), value, false)
	}
	return a.s.setVar(name, value)
}
