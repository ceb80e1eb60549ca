package pattern

import (
	"strings"
	"unicode/utf8"
)

// bash's extended patterns (shopt -s extglob): inside a pattern,
//
//	?(p1|p2…)  zero or one of the patterns
//	*(p1|p2…)  zero or more of them, one after the other
//	+(p1|p2…)  one or more
//	@(p1|p2…)  exactly one
//	!(p1|p2…)  any text that @(p1|p2…) does not match
//
// where each p may hold groups of its own. An opener without its closing
// ")" is ordinary text, as the same characters are without extglob.
//
// Such a pattern is compiled into a program for a Thompson-style NFA:
// the text is read once, left to right, keeping the set of program
// counters alive at each position, so the time is at most proportional
// to len(program)*len(text) whatever the nesting (`*(*(a))b` against
// "aaaa…" does not backtrack). !(p) is not regular over the NFA's
// states; its instruction runs the program of @(p) from the current
// position, which gives every end at which @(p) matches, and goes on at
// every other end. That costs a run per position at which a thread
// reaches it: quadratic in the text, never exponential.

// A Mode says how a pattern is read.
type Mode uint8

const (
	Fold    Mode = 1 << iota // letters match either case (nocasematch, nocaseglob)
	ExtGlob                  // extended groups are active (extglob)
	// Bytes makes every byte a character, as in bash in the C locale (a
	// locale whose codeset is not UTF-8): `?` matches one byte of a
	// UTF-8 sequence, a bracket expression lists bytes, and matches are
	// cut between any two bytes.
	Bytes
)

// A Matcher is a pattern ready to match texts. Plain patterns (and every
// pattern without ExtGlob) use matchPlain's star-backtracking loop; a
// Matcher compiled once serves many texts, as ${v//p/r} and globbing need.
type Matcher struct {
	pat  string
	mode Mode     // Fold and Bytes; ExtGlob is prog
	prog *extProg // nil for a plain pattern
	ext  bool     // compiled with ExtGlob
}

// Compile reads pat as mode m says, ready to match. A pattern that is
// not valid UTF-8 is read as with Bytes, as bash does when it cannot
// read a pattern as characters.
func Compile(pat string, m Mode) Matcher {
	if !utf8.ValidString(pat) {
		m |= Bytes
	}
	mt := Matcher{pat: pat, mode: m &^ ExtGlob, ext: m&ExtGlob != 0}
	if mt.ext && hasExtGroup(pat) {
		mt.prog = compileExt(pat, mt.mode)
	}
	return mt
}

// ByBytes reports whether a text is cut into bytes to look for the
// parts of it that pattern pat matches in mode m (${x#p}, ${x/p/r}):
// with Bytes, and also in a UTF-8 locale when text or pat is not valid
// UTF-8. That is bash's fallback, which then matches each part by
// characters again when the part is valid UTF-8 (Match).
func ByBytes(m Mode, text, pat string) bool {
	return m&Bytes != 0 || !utf8.ValidString(text) || !utf8.ValidString(pat)
}

// Match reports whether the pattern matches all of s: by bytes when s
// is not valid UTF-8, as bash falls back to.
func (m Matcher) Match(s string) bool {
	if m.mode&Bytes == 0 && !utf8.ValidString(s) {
		return Compile(m.pat, m.mode|Bytes|m.extMode()).Match(s)
	}
	if m.prog == nil {
		return matchPlain(m.pat, s, m.mode)
	}
	matched := false
	m.prog.run(s, 0, 0, func(end int) {
		if end == len(s) {
			matched = true
		}
	})
	return matched
}

// extMode is ExtGlob when m was compiled with it.
func (m Matcher) extMode() Mode {
	if m.ext {
		return ExtGlob
	}
	return 0
}

// Longest is the end of the longest text at s[i:] that m matches, or
// -1: ${v/p/r} replaces the longest match at each place. A text that
// is not valid UTF-8 is cut at every byte (ByBytes).
func (m Matcher) Longest(s string, i int) int {
	if m.prog != nil {
		end := -1
		m.prog.run(s, i, 0, func(e int) { end = max(end, e) })
		return end
	}
	anyEnd := m.mode&Bytes != 0 || !utf8.ValidString(s)
	for end := len(s); end >= i; end-- {
		if (end == len(s) || anyEnd || utf8.RuneStart(s[end])) && m.Match(s[i:end]) {
			return end
		}
	}
	return -1
}

// charStart reports whether b can start a character: any byte with
// Bytes, else a UTF-8 leading byte, or a byte decodeChar takes on its
// own.
func (m Mode) charStart(b byte) bool { return m&Bytes != 0 || utf8.RuneStart(b) }

// hasExtGroup reports whether pat has an unquoted ?( *( +( @( or !(: a
// cheap test that keeps plain patterns on the fast path.
func hasExtGroup(pat string) bool {
	for i := 0; i+1 < len(pat); i++ {
		switch pat[i] {
		case '\\':
			i++
		case '?', '*', '+', '@', '!':
			if pat[i+1] == '(' {
				return true
			}
		}
	}
	return false
}

