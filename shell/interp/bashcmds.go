package interp

import (
	"errors"
	"strings"
	"sync/atomic"

	"github.com/plumbsh/plumb/parser"
	"github.com/plumbsh/plumb/shell/ere"
	"github.com/plumbsh/plumb/shell/pattern"
)

// Bash's compound commands: [[ … ]], (( … )) and for (( ; ; )).

// runArithCmd runs (( expr )): status 0 when the value is not zero, 1
// when it is. A bad expression prints its error and gives status 1; the
// script goes on, as in bash. A bad subscript in it abandons more
// (abortError.discard).
func (s *Shell) runArithCmd(c *parser.ArithCmd) error {
	if s.opts.xtrace {
		s.writeErr(s.tracePrefix() + parser.Format(c) + "\n")
	}
	n, err := s.arithCmd(c.Expr)
	var ae *abortError
	if errors.As(err, &ae) && !ae.discard {
		s.status = 1
		return nil
	}
	if err != nil {
		return err
	}
	s.status = 0
	if n == 0 {
		s.status = 1
	}
	return nil
}

// arithCmd is s.arith for (( … )) and for (( ; ; )), whose bad
// expression bash reports after "((: " (a bad subscript in it, bare).
func (s *Shell) arithCmd(w *parser.Word) (int64, error) {
	text, err := s.expandArith(w)
	if err != nil {
		return 0, err
	}
	n, err := s.evalArith(text)
	if err != nil {
		prefix := "((: "
		if errors.As(err, new(*subscriptError)) {
			prefix = ""
		}
		return 0, s.arithFailed(err, prefix)
	}
	return n, nil
}

// runArithFor runs for (( init; cond; post )): an empty cond is true.
func (s *Shell) runArithFor(c *parser.ArithForClause) error {
	eval := func(w *parser.Word) (int64, bool, error) {
		if w == nil || w.Lit() != "" && strings.TrimSpace(w.Lit()) == "" {
			return 1, true, nil // for (( ; ; )): an empty part is true
		}
		s.line = c.Pos().Line + s.lineBase         // $LINENO is the for's line, as in bash
		if err := s.debugTrapLoop(c); err != nil { // trap_bash.go
			return 0, false, err
		}
		n, err := s.arithCmd(w)
		var ae *abortError
		if errors.As(err, &ae) && !ae.discard {
			s.status = 1
			return 0, false, nil
		}
		return n, err == nil, err
	}
	if _, ok, err := eval(c.Init); !ok {
		return err
	}
	s.loopDepth++
	defer func() { s.loopDepth-- }()
	status := 0
	for {
		n, ok, err := eval(c.Cond)
		if !ok {
			return err
		}
		if n == 0 {
			break
		}
		var stop bool
		if status, stop, err = s.runLoopBody(c.Body); stop {
			return err
		}
		if _, ok, err := eval(c.Post); !ok {
			return err
		}
	}
	s.status = status
	return nil
}

// testFailed is an error inside [[ ]] that makes its status 2: a bad
// regular expression, a bad number. The message has been printed.
type testFailed struct{}

func (testFailed) Error() string { return "[[: failed" }

// runTest runs [[ expr ]]: status 0 when true, 1 when false, 2 on error.
func (s *Shell) runTest(c *parser.TestClause) error {
	if s.opts.xtrace {
		s.writeErr(s.tracePrefix() + parser.Format(c) + "\n")
	}
	ok, err := s.evalTest(c.X)
	switch {
	case errors.Is(err, testFailed{}):
		s.status = 2
		return nil
	case err != nil:
		return err
	case ok:
		s.status = 0
	default:
		s.status = 1
	}
	return nil
}

func (s *Shell) evalTest(x parser.TestExpr) (bool, error) {
	switch x := x.(type) {
	case *parser.Word:
		v, err := s.expandString(x)
		return v != "", err
	case *parser.TestParen:
		return s.evalTest(x.X)
	case *parser.TestUnary:
		if x.Op == "!" {
			ok, err := s.evalTest(x.X)
			return !ok, err
		}
		arg, err := s.expandString(x.X.(*parser.Word))
		if err != nil {
			return false, err
		}
		return s.unaryTest(x.Op, arg), nil
	case *parser.TestBinary:
		return s.binaryTest(x)
	}
	return false, nil
}

// unaryTest evaluates a unary operator of [[ ]]: -v and -o here, the file
// tests and -n -z by Test.
func (s *Shell) unaryTest(op, arg string) bool {
	switch op {
	case "-v":
		if name, sub, ok := parser.SplitSubscript(arg); ok {
			if (sub == "@" || sub == "*") && s.assocOf(name) == nil {
				_, vals, _ := s.arrayElems(name)
				return len(vals) > 0
			}
			_, set, err := s.textElement(name, sub)
			return err == nil && set
		}
		if a := s.assocOf(arg); a != nil {
			_, ok := a.get("0")
			return ok
		}
		_, vals, ok := s.arrayElems(arg)
		return ok && len(vals) > 0
	case "-o":
		if o := s.longOption(arg); o != nil {
			return *o
		}
		return false
	case "-R":
		v := s.vars[arg]
		return v != nil && v.nameref && v.set
	}
	st, _ := s.test([]string{op, arg})
	return st == 0
}

