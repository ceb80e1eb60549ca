package ere

import (
	"strconv"
	"strings"

	"github.com/plumbsh/plumb/shell/pattern"
)

// An Error is an expression regcomp(3) would reject; its text is glibc's
// message for the same fault.
type Error struct {
	Msg  string
	Expr string
}

func (e *Error) Error() string { return e.Msg + ": `" + e.Expr + "`" }

// dupMax is RE_DUP_MAX: the largest count a {m,n} bound may give.
const dupMax = 0x7fff

// A nodeKind says what a node of the parsed expression is.
type nodeKind uint8

const (
	nEmpty   nodeKind = iota // matches the empty string
	nChar                    // the character r
	nAny                     // `.`: any character
	nClass                   // a bracket expression or \w \W \s \S
	nAssert                  // a zero-width assertion: assert
	nGroup                   // ( sub ) capturing as group n
	nCat                     // subs one after another
	nAlt                     // one of subs, the first preferred
	nRepeat                  // sub repeated min to max times (max -1: no limit)
	nBackref                 // \n: the text group n matched
)

// An assertion is a zero-width test of the characters around a position.
type assertion uint8

const (
	aBegin     assertion = iota // ^ and \`: start of the text
	aEnd                        // $ and \': end of the text
	aWord                       // \b: between a word and a non-word character
	aNotWord                    // \B: not at \b
	aWordStart                  // \<: a word character follows, none precedes
	aWordEnd                    // \>: a word character precedes, none follows
)

// A node is one part of a parsed expression.
type node struct {
	kind     nodeKind
	r        rune
	cls      *class
	assert   assertion
	n        int // group or back-reference number
	min, max int
	subs     []*node
}

// A class is a bracket expression: characters, ranges and named classes,
// matched as one character; negated, it matches every other character.
type class struct {
	negate bool
	chars  []rune
	ranges []rune // lo, hi pairs
	names  []string
}

// classNames are the class names regcomp(3) knows.
var classNames = []string{"alpha", "digit", "alnum", "upper", "lower", "space",
	"blank", "punct", "xdigit", "cntrl", "print", "graph"}

// parser reads an expression left to right.
type parser struct {
	src    string
	pos    int
	mode   pattern.Mode // Bytes: every byte a character
	groups int          // groups opened so far: the next one's number - 1
	closed []bool       // closed[n]: group n has been closed (a \n may follow)
	inner  []int        // inner[n]: the number of groups inside group n (n+1 to n+inner[n])
}

// unmatchedBracket is glibc's message for an unclosed bracket expression
// or [: [. [= inside one.
const unmatchedBracket = "Unmatched [, [^, [:, [., or [="

func (p *parser) fail(msg string) error { return &Error{Msg: msg, Expr: p.src} }

// parse reads the whole expression, returning it with inner (the
// number of groups inside each group; inner[0] is the number of groups).
func parse(src string, mode pattern.Mode) (*node, []int, error) {
	p := &parser{src: src, mode: mode, closed: []bool{true}, inner: []int{0}}
	n, err := p.alt(0)
	if err != nil {
		return nil, nil, err
	}
	p.inner[0] = p.groups
	if p.pos < len(p.src) { // only a `)` stops alt at depth 0, and it is literal there
		panic("ere: parse stopped early")
	}
	return n, p.inner, nil
}

// alt reads branches separated by `|` up to a `)` that closes a group
// (depth > 0) or the end.
func (p *parser) alt(depth int) (*node, error) {
	// As in glibc, a back-reference may name only a group closed before
	// the alternation or in its own branch: (a)|\1 is an error.
	before := append([]bool(nil), p.closed...)
	var after []bool
	var alts []*node
	for {
		for i := range p.closed {
			p.closed[i] = i < len(before) && before[i]
		}
		b, err := p.branch(depth)
		if err != nil {
			return nil, err
		}
		alts = append(alts, b)
		for i, c := range p.closed {
			if i >= len(after) {
				after = append(after, false)
			}
			after[i] = after[i] || c
		}
		if p.pos < len(p.src) && p.src[p.pos] == '|' {
			p.pos++
			continue
		}
		break
	}
	p.closed = after
	if len(alts) == 1 {
		return alts[0], nil
	}
	return &node{kind: nAlt, subs: alts}, nil
}

