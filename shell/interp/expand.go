package interp

import (
	"errors"

	"github.com/plumbsh/plumb/parser"
	"github.com/plumbsh/plumb/shell/arith"
	"github.com/plumbsh/plumb/shell/expand"
	"github.com/plumbsh/plumb/shell/pattern"
)

// Word expansion is package expand's (the walk over a word's parts,
// splitting, globbing, the operators of ${…}); the shell gives it a
// Config: its variables (expandenv.go), the substitutions and arithmetic
// it runs, and its options. These wrappers are what the rest of the
// interpreter calls; each reports an expand.Error the way the shell
// reports its own errors (expandFailed).

// expandConfig returns the shell's expansion config with the options as
// they are now. It is made once per Shell: a clone (a subshell, a
// pipeline stage) copies its parent's, whose callbacks are bound to the
// parent, so a config whose Env is not this shell's is made anew.
func (s *Shell) expandConfig() *expand.Config {
	c := &s.expCfg
	if c.Env != expand.Environ(shellEnv{s}) {
		*c = expand.Config{
			Env:       shellEnv{s},
			CmdSubst:  s.cmdSubst,
			ProcSubst: s.procSubst,
			Arith:     s.arithValue,
			HomeDir:   homeDir,
			Prompt:    s.expandPrompt,
			Glob:      s.glob,
		}
	}
	o := &s.opts
	c.NoUnset, c.NoGlob, c.BraceExpand = o.nounset, o.noglob, o.braceexpand
	c.NullGlob, c.FailGlob = o.shopt[shNullglob], o.shopt[shFailglob]
	c.GlobOptions = s.globOptions()
	c.GlobIgnore = s.globIgnore
	c.Bytes = s.bytes
	return c
}

// expandFailed reports an expand.Error as the shell reports its own
// errors, one line, and turns it into the control flow its kind asks
// for: the end of the script (Fatal), of the line (Abort), or either as
// set -e says (NoMatch, a failglob miss: abandonLine). Any other error
// (a substitution's, arithmetic's: already reported) passes as it is.
func (s *Shell) expandFailed(err error) error {
	if e, ok := err.(*expand.Error); ok {
		return s.expandError(e)
	}
	return err
}

// expandError is expandFailed for an expand.Error, kept apart so that
// expandFailed is small enough to inline.
func (s *Shell) expandError(e *expand.Error) error {
	s.errorf("%s", e.Msg)
	switch e.Kind {
	case expand.Abort:
		return &abortError{Status: 1}
	case expand.NoMatch:
		return s.abandonLine()
	}
	return &fatalError{Status: 1}
}

// expandFields expands words into command arguments.
func (s *Shell) expandFields(words []*parser.Word) ([]string, error) {
	if fields, ok := expand.Plain(words); ok {
		return fields, nil // `f`, `:`: no config to refresh
	}
	fields, err := s.expandConfig().Fields(words)
	if err != nil {
		return nil, s.expandFailed(err)
	}
	return fields, nil
}

// expandString expands a word into one string without splitting or globbing.
func (s *Shell) expandString(w *parser.Word) (string, error) {
	if w == nil {
		return "", nil
	}
	if lit := w.Lit(); lit != "" {
		return lit, nil // the common case, without a config
	}
	v, err := s.expandConfig().Literal(w)
	return v, s.expandFailed(err)
}

// expandPattern expands a word into a pattern for pattern.Match and pattern.Trim.
func (s *Shell) expandPattern(w *parser.Word) (string, error) {
	v, err := s.expandConfig().Pattern(w)
	return v, s.expandFailed(err)
}

// expandRegex expands the right side of [[ x =~ re ]] into a regular
// expression whose quoted parts match literally.
func (s *Shell) expandRegex(w *parser.Word) (string, error) {
	v, err := s.expandConfig().Regex(w)
	return v, s.expandFailed(err)
}

// expandQuoted expands parts as if inside double quotes (here-document
// bodies, arithmetic text).
func (s *Shell) expandQuoted(w *parser.Word) (string, error) {
	v, err := s.expandConfig().Document(w)
	return v, s.expandFailed(err)
}

// expandArith expands an arithmetic text ($((…)), ((…)), a subscript, an
// offset): as inside double quotes, and the double quotes written in it
// are removed, as bash does: $(( "1" + 2 )), ${a["1"]}.
func (s *Shell) expandArith(w *parser.Word) (string, error) {
	v, err := s.expandConfig().ArithText(w)
	return v, s.expandFailed(err)
}

// glob is pathname expansion in the shell's working directory.
func (s *Shell) glob(pat string, opts pattern.GlobOptions) []string {
	return pattern.Glob(s.dir, pat, opts)
}

