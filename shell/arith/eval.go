package arith

import "strconv"

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