// HasMeta reports whether pat has an unquoted `*` or `?`, or an
// unquoted `[` that starts a complete bracket expression, or with
// ExtGlob a group: whether it could match anything but its own
// unescaped text.
func HasMeta(pat string, m Mode) bool {
	return hasMeta(pat) || m&ExtGlob != 0 && hasExtGroup(pat) && compileExt(pat, 0).hasGroup
}

// Pattern syntax tree.

type pnodeKind uint8

const (
	pLit     pnodeKind = iota // one character, r
	pAny                      // ?
	pStar                     // *
	pBracket                  // a bracket expression starting at pat[at]
	pGroup                    // op( alts[0] | alts[1] … )
)

type pnode struct {
	kind pnodeKind
	r    rune
	at   int
	op   byte
	alts [][]pnode
}

// parsePattern parses pat[i:] up to the end, or with inGroup up to an
// unmatched "|" or ")"; it returns the nodes and the offset it stopped at.
// Inside a group, plain parentheses nest, and a "|" inside them is
// literal: @(a(b|c)d) has one pattern, as in bash.
func parsePattern(pat string, i int, inGroup bool, mode Mode) ([]pnode, int) {
	var seq []pnode
	parens := 0
	for i < len(pat) {
		c := pat[i]
		switch {
		case inGroup && parens == 0 && (c == '|' || c == ')'):
			return seq, i
		case inGroup && c == '(':
			parens++
		case inGroup && c == ')':
			parens--
		}
		if i+1 < len(pat) && pat[i+1] == '(' && strings.IndexByte("?*+@!", c) >= 0 {
			if g, end, ok := parseGroup(pat, i, mode); ok {
				seq = append(seq, g)
				i = end
				continue
			}
		}
		switch c {
		case '*':
			if len(seq) == 0 || seq[len(seq)-1].kind != pStar {
				seq = append(seq, pnode{kind: pStar})
			}
			i++
			continue
		case '?':
			seq = append(seq, pnode{kind: pAny})
			i++
			continue
		case '[':
			if _, end, valid := matchBracket(pat, i, 0, 0); valid {
				seq = append(seq, pnode{kind: pBracket, at: i})
				i = end
				continue
			}
		}
		r, n := decodeLiteral(pat, i, mode)
		seq = append(seq, pnode{kind: pLit, r: r})
		i += n
	}
	return seq, i
}

// parseGroup parses the group whose operator is at pat[i]; ok is false
// when it has no closing ")".
func parseGroup(pat string, i int, mode Mode) (g pnode, end int, ok bool) {
	g = pnode{kind: pGroup, op: pat[i]}
	j := i + 2
	for {
		alt, k := parsePattern(pat, j, true, mode)
		if k >= len(pat) {
			return g, 0, false
		}
		g.alts = append(g.alts, alt)
		if pat[k] == ')' {
			return g, k + 1, true
		}
		j = k + 1 // past "|"
	}
}

// NFA program.

type extOp uint8

const (
	iRune    extOp = iota // consume a character equal to r
	iAny                  // consume any character
	iBracket              // consume a character the bracket at pat[x] matches
	iSplit                // go on at x and at y
	iJmp                  // go on at x
	iNeg                  // !(…): the program of @(…) starts at x; go on at y at every end it does not match
	iMatch                // the (sub)program matched
)

type extInst struct {
	op   extOp
	r    rune
	x, y int
}

// An extProg is a compiled extended pattern. Instruction 0 starts it.
type extProg struct {
	pat      string
	mode     Mode // Fold and Bytes
	inst     []extInst
	hasGroup bool // the pattern has a complete group
}

func compileExt(pat string, mode Mode) *extProg {
	seq, _ := parsePattern(pat, 0, false, mode)
	g := &extProg{pat: pat, mode: mode}
	g.seq(seq)
	g.emit(extInst{op: iMatch})
	return g
}

func (g *extProg) emit(in extInst) int {
	g.inst = append(g.inst, in)
	return len(g.inst) - 1
}

// seq compiles nodes to run one after the other, falling through to
// whatever is emitted next.
func (g *extProg) seq(nodes []pnode) {
	for _, n := range nodes {
		switch n.kind {
		case pLit:
			g.emit(extInst{op: iRune, r: n.r})
		case pAny:
			g.emit(extInst{op: iAny})
		case pBracket:
			g.emit(extInst{op: iBracket, x: n.at})
		case pStar:
			// L: split L+1, out; any; jmp L
			l := g.emit(extInst{op: iSplit})
			g.emit(extInst{op: iAny})
			g.emit(extInst{op: iJmp, x: l})
			g.inst[l].x, g.inst[l].y = l+1, len(g.inst)
		case pGroup:
			g.hasGroup = true
			g.group(n)
		}
	}
}

