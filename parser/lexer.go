// This file is long on purpose: the lexer is one state machine over the
// shell's quoting contexts (unquoted, '…', "…", $'…', ${…}, $(…), $((…)),
// backquotes, here-documents), and each context's reader calls the others
// recursively; split by context, every file would still need all of them,
// and the rules that tie them together (where a word ends, where a
// lookahead may not cross a newline) are easier to check in one place.

package parser

import (
	"bytes"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// eof is returned by the byte readers at the end of the current input range.
const eof = -1

// maxDepth bounds the nesting of compound commands and expansions, so that
// hostile input gives an Error instead of exhausting the Go stack.
const maxDepth = 1000

// parser holds the state of the lexer and of the recursive-descent parser;
// the two are one type because lexing a word may need to parse the commands
// of a $( ) inside it, and reading a newline may need to read here-document
// bodies.
type parser struct {
	src    []byte // the text being read: the source, with any alias texts spliced in (alias.go)
	orig   []byte // the source as given, for the lines errors show
	name   string
	lines  []int             // offsets in orig at which lines start
	line   int               // index into lines of the last lookup (cache)
	off    int               // read offset
	limit  int               // end of the range being read: len(src), or a here-doc body's end
	nested bool              // reading the text of a backquoted command
	outer  func(off int) Pos // maps offsets of a backquoted command's text to the outer source
	depth  int

	// The current token.
	tok     token
	tokOff  int // offset of its first byte
	tokEnd  int // offset after its last byte
	word    *Word
	rdOp    RedirOp
	rdN     int    // descriptor number of a redirection, -1 when none
	rdVar   string // {name} before a redirection (rdNOff is its "{"), "" when none
	rdNOff  int
	rdOpOff int

	pending []*hdoc // here-documents whose bodies follow the next newline
	err     *Error

	// Reading an arithmetic text inside another construct (ctxExpr):
	// the bytes that end it at nesting level 0, and the opener and closer
	// named when the input ends inside it.
	exprStop, exprOpen, exprClose string
	// stopSlash ends the word of a ${x-word} at an unquoted "/": the
	// pattern of ${x/p/r}.
	stopSlash bool
	// patQuotes makes '…' and $'…' quotes in the word of a pattern
	// operator (${x#p} ${x%p} ${x/p/r}) inside "…", as bash reads them.
	patQuotes bool

	// extglob reports whether the extglob option is on (Config.ExtGlob);
	// extPat turns extended patterns on for the one word after == in [[ ]].
	extglob func() bool
	extPat  bool

	// lhsWord makes the next unquotedParts read the "[…]" after the
	// leading name to its matching "]", blanks and operators included
	// (relexSubscript).
	lhsWord bool

	// Alias substitution (alias.go).
	aliases    func(name string) (string, bool)
	segs       []segment // how offsets in src map to the source; none until an alias is used
	buf        []byte    // src is buf[head:] once an alias is used
	head       int
	owned      bool          // buf is the parser's own, not the caller's source
	regions    []aliasRegion // alias texts being read, outermost first
	expandNext bool          // the next word is checked for an alias too

	// more reads more of the source (Config.More); nil once it has
	// said the input is over, and in a backquoted command's parser.
	more func() []byte
}

// hdoc is a here-document redirection waiting for its body.
type hdoc struct {
	r      *Redirect
	delim  string
	quoted bool
}

func newParser(src []byte, name string) *parser {
	p := &parser{src: src, orig: src, name: name, limit: len(src), lines: []int{0}}
	for i, c := range src {
		if c == '\n' {
			p.lines = append(p.lines, i+1)
		}
	}
	return p
}

// pos returns the position of byte offset off of p.src. Its Line and Col
// are those of the source; inside an alias text they are those of the
// alias use. Its Offset stays one into p.src while the command is being
// parsed (litPos counts from it) and is mapped to the source after.
func (p *parser) pos(off int) Pos {
	o := p.origin(off)
	l := p.line
	if o < p.lines[l] || l+1 < len(p.lines) && o >= p.lines[l+1] {
		l = sort.Search(len(p.lines), func(i int) bool { return p.lines[i] > o }) - 1
		if l < 0 {
			l = 0
		}
		p.line = l
	}
	return Pos{Offset: off, Line: l + 1, Col: o - p.lines[l] + 1}
}

// lineText returns the text of source line n (1-based).
func (p *parser) lineText(n int) string {
	start := p.lines[n-1]
	end := start
	for end < len(p.orig) && p.orig[end] != '\n' {
		end++
	}
	return string(p.orig[start:end])
}

// fill reports whether offset i is inside the input, first reading more
// of the source (Config.More) while i is past what has been read. Only
// the end of the whole source grows: not the end of a here-document body
// being read, nor a backquoted command's text.
func (p *parser) fill(i int) bool {
	for i >= p.limit {
		if p.more == nil || p.limit != len(p.src) || p.nested {
			return false
		}
		text := p.more()
		if len(text) == 0 {
			p.more = nil
			return false
		}
		base := len(p.orig)
		if p.owned {
			// An alias was spliced in: src is buf[head:], and
			// orig is the source as given; the new text follows
			// both (origin maps the tail of src to the tail of
			// orig one to one).
			p.buf = append(p.buf, text...)
			p.src = p.buf[p.head:]
			p.orig = append(p.orig, text...)
		} else {
			p.src = append(p.src, text...)
			p.orig = p.src
		}
		p.limit = len(p.src)
		for k, c := range text {
			if c == '\n' {
				p.lines = append(p.lines, base+k+1)
			}
		}
	}
	return true
}

// skipCont moves i past any line continuations (backslash-newline) and
// returns the byte there, or eof, and its offset.
func (p *parser) skipCont(i int) (int, int) {
	for p.fill(i) {
		c := p.src[i]
		if c == '\\' && p.fill(i+1) && p.src[i+1] == '\n' {
			i += 2
			continue
		}
		return int(c), i
	}
	return eof, i
}

// cur returns the current byte after skipping line continuations (which
// moves p.off past them), or eof.
func (p *parser) cur() int {
	c, i := p.skipCont(p.off)
	p.off = i
	return c
}

// peek returns the k-th byte after the current one (k >= 1), skipping line
// continuations, without consuming anything.
func (p *parser) peek(k int) int {
	_, i := p.skipCont(p.off)
	for ; k > 0; k-- {
		if !p.fill(i) {
			return eof
		}
		_, i = p.skipCont(i + 1)
	}
	if !p.fill(i) {
		return eof
	}
	return int(p.src[i])
}

// peekPast is peek(1) after the current byte c, except that nothing is
// looked at past a newline (or the end): what follows a newline is never
// part of the token it ends, and with Config.More it may not have been
// read yet, nor may be read before the command on this line has run.
func (p *parser) peekPast(c int) int {
	if c == '\n' || c == eof {
		return eof
	}
	return p.peek(1)
}

// skip consumes n bytes, skipping line continuations before each.
func (p *parser) skip(n int) {
	for ; n > 0; n-- {
		if p.cur() != eof {
			p.off++
		}
	}
}

// rawAt returns the byte at offset i without continuation handling, or eof.
func (p *parser) rawAt(i int) int {
	if p.fill(i) {
		return int(p.src[i])
	}
	return eof
}

// next reads the next token into p.tok.
func (p *parser) next() {
	for {
		c := p.cur()
		if isBlank(c) {
			p.off++
			continue
		}
		if c == '#' {
			end := p.commentEnd()
			for p.off < end && p.src[p.off] != '\n' {
				p.off++
			}
			continue
		}
		break
	}
	start := p.off
	c := p.cur()
	tok := tokNone
	n := 1
	if isProcSubstStart(c, p.peekPast(c)) {
		w := p.readWord()
		p.tok, p.tokOff, p.tokEnd, p.word = tokWord, start, p.off, w
		return
	}
	switch c {
	case eof:
		if len(p.pending) > 0 {
			h := p.pending[0]
			p.fail(h.r.OpPos.Offset, p.atEOF(), "reached EOF without here-document delimiter `%s`", h.delim)
		}
		p.tok, p.tokOff, p.tokEnd, p.word = tokEOF, start, start, nil
		return
	case '\n':
		p.off++
		if len(p.pending) > 0 {
			p.readHeredocs() // may parse commands, so before setting p.tok
		}
		p.tok, p.tokOff, p.tokEnd, p.word = tokNewline, start, start+1, nil
		return
	case ';':
		tok = tokSemi
		if p.peek(1) == ';' {
			tok, n = tokDSemi, 2
			if p.peek(2) == '&' {
				tok, n = tokDSemiAnd, 3
			}
		} else if p.peek(1) == '&' {
			tok, n = tokSemiAnd, 2
		}
	case '&':
		tok = tokAmp
		switch p.peek(1) {
		case '&':
			tok, n = tokAndIf, 2
		case '>':
			p.redirTok(-1, 0)
			return
		}
	case '|':
		tok = tokPipe
		switch p.peek(1) {
		case '|':
			tok, n = tokOrIf, 2
		case '&':
			tok, n = tokPipeAll, 2
		case '>':
			tok, n = tokPipeUnix, 2
			if p.peek(2) == 't' && p.peek(3) == 'c' && p.peek(4) == 'p' && !isWordChar(p.peek(5)) {
				tok, n = tokPipeTCP, 5
			}
		}
	case '<':
		if p.peek(1) == '|' && p.peek(2) == '>' {
			tok, n = tokBidi, 3
			if p.peek(3) == 't' && p.peek(4) == 'c' && p.peek(5) == 'p' && !isWordChar(p.peek(6)) {
				tok, n = tokBidiTCP, 6
			}
			break
		}
		p.redirTok(-1, 0)
		return
	case '>':
		p.redirTok(-1, 0)
		return
	case '(':
		tok = tokLparen
	case ')':
		tok = tokRparen
	default:
		if c == '{' && p.varRedir(start) {
			return
		}
		if isDigit(c) {
			k := 1
			for isDigit(p.peek(k)) {
				k++
			}
			// `2<(x)` is not a redirection but the word "2/dev/fd/N".
			if d := p.peek(k); (d == '>' || d == '<' && !(p.peek(k+1) == '|' && p.peek(k+2) == '>')) && !isProcSubstStart(d, p.peek(k+1)) {
				var digits []byte
				for i := 0; i < k; i++ {
					digits = append(digits, byte(p.cur()))
					p.off++
				}
				fd, err := strconv.Atoi(string(digits))
				if err != nil || fd > 1<<30 {
					p.fail(start, false, "file descriptor number `%s` is too large", digits)
				}
				p.cur()
				p.redirTok(fd, start)
				return
			}
		}
		w := p.readWord()
		p.tok, p.tokOff, p.tokEnd, p.word = tokWord, start, p.off, w
		return
	}
	p.skip(n)
	p.tok, p.tokOff, p.tokEnd, p.word = tok, start, p.off, nil
}

// redirTok reads a redirection operator starting at the current byte.
// fd is the descriptor number that preceded it (or -1), at offset fdOff.
func (p *parser) redirTok(fd, fdOff int) {
	opOff := p.off
	var op RedirOp
	n := 1
	switch p.cur() {
	case '<':
		op = RdrIn
		switch p.peek(1) {
		case '<':
			op, n = Heredoc, 2
			switch p.peek(2) {
			case '<':
				op, n = Herestring, 3
			case '-':
				op, n = DashHeredoc, 3
			}
		case '>':
			op, n = RdrInOut, 2
		case '&':
			op, n = DupIn, 2
		}
	case '>':
		op = RdrOut
		switch p.peek(1) {
		case '>':
			op, n = RdrAppend, 2
		case '|':
			op, n = RdrClobber, 2
		case '&':
			op, n = DupOut, 2
		}
	case '&': // &> or &>>
		op, n = RdrAll, 2
		if p.peek(2) == '>' {
			op, n = AppendAll, 3
		}
	}
	p.skip(n)
	p.tok, p.tokOff, p.tokEnd, p.word = tokRedir, opOff, p.off, nil
	p.rdOp, p.rdN, p.rdNOff, p.rdOpOff, p.rdVar = op, fd, fdOff, opOff, ""
	if fd >= 0 {
		p.tokOff = fdOff
	}
}

// varRedir reads `{name}` followed by a redirection operator (bash's
// `exec {fd}>file`) as a redirection token; it reports false, reading
// nothing, when the text at the current byte is not that.
func (p *parser) varRedir(start int) bool {
	k := 1
	for isNameChar(p.peek(k)) {
		k++
	}
	if k == 1 || p.peek(k) != '}' || !IsName(string(p.src[p.off+1:p.off+k])) {
		return false
	}
	d := p.peek(k + 1)
	if !(d == '>' || d == '<' && !(p.peek(k+2) == '|' && p.peek(k+3) == '>')) || isProcSubstStart(d, p.peek(k+2)) {
		return false
	}
	name := string(p.src[p.off+1 : p.off+k])
	p.off += k + 1
	p.cur()
	p.redirTok(-1, 0)
	p.rdVar, p.rdNOff, p.tokOff = name, start, start
	return true
}

// litBuf accumulates the value of a Lit. While the value is a contiguous
// run of the source it is kept as offsets only; escapes and continuations
// switch it to a copy.
type litBuf struct {
	start, end int // source range; start < 0 when empty
	raw        bool
	buf        []byte
}

func (l *litBuf) reset() { l.start, l.end, l.raw, l.buf = -1, 0, true, l.buf[:0] }

// add appends byte c, which is the source byte at offset at (resolved
// escapes pass the offset of their backslash and srcLen 2).
func (l *litBuf) add(src []byte, c byte, at, srcLen int) {
	if l.start < 0 {
		l.start, l.end, l.raw = at, at, true
	}
	if l.raw && (at != l.end || srcLen != 1) {
		l.buf = append(l.buf[:0], src[l.start:l.end]...)
		l.raw = false
	}
	if !l.raw {
		l.buf = append(l.buf, c)
	}
	l.end = at + srcLen
}

// flush appends the accumulated Lit, if any, to parts.
func (p *parser) flushLit(l *litBuf, parts []WordPart) []WordPart {
	if l.start < 0 {
		return parts
	}
	var v string
	if l.raw {
		v = string(p.src[l.start:l.end])
	} else {
		v = string(l.buf)
	}
	parts = append(parts, &Lit{ValuePos: p.pos(l.start), ValueEnd: p.pos(l.end), Value: v})
	l.reset()
	return parts
}

// Word contexts: where a word's text stands decides how it is read.
type wctx int

const (
	ctxWord    wctx = iota // an unquoted shell word
	ctxArgUnq              // the word of ${x-word} outside quotes
	ctxExtGlob             // the pattern list of an ExtGlob group: blanks, operators and parentheses are literal
	ctxDQ                  // inside "…"
	ctxArgDQ               // the word of ${x-word} inside "…"
	ctxHdoc                // an unquoted here-document body
	ctxArgHdoc             // the word of ${x-word} in a here-document body
	ctxArith               // inside $((…)) or ((…))
	ctxExpr                // an arithmetic text ending at one of p.exprStop: ${a[i]}, ${x:1:2}, for ((;;))
	ctxRegex               // the right side of =~ in [[ ]]: an unquoted word in which ( ) | < > & ; are literal
)

func (c wctx) quoted() bool { return c >= ctxDQ && c != ctxRegex }
func (c wctx) isArg() bool  { return c == ctxArgUnq || c == ctxArgDQ || c == ctxArgHdoc }

// argCtx is the context of the word of a ${x-word} that stands in c.
func (c wctx) argCtx() wctx {
	switch c {
	case ctxWord, ctxArgUnq, ctxRegex, ctxExtGlob:
		return ctxArgUnq
	case ctxDQ, ctxArgDQ:
		return ctxArgDQ
	}
	return ctxArgHdoc
}

// escapable reports whether a backslash before c quotes it in a quoted
// context (newline is handled as a line continuation before this).
func (c wctx) escapable(b int) bool {
	switch b {
	case '$', '`', '\\', '\n':
		return true
	case '"':
		return c == ctxDQ || c == ctxArgDQ
	case '}':
		return c.isArg()
	}
	return false
}

// readWord reads an unquoted word at the current offset (which is not a
// metacharacter).
func (p *parser) readWord() *Word {
	parts := p.unquotedParts(ctxWord)
	parts = p.tildes(parts, false)
	return &Word{Parts: parts}
}

// unquotedParts reads the parts of an unquoted word (ctxWord), of the
// word of a ${x-word} outside quotes (ctxArgUnq, which ends at an
// unmatched "}", or at a "/" when p.stopSlash is set), of the regular
// expression after =~ (ctxRegex, which ends at a blank or newline outside
// parentheses, or at an unmatched ")") or of the pattern list of an
// ExtGlob group (ctxExtGlob, which ends at an unmatched ")"; the caller
// reports the end of input).
func (p *parser) unquotedParts(ctx wctx) []WordPart {
	var parts []WordPart
	var lit litBuf
	lit.reset()
	parens := 0
	// sub is the bracket depth inside the subscript of an assignment's
	// name (p.lhsWord): -1 before its "[", 0 when not reading one.
	sub, subOpen := 0, 0
	if p.lhsWord {
		sub, p.lhsWord = -1, false
	}
	for {
		c := p.cur()
		switch {
		case c == eof:
			if sub > 0 {
				p.fail(p.off, p.atEOF(), "expected `]` to close `[` at %s", p.where(subOpen))
			}
			return p.flushLit(&lit, parts)
		case (ctx == ctxWord || ctx == ctxArgUnq) && isProcSubstStart(c, p.peekPast(c)):
			parts = p.flushLit(&lit, parts)
			parts = append(parts, p.procSubst())
		case (ctx == ctxWord || ctx == ctxExtGlob) && isExtGlobStart(c, p.peekPast(c)) && (ctx == ctxExtGlob || p.extOn()):
			parts = p.flushLit(&lit, parts)
			parts = append(parts, p.extGlob())
		case ctx == ctxWord && isMeta(c) && sub <= 0:
			return p.flushLit(&lit, parts)
		case (ctx == ctxRegex || ctx == ctxExtGlob) && parens == 0 && c == ')',
			ctx == ctxRegex && (parens == 0 && isBlank(c) || c == '\n'):
			return p.flushLit(&lit, parts)
		case (ctx == ctxRegex || ctx == ctxExtGlob) && (c == '(' || c == ')'):
			if c == '(' {
				parens++
			} else {
				parens--
			}
			lit.add(p.src, byte(c), p.off, 1)
			p.off++
		case ctx == ctxArgUnq && c == '/' && p.stopSlash:
			return p.flushLit(&lit, parts)
		case ctx == ctxArgUnq && c == '}':
			// The first "}" ends the word: bash counts no bare "{"
			// inside ${…} (`${x:-a{b}` is "a{b"; `${o%%[<{]*}`).
			return p.flushLit(&lit, parts)
		case c == '\\':
			parts = p.flushLit(&lit, parts)
			if !p.fill(p.off + 1) {
				p.fail(p.off, p.atEOF(), "reached EOF after backslash `\\`")
			}
			r, size := utf8.DecodeRune(p.src[p.off+1 : p.limit])
			if r == utf8.RuneError && size <= 1 {
				size = 1
			}
			parts = append(parts, &Escaped{Backslash: p.pos(p.off), Value: string(p.src[p.off+1 : p.off+1+size])})
			p.off += 1 + size
		case c == '\'':
			parts = p.flushLit(&lit, parts)
			parts = append(parts, p.sglQuoted())
		case c == '"':
			parts = p.flushLit(&lit, parts)
			parts = append(parts, p.dblQuoted(p.off))
		case c == '`':
			parts = p.flushLit(&lit, parts)
			parts = append(parts, p.backquote(false))
		case c == '$':
			if part := p.dollar(ctx); part != nil {
				parts = p.flushLit(&lit, parts)
				parts = append(parts, part)
				continue
			}
			lit.add(p.src, '$', p.off, 1)
			p.off++
		default:
			switch {
			case c == '[' && sub < 0:
				sub, subOpen = 1, p.off
			case c == '[' && sub > 0:
				sub++
			case c == ']' && sub > 0:
				sub--
			}
			lit.add(p.src, byte(c), p.off, 1)
			p.off++
		}
	}
}

// quotedParts reads text with double-quote rules: the inside of "…" (ctxDQ,
// ending at the closing quote, which is not consumed), a here-document body
// (ctxHdoc, ending at p.limit), the word of a ${x-word} in those (ending at
// an unmatched "}") or the expression of $((…)) (ending before "))").
// Backslash escapes only the characters ctx.escapable names.
func (p *parser) quotedParts(ctx wctx, dash bool, open int) []WordPart {
	var parts []WordPart
	var lit litBuf
	lit.reset()
	nest := 0 // braces in ${x-word}, parentheses in $((…)), all brackets in ctxExpr
	// ternary counts the "?"s in ctxExpr whose ":" is still to come: that
	// ":" is the conditional's, not the end of ${x:off:len}'s offset.
	ternary := 0
	if dash {
		p.skipTabs()
	}
	arithOpen := "(("
	if p.rawAt(open) == '$' {
		arithOpen = "$(("
	}
	for {
		c := p.cur()
		if c == '?' && ctx == ctxExpr && nest == 0 {
			ternary++ // and the "?" is read below
		}
		switch {
		case c == eof:
			switch ctx {
			case ctxHdoc:
				return p.flushLit(&lit, parts)
			case ctxDQ:
				p.fail(open, p.atEOF(), "reached EOF without closing quote `\"`")
			case ctxArith:
				p.fail(p.off, p.atEOF(), "expected `))` to close `%s` at %s", arithOpen, p.where(open))
			case ctxExpr:
				p.fail(p.off, p.atEOF(), "expected `%s` to close `%s` at %s", p.exprClose, p.exprOpen, p.where(open))
			default:
				p.fail(p.off, p.atEOF(), "expected `}` to close `${` at %s", p.where(open))
			}
		case c == '"' && ctx == ctxDQ:
			return p.flushLit(&lit, parts)
		case c == '}' && ctx.isArg() && nest == 0:
			return p.flushLit(&lit, parts)
		case c == '/' && ctx.isArg() && p.stopSlash:
			return p.flushLit(&lit, parts)
		case ctx == ctxExpr && nest == 0 && c == ':' && ternary > 0:
			ternary--
			lit.add(p.src, ':', p.off, 1)
			p.off++
		case ctx == ctxExpr && nest == 0 && (strings.IndexByte(p.exprStop, byte(c)) >= 0 || c == ')' || c == ']' || c == '}'):
			return p.flushLit(&lit, parts)
		case ctx == ctxExpr && (c == '(' || c == '[' || c == '{'):
			nest++
			lit.add(p.src, byte(c), p.off, 1)
			p.off++
		case ctx == ctxExpr && (c == ')' || c == ']' || c == '}'):
			nest--
			lit.add(p.src, byte(c), p.off, 1)
			p.off++
		case c == ')' && ctx == ctxArith && nest == 0:
			if p.peek(1) != ')' {
				p.fail(p.off, false, "expected `))` to close `%s` at %s", arithOpen, p.where(open))
			}
			return p.flushLit(&lit, parts)
		case c == '\\' && p.rawAt(p.off+1) == '\'' && ctx == ctxArgDQ && p.patQuotes:
			lit.add(p.src, '\'', p.off, 2)
			p.off += 2
		case c == '\\' && ctx.isArg() && p.stopSlash && p.rawAt(p.off+1) == '/':
			lit.add(p.src, '/', p.off, 2)
			p.off += 2
		case c == '\\':
			n := p.rawAt(p.off + 1)
			if n != eof && ctx.escapable(n) {
				lit.add(p.src, byte(n), p.off, 2)
				p.off += 2
				continue
			}
			lit.add(p.src, '\\', p.off, 1)
			p.off++
		case c == '$' && p.peek(1) == '\'' && ctx == ctxArgDQ && p.patQuotes:
			parts = p.flushLit(&lit, parts)
			parts = append(parts, p.ansiQuoted())
		case c == '$':
			if part := p.dollar(ctx); part != nil {
				parts = p.flushLit(&lit, parts)
				parts = append(parts, part)
				continue
			}
			lit.add(p.src, '$', p.off, 1)
			p.off++
		case c == '`':
			parts = p.flushLit(&lit, parts)
			parts = append(parts, p.backquote(ctx == ctxDQ || ctx == ctxArgDQ))
		case c == '"' && ctx == ctxArgDQ:
			parts = p.flushLit(&lit, parts)
			parts = append(parts, p.dblQuoted(p.off))
		case c == '\'' && ctx == ctxArgDQ && p.patQuotes:
			parts = p.flushLit(&lit, parts)
			parts = append(parts, p.sglQuoted())
		default:
			switch {
			case c == '(' && ctx == ctxArith:
				nest++
			case c == ')' && ctx == ctxArith:
				nest--
			}
			lit.add(p.src, byte(c), p.off, 1)
			p.off++
			if c == '\n' && dash {
				p.skipTabs()
			}
		}
	}
}

// skipTabs skips the leading tabs of a line of a <<- here-document.
func (p *parser) skipTabs() {
	for p.off < p.limit && p.src[p.off] == '\t' {
		p.off++
	}
}

// sglQuoted reads '…' at the current offset.
func (p *parser) sglQuoted() *SglQuoted {
	left := p.off
	i := left + 1
	for p.fill(i) && p.src[i] != '\'' {
		i++
	}
	if !p.fill(i) {
		p.fail(left, p.atEOF(), "reached EOF without closing quote `'`")
	}
	p.off = i + 1
	return &SglQuoted{Left: p.pos(left), Right: p.pos(i), Value: string(p.src[left+1 : i])}
}

// dblQuoted reads "…" at the current offset. left is the offset of the
// node's first byte: the quote, or the "$" of bash's $"…".
func (p *parser) dblQuoted(left int) *DblQuoted {
	open := p.off
	p.off++
	parts := p.quotedParts(ctxDQ, false, open)
	right := p.off
	p.off++
	return &DblQuoted{Left: p.pos(left), Right: p.pos(right), Parts: parts}
}

// ansiQuoted reads bash's $'…' at the current offset (the "$").
func (p *parser) ansiQuoted() *SglQuoted {
	left := p.off
	p.skip(1) // $
	p.cur()
	open := p.off
	// Read on (on input fed a piece at a time) to the closing quote, so
	// the decoder sees the whole text: a backslash escapes the next byte.
	for j := open + 1; p.fill(j) && p.src[j] != '\''; j++ {
		if p.src[j] == '\\' {
			j++
		}
	}
	b, i, closed := decodeANSIC(p.src[:p.limit], open+1, true)
	if !closed {
		p.fail(open, p.atEOF(), "reached EOF without closing quote `'`")
	}
	p.off = i + 1
	return &SglQuoted{Left: p.pos(left), Right: p.pos(i), Dollar: true, Value: string(b)}
}

// UnquoteANSIC resolves the backslash escapes of bash's $'…' in s, as
// bash's ${x@E} does: \n \t \xHH \uHHHH \nnn \cX and the rest.
func UnquoteANSIC(s string) string {
	b, _, _ := decodeANSIC([]byte(s), 0, false)
	return string(b)
}

// decodeANSIC decodes $'…' text from src[i:]: up to the first unescaped
// "'" when quoted (returning its offset and closed), else to the end.
// The text ends at the first NUL it decodes to (`$'a\0b'` is "a"), as
// in bash, whose strings are C strings.
func decodeANSIC(src []byte, i int, quoted bool) (b []byte, end int, closed bool) {
	limit := len(src)
	for {
		if i >= limit {
			return cutNUL(b), i, false
		}
		c := src[i]
		if c == '\'' && quoted {
			return cutNUL(b), i, true
		}
		if c != '\\' || i+1 >= limit {
			b = append(b, c)
			i++
			continue
		}
		e := src[i+1]
		i += 2
		switch e {
		case 'a':
			b = append(b, 7)
		case 'b':
			b = append(b, 8)
		case 'e', 'E':
			b = append(b, 27)
		case 'f':
			b = append(b, 12)
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'v':
			b = append(b, 11)
		case '\\', '\'', '"', '?':
			b = append(b, e)
		case '0', '1', '2', '3', '4', '5', '6', '7':
			v := int(e - '0')
			for k := 0; k < 2 && i < limit && '0' <= src[i] && src[i] <= '7'; k++ {
				v = v*8 + int(src[i]-'0')
				i++
			}
			b = append(b, byte(v))
		case 'x', 'u', 'U':
			maxDigits := map[byte]int{'x': 2, 'u': 4, 'U': 8}[e]
			v, k := 0, 0
			for ; k < maxDigits && i < limit && isHex(src[i]); k++ {
				v = v*16 + hexVal(src[i])
				i++
			}
			switch {
			case k == 0:
				b = append(b, '\\', e)
			case e == 'x':
				b = append(b, byte(v))
			default:
				b = AppendUTF8(b, uint32(v))
			}
		case 'c':
			if i < limit && !(quoted && src[i] == '\'') {
				b = append(b, src[i]&0x1f)
				i++
			} else {
				b = append(b, '\\', 'c')
			}
		default:
			b = append(b, '\\', e)
		}
	}
}

func cutNUL(b []byte) []byte {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return b[:i]
	}
	return b
}

