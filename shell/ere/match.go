package ere

import (
	"encoding/binary"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/plumbsh/plumb/shell/pattern"
)

// Flags say how an expression reads and matches.
type Flags uint8

const (
	// Bytes makes every byte a character (the C locale); without it the
	// expression and the text are read as UTF-8.
	Bytes Flags = 1 << iota
	// Fold makes letters match either case (bash's nocasematch), as
	// REG_ICASE does, back-references included.
	Fold
)

// ErrTooComplex is what matching an expression with a back-reference
// returns when it would take more than maxSteps steps.
var ErrTooComplex = errors.New("regular expression too complex to match (back-references)")

// maxSteps bounds the work of the backtracking matcher, the one used for
// expressions with back-references.
const maxSteps = 1 << 22

// A Regexp is a compiled expression. It holds no state of a match, so
// one may be used by several goroutines at once.
type Regexp struct {
	prog     []inst
	groups   int
	mode     pattern.Mode // Bytes and Fold
	backref  bool
	anchored bool // every match starts at 0 (^…): no other start is tried

	// A thread's capture positions: slots 2n and 2n+1 hold group n's
	// start and end, 2(groups+1)+n its pending start while an optional
	// iteration runs (opOpenOpt), and from snap[n] on, the positions of
	// the inner[n] groups inside group n as they were when that
	// iteration began. ncap is the number of slots.
	ncap  int
	inner []int
	snap  []int

	// memoSlots are the slots that decide what a path can still match
	// when the expression has back-references: those of each group a
	// back-reference names and of each group around one (see backtrack).
	memoSlots []int

	// relaxed is, for an expression with back-references, the program
	// with each one read as any text: a Pike VM run of it finds every
	// text the expression could match and more, so when it finds none
	// the backtracker need not run.
	relaxed *Regexp
}

// maxSnap bounds the slots for snapshots of inner groups, which grow with
// the square of the nesting depth; past it an empty optional iteration
// restores only its own group.
const maxSnap = 1 << 12

// Compile reads expr as a POSIX extended regular expression with glibc's
// extensions. The error is an *Error for an expression regcomp(3) rejects.
func Compile(expr string, f Flags) (*Regexp, error) {
	var mode pattern.Mode
	if f&Bytes != 0 {
		mode |= pattern.Bytes
	}
	if f&Fold != 0 {
		mode |= pattern.Fold
	}
	tree, inner, err := parse(expr, mode)
	if err != nil {
		return nil, err
	}
	groups := inner[0]
	c := &compiler{prog: make([]inst, 0, 2*len(expr)+2)}
	if !c.gen(tree, false) {
		return nil, &Error{Msg: "Regular expression too big", Expr: expr}
	}
	c.emit(inst{op: opMatch})
	re := &Regexp{prog: c.prog, groups: groups, mode: mode, backref: c.backref, inner: inner, anchored: anchored(tree)}
	if c.backref {
		r := &compiler{relax: true}
		r.gen(tree, false) // no longer than c.prog, so not too big
		r.emit(inst{op: opMatch})
		re.relaxed = &Regexp{prog: r.prog, groups: groups, mode: mode, anchored: re.anchored}
	}
	re.setSlots(c.refs)
	if re.relaxed != nil {
		re.relaxed.inner = inner
		re.relaxed.setSlots(nil)
	}
	return re, nil
}

// setSlots lays out a thread's capture slots (see Regexp) and, for an
// expression with back-references (refs), memoSlots.
func (re *Regexp) setSlots(refs []bool) {
	groups, inner := re.groups, re.inner // inner: the nesting, kept
	re.inner = append([]int(nil), inner...)
	re.ncap = 3 * (groups + 1)
	re.snap = make([]int, groups+1)
	total := 0
	for _, k := range inner[1:] {
		total += 2 * k
	}
	for g := 1; g <= groups; g++ {
		if total > maxSnap { // restore only the group itself
			re.inner[g] = 0
		}
		re.snap[g] = re.ncap
		re.ncap += 2 * re.inner[g]
	}
	for g := 1; g <= groups; g++ {
		relevant := false
		for h := g; h <= g+inner[g] && h < len(refs); h++ {
			relevant = relevant || refs[h]
		}
		if relevant {
			re.memoSlots = append(re.memoSlots, 2*g, 2*g+1, 2*(groups+1)+g)
			for i := 0; i < 2*re.inner[g]; i++ {
				re.memoSlots = append(re.memoSlots, re.snap[g]+i)
			}
		}
	}
}