// group compiles one extended group.
func (g *extProg) group(n pnode) {
	switch n.op {
	case '@':
		g.alts(n.alts)
	case '?':
		// split body, out
		l := g.emit(extInst{op: iSplit})
		g.alts(n.alts)
		g.inst[l].x, g.inst[l].y = l+1, len(g.inst)
	case '*':
		// L: split body, out; body; jmp L
		l := g.emit(extInst{op: iSplit})
		g.alts(n.alts)
		g.emit(extInst{op: iJmp, x: l})
		g.inst[l].x, g.inst[l].y = l+1, len(g.inst)
	case '+':
		// L: body; split L, out
		l := len(g.inst)
		g.alts(n.alts)
		g.emit(extInst{op: iSplit, x: l, y: len(g.inst) + 1})
	case '!':
		// neg sub, out; jmp out; sub: body; match
		l := g.emit(extInst{op: iNeg})
		j := g.emit(extInst{op: iJmp})
		g.inst[l].x = len(g.inst)
		g.alts(n.alts)
		g.emit(extInst{op: iMatch})
		g.inst[l].y, g.inst[j].x = j, len(g.inst)
	}
}

// alts compiles a choice of sequences, each falling through to what is
// emitted next.
func (g *extProg) alts(alts [][]pnode) {
	var jumps []int
	for i, a := range alts {
		split := -1
		if i < len(alts)-1 {
			split = g.emit(extInst{op: iSplit})
			g.inst[split].x = split + 1
		}
		g.seq(a)
		if split >= 0 {
			jumps = append(jumps, g.emit(extInst{op: iJmp}))
			g.inst[split].y = len(g.inst)
		}
	}
	for _, j := range jumps {
		g.inst[j].x = len(g.inst)
	}
}

// run runs the program from instruction pc against s from offset start,
// calling f with every offset at which an iMatch is reached.
func (g *extProg) run(s string, start, pc int, f func(end int)) {
	n := len(g.inst)
	words := (n + 63) / 64
	// pend[i] is the set of instructions to run at offset start+i, as a
	// bit set; nil while empty.
	pend := make([][]uint64, len(s)-start+1)
	add := func(at, pc int) {
		i := at - start
		if pend[i] == nil {
			pend[i] = make([]uint64, words)
		}
		pend[i][pc/64] |= 1 << (pc % 64)
	}
	add(start, pc)
	last := start // the furthest offset with pending instructions
	var stack []int
	for pos := start; pos <= last; {
		set := pend[pos-start]
		var r rune
		width := 0
		if pos < len(s) {
			r, width = decodeChar(s, pos, g.mode)
		}
		if set != nil {
			// Follow the instructions that consume nothing; set grows as
			// they add to it, and stack holds those still to look at.
			stack = stack[:0]
			for w, bits := range set {
				for b := 0; b < 64; b++ {
					if bits&(1<<b) != 0 {
						stack = append(stack, w*64+b)
					}
				}
			}
			push := func(pc int) {
				if set[pc/64]&(1<<(pc%64)) == 0 {
					set[pc/64] |= 1 << (pc % 64)
					stack = append(stack, pc)
				}
			}
			for len(stack) > 0 {
				pc := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				in := &g.inst[pc]
				switch in.op {
				case iSplit:
					push(in.x)
					push(in.y)
				case iJmp:
					push(in.x)
				case iMatch:
					f(pos)
				case iNeg:
					matched := make([]bool, len(s)-pos+1)
					g.run(s, pos, in.x, func(end int) { matched[end-pos] = true })
					if !matched[0] {
						push(in.y)
					}
					for e := pos + 1; e <= len(s); e++ {
						if !matched[e-pos] && (e == len(s) || g.mode.charStart(s[e])) {
							add(e, in.y)
							last = max(last, e)
						}
					}
				case iRune, iAny, iBracket:
					if width == 0 || !g.step(in, r) {
						continue
					}
					add(pos+width, pc+1)
					last = max(last, pos+width)
				}
			}
			pend[pos-start] = nil
		}
		if width == 0 {
			break
		}
		pos += width
	}
}

// step reports whether the consuming instruction in accepts r.
func (g *extProg) step(in *extInst, r rune) bool {
	switch in.op {
	case iRune:
		return sameRune(in.r, r, g.mode&Fold != 0)
	case iAny:
		return true
	}
	ok, _, _ := matchBracket(g.pat, in.x, r, g.mode)
	return ok
}

// globHidden reports whether a pathname pattern component may match a
// name that starts with a dot when dotglob is off: when it starts with
// a literal dot, or (extglob) with a group other than !(…) one of whose
// patterns does, or with ?(…) or *(…) followed by a text that does.
// !(…) never matches such a name, as in bash.
func globHidden(comp string, m Mode) bool {
	if strings.HasPrefix(comp, ".") || strings.HasPrefix(comp, `\.`) {
		return true
	}
	if m&ExtGlob == 0 || !hasExtGroup(comp) {
		return false
	}
	seq, _ := parsePattern(comp, 0, false, m)
	return seqHidden(seq)
}

func seqHidden(seq []pnode) bool {
	if len(seq) == 0 {
		return false
	}
	switch n := seq[0]; n.kind {
	case pLit:
		return n.r == '.'
	case pGroup:
		if n.op == '!' {
			return false
		}
		for _, a := range n.alts {
			if seqHidden(a) {
				return true
			}
		}
		return (n.op == '?' || n.op == '*') && seqHidden(seq[1:])
	}
	return false
}