// AppendUTF8 appends v in UTF-8's bit layout even where v is no valid
// character (a surrogate, or above U+10FFFF: up to six bytes, as UTF-8
// was first defined), which is what bash's $'\U…' and printf's \U
// write; above 0x7FFFFFFF it appends nothing, as bash does.
func AppendUTF8(b []byte, v uint32) []byte {
	switch {
	case v < 0x80:
		return append(b, byte(v))
	case v > 0x7FFFFFFF:
		return b
	}
	// n continuation bytes of 6 bits each after a lead byte.
	n := 1
	for v >= 1<<(6*n+6-n) {
		n++
	}
	lead := byte(0xFF << (7 - n))
	b = append(b, lead|byte(v>>(6*n)))
	for k := n - 1; k >= 0; k-- {
		b = append(b, 0x80|byte(v>>(6*k)&0x3F))
	}
	return b
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func hexVal(c byte) int {
	switch {
	case c <= '9':
		return int(c - '0')
	case c >= 'a':
		return int(c-'a') + 10
	}
	return int(c-'A') + 10
}

// dollar reads an expansion at the current "$". It returns nil, consuming
// nothing, when the "$" is a literal one.
func (p *parser) dollar(ctx wctx) WordPart {
	switch n := p.peek(1); {
	case n == '{':
		return p.paramBracedOrBad(ctx)
	case n == '(':
		if p.peek(2) == '(' {
			return p.arith()
		}
		return p.cmdSubst()
	case n == '[':
		return p.arithBracket()
	case n == '\'' && !ctx.quoted():
		return p.ansiQuoted()
	case n == '"' && !ctx.quoted():
		left := p.off
		p.skip(1)
		p.cur()
		return p.dblQuoted(left)
	case isNameStart(n):
		left := p.off
		p.skip(1)
		var name []byte
		for c := p.cur(); isNameChar(c); c = p.cur() {
			name = append(name, byte(c))
			p.off++
		}
		return &ParamExp{Dollar: p.pos(left), Short: true, Param: string(name)}
	case isDigit(n) || isSpecialParam(n):
		left := p.off
		p.skip(2)
		return &ParamExp{Dollar: p.pos(left), Short: true, Param: string(rune(n))}
	}
	return nil
}

// enter counts one more level of nesting, failing beyond maxDepth.
func (p *parser) enter(off int) {
	p.depth++
	if p.depth > maxDepth {
		p.fail(off, false, "nesting too deep (more than %d levels)", maxDepth)
	}
}

// readParam reads a parameter name at the current offset: a name, a
// positional number, or a special parameter. It returns "" if there is none.
func (p *parser) readParam() string {
	c := p.cur()
	var b []byte
	switch {
	case isNameStart(c):
		for ; isNameChar(c); c = p.cur() {
			b = append(b, byte(c))
			p.off++
		}
	case isDigit(c):
		for ; isDigit(c); c = p.cur() {
			b = append(b, byte(c))
			p.off++
		}
	case isSpecialParam(c):
		b = append(b, byte(c))
		p.off++
	}
	return string(b)
}

// paramBraced reads ${…} at the current "$".
// paramBracedOrBad reads ${…}. A parse error inside it, other than one
// that more input could mend, is bash's bad substitution, reported when
// the word is expanded: bash reads ${ to the matching } first and looks
// inside only then, so a completion file with zsh-only ${(M)…} in a
// function it never calls loads. Then the text is kept as ParamExp.Bad.
func (p *parser) paramBracedOrBad(ctx wctx) (pe *ParamExp) {
	left, depth, slash, patQuotes := p.off, p.depth, p.stopSlash, p.patQuotes
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		_, ok := r.(bailout)
		if !ok || p.err == nil || p.err.Incomplete {
			panic(r)
		}
		end := matchingBrace(p.src[:p.limit], left+2)
		if end < 0 {
			p.fail(p.limit, p.atEOF(), "expected `}` to close `${` at %s", p.where(left))
		}
		p.err = nil
		p.off, p.depth, p.stopSlash, p.patQuotes = end+1, depth, slash, patQuotes
		pe = &ParamExp{Dollar: p.pos(left), Rbrace: p.pos(end), Bad: string(p.src[left : end+1])}
	}()
	return p.paramBraced(ctx)
}