// NumGroups returns the number of parenthesised groups in the expression.
func (re *Regexp) NumGroups() int { return re.groups }

// FindSubmatchIndex returns the leftmost-longest match of re in s as
// pairs of offsets into s: the whole match, then each group, with -1, -1
// for a group that took no part; nil if there is no match. Among matches
// of that same extent, the groups are those of the first in the order
// that prefers the earlier alternative and the longer repetition at each
// choice, which is what glibc reports ((a|ab)(bc|c) against "abc" gives
// "a" and "bc"); a repeated group reports its last iteration. The error
// is ErrTooComplex when an expression with a back-reference would take
// too long.
func (re *Regexp) FindSubmatchIndex(s string) ([]int, error) {
	return re.find(s, len(re.prog)*(len(s)+1) > maxBitState)
}

// find is FindSubmatchIndex with the choice, for an expression without
// back-references, between the Pike VM (pike) and bitState, which give
// the same answers.
func (re *Regexp) find(s string, pike bool) ([]int, error) {
	m := &machine{re: re, text: s, ncap: re.ncap}
	var best []int
	if re.backref {
		if re.relaxed != nil {
			if pre, _ := re.relaxed.FindSubmatchIndex(s); pre == nil {
				return nil, nil
			}
		}
		var err error
		if best, err = m.backtrack(); err != nil {
			return nil, err
		}
	} else if pike {
		best = m.pike()
	} else {
		best, _ = m.bitState()
	}
	if best == nil {
		return nil, nil
	}
	return best[:2*(re.groups+1)], nil
}

// MatchString reports whether re matches somewhere in s.
func (re *Regexp) MatchString(s string) (bool, error) {
	m, err := re.FindSubmatchIndex(s)
	return m != nil, err
}

// machine is the state of one match of re against text.
type machine struct {
	re   *Regexp
	text string
	ncap int

	undo []int // slots saveGroup changed, for restoreGroup
	memo map[string]struct{}
	key  []byte

	// The Pike VM's thread lists.
	cur, next queue
	best      []int // the best match so far, or nil

	// The backtracker's state. bits, when not nil, has a bit for each
	// instruction at each position of the text: set once a path reached
	// it (an expression without back-references, see bitState).
	steps   int
	visit   []int // visit[pc]: the position the current path last passed split pc at, or -1
	tooMuch bool
	bits    []uint64
}

// char decodes the character at text[i].
func (m *machine) char(i int) (rune, int) { return pattern.DecodeChar(m.text, i, m.re.mode) }

// invalid reports whether r stands for a byte that is not UTF-8 when the
// text is read as UTF-8: glibc's `.` and bracket expressions do not match
// one, only the same byte written in the expression does.
func (m *machine) invalid(r rune) bool {
	return m.re.mode&pattern.Bytes == 0 && 0xDC80 <= r && r <= 0xDCFF
}

// step reports whether the consuming instruction in matches the
// character r.
func (m *machine) step(in *inst, r rune) bool {
	fold := m.re.mode&pattern.Fold != 0
	switch in.op {
	case opChar:
		return pattern.SameRune(in.r, r, fold)
	case opAny:
		return !m.invalid(r)
	case opAnything:
		return true
	}
	if m.invalid(r) {
		return false // not even by a bracket that lists the byte, as in glibc
	}
	return in.cls.matches(r, fold) != in.cls.negate
}

// matches reports whether r is among c's characters, ranges and classes
// (ignoring negate); with fold, a letter of the other case counts.
func (c *class) matches(r rune, fold bool) bool {
	for _, x := range c.chars {
		if pattern.SameRune(x, r, fold) {
			return true
		}
	}
	for i := 0; i < len(c.ranges); i += 2 {
		if pattern.InRange(c.ranges[i], c.ranges[i+1], r, fold) {
			return true
		}
	}
	for _, name := range c.names {
		if pattern.InClass(name, r) {
			return true
		}
		for f := unicode.SimpleFold(r); fold && f != r; f = unicode.SimpleFold(f) {
			if pattern.InClass(name, f) {
				return true
			}
		}
	}
	return false
}

