package arith

import "strconv"

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
// `1 +: syntax error: operand expected (error token is "+")`.
func (e *Error) Error() string { return e.Expr + ": " + e.Msg }

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

type arithTok int

const (
	atNone arithTok = iota
	atEOF
	atNum
	atIdent
	atLparen
	atRparen
	atPlus
	atMinus
	atMul
	atDiv
	atMod
	atPower
	atLsh
	atRsh
	atLt
	atLe
	atGt
	atGe
	atEq
	atNe
	atBand
	atBxor
	atBor
	atLand
	atLor
	atNot
	atBnot
	atQuest
	atColon
	atComma
	atAssign   // =
	atOpAssign // += -= and the others; the operator is in arith.asgOp
	atPreInc
	atPreDec
	atPostInc
	atPostDec
)

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

func isArithSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' }

func isNameStart(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isAlnum(c byte) bool { return isNameStart(c) && c != '_' || isDigit(c) }

// next reads the next token. Like bash's readtok, whether ++ and -- are
// prefix, postfix or two signs depends on the tokens before them.
func (p *arithParser) next() {
	cur, last := p.tok, p.prevTok
	p.prevTok = p.tok
	s := p.expr
	i := p.pos
	for i < len(s) && isArithSpace(s[i]) {
		i++
	}
	if i >= len(s) {
		p.pos = i
		p.tok = atEOF
		return
	}
	p.tokStart = i
	c := s[i]
	switch {
	case isNameStart(c):
		j := i + 1
		for j < len(s) && (isAlnum(s[j]) || s[j] == '_') {
			j++
		}
		if j < len(s) && s[j] == '[' {
			// An array element, a[i+1]: the name goes to vars whole.
			for depth := 0; j < len(s); j++ {
				if s[j] == '[' {
					depth++
				} else if s[j] == ']' {
					if depth--; depth == 0 {
						j++
						break
					}
				}
			}
		}
		p.tok, p.name, p.pos = atIdent, s[i:j], j
		return
	case isDigit(c):
		j := i + 1
		for j < len(s) && (isAlnum(s[j]) || s[j] == '#' || s[j] == '@' || s[j] == '_') {
			j++
		}
		p.pos = j
		p.num = p.number(s[i:j])
		p.tok = atNum
		return
	}
	var c1, c2 byte
	if i+1 < len(s) {
		c1 = s[i+1]
	}
	if i+2 < len(s) {
		c2 = s[i+2]
	}
	n := 1 // length of the operator
	var t arithTok
	switch c {
	case '=':
		t = atAssign
		if c1 == '=' {
			t, n = atEq, 2
		}
	case '!':
		t = atNot
		if c1 == '=' {
			t, n = atNe, 2
		}
	case '<', '>':
		t2, t3 := atLe, atLsh
		t = atLt
		if c == '>' {
			t, t2, t3 = atGt, atGe, atRsh
		}
		switch {
		case c1 == '=':
			t, n = t2, 2
		case c1 == c && c2 == '=':
			t, n, p.asgOp = atOpAssign, 3, t3
		case c1 == c:
			t, n = t3, 2
		}
	case '&', '|':
		t2 := atLand
		t = atBand
		if c == '|' {
			t, t2 = atBor, atLor
		}
		switch c1 {
		case c:
			t, n = t2, 2
		case '=':
			t, n, p.asgOp = atOpAssign, 2, t
		}
	case '*':
		t = atMul
		switch c1 {
		case '*':
			t, n = atPower, 2
		case '=':
			t, n, p.asgOp = atOpAssign, 2, atMul
		}
	case '/', '%', '^':
		t = atDiv
		if c == '%' {
			t = atMod
		} else if c == '^' {
			t = atBxor
		}
		if c1 == '=' {
			t, n, p.asgOp = atOpAssign, 2, t
		}
	case '+', '-':
		pre, post := atPreInc, atPostInc
		t = atPlus
		if c == '-' {
			t, pre, post = atMinus, atPreDec, atPostDec
		}
		switch {
		case c1 == c && cur == atIdent:
			t, n = post, 2
		case c1 == c && cur == atNum && (last == atPreInc || last == atPreDec):
			// ++x++: the name was already used up by the prefix.
			p.fail(string([]byte{c, c}) + ": assignment requires lvalue")
		case c1 == c:
			j := i + 2
			for j < len(s) && isArithSpace(s[j]) {
				j++
			}
			if j < len(s) && isNameStart(s[j]) {
				t, n = pre, 2
			}
			// Otherwise two signs: "--5" is -(-5).
		case c1 == '=':
			t, n, p.asgOp = atOpAssign, 2, t
		}
	case '~':
		t = atBnot
	case '?':
		t = atQuest
	case ':':
		t = atColon
	case ',':
		t = atComma
	case '(':
		t = atLparen
	case ')':
		t = atRparen
	default:
		p.fail("syntax error: invalid arithmetic operator")
	}
	p.tok, p.pos = t, i+n
}

// number converts an integer constant the way bash's strlong does: 0x
// prefix for hex, leading 0 for octal, base#digits for bases 2 to 64 (digits
// 0-9, a-z, A-Z, @, _; for bases up to 36 case does not matter).
func (p *arithParser) number(s string) int64 {
	base := int64(10)
	foundBase := false
	i := 0
	if s[0] == '0' {
		i++
		if len(s) == 1 {
			return 0
		}
		if s[1] == 'x' || s[1] == 'X' {
			base = 16
			i++
		} else {
			base = 8
		}
		foundBase = true
	}
	var val int64
	for ; i < len(s); i++ {
		c := s[i]
		if c == '#' {
			if foundBase {
				p.numFail("invalid number")
			}
			if val < 2 || val > 64 {
				p.numFail("invalid arithmetic base")
			}
			base, val, foundBase = val, 0, true
			if i+1 == len(s) {
				p.numFail("invalid integer constant")
			}
			continue
		}
		var d int64
		switch {
		case isDigit(c):
			d = int64(c - '0')
		case 'a' <= c && c <= 'z':
			d = int64(c-'a') + 10
		case 'A' <= c && c <= 'Z':
			if base <= 36 {
				d = int64(c-'A') + 10
			} else {
				d = int64(c-'A') + 36
			}
		case c == '@':
			d = 62
		case c == '_':
			d = 63
		}
		if d >= base {
			p.numFail("value too great for base")
		}
		val = val*base + d
	}
	return val
}

// getVar is a variable's value as a number: its text evaluated as an
// expression of its own.
func (p *arithParser) getVar(name string) int64 {
	if p.noeval > 0 || p.vars == nil {
		return 0
	}
	s, ok := p.vars.Get(name)
	if !ok || s == "" {
		return 0
	}
	if isPlainDecimal(s) {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n
		}
	}
	p.enter()
	n, err := evalArith(s, p.vars, p.depth)
	p.leave()
	if err != nil {
		panic(arithBailout{err})
	}
	return n
}

