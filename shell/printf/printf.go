package printf

import (
	"bytes"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
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
	return FormatIn(w, format, args, time.Local)
}

// FormatIn is Format with %(fmt)T showing times in the zone loc (the
// shell's exported TZ; see Zone).
func FormatIn(w io.Writer, format string, args []string, loc *time.Location) (status int, diags []string) {
	return FormatOpts(w, format, args, Options{Loc: loc})
}

// Options are what Format takes from the shell beyond the format and
// its arguments.
type Options struct {
	Loc   *time.Location // the zone of %(fmt)T; time.Local when nil
	Bytes bool           // the C locale: %q and %Q write each byte from 0x80 up as $'\ooo'
}

// FormatOpts is Format as o says.
func FormatOpts(w io.Writer, format string, args []string, o Options) (status int, diags []string) {
	if o.Loc == nil {
		o.Loc = time.Local
	}
	p := &printer{args: args, loc: o.Loc, byteChars: o.Bytes}
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
	loc *time.Location // the zone of %(fmt)T
	// byteChars is Options.Bytes.
	byteChars bool
	args      []string
	argi      int
	out       bytes.Buffer
	status    int
	diags     []string
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
			p.out.WriteString(pad(sp, truncate(sp, printfQuote(a, p.byteChars))))
		case 'Q':
			a, _ := p.nextArg()
			p.out.WriteString(pad(sp, printfQuote(truncate(sp, a), p.byteChars)))
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
			p.out.WriteString(pad(sp, truncate(sp, strftime(layout, t.In(p.loc)))))
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
