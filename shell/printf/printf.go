package printf

import (
	"bytes"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Format formats like bash's printf builtin: reuses the format while
// arguments remain; %s %b %c %d %i %o %u %x %X %e %E %f %F %g %G %a %A %%
// with flags (- + space # 0), width and precision including *; %q and %Q
// (bash quoting; %Q applies the precision before quoting); %(fmt)T
// (strftime; -1 or no argument is now); escape sequences in the format
// (\n \t \\ \a \b \e \f \r \v \0NNN \NNN \xHH \uHHHH \UHHHHHHHH \" \' \?);
// numeric args accept leading +/-, 0x, 0 octal, 'c / "c (char code).
// Invalid numbers: print a diagnostic "printf: ARG: invalid number" to the
// returned error list but continue (status 1). Missing args act as empty
// / 0. %b interprets escapes in the argument and \c stops all output.
//
// Diagnostics have bash's wording, "printf: " included and the shell's
// name left for the caller to put in front. Some are warnings and leave
// status 0: a number out of range (clamped, as strtoimax does) and a \x
// without hex digits. A bad conversion ("`%z': missing format character",
// "`k': invalid format character") stops the output there, with status 1.
// Everything is formatted before anything is written, in one Write; a
// write error is a diagnostic and status 1.
func Format(w io.Writer, format string, args []string) (status int, diags []string) {
	p := &printer{args: args}
	for {
		before := p.argi
		if !p.once(format) {
			break
		}
		if p.argi >= len(args) || p.argi == before {
			break
		}
	}
	if p.out.Len() > 0 {
		if _, err := w.Write(p.out.Bytes()); err != nil {
			p.diag("write error: " + innermost(err).Error())
			p.status = 1
		}
	}
	return p.status, p.diags
}

// innermost is the error that err wraps, with no *PathError decoration.
func innermost(err error) error {
	for {
		inner := errors.Unwrap(err)
		if inner == nil {
			return err
		}
		err = inner
	}
}

type printer struct {
	args   []string
	argi   int
	out    bytes.Buffer
	status int
	diags  []string
}

func (p *printer) diag(msg string) { p.diags = append(p.diags, "printf: "+msg) }

// nextArg returns the next argument, or "" and false when none remain.
func (p *printer) nextArg() (string, bool) {
	if p.argi >= len(p.args) {
		return "", false
	}
	p.argi++
	return p.args[p.argi-1], true
}

// spec is one parsed conversion specification.
type spec struct {
	minus, plus, space, alt, zero bool
	width                         int
	prec                          int
	hasPrec                       bool
}

// once runs the format through once; it returns false when output must
// stop (\c in %b, or a bad conversion).
func (p *printer) once(format string) bool {
	for i := 0; i < len(format); {
		c := format[i]
		if c == '\\' {
			text, next, _ := p.escape(format, i, false)
			p.out.WriteString(text)
			i = next
			continue
		}
		if c != '%' {
			j := i + 1
			for j < len(format) && format[j] != '%' && format[j] != '\\' {
				j++
			}
			p.out.WriteString(format[i:j])
			i = j
			continue
		}
		start := i
		i++
		if i < len(format) && format[i] == '%' {
			p.out.WriteByte('%')
			i++
			continue
		}
		var sp spec
	flags:
		for ; i < len(format); i++ {
			switch format[i] {
			case '-':
				sp.minus = true
			case '+':
				sp.plus = true
			case ' ':
				sp.space = true
			case '#':
				sp.alt = true
			case '0':
				sp.zero = true
			default:
				break flags
			}
		}
		if i < len(format) && format[i] == '*' {
			i++
			sp.width = p.intArgClamped()
			if sp.width < 0 {
				sp.minus = true
				sp.width = -sp.width
			}
		} else {
			sp.width, i = atoiPrefix(format, i)
		}
		if i < len(format) && format[i] == '.' {
			i++
			sp.hasPrec = true
			if i < len(format) && format[i] == '*' {
				i++
				sp.prec = p.intArgClamped()
				if sp.prec < 0 {
					sp.hasPrec, sp.prec = false, 0
				}
			} else {
				sp.prec, i = atoiPrefix(format, i)
			}
		}
		for i < len(format) && strings.IndexByte("hlLjzt", format[i]) >= 0 {
			i++
		}
		if i >= len(format) {
			p.diag("`" + format[start:] + "': missing format character")
			p.status = 1
			return false
		}
		conv := format[i]
		i++
		switch conv {
		case 'd', 'i':
			n := p.intArg()
			neg := n < 0
			mag := uint64(n)
			if neg {
				mag = -mag
			}
			p.out.WriteString(fmtInt(sp, neg, mag, 10, false, true))
		case 'o', 'u', 'x', 'X':
			base := 16
			switch conv {
			case 'o':
				base = 8
			case 'u':
				base = 10
				sp.alt = false
			}
			n := p.uintArg()
			p.out.WriteString(fmtInt(sp, false, n, base, conv == 'X', false))
		case 'e', 'E', 'f', 'F', 'g', 'G', 'a', 'A':
			p.out.WriteString(fmtFloat(sp, conv, p.floatArg()))
		case 'c':
			a, _ := p.nextArg()
			b := "\x00"
			if a != "" {
				b = a[:1]
			}
			p.out.WriteString(pad(sp, b))
		case 's':
			a, _ := p.nextArg()
			p.out.WriteString(pad(sp, truncate(sp, a)))
		case 'b':
			a, _ := p.nextArg()
			text, stop := p.expand(a)
			p.out.WriteString(pad(sp, truncate(sp, text)))
			if stop {
				return false
			}
		case 'q':
			a, _ := p.nextArg()
			p.out.WriteString(pad(sp, truncate(sp, printfQuote(a))))
		case 'Q':
			a, _ := p.nextArg()
			p.out.WriteString(pad(sp, printfQuote(truncate(sp, a))))
		case 'n':
			p.nextArg()
		case '(':
			end := strings.IndexByte(format[i:], ')')
			if end < 0 || i+end+1 >= len(format) || format[i+end+1] != 'T' {
				p.diag("`" + format[start:] + "': invalid time format specification")
				p.status = 1
				return false
			}
			layout := format[i : i+end]
			i += end + 2
			sec := int64(-1)
			if a, ok := p.nextArg(); ok && a != "" {
				p.argi--
				sec = p.intArg()
			}
			var t time.Time
			if sec < 0 { // -1 is now, -2 the shell's start: we say now
				t = time.Now()
			} else {
				t = time.Unix(sec, 0)
			}
			p.out.WriteString(pad(sp, truncate(sp, strftime(layout, t))))
		default:
			p.diag("`" + string(conv) + "': invalid format character")
			p.status = 1
			return false
		}
	}
	return true
}

// atoiPrefix reads the decimal digits at s[i:].
func atoiPrefix(s string, i int) (int, int) {
	n := 0
	for i < len(s) && isDigit(s[i]) {
		if n < 1<<20 {
			n = n*10 + int(s[i]-'0')
		}
		i++
	}
	return n, i
}

// truncate applies a string conversion's precision, counted in bytes as
// C's printf does.
func truncate(sp spec, s string) string {
	if sp.hasPrec && sp.prec < len(s) {
		return s[:sp.prec]
	}
	return s
}

// pad applies the width, with spaces: C ignores the 0 flag for strings.
func pad(sp spec, s string) string {
	if len(s) >= sp.width {
		return s
	}
	fill := strings.Repeat(" ", sp.width-len(s))
	if sp.minus {
		return s + fill
	}
	return fill + s
}

// padNum applies the width to a number made of a sign or prefix and
// digits; the 0 flag puts zeros between them.
func padNum(sp spec, prefix, digits string, zeroOK bool) string {
	n := len(prefix) + len(digits)
	if n >= sp.width {
		return prefix + digits
	}
	if sp.zero && !sp.minus && zeroOK {
		return prefix + strings.Repeat("0", sp.width-n) + digits
	}
	return pad(sp, prefix+digits)
}

// fmtInt formats an integer of magnitude mag like C's %d, %o, %u, %x.
func fmtInt(sp spec, neg bool, mag uint64, base int, upper, signed bool) string {
	digits := strconv.FormatUint(mag, base)
	if upper {
		digits = strings.ToUpper(digits)
	}
	if sp.hasPrec && sp.prec == 0 && mag == 0 {
		digits = ""
	}
	if sp.hasPrec && len(digits) < sp.prec {
		digits = strings.Repeat("0", sp.prec-len(digits)) + digits
	}
	prefix := ""
	switch {
	case signed && neg:
		prefix = "-"
	case signed && sp.plus:
		prefix = "+"
	case signed && sp.space:
		prefix = " "
	}
	if sp.alt {
		switch {
		case base == 8 && !strings.HasPrefix(digits, "0"):
			digits = "0" + digits
		case base == 16 && mag != 0 && upper:
			prefix = "0X"
		case base == 16 && mag != 0:
			prefix = "0x"
		}
	}
	return padNum(sp, prefix, digits, !sp.hasPrec)
}

// fmtFloat formats f like C's %e %f %g %a and their upper-case forms.
func fmtFloat(sp spec, conv byte, f float64) string {
	upper := conv >= 'A' && conv <= 'Z'
	lower := conv | 0x20
	prefix := ""
	switch {
	case math.Signbit(f):
		prefix = "-"
	case sp.plus:
		prefix = "+"
	case sp.space:
		prefix = " "
	}
	f = math.Abs(f)
	var digits string
	switch {
	case math.IsInf(f, 0):
		digits = "inf"
	case math.IsNaN(f):
		digits = "nan"
	}
	if digits != "" {
		if upper {
			digits = strings.ToUpper(digits)
		}
		return padNum(sp, prefix, digits, false)
	}
	prec := 6
	if sp.hasPrec {
		prec = sp.prec
	}
	switch lower {
	case 'f':
		digits = strconv.FormatFloat(f, 'f', prec, 64)
		if sp.alt && prec == 0 {
			digits += "."
		}
	case 'e':
		digits = fmtExp(f, prec, sp.alt)
	case 'g':
		if prec == 0 {
			prec = 1
		}
		e := strconv.FormatFloat(f, 'e', prec-1, 64)
		x, _ := strconv.Atoi(e[strings.IndexByte(e, 'e')+1:])
		if x < prec && x >= -4 {
			digits = strconv.FormatFloat(f, 'f', prec-1-x, 64)
		} else {
			digits = fmtExp(f, prec-1, sp.alt)
		}
		if sp.alt {
			if !strings.Contains(digits, ".") {
				if k := strings.IndexByte(digits, 'e'); k >= 0 {
					digits = digits[:k] + "." + digits[k:]
				} else {
					digits += "."
				}
			}
		} else {
			digits = trimFraction(digits)
		}
	case 'a':
		p := -1
		if sp.hasPrec {
			p = prec
		}
		digits = strconv.FormatFloat(f, 'x', p, 64)
		// Go writes at least two exponent digits, C as few as needed.
		k := strings.IndexByte(digits, 'p')
		exp := strings.TrimLeft(digits[k+2:], "0")
		if exp == "" {
			exp = "0"
		}
		mant := digits[2:k]
		if sp.alt && !strings.Contains(mant, ".") {
			mant += "."
		}
		prefix += "0x"
		digits = mant + "p" + digits[k+1:k+2] + exp
	}
	if upper {
		prefix = strings.ToUpper(prefix)
		digits = strings.ToUpper(digits)
	}
	return padNum(sp, prefix, digits, true)
}

// fmtExp is C's %e: Go's 'e' format already has a two-digit exponent.
func fmtExp(f float64, prec int, alt bool) string {
	s := strconv.FormatFloat(f, 'e', prec, 64)
	if alt && prec == 0 {
		k := strings.IndexByte(s, 'e')
		s = s[:k] + "." + s[k:]
	}
	return s
}

// trimFraction removes trailing zeros after a decimal point, and the
// point, as %g does without #.
func trimFraction(s string) string {
	exp := ""
	if k := strings.IndexByte(s, 'e'); k >= 0 {
		s, exp = s[:k], s[k:]
	}
	if strings.Contains(s, ".") {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	return s + exp
}

// charCode is the value of a 'c or "c argument: the code of the
// character after the quote, 0 if none.
func charCode(a string) int64 {
	if len(a) < 2 {
		return 0
	}
	r, n := utf8.DecodeRuneInString(a[1:])
	if r == utf8.RuneError && n <= 1 {
		return int64(a[1])
	}
	return int64(r)
}

func isCSpace(c byte) bool { return c == ' ' || '\t' <= c && c <= '\r' }

// scanInt parses the integer at the start of s the way C's strtoimax and
// strtoumax with base 0 do. It returns the magnitude, the sign, how much
// of s it used (0 if no number) and whether the magnitude overflowed.
func scanInt(s string) (mag uint64, neg bool, end int, overflow bool) {
	i := 0
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	base := uint64(10)
	if i+2 < len(s) && s[i] == '0' && s[i+1]|0x20 == 'x' && hexVal(s[i+2]) >= 0 {
		base = 16
		i += 2
	} else if i < len(s) && s[i] == '0' {
		base = 8
	}
	digitsStart := i
	for ; i < len(s); i++ {
		d := hexVal(s[i])
		if d < 0 || uint64(d) >= base {
			break
		}
		if mag > (math.MaxUint64-uint64(d))/base {
			overflow = true
		}
		mag = mag*base + uint64(d)
	}
	if i == digitsStart {
		return 0, false, 0, false
	}
	return mag, neg, i, overflow
}

func hexVal(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// invalidNumber reports a bad numeric argument.
func (p *printer) invalidNumber(a string) {
	p.diag(a + ": " + InvalidNumber(a))
	p.status = 1
}

// InvalidNumber is bash's sh_invalidnum: what is wrong with the number a,
// as printf and ulimit say it.
func InvalidNumber(a string) string {
	if len(a) > 1 && a[0] == '0' && isDigit(a[1]) {
		return "invalid octal number"
	} else if len(a) > 1 && a[0] == '0' && a[1] == 'x' {
		return "invalid hex number"
	}
	return "invalid number"
}

// intArg reads the next argument as a signed integer (strtoimax).
func (p *printer) intArg() int64 {
	a, _ := p.nextArg()
	if a != "" && (a[0] == '\'' || a[0] == '"') {
		return charCode(a)
	}
	mag, neg, end, overflow := scanInt(a)
	var n int64
	switch {
	case neg && (overflow || mag > 1<<63):
		n, overflow = math.MinInt64, true
	case !neg && (overflow || mag > math.MaxInt64):
		n, overflow = math.MaxInt64, true
	case neg:
		n = -int64(mag)
	default:
		n = int64(mag)
	}
	if end < len(a) {
		p.invalidNumber(a)
	} else if overflow {
		p.diag("warning: " + a + ": Numerical result out of range")
	}
	return n
}

// intArgClamped is intArg for a * width or precision.
func (p *printer) intArgClamped() int {
	n := p.intArg()
	if n > 1<<20 {
		return 1 << 20
	}
	if n < -1<<20 {
		return -1 << 20
	}
	return int(n)
}

// uintArg reads the next argument as an unsigned integer (strtoumax: a
// minus sign negates modulo 2**64).
func (p *printer) uintArg() uint64 {
	a, _ := p.nextArg()
	if a != "" && (a[0] == '\'' || a[0] == '"') {
		return uint64(charCode(a))
	}
	mag, neg, end, overflow := scanInt(a)
	if overflow {
		mag = math.MaxUint64
	} else if neg {
		mag = -mag
	}
	if end < len(a) {
		p.invalidNumber(a)
	} else if overflow {
		p.diag("warning: " + a + ": Numerical result out of range")
	}
	return mag
}

// floatArg reads the next argument as a floating-point number (strtold):
// decimal or hex, inf, infinity, nan, with the longest valid prefix used.
func (p *printer) floatArg() float64 {
	a, _ := p.nextArg()
	if a != "" && (a[0] == '\'' || a[0] == '"') {
		return float64(charCode(a))
	}
	f, end := scanFloat(a)
	if end < len(a) {
		p.invalidNumber(a)
	}
	return f
}

func scanFloat(s string) (float64, int) {
	i := 0
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	sign := func(f float64) float64 {
		if neg {
			return -f
		}
		return f
	}
	rest := strings.ToLower(s[i:])
	switch {
	case strings.HasPrefix(rest, "infinity"):
		return sign(math.Inf(1)), i + 8
	case strings.HasPrefix(rest, "inf"):
		return sign(math.Inf(1)), i + 3
	case strings.HasPrefix(rest, "nan"):
		end := i + 3
		if k := strings.IndexByte(s[end:], ')'); end < len(s) && s[end] == '(' && k > 0 {
			end += k + 1
		}
		return math.Copysign(math.NaN(), sign(1)), end
	}
	start := i
	hex := strings.HasPrefix(rest, "0x") && len(rest) > 2 && (hexVal(rest[2]) >= 0 || rest[2] == '.' && len(rest) > 3 && hexVal(rest[3]) >= 0)
	isDig := isDigit
	expChar := byte('e')
	if hex {
		i += 2
		isDig = func(c byte) bool { return hexVal(c) >= 0 }
		expChar = 'p'
	}
	mant := 0
	for i < len(s) && isDig(s[i]) {
		i++
		mant++
	}
	if i < len(s) && s[i] == '.' {
		j := i + 1
		for j < len(s) && isDig(s[j]) {
			j++
			mant++
		}
		if mant > 0 {
			i = j
		}
	}
	if mant == 0 {
		return 0, 0
	}
	if i < len(s) && s[i]|0x20 == expChar {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && isDigit(s[j]) {
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			i = j
		}
	}
	text := s[start:i]
	if hex && !strings.ContainsAny(text, "pP") {
		text += "p0"
	}
	f, _ := strconv.ParseFloat(text, 64) // out of range gives ±Inf or 0
	return sign(f), i
}

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
func EchoEscapes(s string) (string, bool) {
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
		text, next, stop, _ := decodeEscape(s, i, true)
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
	text, next, stop, warn := decodeEscape(s, i, inArg)
	if warn != "" {
		p.diag(warn)
	}
	return text, next, stop
}

// decodeEscape decodes the backslash escape at s[i] as bash's printf
// does, for the format (inArg false) or for a %b argument. It returns
// the text, where to go on, whether it was \c in an argument, and a
// warning.
func decodeEscape(s string, i int, inArg bool) (text string, next int, stop bool, warn string) {
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
		return encodeUTF8(v), j, false, ""
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

// encodeUTF8 encodes v with the UTF-8 bit layout even where it is not a
// valid character (a surrogate, or above U+10FFFF), as bash does.
func encodeUTF8(v uint32) string {
	switch {
	case v < 0x80:
		return string([]byte{byte(v)})
	case v < 0x800:
		return string([]byte{0xC0 | byte(v>>6), 0x80 | byte(v&0x3F)})
	case v < 0x10000:
		return string([]byte{0xE0 | byte(v>>12), 0x80 | byte(v>>6&0x3F), 0x80 | byte(v&0x3F)})
	case v < 0x200000:
		return string([]byte{0xF0 | byte(v>>18), 0x80 | byte(v>>12&0x3F), 0x80 | byte(v>>6&0x3F), 0x80 | byte(v&0x3F)})
	}
	return "\uFFFD"
}

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

// strftime formats t with C's strftime conversions; one it does not know
// is copied as written.
func strftime(layout string, t time.Time) string {
	var b strings.Builder
	for i := 0; i < len(layout); i++ {
		c := layout[i]
		if c != '%' || i+1 >= len(layout) {
			b.WriteByte(c)
			continue
		}
		i++
		switch layout[i] {
		case '%':
			b.WriteByte('%')
		case 'a':
			b.WriteString(t.Format("Mon"))
		case 'A':
			b.WriteString(t.Format("Monday"))
		case 'b', 'h':
			b.WriteString(t.Format("Jan"))
		case 'B':
			b.WriteString(t.Format("January"))
		case 'c':
			b.WriteString(t.Format("Mon Jan _2 15:04:05 2006"))
		case 'C':
			b.WriteString(twoDigits(t.Year() / 100))
		case 'd':
			b.WriteString(t.Format("02"))
		case 'D', 'x':
			b.WriteString(t.Format("01/02/06"))
		case 'e':
			b.WriteString(t.Format("_2"))
		case 'F':
			b.WriteString(t.Format("2006-01-02"))
		case 'g':
			y, _ := t.ISOWeek()
			b.WriteString(twoDigits(y % 100))
		case 'G':
			y, _ := t.ISOWeek()
			b.WriteString(strconv.Itoa(y))
		case 'H':
			b.WriteString(t.Format("15"))
		case 'I':
			b.WriteString(t.Format("03"))
		case 'j':
			b.WriteString(t.Format("002"))
		case 'k':
			b.WriteString(pad(spec{width: 2}, strconv.Itoa(t.Hour())))
		case 'l':
			b.WriteString(pad(spec{width: 2}, t.Format("3")))
		case 'm':
			b.WriteString(t.Format("01"))
		case 'M':
			b.WriteString(t.Format("04"))
		case 'n':
			b.WriteByte('\n')
		case 'p':
			b.WriteString(t.Format("PM"))
		case 'P':
			b.WriteString(t.Format("pm"))
		case 'r':
			b.WriteString(t.Format("03:04:05 PM"))
		case 'R':
			b.WriteString(t.Format("15:04"))
		case 's':
			b.WriteString(strconv.FormatInt(t.Unix(), 10))
		case 'S':
			b.WriteString(t.Format("05"))
		case 't':
			b.WriteByte('\t')
		case 'T', 'X':
			b.WriteString(t.Format("15:04:05"))
		case 'u':
			b.WriteString(strconv.Itoa((int(t.Weekday())+6)%7 + 1))
		case 'U':
			b.WriteString(twoDigits((t.YearDay() + 6 - int(t.Weekday())) / 7))
		case 'V':
			_, w := t.ISOWeek()
			b.WriteString(twoDigits(w))
		case 'w':
			b.WriteString(strconv.Itoa(int(t.Weekday())))
		case 'W':
			b.WriteString(twoDigits((t.YearDay() + 6 - (int(t.Weekday())+6)%7) / 7))
		case 'y':
			b.WriteString(t.Format("06"))
		case 'Y':
			b.WriteString(strconv.Itoa(t.Year()))
		case 'z':
			b.WriteString(t.Format("-0700"))
		case 'Z':
			b.WriteString(t.Format("MST"))
		default:
			b.WriteString(layout[i-1 : i+1])
		}
	}
	return b.String()
}

func twoDigits(n int) string {
	if n < 10 && n >= 0 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
