package ere

import "strings"

// specials are the characters with a meaning outside a bracket
// expression; a backslash before any of them makes it literal.
const specials = `\.[]()*+?{}|^$`

// QuoteMeta returns s with a backslash before each character that would
// otherwise have a meaning, so that Compile reads it as its literal text.
func QuoteMeta(s string) string {
	if !strings.ContainsAny(s, specials) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(specials, s[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// QuoteAfter returns the text to append to the expression expr so that
// quoted text, a quoted part of [[ x =~ re ]]'s right side, matches
// literally, as bash writes it: QuoteMeta(quoted), or quoted as it is when
// expr ends inside a bracket expression, where a backslash would be one
// more character of the bracket (bash 5.2 reads [a"]"] as [a]] and
// [a"-"z] as a range).
func QuoteAfter(expr, quoted string) string {
	if inBracket(expr) {
		return quoted
	}
	return QuoteMeta(quoted)
}

// inBracket reports whether expr ends inside a bracket expression, read
// as the parser reads one.
func inBracket(expr string) bool {
	if strings.IndexByte(expr, '[') < 0 {
		return false
	}
	for i := 0; i < len(expr); i++ {
		switch expr[i] {
		case '\\':
			i++
		case '[':
			end := bracketEnd(expr, i)
			if end < 0 {
				return true
			}
			i = end - 1
		}
	}
	return false
}

// bracketEnd returns the index after the `]` that closes the bracket
// expression opened at expr[i], or -1 if expr ends first.
func bracketEnd(expr string, i int) int {
	i++
	if i < len(expr) && expr[i] == '^' {
		i++
	}
	if i < len(expr) && expr[i] == ']' {
		i++
	}
	for i < len(expr) {
		switch {
		case expr[i] == ']':
			return i + 1
		case expr[i] == '[' && i+1 < len(expr) && strings.IndexByte(":=.", expr[i+1]) >= 0:
			k := strings.Index(expr[i+2:], string(expr[i+1])+"]")
			if k < 0 {
				return -1
			}
			i += 2 + k + 2
		default:
			i++
		}
	}
	return -1
}