func isPlainDecimal(s string) bool {
	if s == "0" {
		return true
	}
	if s == "" || s[0] == '0' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

func (p *arithParser) setVar(name string, v int64) {
	if p.noeval > 0 {
		return
	}
	if p.vars == nil {
		p.fail("attempted assignment to non-variable")
	}
	if err := p.vars.Set(name, strconv.FormatInt(v, 10)); err != nil {
		panic(arithBailout{err})
	}
}

// comma = assign { "," assign }
func (p *arithParser) comma() int64 {
	v := p.assign()
	for p.tok == atComma {
		p.next()
		v = p.assign()
	}
	return v
}

// assign = cond [ assignop assign ], where cond must be a bare name.
func (p *arithParser) assign() int64 {
	v := p.cond()
	if p.tok != atAssign && p.tok != atOpAssign {
		return v
	}
	if !p.lvalue {
		p.fail("attempted assignment to non-variable")
	}
	name, cur := p.lvName, p.lvCurrent
	op := atNone
	if p.tok == atOpAssign {
		op = p.asgOp
	}
	p.next()
	v = p.assign()
	if op != atNone {
		v = p.binop(op, cur, v)
	}
	p.setVar(name, v)
	p.lvalue = false
	return v
}

// cond = lor [ "?" comma ":" cond ]
func (p *arithParser) cond() int64 {
	c := p.binary(1)
	if p.tok != atQuest {
		return c
	}
	p.next()
	if p.tok == atEOF || p.tok == atColon {
		p.fail("expression expected")
	}
	if c == 0 {
		p.noeval++
	}
	a := p.comma()
	if c == 0 {
		p.noeval--
	}
	if p.tok != atColon {
		p.fail("`:' expected for conditional expression")
	}
	p.next()
	if p.tok == atEOF {
		p.fail("expression expected")
	}
	if c != 0 {
		p.noeval++
	}
	b := p.cond()
	if c != 0 {
		p.noeval--
	}
	p.lvalue = false
	if c != 0 {
		return a
	}
	return b
}

// binPrec is the precedence of a left-associative binary operator, from
// || (1) to * / % (10); 0 for other tokens.
func binPrec(t arithTok) int {
	switch t {
	case atLor:
		return 1
	case atLand:
		return 2
	case atBor:
		return 3
	case atBxor:
		return 4
	case atBand:
		return 5
	case atEq, atNe:
		return 6
	case atLt, atLe, atGt, atGe:
		return 7
	case atLsh, atRsh:
		return 8
	case atPlus, atMinus:
		return 9
	case atMul, atDiv, atMod:
		return 10
	}
	return 0
}

// binary parses the left-associative binary operators of precedence min
// and above by precedence climbing.
func (p *arithParser) binary(min int) int64 {
	v := p.power()
	for {
		op := p.tok
		prec := binPrec(op)
		if prec == 0 || prec < min {
			return v
		}
		p.next()
		switch op {
		case atLand, atLor:
			skip := (v == 0) == (op == atLand)
			if skip {
				p.noeval++
			}
			r := p.binary(prec + 1)
			if skip {
				p.noeval--
				v = b2i(op == atLor)
			} else {
				v = b2i(r != 0)
			}
		default:
			// Bash names the divisor as the error token of a division
			// by zero, not the last token read.
			divisor := p.tokStart
			r := p.binary(prec + 1)
			if (op == atDiv || op == atMod) && r == 0 && p.noeval == 0 {
				p.tokStart = divisor
				p.fail("division by 0")
			}
			v = p.binop(op, v, r)
		}
		p.lvalue = false
	}
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func (p *arithParser) binop(op arithTok, a, b int64) int64 {
	switch op {
	case atPlus:
		return a + b
	case atMinus:
		return a - b
	case atMul:
		return a * b
	case atDiv, atMod:
		if b == 0 {
			if p.noeval > 0 {
				return 0
			}
			p.fail("division by 0")
		}
		// Go defines MinInt64 / -1 as MinInt64 and MinInt64 % -1 as 0,
		// which is what bash prints.
		if op == atDiv {
			return a / b
		}
		return a % b
	case atLsh:
		return a << (uint64(b) & 63) // the count is masked as x86 does
	case atRsh:
		return a >> (uint64(b) & 63)
	case atLt:
		return b2i(a < b)
	case atLe:
		return b2i(a <= b)
	case atGt:
		return b2i(a > b)
	case atGe:
		return b2i(a >= b)
	case atEq:
		return b2i(a == b)
	case atNe:
		return b2i(a != b)
	case atBand:
		return a & b
	case atBxor:
		return a ^ b
	case atBor:
		return a | b
	}
	panic("arith: bad binary operator")
}

// power = unary [ "**" power ]; unary minus binds tighter, as in bash.
func (p *arithParser) power() int64 {
	v := p.unary()
	if p.tok != atPower {
		return v
	}
	p.next()
	p.enter()
	e := p.power()
	p.leave()
	if e < 0 {
		p.fail("exponent less than 0")
	}
	p.lvalue = false
	return ipow(v, e)
}

func ipow(b, e int64) int64 {
	r := int64(1)
	for e > 0 {
		if e&1 != 0 {
			r *= b
		}
		b *= b
		e >>= 1
	}
	return r
}

// unary = ( "!" | "~" | "-" | "+" ) unary | primary
func (p *arithParser) unary() int64 {
	op := p.tok
	switch op {
	case atNot, atBnot, atMinus, atPlus:
	default:
		return p.primary()
	}
	p.next()
	p.enter()
	v := p.unary()
	p.leave()
	p.lvalue = false
	switch op {
	case atNot:
		return b2i(v == 0)
	case atBnot:
		return ^v
	case atMinus:
		return -v
	}
	return v
}

// primary = ( "++" | "--" ) name | "(" comma ")" | number | name [ "++" | "--" ]
func (p *arithParser) primary() int64 {
	switch p.tok {
	case atPreInc, atPreDec:
		delta := int64(1)
		if p.tok == atPreDec {
			delta = -1
		}
		p.next()
		if p.tok != atIdent {
			p.fail("identifier expected after pre-increment or pre-decrement")
		}
		v := p.getVar(p.name) + delta
		p.setVar(p.name, v)
		// Seen as a number by the lexer, so that ++x++ is an error.
		p.tok = atNum
		p.next()
		p.lvalue = false
		return v
	case atLparen:
		p.next()
		p.enter()
		v := p.comma()
		p.leave()
		if p.tok != atRparen {
			p.fail("missing `)'")
		}
		p.next()
		p.lvalue = false
		return v
	case atNum:
		v := p.num
		p.next()
		p.lvalue = false
		return v
	case atIdent:
		name := p.name
		p.next()
		if p.tok == atPostInc || p.tok == atPostDec {
			v := p.getVar(name)
			if p.tok == atPostInc {
				p.setVar(name, v+1)
			} else {
				p.setVar(name, v-1)
			}
			p.next()
			p.lvalue = false
			return v
		}
		var v int64
		if p.tok != atAssign { // a plain assignment does not read the old value
			v = p.getVar(name)
		}
		p.lvalue, p.lvName, p.lvCurrent = true, name, v
		return v
	}
	p.fail("syntax error: operand expected")
	return 0
}
