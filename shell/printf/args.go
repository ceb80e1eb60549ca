package printf

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// charCode is the value of a 'c or "c argument: the code of the
// character after the quote, 0 if none; with bytes (the C locale) the
// byte after it.
func charCode(a string, bytes bool) int64 {
	if len(a) < 2 {
		return 0
	}
	if bytes {
		return int64(a[1])
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
		return charCode(a, p.byteChars)
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
		return uint64(charCode(a, p.byteChars))
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
		return float64(charCode(a, p.byteChars))
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

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
