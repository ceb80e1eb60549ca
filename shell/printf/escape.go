package printf

import (
	"fmt"
	"strings"

	"github.com/plumbsh/plumb/parser"
)

// expand interprets the escapes of a %b argument.
func (p *printer) expand(a string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(a); {
		k := strings.IndexByte(a[i:], '\\')
		if k < 0 {
			b.WriteString(a[i:])
			break
		}
		b.WriteString(a[i : i+k])
		text, next, stop := p.escape(a, i+k, true)
		if stop {
			return b.String(), true
		}
		b.WriteString(text)
		i = next
	}
	return b.String(), false
}

// EchoEscapes is the shared escape interpreter for %b (and `echo -e`):
// returns the text and whether \c was seen. The text stops at \c.
//
// It follows echo -e: \0NNN is octal with up to three digits after the 0,
// and \1 to \7 are not escapes. Printf's %b differs only there, also
// taking \NNN as octal.
func EchoEscapes(s string) (string, bool) { return EchoEscapesIn(s, Options{}) }

// EchoEscapesIn is EchoEscapes as o says: with o.Bytes (the C locale) a
// \u or \U escape of a character beyond ASCII stays written as one, as
// bash cannot convert it there.
func EchoEscapesIn(s string, o Options) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(s); {
		k := strings.IndexByte(s[i:], '\\')
		if k < 0 {
			b.WriteString(s[i:])
			break
		}
		b.WriteString(s[i : i+k])
		i += k
		if i+1 < len(s) && s[i+1] >= '1' && s[i+1] <= '7' {
			b.WriteByte('\\')
			i++
			continue
		}
		text, next, stop, _ := decodeEscape(s, i, true, o.Bytes)
		if stop {
			return b.String(), true
		}
		b.WriteString(text)
		i = next
	}
	return b.String(), false
}

// escape decodes the escape at s[i] == '\\' for the format (inArg false)
// or a %b argument, passing on its warning.
func (p *printer) escape(s string, i int, inArg bool) (string, int, bool) {
	text, next, stop, warn := decodeEscape(s, i, inArg, p.byteChars)
	if warn != "" {
		p.diag(warn)
	}
	return text, next, stop
}

// decodeEscape decodes the backslash escape at s[i] as bash's printf
// does, for the format (inArg false) or for a %b argument. It returns
// the text, where to go on, whether it was \c in an argument, and a
// warning. bytes is Options.Bytes.
func decodeEscape(s string, i int, inArg, bytes bool) (text string, next int, stop bool, warn string) {
	if i+1 >= len(s) {
		return `\`, len(s), false, ""
	}
	c := s[i+1]
	j := i + 2
	switch c {
	case 'a':
		return "\a", j, false, ""
	case 'b':
		return "\b", j, false, ""
	case 'e', 'E':
		return "\x1b", j, false, ""
	case 'f':
		return "\f", j, false, ""
	case 'n':
		return "\n", j, false, ""
	case 'r':
		return "\r", j, false, ""
	case 't':
		return "\t", j, false, ""
	case 'v':
		return "\v", j, false, ""
	case '\\':
		return `\`, j, false, ""
	case '\'', '"', '?':
		if inArg {
			return s[i:j], j, false, ""
		}
		return s[i+1 : j], j, false, ""
	case '0', '1', '2', '3', '4', '5', '6', '7':
		// The first digit and two more, or for %b \0 and three more.
		more := 2
		if inArg && c == '0' {
			more = 3
		}
		v := int(c - '0')
		for ; more > 0 && j < len(s) && s[j] >= '0' && s[j] <= '7'; more-- {
			v = v*8 + int(s[j]-'0')
			j++
		}
		return string([]byte{byte(v)}), j, false, ""
	case 'x':
		v, n := 0, 0
		for ; n < 2 && j < len(s) && hexVal(s[j]) >= 0; n++ {
			v = v*16 + hexVal(s[j])
			j++
		}
		if n == 0 {
			return `\x`, j, false, `missing hex digit for \x`
		}
		return string([]byte{byte(v)}), j, false, ""
	case 'u', 'U':
		max := 4
		if c == 'U' {
			max = 8
		}
		v, n := uint32(0), 0
		for ; n < max && j < len(s) && hexVal(s[j]) >= 0; n++ {
			v = v*16 + uint32(hexVal(s[j]))
			j++
		}
		if n == 0 {
			return `\` + string(c), j, false, `missing unicode digit for \` + string(c)
		}
		switch {
		case !bytes || v < 0x80:
			return string(parser.AppendUTF8(nil, v)), j, false, ""
		case v <= 0xFFFF:
			return fmt.Sprintf(`\u%04X`, v), j, false, ""
		}
		return fmt.Sprintf(`\U%08X`, v), j, false, ""
	case 'c':
		if inArg {
			return "", j, true, ""
		}
		return `\c`, j, false, ""
	}
	if inArg {
		return s[i:j], j, false, ""
	}
	// In the format, the character after an unknown escape is read again
	// as format: `\%d` is a backslash and a conversion.
	return `\`, i + 1, false, ""
}
