package arith

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