func (s *Shell) binaryTest(x *parser.TestBinary) (bool, error) {
	switch x.Op {
	case "&&", "||":
		ok, err := s.evalTest(x.X)
		if err != nil || ok == (x.Op == "||") {
			return ok, err
		}
		return s.evalTest(x.Y)
	}
	l, err := s.expandString(x.X.(*parser.Word))
	if err != nil {
		return false, err
	}
	y := x.Y.(*parser.Word)
	switch x.Op {
	case "=", "==", "!=":
		pat, err := s.expandPattern(y)
		if err != nil {
			return false, err
		}
		// bash matches extended patterns here even with extglob off.
		return pattern.Match(pat, l, s.caseMode()|pattern.ExtGlob) == (x.Op != "!="), nil
	case "=~":
		return s.regexTest(l, y)
	}
	r, err := s.expandString(y)
	if err != nil {
		return false, err
	}
	switch x.Op {
	case "<":
		return l < r, nil
	case ">":
		return l > r, nil
	case "-nt", "-ot", "-ef":
		st, _ := s.test([]string{l, x.Op, r})
		return st == 0, nil
	}
	// -eq -ne -lt -le -gt -ge: both sides are arithmetic expressions.
	var n [2]int64
	for i, text := range []string{l, r} {
		v, err := s.evalArith(text)
		if err != nil {
			if errors.As(err, new(*fatalError)) {
				return false, err
			}
			s.errorf("%s", err)
			return false, testFailed{}
		}
		n[i] = v
	}
	a, b := n[0], n[1]
	switch x.Op {
	case "-eq":
		return a == b, nil
	case "-ne":
		return a != b, nil
	case "-lt":
		return a < b, nil
	case "-le":
		return a <= b, nil
	case "-gt":
		return a > b, nil
	}
	return a >= b, nil // -ge
}

// lastRegex is the expression regexTest compiled last: a loop that tests
// the same expression against many texts compiles it once. A Regexp holds
// no match state, so shells in several goroutines may share it.
var lastRegex atomic.Pointer[compiledRegex]

type compiledRegex struct {
	src   string
	flags ere.Flags
	re    *ere.Regexp
}

// compileRegex compiles src as regexTest needs it, or returns the last
// expression compiled if it is the same.
func compileRegex(src string, flags ere.Flags) (*ere.Regexp, error) {
	if c := lastRegex.Load(); c != nil && c.src == src && c.flags == flags {
		return c.re, nil
	}
	re, err := ere.Compile(src, flags)
	if err != nil {
		return nil, err
	}
	lastRegex.Store(&compiledRegex{src: src, flags: flags, re: re})
	return re, nil
}

// regexTest matches l against the regular expression y and sets
// BASH_REMATCH: the match, then each group ("" for a group that did not
// take part).
//
// Quoted parts of y match literally, as in bash. The expression is a POSIX
// extended regular expression with glibc's extensions, read and matched
// by package ere as bash's regcomp(3) and regexec(3) would: leftmost-
// longest, back-references, \w \s \b \< \>, by byte in the C locale and
// by character in a UTF-8 one; nocasematch folds letters. An expression
// regcomp would reject makes the test fail with status 2 and no message,
// as in bash. Differences: [[:alpha:]] and case folding in a UTF-8 locale
// go by Unicode where glibc goes by the locale's tables, and an
// expression with a back-reference that would take more than a few
// million steps to match fails with status 2 and a message, where
// glibc keeps trying.
func (s *Shell) regexTest(l string, y *parser.Word) (bool, error) {
	src, err := s.expandRegex(y)
	if err != nil {
		return false, err
	}
	var flags ere.Flags
	if s.bytes {
		flags |= ere.Bytes
	}
	if s.opts.shopt[shNocasematch] {
		flags |= ere.Fold
	}
	re, err := compileRegex(src, flags)
	if err != nil {
		return false, testFailed{}
	}
	m, err := re.FindSubmatchIndex(l)
	if err != nil {
		s.errorf("%s", err)
		return false, testFailed{}
	}
	if m == nil {
		s.setArray("BASH_REMATCH", nil)
		return false, nil
	}
	groups := make([]string, len(m)/2)
	for i := range groups {
		if m[2*i] >= 0 {
			groups[i] = l[m[2*i]:m[2*i+1]]
		}
	}
	s.setArray("BASH_REMATCH", groups)
	return true, nil
}