// branch reads pieces up to `|`, a closing `)` or the end. A `)` with no
// group open is an ordinary character, as in glibc.
func (p *parser) branch(depth int) (*node, error) {
	var seq []*node
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c == '|' || c == ')' && depth > 0 {
			break
		}
		if c == '*' || c == '+' || c == '?' || c == '{' {
			// Nothing to repeat: the start of a branch or a group.
			return nil, p.fail("Invalid preceding regular expression")
		}
		atom, err := p.atom(depth)
		if err != nil {
			return nil, err
		}
		if atom, err = p.repeats(atom); err != nil {
			return nil, err
		}
		seq = append(seq, atom)
	}
	switch len(seq) {
	case 0:
		return &node{kind: nEmpty}, nil
	case 1:
		return seq[0], nil
	}
	return &node{kind: nCat, subs: seq}, nil
}

// repeats reads the repetition operators after an atom; several may
// follow one another (a** is (a*)*). An assertion cannot be repeated.
func (p *parser) repeats(atom *node) (*node, error) {
	for p.pos < len(p.src) {
		min, max := 0, -1
		switch p.src[p.pos] {
		case '*':
			p.pos++
		case '+':
			min = 1
			p.pos++
		case '?':
			max = 1
			p.pos++
		case '{':
			var err error
			if min, max, err = p.bound(); err != nil {
				return nil, err
			}
		default:
			return atom, nil
		}
		if atom.kind == nAssert {
			return nil, p.fail("Invalid preceding regular expression")
		}
		atom = &node{kind: nRepeat, min: min, max: max, subs: []*node{atom}}
	}
	return atom, nil
}

// bound reads {m}, {m,}, {m,n}, {,n} or {,} at p.pos.
func (p *parser) bound() (min, max int, err error) {
	const bad = "Invalid content of \\{\\}"
	p.pos++ // {
	num := func() (int, bool) {
		i := p.pos
		for p.pos < len(p.src) && '0' <= p.src[p.pos] && p.src[p.pos] <= '9' {
			p.pos++
		}
		if i == p.pos {
			return -1, false
		}
		n, err := strconv.Atoi(p.src[i:p.pos])
		if err != nil || n > dupMax {
			n = dupMax + 1
		}
		return n, true
	}
	min, hasMin := num()
	max = min
	if p.pos < len(p.src) && p.src[p.pos] == ',' {
		p.pos++
		max, _ = num()
		if !hasMin {
			min = 0
		}
	} else if !hasMin {
		return 0, 0, p.fail(bad)
	}
	if p.pos >= len(p.src) || p.src[p.pos] != '}' {
		return 0, 0, p.fail(bad)
	}
	p.pos++
	if min > dupMax || max > dupMax {
		return 0, 0, p.fail("Regular expression too big")
	}
	if max >= 0 && max < min {
		return 0, 0, p.fail(bad)
	}
	return min, max, nil
}

// atom reads one atom: a group, `.`, a bracket expression, an anchor, an
// escape or a character.
func (p *parser) atom(depth int) (*node, error) {
	c := p.src[p.pos]
	switch c {
	case '(':
		p.pos++
		p.groups++
		n := p.groups
		p.closed = append(p.closed, false)
		p.inner = append(p.inner, 0)
		sub, err := p.alt(depth + 1)
		if err != nil {
			return nil, err
		}
		if p.pos >= len(p.src) {
			return nil, p.fail("Unmatched ( or \\(")
		}
		p.pos++ // )
		p.closed[n] = true
		p.inner[n] = p.groups - n
		return &node{kind: nGroup, n: n, subs: []*node{sub}}, nil
	case '.':
		p.pos++
		return &node{kind: nAny}, nil
	case '[':
		return p.bracket()
	case '^':
		p.pos++
		return &node{kind: nAssert, assert: aBegin}, nil
	case '$':
		p.pos++
		return &node{kind: nAssert, assert: aEnd}, nil
	case '\\':
		return p.escape()
	}
	r, w := pattern.DecodeChar(p.src, p.pos, p.mode)
	p.pos += w
	return &node{kind: nChar, r: r}, nil
}