// isWord reports whether r is a word character for \b \< \> \w.
func isWord(r rune) bool { return r == '_' || pattern.InClass("alnum", r) }

// holds reports whether assertion a is true at text position pos.
func (m *machine) holds(a assertion, pos int) bool {
	switch a {
	case aBegin:
		return pos == 0
	case aEnd:
		return pos == len(m.text)
	}
	before, after := false, false
	if pos < len(m.text) {
		r, _ := m.char(pos)
		after = isWord(r)
	}
	if pos > 0 {
		i := pos - 1
		if m.re.mode&pattern.Bytes == 0 {
			// The character before starts at most UTFMax bytes back;
			// a byte that is not UTF-8 is one of its own.
			if _, w := utf8.DecodeLastRuneInString(m.text[:pos]); w > 1 {
				i = pos - w
			}
		}
		r, _ := m.char(i)
		before = isWord(r)
	}
	switch a {
	case aWord:
		return before != after
	case aNotWord:
		return before == after
	case aWordStart:
		return !before && after
	}
	return before && !after // aWordEnd
}

// record keeps caps, ending at pos, as the match if it is longer than the
// one kept: threads come in order of preference, so an equal one later
// loses.
func (m *machine) record(caps []int, pos int) {
	if m.best != nil && pos <= m.best[1] {
		return
	}
	if m.best == nil {
		m.best = make([]int, m.ncap)
	}
	copy(m.best, caps)
	m.best[1] = pos
}

// A queue is the set of threads alive at one position, in order of
// preference, one per program counter: a sparse set (Briggs and Torczon)
// cleared in constant time. The thread at dense[i] keeps its capture
// positions at caps[at[i]:] (ncap of them) if it consumes a character or
// matches; at[i] is -1 for an instruction that consumes nothing, which is
// in the queue only to mark it as reached. caps grows with the threads
// alive, not with the program.
type queue struct {
	sparse []int32
	dense  []int32
	at     []int32
	caps   []int
}

func newQueue(n, ncap int) queue {
	return queue{sparse: make([]int32, n), dense: make([]int32, 0, n), at: make([]int32, 0, n), caps: make([]int, 0, 8*ncap)}
}

func (q *queue) clear() {
	q.dense, q.at, q.caps = q.dense[:0], q.at[:0], q.caps[:0]
}

func (q *queue) has(pc int) bool {
	i := q.sparse[pc]
	return int(i) < len(q.dense) && q.dense[i] == int32(pc)
}

// pike runs the program as a Thompson NFA over the text, keeping for each
// program counter only the most preferred thread that reached it: the
// text is read once, in time proportional to len(text)*len(prog), with no
// allocation after the start.
func (m *machine) pike() []int {
	n := len(m.re.prog)
	m.cur, m.next = newQueue(n, m.ncap), newQueue(n, m.ncap)
	caps := make([]int, m.ncap)
	for pos := 0; ; {
		if m.best == nil && (pos == 0 || !m.re.anchored) {
			// A new thread starting here, less preferred than all
			// that started earlier.
			for i := range caps {
				caps[i] = -1
			}
			caps[0] = pos
			m.add(&m.cur, 0, pos, caps)
		}
		if len(m.cur.dense) == 0 {
			break
		}
		var r rune
		w := 0
		if pos < len(m.text) {
			r, w = m.char(pos)
		}
		for i, pc := range m.cur.dense {
			at := int(m.cur.at[i])
			if at < 0 {
				continue
			}
			tcaps := m.cur.caps[at : at+m.ncap]
			in := &m.re.prog[pc]
			switch {
			case m.best != nil && tcaps[0] > m.best[0]:
				// Started after the match found: not leftmost.
			case in.op == opMatch:
				m.record(tcaps, pos)
			case w > 0 && m.step(in, r):
				m.add(&m.next, int(pc)+1, pos+w, tcaps)
			}
		}
		m.cur, m.next = m.next, m.cur
		m.next.clear()
		if w == 0 {
			break
		}
		pos += w
	}
	return m.best
}

