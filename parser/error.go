package parser

import (
	"fmt"
	"strings"
)

// Error is a syntax error. It names the source, the line and column (both
// 1-based, the column counted in bytes) and says what is wrong in lowercase,
// with source tokens quoted in backquotes.
type Error struct {
	File      string
	Line, Col int
	Msg       string
	// Incomplete is set when the only problem is that the input ended
	// too early: an open quote, a trailing | && || |>, an unfinished
	// if/while/for/case/{/(, a missing here-document delimiter, an open
	// $( or ${. The interactive prompt uses it to ask for another line.
	Incomplete bool
	// Source is the text of the line the error points into, without its
	// newline, for the caret display of Snippet. When that line is blank
	// (an if left open at the end of a file points at the empty last
	// line), Source is the last non-blank line before it and SourceLine
	// its number, so the caret can show where the text stopped.
	Source     string
	SourceLine int

	off int // byte offset of the error, for remapping positions of nested sources
}

// Error returns "FILE:LINE:COL: message", or "LINE:COL: message" when File
// is empty.
func (e *Error) Error() string {
	if e.File == "" {
		return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// Snippet returns the offending source line, a newline, and a caret under
// the error's column. Tabs before the column are kept as tabs, and each
// other character becomes one space, so the caret lines up in a terminal.
// When Source is an earlier line than the error's (see SourceLine), the
// caret stands just after its end.
func (e *Error) Snippet() string {
	var b strings.Builder
	b.WriteString(e.Source)
	b.WriteByte('\n')
	n := e.Col - 1
	if e.SourceLine != 0 && e.SourceLine != e.Line {
		n = len(e.Source)
	}
	prefix := e.Source
	if n < len(prefix) {
		prefix = prefix[:max(n, 0)]
	}
	for _, r := range prefix {
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	for i := len(prefix); i < n; i++ {
		b.WriteByte(' ')
	}
	b.WriteByte('^')
	return b.String()
}

// bailout is the panic value that unwinds the parser to its entry point
// after an error has been recorded in parser.err.
type bailout struct{}

// fail records a syntax error at byte offset off and unwinds the parse.
func (p *parser) fail(off int, incomplete bool, format string, args ...any) {
	pos := p.pos(off)
	p.err = &Error{
		File:       p.name,
		Line:       pos.Line,
		Col:        pos.Col,
		Msg:        fmt.Sprintf(format, args...),
		Incomplete: incomplete,
		Source:     p.lineText(pos.Line),
		SourceLine: pos.Line,
		off:        p.origin(off),
	}
	for l := pos.Line - 1; strings.TrimSpace(p.err.Source) == "" && l >= 1; l-- {
		p.err.Source, p.err.SourceLine = p.lineText(l), l
	}
	if strings.TrimSpace(p.err.Source) == "" {
		p.err.Source, p.err.SourceLine = p.lineText(pos.Line), pos.Line
	}
	panic(bailout{})
}

// atEOF reports whether the lexer stands at the end of the whole input,
// where more text could continue it (and not at the end of a here-document
// body or of a backquoted command).
func (p *parser) atEOF() bool {
	return p.limit == len(p.src) && !p.nested
}

// unexpected fails at the current token: at end of input with eofMsg
// (an Incomplete error), otherwise with "`tok` unexpected" plus detail.
func (p *parser) unexpected(eofMsg, detail string) {
	if p.tok == tokEOF {
		p.fail(p.tokOff, p.atEOF(), "%s", eofMsg)
	}
	msg := "`" + p.tokText() + "` unexpected"
	if p.tok == tokNewline {
		msg = "newline unexpected"
	}
	if detail != "" {
		msg += ", " + detail
	}
	p.fail(p.tokOff, false, "%s", msg)
}

// tokText returns the source text of the current token, shortened.
func (p *parser) tokText() string {
	s := string(p.src[p.tokOff:min(p.tokEnd, len(p.src))])
	s = strings.ReplaceAll(s, "\\\n", "")
	if len(s) > 30 {
		s = s[:27] + "..."
	}
	return s
}

// where formats the position of offset off as "LINE:COL" for messages. In
// the parser of a backquoted command it names the position in the outer
// source.
func (p *parser) where(off int) string {
	pos := p.pos(off)
	if p.outer != nil {
		pos = p.outer(p.origin(off))
	}
	return fmt.Sprintf("%d:%d", pos.Line, pos.Col)
}
