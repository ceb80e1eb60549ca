package arith

import "strings"

// Vars is how arithmetic reads and assigns shell variables.
type Vars interface {
	// Get returns the variable's value and whether it is set.
	Get(name string) (string, bool)
	// Set assigns the variable; it may fail, for a readonly variable.
	Set(name, value string) error
}

// Error is an arithmetic evaluation failure: a syntax error, a bad
// number, a division by zero, an assignment to something that is not a
// variable or too deep a nesting.
//
// Expr is the expression being evaluated when the error happened: the
// whole text handed to Eval, or the value of a variable whose text was
// being evaluated as a subexpression. Msg reads like bash's, including
// bash's "(error token is ...)" suffix.
type Error struct {
	Expr string
	Msg  string
}

// Error formats the error as bash does after its "bash: " prefix:
// `1 +: syntax error: operand expected (error token is "+")`, the
// expression without its leading blanks (`$(( 1 + ))` says `1 + :`).
func (e *Error) Error() string { return strings.TrimLeft(e.Expr, " \t\n") + ": " + e.Msg }

// maxArithDepth bounds the nesting of parentheses, unary operators and
// variables whose values are themselves expressions. Bash stops variable
// recursion at 1024 levels; we count every kind of nesting against the same
// limit so that a hostile expression cannot overflow the Go stack.
const maxArithDepth = 1024

// Eval evaluates an arithmetic expression as in $((…)) after parameter
// expansion has already happened (so the text may still contain bare
// variable names).
//
// Arithmetic is on int64 with wraparound. A variable's value is itself
// evaluated as an expression (x=y, y=3: x is 3); an unset or empty variable
// is 0. Operators, precedence and the lexing of ++ and -- follow bash,
// including its quirks (-2**2 is 4; `1<<64` is 1 as on x86). The skipped
// operand of &&, || and ?: is parsed but has no side effects and raises no
// division error. An array element, a[i+1], is read and assigned through
// vars under its whole text as the name.
//
// Errors are *Error, except that an error returned by vars.Set is
// returned unchanged.
func Eval(expr string, vars Vars) (int64, error) {
	depth := 0
	return evalArith(expr, vars, &depth)
}

// arithBailout carries an error from deep in the recursive evaluator up to
// evalArith, the only place that recovers it.
type arithBailout struct{ err error }

func evalArith(expr string, vars Vars, depth *int) (n int64, err error) {
	p := &arithParser{expr: expr, vars: vars, depth: depth}
	defer func() {
		if r := recover(); r != nil {
			b, ok := r.(arithBailout)
			if !ok {
				panic(r)
			}
			n, err = 0, b.err
		}
	}()
	p.next()
	if p.tok == atEOF {
		return 0, nil
	}
	v := p.comma()
	if p.tok != atEOF {
		p.fail("syntax error in expression")
	}
	return v, nil
}

// arithParser is one evaluation of one expression text. It is a recursive-descent
// parser that evaluates as it parses, like bash's expr.c: noeval counts the
// enclosing branches that are being skipped.
type arithParser struct {
	expr  string
	vars  Vars
	depth *int // shared with nested evaluations of variable values

	pos       int      // next byte to lex
	tok       arithTok // current token
	prevTok   arithTok // the token before it (bash's lasttok)
	tokStart  int      // start of the last token that was not EOF (bash's lasttp)
	num       int64    // value of an atNum
	name      string   // name of an atIdent
	asgOp     arithTok // operator of an atOpAssign
	noeval    int
	lvalue    bool   // what was just parsed is a bare variable name
	lvName    string // that name
	lvCurrent int64  // and its value
}

func (p *arithParser) fail(msg string) {
	tok := ""
	if p.tokStart < len(p.expr) {
		tok = p.expr[p.tokStart:]
	}
	panic(arithBailout{&Error{Expr: p.expr, Msg: msg + " (error token is \"" + tok + "\")"}})
}

// numFail reports a bad integer constant. Bash cuts the expression at the
// end of the constant while converting it, so its message shows no more.
func (p *arithParser) numFail(msg string) {
	p.expr = p.expr[:p.pos]
	p.fail(msg)
}

func (p *arithParser) enter() {
	*p.depth++
	if *p.depth > maxArithDepth {
		p.fail("expression recursion level exceeded")
	}
}

func (p *arithParser) leave() { *p.depth-- }
