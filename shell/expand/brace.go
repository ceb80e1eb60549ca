package expand

import (
	"strconv"
	"strings"

	"github.com/plumbsh/plumb/parser"
)

// Brace expansion, as bash does it before every other expansion:
//
//	a{b,c}d     → abd acd          (alternatives, at least one comma)
//	{1..5..2}   → 1 3 5            (integer sequence, optional step)
//	{01..10}    → 01 02 … 10       (zero padded to the wider end)
//	{a..e}      → a b c d e        (single-character sequence)
//	{a,b}{1,2}  → a1 a2 b1 b2      (left to right, nested at will)
//
// A "{" with no matching "}", or whose match makes neither form ({x},
// {}, {1...3}), is literal text, and the search goes on after it (bash:
// `{{a,b}` is `{a {b`). A step's sign is ignored and a zero step is 1,
// as in bash. Words that come out with no parts at all (the empty
// alternative of `{a,,b}`) are dropped: they would expand to nothing.
// A word that comes out starting with an unquoted "~" gets its tilde
// prefix back (`{x,~}/y` → `~/y` is the home directory).

// unit is one element of a word as brace expansion sees it: a byte of
// unquoted literal text (part nil), or a whole part that takes no part
// in the syntax (part set). pos is where the unit starts in the source.
type unit struct {
	b    byte
	part parser.WordPart
	pos  parser.Pos
	// made: a "\\" or "`" that a letter sequence made ({Z..a} passes
	// [ \\ ] ^ _ `), which bash then reads as syntax (bakeSyntax)
	made bool
}

func (u unit) is(b byte) bool { return u.part == nil && u.b == b }

// HasBrace reports whether w's unquoted text holds a "{" and a "}" after
// it, the least a brace expression needs: a cheap test before Braces.
func HasBrace(w *parser.Word) bool {
	open := false
	for _, p := range w.Parts {
		l, ok := p.(*parser.Lit)
		if !ok {
			continue
		}
		i := 0
		if !open {
			if i = strings.IndexByte(l.Value, '{'); i < 0 {
				continue
			}
			open = true
		}
		if strings.IndexByte(l.Value[i:], '}') >= 0 {
			return true
		}
	}
	return false
}

// Braces returns the words that brace expansion makes of w, in order:
// []*parser.Word{w} itself when w has no brace expression. The error is
// bash's for a "`" that a letter sequence made with text after it.
func Braces(w *parser.Word) ([]*parser.Word, error) {
	if !HasBrace(w) {
		return []*parser.Word{w}, nil
	}
	units := toUnits(w)
	if _, _, _, ok := findBrace(units); !ok {
		return []*parser.Word{w}, nil
	}
	var out []*parser.Word
	for _, us := range expandUnits(units) {
		if len(us) == 0 {
			continue
		}
		us, err := bakeSyntax(us)
		if err != nil {
			return nil, err
		}
		out = append(out, toWord(us))
	}
	return out, nil
}

// bakeSyntax does to a "\\" or "`" that a sequence made what bash does,
// which expands the text brace expansion makes: the backslash quotes
// what follows it and goes (alone, it leaves an empty word), and a
// backquote starts a command substitution, which is an error unless
// the backquote ends the word (then it is itself).
func bakeSyntax(us []unit) ([]unit, error) {
	out := us[:0:0]
	for i := 0; i < len(us); i++ {
		u := us[i]
		switch {
		case !u.made:
			out = append(out, u)
		case u.b == '`' && i+1 < len(us):
			var rest strings.Builder
			for _, r := range us[i+1:] {
				if r.part != nil {
					rest.WriteString(parser.Format(r.part))
				} else {
					rest.WriteByte(r.b)
				}
			}
			return nil, abort("bad substitution: no closing \"`\" in `" + rest.String())
		case u.b == '`':
			out = append(out, u)
		case i+1 < len(us) && us[i+1].part == nil:
			i++
			out = append(out, unit{part: &parser.Escaped{Backslash: u.pos, Value: string(us[i].b)}, pos: u.pos})
		case len(us) == 1:
			out = append(out, unit{part: &parser.SglQuoted{Left: u.pos, Right: u.pos}, pos: u.pos})
		}
	}
	return out, nil
}

// toUnits flattens w into units.
func toUnits(w *parser.Word) []unit {
	var us []unit
	for _, p := range w.Parts {
		l, ok := p.(*parser.Lit)
		if !ok {
			us = append(us, unit{part: p, pos: p.Pos()})
			continue
		}
		for i := 0; i < len(l.Value); i++ {
			us = append(us, unit{b: l.Value[i], pos: litPos(l, i)})
		}
	}
	return us
}

// litPos is the position of byte i of an unquoted literal: its text is
// as written, so offsets add up (a line continuation, which the lexer
// drops, only shifts the position of what follows it).
func litPos(l *parser.Lit, i int) parser.Pos {
	p := l.ValuePos
	return parser.Pos{Offset: p.Offset + i, Line: p.Line, Col: p.Col + i}
}

// findBrace finds the first brace expression in us: the "{" at open, the
// "}" at close, and what it stands for, each a slice of units (for a
// sequence, the words it makes, already spelled).
func findBrace(us []unit) (open, close int, alts [][]unit, ok bool) {
	for open = range us {
		if !us[open].is('{') {
			continue
		}
		if close, alts, ok = braceAt(us, open); ok {
			return open, close, alts, true
		}
	}
	return 0, 0, nil, false
}

