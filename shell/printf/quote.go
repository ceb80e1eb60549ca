package printf

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// printfQuote quotes s as bash's printf %q does, so that the shell reads
// it back as s: ” for the empty string, $'...' when s has a character
// that is not printable, backslashes before special characters otherwise.
func printfQuote(s string) string {
	if s == "" {
		return "''"
	}
	if HasControl(s) {
		return ANSICQuote(s)
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case strings.IndexByte(" !\"$&'()*,;<>?[\\]^`{|}", c) >= 0:
			b.WriteByte('\\')
		case c == '#' && i == 0:
			b.WriteByte('\\')
		case c == '~' && (i == 0 || s[i-1] == ':' || s[i-1] == '='):
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// HasControl reports whether s holds a character that is not printable
// (or a byte that is not UTF-8), which bash quotes as $'...'.
func HasControl(s string) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r < ' ' || r == 0x7f || r == utf8.RuneError && n == 1 || r >= 0x80 && unicode.IsControl(r) {
			return true
		}
		i += n
	}
	return false
}

// ANSICQuote is bash's $'...' quoting, which bash uses for text that
// HasControl.
func ANSICQuote(s string) string {
	var b strings.Builder
	b.WriteString("$'")
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		c := s[i]
		switch {
		case c == 0x1b:
			b.WriteString(`\E`)
		case c == '\a':
			b.WriteString(`\a`)
		case c == '\b':
			b.WriteString(`\b`)
		case c == '\f':
			b.WriteString(`\f`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\v':
			b.WriteString(`\v`)
		case c == '\\' || c == '\'':
			b.WriteByte('\\')
			b.WriteByte(c)
		case r == utf8.RuneError && n == 1 || r < ' ' || r == 0x7f || r >= 0x80 && unicode.IsControl(r):
			for k := 0; k < n; k++ {
				b.WriteString(`\` + strconv.FormatInt(int64(s[i+k])>>6&7, 8) + strconv.FormatInt(int64(s[i+k])>>3&7, 8) + strconv.FormatInt(int64(s[i+k])&7, 8))
			}
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	b.WriteByte('\'')
	return b.String()
}
