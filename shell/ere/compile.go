package ere

// An opcode is what one instruction of a program does.
type opcode uint8

const (
	opChar     opcode = iota // consume the character r
	opAny                    // consume any character (not a byte that is not UTF-8)
	opClass                  // consume a character cls matches
	opSplit                  // go on at x and at y, x preferred
	opJmp                    // go on at x
	opSave                   // record the position in capture slot n
	opOpenOpt                // open group n in an optional copy of a repetition (saveGroup)
	opCloseOpt               // close group n opened by opOpenOpt (saveGroup)
	opAssert                 // go on if assert holds here
	opBackref                // consume the text group n matched
	opMatch                  // the expression has matched
	opAnything               // consume any character at all (relaxed programs)
)

// An inst is one instruction of a program.
type inst struct {
	op     opcode
	assert assertion
	r      rune
	cls    *class
	n      int // opSave's slot, opBackref's group
	x, y   int // opSplit's and opJmp's targets
}

// maxProg bounds the length of a program, which {m,n} multiplies: the
// matcher's time and memory are proportional to it.
const maxProg = 1 << 17

// compiler emits a program for a parsed expression.
type compiler struct {
	prog    []inst
	relax   bool   // emit a back-reference as any text (opAnything*)
	backref bool   // the expression has a back-reference
	refs    []bool // refs[n]: group n is referred to by a back-reference
}

func (c *compiler) emit(in inst) int {
	c.prog = append(c.prog, in)
	return len(c.prog) - 1
}

// gen emits n's instructions. A repetition becomes copies of its operand
// ({2,4}: two copies, then two nested optional ones); x* is a split into
// x+ or past it, and x+ is x followed by a split back into x or on, so
// that an iteration that matched empty still counts (glibc reports
// (a*)* against "b" as a group that matched "", not as none).
//
// opt is set for the copies of a repetition's operand that need not
// match (all of x* and x?, the copies past m in x{m,n}): if the operand
// is a group, it closes with glibc's rule for an empty iteration
// (saveGroup). As in glibc, that holds for the repeated group only, not
// for groups inside it.
func (c *compiler) gen(n *node, opt bool) bool {
	if len(c.prog) > maxProg {
		return false
	}
	switch n.kind {
	case nEmpty:
	case nChar:
		c.emit(inst{op: opChar, r: n.r})
	case nAny:
		c.emit(inst{op: opAny})
	case nClass:
		c.emit(inst{op: opClass, cls: n.cls})
	case nAssert:
		c.emit(inst{op: opAssert, assert: n.assert})
	case nBackref:
		if c.relax {
			split := c.emit(inst{op: opSplit})
			c.prog[split].x = c.emit(inst{op: opAnything})
			c.emit(inst{op: opJmp, x: split})
			c.prog[split].y = len(c.prog)
			break
		}
		c.backref = true
		for len(c.refs) <= n.n {
			c.refs = append(c.refs, false)
		}
		c.refs[n.n] = true
		c.emit(inst{op: opBackref, n: n.n})
	case nGroup:
		if opt {
			c.emit(inst{op: opOpenOpt, n: n.n})
		} else {
			c.emit(inst{op: opSave, n: 2 * n.n})
		}
		if !c.gen(n.subs[0], false) {
			return false
		}
		if opt {
			c.emit(inst{op: opCloseOpt, n: n.n})
		} else {
			c.emit(inst{op: opSave, n: 2*n.n + 1})
		}
	case nCat:
		for _, sub := range n.subs {
			if !c.gen(sub, false) {
				return false
			}
		}
	case nAlt:
		var jumps []int
		for i, sub := range n.subs {
			split := -1
			if i < len(n.subs)-1 {
				split = c.emit(inst{op: opSplit})
				c.prog[split].x = len(c.prog)
			}
			if !c.gen(sub, false) {
				return false
			}
			if split >= 0 {
				jumps = append(jumps, c.emit(inst{op: opJmp}))
				c.prog[split].y = len(c.prog)
			}
		}
		for _, j := range jumps {
			c.prog[j].x = len(c.prog)
		}
	case nRepeat:
		return c.repeat(n)
	}
	return len(c.prog) <= maxProg
}

// repeat emits sub{min,max}: min copies, then either a loop (x*) or
// max-min nested optional copies (x(x)?)?), as glibc expands them: x+ is
// x x*, and only the copies past min are optional.
func (c *compiler) repeat(n *node) bool {
	sub := n.subs[0]
	for i := 0; i < n.min; i++ {
		if !c.gen(sub, false) {
			return false
		}
	}
	if n.max < 0 {
		skip := c.emit(inst{op: opSplit})
		top := len(c.prog)
		c.prog[skip].x = top
		if !c.gen(sub, true) {
			return false
		}
		loop := c.emit(inst{op: opSplit, x: top})
		c.prog[loop].y = len(c.prog)
		c.prog[skip].y = len(c.prog)
		return true
	}
	var splits []int
	for i := n.min; i < n.max; i++ {
		s := c.emit(inst{op: opSplit})
		c.prog[s].x = len(c.prog)
		splits = append(splits, s)
		if !c.gen(sub, true) {
			return false
		}
	}
	for _, s := range splits {
		c.prog[s].y = len(c.prog)
	}
	return true
}