// tilde is what ~name stands for (expand.Tilde).
func (s *Shell) tilde(name string) string {
	return expand.Tilde(shellEnv{s}, homeDir, name)
}

// ifsJoiner is the separator of a list's elements, "$*" when star.
func (s *Shell) ifsJoiner(star bool) string { return expand.ListSep(shellEnv{s}, star, s.bytes) }

// unbound reports reading the unset parameter name under set -u.
func (s *Shell) unbound(name string) error {
	return s.expandFailed(expand.UnboundError(name))
}

// arith evaluates $((…)) or ((…)): the text is expanded as in double
// quotes, then evaluated (arithValue).
func (s *Shell) arith(a *parser.ArithExp) (int64, error) {
	text, err := s.expandArith(a.Expr)
	if err != nil {
		return 0, err
	}
	return s.arithValue(text)
}

// arithValue evaluates expanded arithmetic text: for $((…)), ((…)) and
// the offsets of ${x:off:len} (expand.Config.Arith). A bad expression
// ($((1/0))) prints one line and abandons the current command line, as
// bash does; an unset variable under set -u is fatal, as every unbound
// variable is.
func (s *Shell) arithValue(text string) (int64, error) {
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
	if vars.subErr != nil {
		return 0, &subscriptError{vars.subErr}
	}
	return n, err
}

// subscriptError is the failure of the subscript of an element named
// in arithmetic ($((a[1+])), ((a[1+]=3))): the text arithmetic reads
// has no error of its own, but bash fails it as a bad subscript.
type subscriptError struct{ err error }

func (e *subscriptError) Error() string { return e.err.Error() }
func (e *subscriptError) Unwrap() error { return e.err }

// arithFailed reports an evalArith error the way bash does for $((…)) and
// subscripts: one line (after prefix), and the rest of the line is
// dropped with status 1; a subscriptError discards more (discardFailed).
// A fatal error, or one already reported, passes through as it is.
func (s *Shell) arithFailed(err error, prefix string) error {
	return s.arithAbort(err, prefix, errors.As(err, new(*subscriptError)))
}

// discardFailed is arithFailed for the arithmetic of a subscript or of
// an integer variable's value, which bash abandons more of: the error
// also ends the eval, sourced file, -c string or subshell it is in
// (abortError.discard).
func (s *Shell) discardFailed(err error, prefix string) error {
	return s.arithAbort(err, prefix, true)
}

func (s *Shell) arithAbort(err error, prefix string, discard bool) error {
	var fe *fatalError
	var ae *abortError
	switch {
	case errors.As(err, &fe):
		return err
	case errors.As(err, &ae):
		ae.discard = ae.discard || discard
		return ae
	}
	s.errorf("%s%s", prefix, err)
	return &abortError{Status: 1, discard: discard}
}

// arithVars adapts the shell's variables to Arith. unbound records the
// first unset variable read under set -u, subErr the first failure of
// the subscript of an element named (which reads as unset).
type arithVars struct {
	s       *Shell
	unbound string
	subErr  error
}

func (a *arithVars) Get(name string) (string, bool) {
	if n, sub, ok := parser.SplitSubscript(name); ok {
		if a.s.assocOf(n) != nil {
			v, set, _ := a.s.textElement(n, sub)
			return v, set
		}
		i, err := a.index(sub)
		if err != nil {
			a.subFailed(err)
			return "", false
		}
		return a.s.element(n, int(i))
	}
	switch name {
	case "PIPESTATUS", "DIRSTACK", "FUNCNAME", "BASH_SOURCE", "BASH_LINENO":
		return a.s.element(name, 0) // $((BASH_LINENO)) is element 0, as $BASH_LINENO
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
	if n, sub, ok := parser.SplitSubscript(name); ok {
		if a.s.assocOf(n) != nil {
			key, err := a.s.textKey(sub)
			if err != nil {
				return err
			}
			return a.s.setAssocElem(n, key, value, false)
		}
		i, err := a.index(sub)
		if err != nil {
			a.subFailed(err)
			return err
		}
		return a.s.setElement(n, int(i), value, false)
	}
	return a.s.setVar(name, value)
}

// subFailed records err, the failure of a subscript, unless one came
// first.
func (a *arithVars) subFailed(err error) {
	if a.subErr == nil {
		a.subErr = err
	}
}

// index evaluates the subscript of an indexed array's element named in
// arithmetic (a variable holding 'a[$(f)]'), expanded first as bash does.
func (a *arithVars) index(sub string) (int64, error) {
	text, err := a.s.textIndexText(sub)
	if err != nil {
		return 0, err
	}
	return arith.Eval(text, a)
}
