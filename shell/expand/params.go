package expand

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/plumbsh/plumb/parser"
	"github.com/plumbsh/plumb/shell/pattern"
	"github.com/plumbsh/plumb/shell/printf"
)

// ConvertCase implements ${x^p} ${x^^p} ${x,p} ${x,,p}: the first
// character, or every one, that matches pattern p (any character when p
// is empty) is converted.
func ConvertCase(v, pat string, upper, all bool, mode pattern.Mode) string {
	m := pattern.Compile(pat, mode)
	var b strings.Builder
	for i, r := range v {
		if i > 0 && !all {
			b.WriteString(v[i:])
			break
		}
		if pat == "" || m.Match(string(r)) {
			if upper {
				r = unicode.ToUpper(r)
			} else {
				r = unicode.ToLower(r)
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Replace replaces in v the longest match of pattern pat: the first
// one (ParamReplace), every one (ParamReplaceAll), one at the start
// (ParamReplacePrefix) or one at the end (ParamReplaceSuffix). mode
// says how pat is read.
func Replace(v, pat string, rep func(string) string, op parser.ParamOp, mode pattern.Mode) string {
	if !pattern.HasMeta(pat, mode) {
		lit := pattern.Unescape(pat)
		switch op {
		case parser.ParamReplacePrefix:
			if strings.HasPrefix(v, lit) {
				return rep(lit) + v[len(lit):]
			}
			return v
		case parser.ParamReplaceSuffix:
			if strings.HasSuffix(v, lit) {
				return v[:len(v)-len(lit)] + rep(lit)
			}
			return v
		}
		if lit == "" {
			return v
		}
		n := 1
		if op == parser.ParamReplaceAll {
			n = -1
		}
		var b strings.Builder
		for rest := v; ; n-- {
			i := strings.Index(rest, lit)
			if i < 0 || n == 0 {
				b.WriteString(rest)
				return b.String()
			}
			b.WriteString(rest[:i])
			b.WriteString(rep(lit))
			rest = rest[i+len(lit):]
		}
	}
	m := pattern.Compile(pat, mode)
	switch op {
	case parser.ParamReplacePrefix:
		if end := m.Longest(v, 0); end >= 0 {
			return rep(v[:end]) + v[end:]
		}
		return v
	case parser.ParamReplaceSuffix:
		for start := 0; start <= len(v); start++ {
			if utf8.RuneStart(byteAt(v, start)) && m.Match(v[start:]) {
				return v[:start] + rep(v[start:])
			}
		}
		return v
	}
	var b strings.Builder
	i := 0
	for i < len(v) {
		end := m.Longest(v, i)
		if end <= i {
			_, size := utf8.DecodeRuneInString(v[i:])
			b.WriteString(v[i : i+size])
			i += size
			continue
		}
		b.WriteString(rep(v[i:end]))
		i = end
		if op != parser.ParamReplaceAll {
			break
		}
	}
	b.WriteString(v[i:])
	return b.String()
}

// byteAt is v[i], or a rune start at the end of v.
func byteAt(v string, i int) byte {
	if i >= len(v) {
		return 0
	}
	return v[i]
}

// Quote quotes v as bash's ${x@Q} does: in single quotes, or as
// $'…' when it holds a character that is not printable.
func Quote(v string) string {
	if printf.HasControl(v) {
		return printf.ANSICQuote(v)
	}
	return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
}