// escape reads a backslash and what it quotes: a back-reference \1–\9,
// one of GNU's \w \W \s \S \b \B \< \> \` \', or any other character,
// which stands for itself (\. \n \d alike).
func (p *parser) escape() (*node, error) {
	p.pos++
	if p.pos >= len(p.src) {
		return nil, p.fail("Trailing backslash")
	}
	c := p.src[p.pos]
	switch {
	case '1' <= c && c <= '9':
		n := int(c - '0')
		if n >= len(p.closed) || !p.closed[n] {
			return nil, p.fail("Invalid back reference")
		}
		p.pos++
		return &node{kind: nBackref, n: n}, nil
	case c == 'w' || c == 'W':
		p.pos++
		return &node{kind: nClass, cls: &class{negate: c == 'W', chars: []rune{'_'}, names: []string{"alnum"}}}, nil
	case c == 's' || c == 'S':
		p.pos++
		return &node{kind: nClass, cls: &class{negate: c == 'S', names: []string{"space"}}}, nil
	}
	if i := strings.IndexByte("bB<>`'", c); i >= 0 {
		p.pos++
		a := [...]assertion{aWord, aNotWord, aWordStart, aWordEnd, aBegin, aEnd}[i]
		return &node{kind: nAssert, assert: a}, nil
	}
	r, w := pattern.DecodeChar(p.src, p.pos, p.mode)
	p.pos += w
	return &node{kind: nChar, r: r}, nil
}

// bracket reads a bracket expression at p.pos == '['. Inside it a
// backslash is an ordinary character; a `]` first (after any `^`) and a
// `-` first or last are literal; [:name:] is a class, [=c=] and [.c.] the
// single character c.
func (p *parser) bracket() (*node, error) {
	p.pos++
	cls := &class{}
	if p.pos < len(p.src) && p.src[p.pos] == '^' {
		cls.negate = true
		p.pos++
	}
	for first := true; ; first = false {
		if p.pos >= len(p.src) {
			return nil, p.fail(unmatchedBracket)
		}
		if p.src[p.pos] == ']' && !first {
			p.pos++
			return &node{kind: nClass, cls: cls}, nil
		}
		lo, isClass, err := p.bracketItem(cls)
		if err != nil {
			return nil, err
		}
		if isClass {
			if p.pos+1 < len(p.src) && p.src[p.pos] == '-' && p.src[p.pos+1] != ']' {
				return nil, p.fail("Invalid range end")
			}
			continue
		}
		if p.pos+1 < len(p.src) && p.src[p.pos] == '-' && p.src[p.pos+1] != ']' {
			p.pos++
			hi, isClass, err := p.bracketItem(nil)
			if err != nil {
				return nil, err
			}
			if isClass || hi < lo {
				return nil, p.fail("Invalid range end")
			}
			cls.ranges = append(cls.ranges, lo, hi)
			// A range cannot start another: [a-c-e].
			if p.pos+1 < len(p.src) && p.src[p.pos] == '-' && p.src[p.pos+1] != ']' {
				return nil, p.fail("Invalid range end")
			}
			continue
		}
		cls.chars = append(cls.chars, lo)
	}
}

// bracketItem reads one character of a bracket expression, or a [:name:]
// (added to cls; isClass true), [=c=] or [.c.].
func (p *parser) bracketItem(cls *class) (r rune, isClass bool, err error) {
	if p.src[p.pos] == '[' && p.pos+1 < len(p.src) {
		switch delim := p.src[p.pos+1]; delim {
		case ':', '=', '.':
			end := -1
			for i := p.pos + 2; i+1 < len(p.src); i++ {
				if p.src[i] == delim && p.src[i+1] == ']' {
					end = i
					break
				}
			}
			if end < 0 {
				return 0, false, p.fail(unmatchedBracket)
			}
			name := p.src[p.pos+2 : end]
			p.pos = end + 2
			if delim == ':' {
				for _, known := range classNames {
					if name == known {
						if cls != nil {
							cls.names = append(cls.names, name)
						}
						return 0, true, nil
					}
				}
				return 0, false, p.fail("Invalid character class name")
			}
			if name != "" {
				if r, w := pattern.DecodeChar(name, 0, p.mode); w == len(name) {
					return r, false, nil
				}
			}
			return 0, false, p.fail("Invalid collation character")
		}
	}
	r, w := pattern.DecodeChar(p.src, p.pos, p.mode)
	p.pos += w
	return r, false, nil
}

// anchored reports whether every match of n must start at the start of
// the text: n begins with ^ (or \`) in every branch.
func anchored(n *node) bool {
	switch n.kind {
	case nAssert:
		return n.assert == aBegin
	case nGroup:
		return anchored(n.subs[0])
	case nCat:
		return anchored(n.subs[0])
	case nAlt:
		for _, sub := range n.subs {
			if !anchored(sub) {
				return false
			}
		}
		return true
	case nRepeat:
		return n.min > 0 && anchored(n.subs[0])
	}
	return false
}