// add adds the thread at pc with caps to q, following the instructions
// that consume nothing (jumps, splits in order of preference, saves,
// assertions that hold at pos) to the ones that do. caps is restored
// before add returns; a consuming thread gets a copy.
func (m *machine) add(q *queue, pc, pos int, caps []int) {
	if q.has(pc) {
		return // reached at this position by a more preferred path
	}
	i := len(q.dense)
	q.sparse[pc] = int32(i)
	q.dense = append(q.dense, int32(pc))
	q.at = append(q.at, -1)
	in := &m.re.prog[pc]
	switch in.op {
	case opJmp:
		m.add(q, in.x, pos, caps)
	case opSplit:
		m.add(q, in.x, pos, caps)
		m.add(q, in.y, pos, caps)
	case opSave:
		old := caps[in.n]
		caps[in.n] = pos
		m.add(q, pc+1, pos, caps)
		caps[in.n] = old
	case opOpenOpt, opCloseOpt:
		m.saveGroup(in, pos, caps)
		m.add(q, pc+1, pos, caps)
		m.restoreGroup(in, caps)
	case opAssert:
		if m.holds(in.assert, pos) {
			m.add(q, pc+1, pos, caps)
		}
	default:
		q.at[i] = int32(len(q.caps))
		q.caps = append(q.caps, caps...)
	}
}

// saveGroup runs opOpenOpt or opCloseOpt at pos, pushing the slots it
// may change on m.undo for restoreGroup. Opening records pos as the
// pending start and takes a snapshot of the inner groups; closing makes
// the pending start and pos the group's match, unless the iteration
// matched the empty string and the group already has a match: glibc then
// keeps the earlier one and undoes what the inner groups matched in the
// empty iteration ((a|){1,2} against "a" gives "a", not "";
// ((a|){2})+b against "aab" gives "aa" and "a").
func (m *machine) saveGroup(in *inst, pos int, caps []int) {
	n, k := in.n, m.re.inner[in.n]
	pending, snap := 2*(m.re.groups+1)+n, m.re.snap[n]
	if in.op == opOpenOpt {
		m.undo = append(m.undo, caps[pending])
		m.undo = append(m.undo, caps[snap:snap+2*k]...)
		caps[pending] = pos
		copy(caps[snap:snap+2*k], caps[2*n+2:2*(n+k+1)])
		return
	}
	group := caps[2*n : 2*(n+k+1)]
	m.undo = append(m.undo, group...)
	if caps[pending] == pos && caps[2*n] >= 0 {
		copy(group[2:], caps[snap:snap+2*k])
		return
	}
	group[0], group[1] = caps[pending], pos
}

// restoreGroup undoes the saveGroup before it.
func (m *machine) restoreGroup(in *inst, caps []int) {
	n, k := in.n, m.re.inner[in.n]
	pending, snap := 2*(m.re.groups+1)+n, m.re.snap[n]
	if in.op == opOpenOpt {
		i := len(m.undo) - 2*k - 1
		caps[pending] = m.undo[i]
		copy(caps[snap:snap+2*k], m.undo[i+1:])
		m.undo = m.undo[:i]
		return
	}
	i := len(m.undo) - 2*(k+1)
	copy(caps[2*n:2*(n+k+1)], m.undo[i:])
	m.undo = m.undo[:i]
}

// maxBitState is the most instructions × positions for which an
// expression without back-references is matched by bitState rather than
// the Pike VM: 4 KB of bits. Past that the Pike VM is as fast.
const maxBitState = 1 << 15

// bitState matches an expression without back-references on the
// backtracker, remembering each instruction reached at each position
// (m.bits) and never going there again: the paths are tried in order of
// preference, so the first to reach a state is the one the Pike VM would
// keep, and no state is visited twice. For a short text that is several
// times faster than the Pike VM, which copies capture positions for
// every thread at every character.
func (m *machine) bitState() ([]int, error) {
	m.bits = make([]uint64, (len(m.re.prog)*(len(m.text)+1)+63)/64)
	return m.backtrack()
}

