package lineedit

import (
	"strings"
)

// Syntax colouring of the line being typed: operators, quoted text,
// $expansions, comments, reserved words, and command names the shell
// cannot find in red. Only escape sequences are added: the visible text
// keeps its width, which the line editor's cursor arithmetic relies on.

const (
	colReset    = "\x1b[0m"
	colOperator = "\x1b[36m"   // cyan
	colQuote    = "\x1b[33m"   // yellow
	colVar      = "\x1b[32m"   // green
	colComment  = "\x1b[90m"   // grey
	colKeyword  = "\x1b[1;35m" // bold magenta
	colUnknown  = "\x1b[1;31m" // bold red
)

// Highlighter colours the line being typed; its Paint method has the
// shape of readline's Painter. Like the Completer, it runs only while the
// shell waits in ReadLine.
type Highlighter struct{ h Host }

// NewHighlighter returns the highlighter for the shell h.
func NewHighlighter(h Host) *Highlighter { return &Highlighter{h: h} }

// isReservedWord reports whether w is painted as a reserved word. It is a
// switch, not a map literal: the package is linked into every plumb, and
// a map literal is built at each start, a switch costs nothing then.
func isReservedWord(w string) bool {
	switch w {
	case "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for",
		"in", "case", "esac", "function", "!", "{", "}", "time", "select":
		return true
	}
	return false
}

// Paint returns line with colour escapes around its tokens.
func (h *Highlighter) Paint(line []rune, _ int) []rune {
	if len(line) == 0 {
		return line
	}
	return []rune(h.paint(string(line)))
}

func (h *Highlighter) paint(src string) string {
	var b strings.Builder
	cmdPos := true
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			b.WriteByte(c)
			i++
		case c == '#' && (i == 0 || strings.IndexByte(" \t\n;|&(", src[i-1]) >= 0):
			b.WriteString(colComment + src[i:] + colReset)
			return b.String()
		case strings.IndexByte("|&;()<>", c) >= 0:
			j := i + 1
			for j < len(src) && strings.IndexByte("|&;<>", src[j]) >= 0 {
				j++
			}
			if strings.HasPrefix(src[j:], "tcp") && strings.HasSuffix(src[i:j], ">") {
				j += 3 // |>tcp, <|>tcp
			}
			op := src[i:j]
			b.WriteString(colOperator + op + colReset)
			if !strings.ContainsAny(op, "<>") || strings.Contains(op, "|") {
				cmdPos = true
			}
			i = j
		default:
			j := wordEnd(src, i)
			word := src[i:j]
			b.WriteString(h.word(word, cmdPos))
			if cmdPos && !isAssignWord(word) && !leadingReserved(word) {
				cmdPos = false
			}
			i = j
		}
	}
	return b.String()
}

func leadingReserved(w string) bool {
	switch w {
	case "if", "then", "else", "elif", "do", "while", "until", "!", "{", "time":
		return true
	}
	return false
}

// wordEnd returns the end of the word starting at i: up to an unquoted
// blank or operator character (an unterminated quote runs to the end).
func wordEnd(src string, i int) int {
	for i < len(src) {
		c := src[i]
		switch {
		case c == '\\':
			i += 2
			continue
		case c == '\'':
			k := strings.IndexByte(src[i+1:], '\'')
			if k < 0 {
				return len(src)
			}
			i += k + 2
			continue
		case c == '"':
			i++
			for i < len(src) && src[i] != '"' {
				if src[i] == '\\' {
					i++
				}
				i++
			}
			i++
			continue
		case strings.IndexByte(" \t\n|&;()<>", c) >= 0:
			return i
		}
		i++
	}
	return min(i, len(src))
}

// word colours one word: a reserved or unknown command in command
// position, and inside any word its quotes and $expansions.
func (h *Highlighter) word(w string, cmdPos bool) string {
	if cmdPos && !isAssignWord(w) {
		if isReservedWord(w) {
			return colKeyword + w + colReset
		}
		if !strings.ContainsAny(w, "'\"$`\\") && !h.known(w) {
			return colUnknown + w + colReset
		}
	}
	var b strings.Builder
	for i := 0; i < len(w); {
		c := w[i]
		switch c {
		case '\'', '"':
			k := i + 1 // the quote runs to its match, or to the end
			for k < len(w) && w[k] != c {
				if c == '"' && w[k] == '\\' {
					k++
				}
				k++
			}
			k = min(k+1, len(w))
			b.WriteString(colQuote + w[i:k] + colReset)
			i = k
		case '$':
			k := i + 1
			if k < len(w) && w[k] == '{' {
				for k < len(w) && w[k] != '}' {
					k++
				}
				k = min(k+1, len(w))
			} else {
				for k < len(w) && (isNameByte(w[k]) || (k == i+1 && strings.IndexByte("?#$!@*-0123456789", w[k]) >= 0)) {
					k++
					if k == i+2 && !isNameByte(w[i+1]) {
						break
					}
				}
			}
			b.WriteString(colVar + w[i:k] + colReset)
			i = k
		case '\\':
			k := min(i+2, len(w))
			b.WriteString(w[i:k])
			i = k
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// known reports whether name runs something: an alias, a function, a builtin, or
// an executable on PATH (or at that path).
func (h *Highlighter) known(name string) bool { return h.h.IsCommand(name) }