// braceAt reads the brace expression whose "{" is us[open], if it is one.
func braceAt(us []unit, open int) (int, [][]unit, bool) {
	depth, start := 0, open+1
	var alts [][]unit
	for i := open + 1; i < len(us); i++ {
		switch {
		case us[i].is('{'):
			depth++
		case us[i].is(',') && depth == 0:
			alts = append(alts, us[start:i])
			start = i + 1
		case us[i].is('}') && depth > 0:
			depth--
		case us[i].is('}'):
			if len(alts) > 0 {
				return i, append(alts, us[start:i]), true
			}
			seq, ok := sequence(us[open+1:i], us[open].pos)
			return i, seq, ok
		}
	}
	return 0, nil, false
}

// expandUnits expands every brace expression of us, left to right.
func expandUnits(us []unit) [][]unit {
	open, close, alts, ok := findBrace(us)
	if !ok {
		return [][]unit{us}
	}
	prefix := us[:open]
	suffixes := expandUnits(us[close+1:])
	var out [][]unit
	for _, alt := range alts {
		for _, a := range expandUnits(alt) {
			for _, sfx := range suffixes {
				w := make([]unit, 0, len(prefix)+len(a)+len(sfx))
				w = append(append(append(w, prefix...), a...), sfx...)
				out = append(out, w)
			}
		}
	}
	return out
}

// sequence reads the inside of {x..y} or {x..y..step}: literal text
// only. It returns the words as units of literal text at pos.
func sequence(inner []unit, pos parser.Pos) ([][]unit, bool) {
	var b strings.Builder
	for _, u := range inner {
		if u.part != nil {
			return nil, false
		}
		b.WriteByte(u.b)
	}
	fields := strings.Split(b.String(), "..")
	if len(fields) != 2 && len(fields) != 3 {
		return nil, false
	}
	step := int64(1)
	if len(fields) == 3 {
		n, err := strconv.ParseInt(fields[2], 10, 64)
		if err != nil {
			return nil, false
		}
		step = max(n, -n, 1)
	}
	var words []string
	if x, err := strconv.ParseInt(fields[0], 10, 64); err == nil {
		y, err := strconv.ParseInt(fields[1], 10, 64)
		if err != nil {
			return nil, false
		}
		width := 0
		if padded(fields[0]) || padded(fields[1]) {
			width = max(len(fields[0]), len(fields[1]))
		}
		for n, d := x, sign(x, y); d > 0 && n <= y || d < 0 && n >= y; n += step * d {
			words = append(words, pad(n, width))
			if len(words) > maxWords {
				return nil, false
			}
		}
	} else if len(fields[0]) == 1 && len(fields[1]) == 1 && isLetter(fields[0][0]) && isLetter(fields[1][0]) {
		x, y := int64(fields[0][0]), int64(fields[1][0])
		for n := x; (x <= y && n <= y) || (x > y && n >= y); n += step * sign(x, y) {
			words = append(words, string(rune(n)))
		}
	} else {
		return nil, false
	}
	out := make([][]unit, len(words))
	for i, w := range words {
		for j := 0; j < len(w); j++ {
			out[i] = append(out[i], unit{b: w[j], pos: pos, made: w[j] == '\\' || w[j] == '`'})
		}
	}
	return out, true
}

// isLetter: a letter sequence has a letter at each end ({_..a} is text).
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// maxWords bounds one sequence: {1..9999999999} stays literal text
// rather than exhausting memory (bash would try, and be killed).
const maxWords = 1 << 20

func sign(x, y int64) int64 {
	if x > y {
		return -1
	}
	return 1
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// padded reports whether a sequence end is written with a leading zero
// (01, -05), which makes every number as wide as the wider end.
func padded(s string) bool {
	s = strings.TrimPrefix(s, "-")
	return len(s) > 1 && s[0] == '0'
}

func pad(n int64, width int) string {
	s := strconv.FormatInt(n, 10)
	if len(s) >= width {
		return s
	}
	if n < 0 {
		return "-" + strings.Repeat("0", width-len(s)) + s[1:]
	}
	return strings.Repeat("0", width-len(s)) + s
}

// toWord builds a word from units: runs of literal bytes become one Lit,
// and a leading "~user" that ends at a "/" or at the word's end becomes
// a Tilde, as the parser makes at the start of a word.
func toWord(us []unit) *parser.Word {
	w := &parser.Word{}
	if len(us) > 0 && us[0].is('~') {
		k := 1
		for k < len(us) && us[k].part == nil && isUserChar(us[k].b) {
			k++
		}
		if k == len(us) || us[k].is('/') {
			user := make([]byte, 0, k-1)
			for _, u := range us[1:k] {
				user = append(user, u.b)
			}
			w.Parts = append(w.Parts, &parser.Tilde{TildePos: us[0].pos, User: string(user)})
			us = us[k:]
		}
	}
	for i := 0; i < len(us); {
		if us[i].part != nil {
			w.Parts = append(w.Parts, us[i].part)
			i++
			continue
		}
		j := i
		for j < len(us) && us[j].part == nil {
			j++
		}
		text := make([]byte, j-i)
		for k := i; k < j; k++ {
			text[k-i] = us[k].b
		}
		end := us[j-1].pos
		end.Offset++
		end.Col++
		w.Parts = append(w.Parts, &parser.Lit{ValuePos: us[i].pos, ValueEnd: end, Value: string(text)})
		i = j
	}
	return w
}

// isUserChar is the parser's rule for the user name of a tilde prefix.
func isUserChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-' || c == '+'
}