// backtrack matches an expression with back-references, which no finite
// automaton can: from each start position in turn it tries every path in
// order of preference (cutting those seen cuts) and keeps the longest
// match, giving up with ErrTooComplex after maxSteps instructions. With
// m.bits (bitState) it visits each state once instead, well within
// maxSteps.
func (m *machine) backtrack() ([]int, error) {
	if m.bits == nil {
		m.memo = make(map[string]struct{})
	}
	m.visit = make([]int, len(m.re.prog))
	for i := range m.visit {
		m.visit[i] = -1
	}
	caps := make([]int, m.ncap)
	for start := 0; start <= len(m.text); {
		for i := range caps {
			caps[i] = -1
		}
		caps[0] = start
		m.try(0, start, caps)
		if m.tooMuch {
			return nil, ErrTooComplex
		}
		if m.best != nil {
			return m.best, nil
		}
		if start == len(m.text) || m.re.anchored {
			break
		}
		_, w := m.char(start)
		start += w
	}
	return nil, nil
}

// sameText returns the length of the text at pos that is the same as
// g, letters of either case alike with Fold, or -1 if there is none.
func (m *machine) sameText(g string, pos int) int {
	if m.re.mode&pattern.Fold == 0 {
		if !strings.HasPrefix(m.text[pos:], g) {
			return -1
		}
		return len(g)
	}
	i := pos
	for j := 0; j < len(g); {
		if i >= len(m.text) {
			return -1
		}
		a, w := pattern.DecodeChar(g, j, m.re.mode)
		b, v := m.char(i)
		if !pattern.SameRune(a, b, true) {
			return -1
		}
		i, j = i+v, j+w
	}
	return i - pos
}

// seen reports whether a path has already come to the split at pc at pos
// with the same positions in the slots that decide what can still match
// (memoSlots), and if not, remembers that this one has. A path that has
// can only find the ends the first one found, and since paths are tried
// in order of preference the first one's groups win: it is cut. This
// makes (a*)*\1b take polynomial time, where trying every path is
// exponential. At most maxMemo states are remembered.
func (m *machine) seen(pc, pos int, caps []int) bool {
	b := m.key[:0]
	b = binary.AppendUvarint(b, uint64(pc))
	b = binary.AppendUvarint(b, uint64(pos))
	for _, i := range m.re.memoSlots {
		b = binary.AppendVarint(b, int64(caps[i]))
	}
	m.key = b
	if _, ok := m.memo[string(b)]; ok {
		return true
	}
	if len(m.memo) < maxMemo {
		m.memo[string(b)] = struct{}{}
	}
	return false
}

// maxMemo bounds the states the backtracker remembers.
const maxMemo = 1 << 18

// try follows every path from pc at pos, recording matches.
func (m *machine) try(pc, pos int, caps []int) {
	for {
		if m.steps++; m.steps > maxSteps {
			m.tooMuch = true
			return
		}
		if m.bits != nil {
			// Without back-references, the first path to reach pc at
			// pos is the most preferred one there, as in the Pike VM.
			k := pc*(len(m.text)+1) + pos
			if m.bits[k/64]&(1<<(k%64)) != 0 {
				return
			}
			m.bits[k/64] |= 1 << (k % 64)
		}
		in := &m.re.prog[pc]
		switch in.op {
		case opMatch:
			m.record(caps, pos)
			return
		case opChar, opAny, opClass, opAnything:
			if pos >= len(m.text) {
				return
			}
			r, w := m.char(pos)
			if !m.step(in, r) {
				return
			}
			pos += w
			pc++
		case opBackref:
			s, e := caps[2*in.n], caps[2*in.n+1]
			if s < 0 || e < 0 {
				return
			}
			n := m.sameText(m.text[s:e], pos)
			if n < 0 {
				return
			}
			pos += n
			pc++
		case opAssert:
			if !m.holds(in.assert, pos) {
				return
			}
			pc++
		case opJmp:
			pc = in.x
		case opSave:
			old := caps[in.n]
			caps[in.n] = pos
			m.try(pc+1, pos, caps)
			caps[in.n] = old
			return
		case opOpenOpt, opCloseOpt:
			m.saveGroup(in, pos, caps)
			m.try(pc+1, pos, caps)
			m.restoreGroup(in, caps)
			return
		case opSplit:
			// Coming back to a split without having consumed anything
			// is a loop that matched empty: the Pike VM ends such a
			// path too.
			if m.visit[pc] == pos || m.memo != nil && m.seen(pc, pos, caps) {
				return
			}
			old := m.visit[pc]
			m.visit[pc] = pos
			m.try(in.x, pos, caps)
			if !m.tooMuch {
				m.try(in.y, pos, caps)
			}
			m.visit[pc] = old
			return
		}
	}
}
