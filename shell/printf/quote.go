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
// With bytes (the C locale) every byte from 0x80 up is not printable.
func printfQuote(s string, bytes bool) string {
	if s == "" {
		return "''"
	}
	if bytes && HasControlBytes(s) {
		return ANSICQuoteBytes(s)
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

// HasControlBytes is HasControl in the C locale, where no byte from 0x80
// up is printable.
func HasControlBytes(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c >= 0x7f {
			return true
		}
	}
	return false
}

// ANSICQuote is bash's $'...' quoting, which bash uses for text that
// HasControl.
func ANSICQuote(s string) string { return ansicQuote(s, false) }

// ANSICQuoteBytes is ANSICQuote in the C locale, for text that
// HasControlBytes: every byte from 0x80 up is written as \ooo.
func ANSICQuoteBytes(s string) string { return ansicQuote(s, true) }

func ansicQuote(s string, bytes bool) string {
	var b strings.Builder
	b.WriteString("$'")
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		c := s[i]
		if bytes && c >= utf8.RuneSelf {
			r, n = utf8.RuneError, 1
		}
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