// matchingBrace is the offset of the "}" that closes a "${" whose text
// starts at i, as bash finds it before it parses what is inside: nested
// "${" counted, quotes and backslashes skipped; -1 if there is none.
func matchingBrace(src []byte, i int) int {
	depth := 1
	for ; i < len(src); i++ {
		switch src[i] {
		case '\\':
			i++
		case '\'', '"':
			q := src[i]
			for i++; i < len(src) && src[i] != q; i++ {
				if q == '"' && src[i] == '\\' {
					i++
				}
			}
		case '$':
			if i+1 < len(src) && src[i+1] == '{' { // a bare "{" is not counted, as in bash
				depth++
				i++
			}
		case '}':
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return -1
}

func (p *parser) paramBraced(ctx wctx) *ParamExp {
	left := p.off
	p.enter(left)
	p.skip(2)
	pe := &ParamExp{Dollar: p.pos(left)}
	eofMsg := func() {
		p.fail(p.off, p.atEOF(), "expected `}` to close `${` at %s", p.where(pe.Dollar.Offset))
	}
	savedSlash, savedPatQuotes := p.stopSlash, p.patQuotes
	p.stopSlash, p.patQuotes = false, false
	defer func() { p.patQuotes = savedPatQuotes }()
	if p.cur() == '!' && (isNameStart(p.peek(1)) || isDigit(p.peek(1))) {
		pe.Indirect = true
		p.off++
		pe.Param = p.readParam()
		if c := p.cur(); (c == '*' || c == '@') && p.peek(1) == '}' && IsName(pe.Param) {
			pe.Names, pe.Index = true, string(rune(c))
			p.off++
		}
	} else if p.cur() == '!' && p.peek(1) == '#' {
		// bash's ${!#}: the parameter $# names, the last positional
		// parameter (${!##}, ${!#:-x} take operators). Anything else
		// before the operator (${!#3442}) is bash's bad substitution, an
		// error when the word is expanded, not when it is read: Param
		// keeps the text ("#3442"), which names no parameter.
		pe.Indirect = true
		p.skip(2)
		b := []byte{'#'}
		for c := p.cur(); isNameChar(c); c = p.cur() {
			b = append(b, byte(c))
			p.off++
		}
		pe.Param = string(b)
	} else if p.cur() == '#' {
		save := p.off
		p.off++
		if p.cur() == '}' {
			pe.Param = "#"
		} else if name := p.readParam(); name != "" && (p.cur() == '}' || p.cur() == '[' && IsName(name)) {
			pe.Length, pe.Param = true, name
		} else if name != "" && (len(name) > 1 || IsName(name) || isDigit(int(name[0]))) {
			if p.cur() == eof {
				eofMsg()
			}
			// ${#v:1:3}: an operator after a length is bash's bad
			// substitution, an error when the word is expanded
			// (expand), not when it is read.
			pe.Length, pe.Param = true, name
		} else {
			p.off = save + 1
			pe.Param = "#"
		}
	} else {
		pe.Param = p.readParam()
	}
	if pe.Param == "" {
		if p.cur() == eof {
			eofMsg()
		}
		p.fail(p.off, false, "bad substitution: expected a parameter name after `${`")
	}
	if p.cur() == '[' && IsName(pe.Param) {
		lb := p.off
		p.off++
		if c := p.cur(); (c == '@' || c == '*') && p.peek(1) == ']' {
			pe.Index = string(rune(c))
			p.skip(2)
		} else {
			pe.Sub = p.exprWord("]", "[", "]", lb)
			if p.cur() != ']' {
				p.fail(p.off, false, "bad substitution: expected `]` to close `[` at %s", p.where(lb))
			}
			if pe.Sub == nil {
				// ${a[]}: bash's bad substitution when the word is
				// expanded, not when it is read; an empty literal
				// marks it (EmptySubscript).
				at := p.pos(p.off)
				pe.Sub = &Word{Parts: []WordPart{&Lit{ValuePos: at, ValueEnd: at}}}
			}
			p.off++
		}
	}
	c := p.cur()
	if c == '}' {
		pe.Rbrace = p.pos(p.off)
		p.off++
		p.depth--
		p.stopSlash = savedSlash
		return pe
	}
	opOff := p.off
	switch c {
	case eof:
		eofMsg()
	case ':':
		switch p.peek(1) {
		case '-':
			pe.Op = ParamDefaultColon
		case '=':
			pe.Op = ParamAssignColon
		case '+':
			pe.Op = ParamAltColon
		case '?':
			pe.Op = ParamErrorColon
		case '}':
			p.fail(opOff, false, "bad substitution: `${%s:}` needs an offset", pe.Param)
		case eof:
		default:
			p.skip(1)
			p.paramSlice(pe, left)
			p.stopSlash = savedSlash
			return pe
		}
		if pe.Op != ParamNone {
			p.skip(2)
		}
	case '/':
		pe.Op = ParamReplace
		switch p.peek(1) {
		case '/':
			pe.Op = ParamReplaceAll
		case '#':
			pe.Op = ParamReplacePrefix
		case '%':
			pe.Op = ParamReplaceSuffix
		}
		if pe.Op != ParamReplace {
			p.off++
		}
	case '^':
		pe.Op = ParamUpper
		if p.peek(1) == '^' {
			pe.Op = ParamUpperAll
			p.off++
		}
	case ',':
		pe.Op = ParamLower
		if p.peek(1) == ',' {
			pe.Op = ParamLowerAll
			p.off++
		}
	case '@':
		pe.Op = ParamTransform
	case '-':
		pe.Op = ParamDefault
	case '=':
		pe.Op = ParamAssign
	case '+':
		pe.Op = ParamAlt
	case '?':
		pe.Op = ParamError
	case '%':
		pe.Op = ParamTrimSuffix
		if p.peek(1) == '%' {
			pe.Op = ParamTrimSuffixLong
			p.off++
		}
	case '#':
		pe.Op = ParamTrimPrefix
		if p.peek(1) == '#' {
			pe.Op = ParamTrimPrefixLong
			p.off++
		}
	}
	if pe.Op == ParamNone {
		if c == ':' && p.peek(1) == eof {
			p.off++
			eofMsg()
		}
		p.fail(opOff, false, "bad substitution: `%s` after `${%s` is not supported", string(rune(c)), pe.Param)
	}
	if pe.Op == ParamTransform {
		p.paramTransform(pe)
		p.stopSlash = savedSlash
		return pe
	}
	if c != ':' {
		p.cur()
		p.off++
	}
	replace := pe.Op >= ParamReplace && pe.Op <= ParamReplaceSuffix
	p.stopSlash = replace
	p.patQuotes = replace || pe.Op >= ParamTrimSuffix && pe.Op <= ParamTrimPrefixLong
	if pe.Op == ParamReplaceAll && p.cur() == '/' {
		// ${x////c}: a slash right after // is the pattern's first
		// character, as bash reads it (${x///} deletes every slash).
		slash := &Lit{ValuePos: p.pos(p.off), ValueEnd: p.pos(p.off + 1), Value: "/"}
		p.off++
		pe.Arg = p.argWord(ctx, left)
		if pe.Arg == nil {
			pe.Arg = &Word{}
		}
		if l, ok := firstLit(pe.Arg); ok && l.ValuePos == slash.ValueEnd {
			l.ValuePos, l.Value = slash.ValuePos, "/"+l.Value
		} else {
			pe.Arg.Parts = append([]WordPart{slash}, pe.Arg.Parts...)
		}
	} else {
		pe.Arg = p.argWord(ctx, left)
	}
	p.stopSlash = false
	if replace && p.cur() == '/' {
		p.off++
		pe.Repl = p.argWord(ctx, left)
	}
	p.patQuotes = false
	if p.cur() != '}' {
		eofMsg()
	}
	pe.Rbrace = p.pos(p.off)
	p.off++
	p.depth--
	p.stopSlash = savedSlash
	return pe
}

// paramTransform reads the rest of bash's ${x@Q} at the "@": one
// operator letter, then the "}".
func (p *parser) paramTransform(pe *ParamExp) {
	at := p.off
	p.off++
	c := p.cur()
	if c == eof || p.peek(1) == eof {
		p.fail(p.off, p.atEOF(), "expected `}` to close `${` at %s", p.where(pe.Dollar.Offset))
	}
	if !strings.ContainsRune("QEPAKakUuL", rune(c)) || p.peek(1) != '}' {
		p.fail(at, false, "bad substitution: `${%s@` must be followed by one of Q E P A K a k U u L and `}`", pe.Param)
	}
	pos := p.pos(p.off)
	p.off++
	pe.Arg = &Word{Parts: []WordPart{&Lit{ValuePos: pos, ValueEnd: p.pos(p.off), Value: string(rune(c))}}}
	pe.Rbrace = p.pos(p.off)
	p.off++
	p.depth--
}

// argWord reads the word of a ${x-word} standing in context ctx, or nil
// when it is empty. left is the offset of the "${".
func (p *parser) argWord(ctx wctx, left int) *Word {
	actx := ctx.argCtx()
	var parts []WordPart
	if actx == ctxArgUnq {
		parts = p.unquotedParts(ctxArgUnq)
		parts = p.tildes(parts, false)
	} else {
		parts = p.quotedParts(actx, false, left)
	}
	if len(parts) == 0 {
		return nil
	}
	return &Word{Parts: parts}
}

// firstLit returns w's first part when it is a literal.
func firstLit(w *Word) (*Lit, bool) {
	if len(w.Parts) == 0 {
		return nil, false
	}
	l, ok := w.Parts[0].(*Lit)
	return l, ok
}

// paramSlice reads the rest of ${x:off} or ${x:off:len} after the ":".
func (p *parser) paramSlice(pe *ParamExp, left int) {
	pe.Op = ParamSlice
	pe.Arg = p.exprWord(":}", "${", "}", left)
	if p.cur() == ':' {
		p.off++
		pe.Op = ParamSliceLen
		pe.Repl = p.exprWord("}", "${", "}", left)
	}
	if p.cur() != '}' {
		p.fail(p.off, false, "bad substitution: `%s` unexpected in `${%s:`", string(rune(p.cur())), pe.Param)
	}
	pe.Rbrace = p.pos(p.off)
	p.off++
	p.depth--
}

// exprWord reads an arithmetic text (ctxExpr) ending before one of the
// bytes of stop at nesting level 0, or before an unmatched closing
// bracket; it returns nil when the text is empty. opener and closer name
// the construct for the error at end of input; open is its offset.
func (p *parser) exprWord(stop, opener, closer string, open int) *Word {
	saved := [3]string{p.exprStop, p.exprOpen, p.exprClose}
	p.exprStop, p.exprOpen, p.exprClose = stop, opener, closer
	parts := p.quotedParts(ctxExpr, false, open)
	p.exprStop, p.exprOpen, p.exprClose = saved[0], saved[1], saved[2]
	if len(parts) == 0 {
		return nil
	}
	return &Word{Parts: parts}
}

// arithBracket reads bash's $[…] at the current "$".
func (p *parser) arithBracket() *ArithExp {
	left := p.off
	p.enter(left)
	p.skip(2)
	expr := p.exprWord("]", "$[", "]", left)
	if p.cur() != ']' {
		p.fail(p.off, p.atEOF(), "expected `]` to close `$[` at %s", p.where(left))
	}
	a := &ArithExp{Left: p.pos(left), Right: p.pos(p.off), Bracket: true, Expr: expr}
	p.off++
	p.depth--
	return a
}

// arith reads $((…)) at the current "$".
func (p *parser) arith() *ArithExp {
	left := p.off
	p.enter(left)
	p.skip(3)
	parts := p.quotedParts(ctxArith, false, left)
	a := &ArithExp{Left: p.pos(left), Right: p.pos(p.off)}
	if len(parts) > 0 {
		a.Expr = &Word{Parts: parts}
	}
	p.skip(2)
	p.depth--
	return a
}

// extOn reports whether ExtGlob groups are read in words now.
func (p *parser) extOn() bool {
	return p.extPat || p.extglob != nil && p.extglob()
}

// extGlob reads an ExtGlob group at its operator byte, which is followed
// by "(".
func (p *parser) extGlob() *ExtGlob {
	left := p.off
	p.enter(left)
	g := &ExtGlob{OpPos: p.pos(left), Op: byte(p.cur())}
	p.skip(2)
	g.Parts = p.unquotedParts(ctxExtGlob)
	if p.cur() != ')' {
		p.fail(p.off, p.atEOF(), "expected `)` to close `%c(` at %s", g.Op, p.where(left))
	}
	g.Rparen = p.pos(p.off)
	p.off++
	p.depth--
	return g
}

// cmdSubst reads $(…) at the current "$": the commands inside are parsed
// in place, so positions are those of the source and here-documents inside
// work.
func (p *parser) cmdSubst() *CmdSubst {
	left := p.off
	p.enter(left)
	p.skip(2)
	p.next()
	stmts := p.parseList()
	if p.tok != tokRparen {
		p.unexpected("expected `)` to close `$(` at "+p.where(left), "expected `)` to close `$(` at "+p.where(left))
	}
	p.depth--
	// p.off is already past the ")".
	return &CmdSubst{Left: p.pos(left), Right: p.pos(p.tokOff), Stmts: stmts}
}

// procSubst reads <(…) or >(…) at the current "<" or ">", parsing the
// commands inside in place as cmdSubst does.
func (p *parser) procSubst() *ProcSubst {
	left := p.off
	open := string(rune(p.cur())) + "("
	p.enter(left)
	ps := &ProcSubst{OpPos: p.pos(left), In: p.cur() == '<'}
	p.skip(2)
	p.next()
	ps.Stmts = p.parseList()
	if p.tok != tokRparen {
		msg := "expected `)` to close `" + open + "` at " + p.where(left)
		p.unexpected(msg, msg)
	}
	p.depth--
	// p.off is already past the ")".
	ps.Rparen = p.pos(p.tokOff)
	return ps
}

// backquote reads `…` at the current offset. The text between the quotes
// is unescaped (a backslash quotes only $ ` \, and " too when the command
// substitution stands inside double quotes) and parsed on its own; the
// positions of its nodes are then mapped back onto the source.
func (p *parser) backquote(inDQ bool) *CmdSubst {
	left := p.off
	p.enter(left)
	p.off++
	var text []byte
	var offs []int // offs[i] is the source offset of text[i]
	for {
		c := p.cur()
		if c == eof {
			p.fail(left, p.atEOF(), "reached EOF without closing backquote")
		}
		if c == '`' {
			break
		}
		if c == '\\' {
			if n := p.rawAt(p.off + 1); n == '$' || n == '`' || n == '\\' || n == '"' && inDQ {
				text = append(text, byte(n))
				offs = append(offs, p.off+1)
				p.off += 2
				continue
			}
		}
		text = append(text, byte(c))
		offs = append(offs, p.off)
		p.off++
	}
	right := p.off
	offs = append(offs, right)
	p.off++
	sub := newParser(text, p.name)
	sub.aliases = p.aliases
	sub.extglob = p.extglob
	sub.nested = true
	sub.depth = p.depth
	sub.outer = func(off int) Pos { return p.pos(offs[off]) }
	stmts, err := sub.parseAll()
	if err != nil {
		e := err.(*Error)
		p.fail(offs[e.off], false, "%s", e.Msg)
	}
	cs := &CmdSubst{Left: p.pos(left), Right: p.pos(right), Backquote: true, Stmts: stmts}
	for _, s := range stmts {
		mapPositions(s, func(pos Pos) Pos { return p.pos(offs[pos.Offset]) })
	}
	p.depth--
	return cs
}

// tildes turns a leading "~user" of parts into a Tilde part. With assign
// set (an assignment's value) it also does so after each ":", in the
// words of the ${x-word} operators in it too, as bash does.
func (p *parser) tildes(parts []WordPart, assign bool) []WordPart {
	if !hasTildeCandidate(parts, assign) {
		return parts
	}
	var out []WordPart
	for i, part := range parts {
		l, ok := part.(*Lit)
		if !ok {
			if pe, ok := part.(*ParamExp); ok && assign {
				p.argTildes(pe)
			}
			out = append(out, part)
			continue
		}
		last := i == len(parts)-1
		v := l.Value
		start := 0 // start of the not yet emitted rest of v
		for j := 0; j < len(v); j++ {
			atStart := j == 0 && i == 0 || assign && j > 0 && v[j-1] == ':'
			if !atStart || v[j] != '~' {
				continue
			}
			k := j + 1
			for k < len(v) && isUserChar(v[k]) {
				k++
			}
			// A ":" ends the prefix too (bash: ~:x is $HOME:x).
			if k < len(v) && v[k] != '/' && v[k] != ':' || k == len(v) && !last {
				continue
			}
			if j > start {
				out = append(out, &Lit{ValuePos: p.litPos(l, start), ValueEnd: p.litPos(l, j), Value: v[start:j]})
			}
			out = append(out, &Tilde{TildePos: p.litPos(l, j), User: v[j+1 : k]})
			start = k
			j = k - 1
		}
		switch {
		case start == 0:
			out = append(out, l)
		case start < len(v):
			out = append(out, &Lit{ValuePos: p.litPos(l, start), ValueEnd: l.ValueEnd, Value: v[start:]})
		}
	}
	return out
}

// argTildes applies an assignment's tilde expansion to the word of a
// ${x-word} or ${x+word} in its value (x=${u-~:~} is $HOME:$HOME); not
// to ${x:=word}'s, whose value bash assigns as it is written.
func (p *parser) argTildes(pe *ParamExp) {
	switch pe.Op {
	case ParamDefault, ParamDefaultColon, ParamAlt, ParamAltColon:
		if pe.Arg != nil {
			pe.Arg.Parts = p.tildes(pe.Arg.Parts, true)
		}
	}
}

// hasTildeCandidate reports whether tildes might change parts: a Lit that
// starts the word with "~", or with assign set any Lit holding a "~" or
// a ${x-word} whose word might.
func hasTildeCandidate(parts []WordPart, assign bool) bool {
	for i, part := range parts {
		switch l := part.(type) {
		case *Lit:
			if i == 0 && strings.HasPrefix(l.Value, "~") || assign && strings.Contains(l.Value, "~") {
				return true
			}
		case *ParamExp:
			if assign && l.Arg != nil && l.Op != ParamAssign && l.Op != ParamAssignColon {
				return true
			}
		}
		if !assign {
			break
		}
	}
	return false
}

// litPos returns the position of byte i of the value of an unquoted Lit
// (whose source differs from its value only by line continuations).
func (p *parser) litPos(l *Lit, i int) Pos {
	off := l.ValuePos.Offset
	if l.ValueEnd.Offset-off == len(l.Value) {
		return p.pos(off + i)
	}
	for ; i > 0; i-- {
		_, off = p.skipCont(off)
		off++
	}
	_, off = p.skipCont(off)
	return p.pos(off)
}

// readHeredocs reads the bodies of the pending here-documents, which start
// at the current offset (just after a newline).
func (p *parser) readHeredocs() {
	list := p.pending
	p.pending = nil
	for _, h := range list {
		p.readHeredoc(h)
	}
}

// readHeredoc reads one here-document body. The body ends before the first
// line that equals the delimiter (after removing leading tabs for <<-; for
// an unquoted delimiter lines joined by continuations count as one line).
func (p *parser) readHeredoc(h *hdoc) {
	dash := h.r.Op == DashHeredoc
	start := p.off
	bodyEnd, after := -1, -1
	var line []byte
	for i := start; p.fill(i); {
		lineStart := i
		line = line[:0]
		for {
			j := i
			for p.fill(j) && p.src[j] != '\n' {
				j++
			}
			line = append(line, p.src[i:j]...)
			i = j + 1
			if h.quoted || j >= p.limit {
				break
			}
			n := 0
			for n < len(line) && line[len(line)-1-n] == '\\' {
				n++
			}
			if n%2 == 0 {
				break
			}
			line = line[:len(line)-1]
		}
		cmp := line
		if dash {
			for len(cmp) > 0 && cmp[0] == '\t' {
				cmp = cmp[1:]
			}
		}
		if string(cmp) == h.delim {
			bodyEnd, after = lineStart, min(i, p.limit)
			break
		}
	}
	if bodyEnd < 0 {
		p.fail(h.r.OpPos.Offset, p.atEOF(), "reached EOF without here-document delimiter `%s`", h.delim)
	}
	if h.quoted {
		var v []byte
		for i := start; i < bodyEnd; {
			if dash {
				for i < bodyEnd && p.src[i] == '\t' {
					i++
				}
			}
			j := i
			for j < bodyEnd && p.src[j] != '\n' {
				j++
			}
			if j < bodyEnd {
				j++
			}
			v = append(v, p.src[i:j]...)
			i = j
		}
		if len(v) > 0 {
			h.r.Hdoc = &Word{Parts: []WordPart{&Lit{ValuePos: p.pos(start), ValueEnd: p.pos(bodyEnd), Value: string(v)}}}
		}
	} else {
		saveLimit := p.limit
		p.off, p.limit = start, bodyEnd
		parts := p.quotedParts(ctxHdoc, dash, start)
		// Alias texts spliced into the body's command substitutions
		// (splice) moved what follows the body.
		grew := p.limit - bodyEnd
		p.limit = saveLimit + grew
		after += grew
		if len(parts) > 0 {
			h.r.Hdoc = &Word{Parts: parts}
		}
	}
	p.off = after
}

// heredocDelim returns the delimiter a here-document word names (its text
// after quote removal, without expansions) and whether any of it was quoted.
func heredocDelim(w *Word) (string, bool) {
	var b strings.Builder
	quoted := false
	for _, part := range w.Parts {
		switch part := part.(type) {
		case *Lit:
			b.WriteString(part.Value)
		case *Escaped:
			b.WriteString(part.Value)
			quoted = true
		case *SglQuoted:
			b.WriteString(part.Value)
			quoted = true
		case *DblQuoted:
			quoted = true
			for _, q := range part.Parts {
				if l, ok := q.(*Lit); ok {
					b.WriteString(l.Value)
				} else {
					b.WriteString(Format(q))
				}
			}
		default:
			b.WriteString(Format(part))
		}
	}
	return b.String(), quoted
}
