package expand

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/plumbsh/plumb/parser"
	"github.com/plumbsh/plumb/shell/pattern"
	"github.com/plumbsh/plumb/shell/printf"
)

// ConvertCase implements ${x^p} ${x^^p} ${x,p} ${x,,p}, and with an
// empty p ${x@U} ${x@u} ${x@L}: the first character, or every one, that
// matches pattern p (any character when p is empty) is converted. With
// pattern.Bytes in mode (the C locale) the characters are bytes and only
// ASCII letters change case; a byte that is not valid UTF-8 never does.
func ConvertCase(v, pat string, upper, all bool, mode pattern.Mode) string {
	m := pattern.Compile(pat, mode)
	bytes := mode&pattern.Bytes != 0
	var b strings.Builder
	b.Grow(len(v))
	for i := 0; i < len(v); {
		if i > 0 && !all {
			b.WriteString(v[i:])
			break
		}
		r, n := rune(v[i]), 1
		if r >= utf8.RuneSelf && !bytes {
			r, n = utf8.DecodeRuneInString(v[i:])
		}
		ch := v[i : i+n]
		i += n
		if r >= utf8.RuneSelf && (bytes || n == 1) || pat != "" && !m.Match(ch) {
			b.WriteString(ch)
			continue
		}
		if upper {
			r = unicode.ToUpper(r)
		} else {
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// charBounds is where the characters of v start, then len(v): every
// offset with bytes (the C locale), else the start of each UTF-8
// character, where a byte that is not valid UTF-8 is one.
func charBounds(v string, bytes bool) []int {
	b := make([]int, 0, len(v)+1)
	for i := 0; i < len(v); {
		b = append(b, i)
		if bytes || v[i] < utf8.RuneSelf {
			i++
			continue
		}
		_, n := utf8.DecodeRuneInString(v[i:])
		i += n
	}
	return append(b, len(v))
}

// Replace replaces in v the longest match of pattern pat: the first
// one (ParamReplace), every one (ParamReplaceAll), one at the start
// (ParamReplacePrefix) or one at the end (ParamReplaceSuffix). mode
// says how pat is read. A pattern of a fixed length is matched as bash
// does it (replaceFixed).
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
	// A text or pattern that is not UTF-8 has bash match by bytes only
	// here, where ${x#p} matches each part it cuts as Match says.
	bytes := pattern.ByBytes(mode, v, pat)
	if bytes {
		mode |= pattern.Bytes
	}
	m := pattern.Compile(pat, mode)
	if n := matchLen(pat, bytes); n >= 0 && !(mode&pattern.ExtGlob != 0 && strings.Contains(pat, "(")) {
		return replaceFixed(v, m, n, rep, op, bytes)
	}
	switch op {
	case parser.ParamReplacePrefix:
		if end := m.Longest(v, 0); end >= 0 {
			return rep(v[:end]) + v[end:]
		}
		return v
	case parser.ParamReplaceSuffix:
		for start := 0; start <= len(v); start++ {
			if (bytes || utf8.RuneStart(byteAt(v, start))) && m.Match(v[start:]) {
				return v[:start] + rep(v[start:])
			}
		}
		return v
	}
	if v == "" && m.Match("") {
		return rep("") // ${s/*/r} of an empty s is r
	}
	var b strings.Builder
	i := 0
	for i < len(v) {
		end := m.Longest(v, i)
		if end <= i {
			size := 1
			if !bytes {
				_, size = utf8.DecodeRuneInString(v[i:])
			}
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

// replaceFixed is Replace for a pattern that matches n characters as
// bash counts them (matchLen): as bash does, it tries only texts of n
// characters. That is the same as looking for the longest match, except
// where bash's count is not the length of the pattern's matches: for
// [!]…] and [^]…] nothing matches ("${s//[^]]/z}" is s), and an
// unterminated [ counts the characters after it.
func replaceFixed(v string, m pattern.Matcher, n int, rep func(string) string, op parser.ParamOp, bytes bool) string {
	// ends[k] is the end of the k-th character of v (ends[0] = 0).
	ends := charBounds(v, bytes)
	chars := len(ends) - 1
	if n > chars {
		return v
	}
	switch op {
	case parser.ParamReplacePrefix:
		if end := ends[n]; m.Match(v[:end]) {
			return rep(v[:end]) + v[end:]
		}
		return v
	case parser.ParamReplaceSuffix:
		if start := ends[chars-n]; m.Match(v[start:]) {
			return v[:start] + rep(v[start:])
		}
		return v
	}
	var b strings.Builder
	done := 0 // v[:done] is written
	for k := 0; k+n <= chars; {
		start, end := ends[k], ends[k+n]
		if !m.Match(v[start:end]) {
			k++
			continue
		}
		b.WriteString(v[done:start])
		b.WriteString(rep(v[start:end]))
		done = end
		if op != parser.ParamReplaceAll {
			break
		}
		k += max(n, 1)
	}
	b.WriteString(v[done:])
	return b.String()
}

// matchLen is the number of characters that a pattern matches as bash
// 5.2 counts them before ${x/p/r} looks for matches (lib/glob/gm_loop.c,
// MATCHLEN), or -1 when it varies (a *, an extglob ?(…)). The count is
// off where bash's is: a bracket expression ends at a "]" right after
// its "!" or "^" (in [!]a] that "]" is a member), and an unterminated
// [ counts as the characters after it. With bytes each byte is a
// character.
func matchLen(pat string, bytes bool) int {
	n := 0
	for i := 0; i < len(pat); {
		c := pat[i]
		i++
		switch c {
		case '*':
			return -1
		case '?':
			if i < len(pat) && pat[i] == '(' {
				return -1
			}
			n++
		case '\\':
			if i < len(pat) {
				size := 1
				if !bytes {
					_, size = utf8.DecodeRuneInString(pat[i:])
				}
				i += size
			}
			n++
		case '[':
			end, chars, ok := bracketLen(pat, i, bytes)
			i = end
			if ok {
				n++
			} else {
				n += chars // an unterminated [ is text
			}
		default:
			if c >= utf8.RuneSelf && !bytes {
				_, size := utf8.DecodeRuneInString(pat[i-1:])
				i += size - 1
			}
			n++
		}
	}
	return n
}

// bracketLen scans the bracket expression that starts at pat[i] (after
// its "["), as MATCHLEN does: end is where scanning stopped, chars the
// number of characters seen with the "[", ok whether a "]" ended it.
func bracketLen(pat string, i int, bytes bool) (end, chars int, ok bool) {
	chars = 1
	first := true // the first character is a member even when it is "]"
	var in byte   // the ':' '.' or '=' of an open [:class:] [.sym.] [=equiv=]
	for i < len(pat) {
		c := pat[i]
		i++
		if c == ']' && !first {
			return i, chars, true
		}
		first = false
		chars++
		switch {
		case c == '\\':
			if i+1 >= len(pat) {
				return len(pat), chars, false
			}
			i++
		case c == '[' && i < len(pat) && (pat[i] == ':' || pat[i] == '.' || pat[i] == '='):
			in = pat[i]
			i++
		case in != 0 && c == in && i < len(pat) && pat[i] == ']':
			in = 0
			i++
		case c >= utf8.RuneSelf && !bytes:
			_, size := utf8.DecodeRuneInString(pat[i-1:])
			i += size - 1
		}
	}
	return i, chars, false
}

// byteAt is v[i], or a rune start at the end of v.
func byteAt(v string, i int) byte {
	if i >= len(v) {
		return 0
	}
	return v[i]
}

// Quote quotes v as bash's ${x@Q} does: in single quotes, or as
// $'…' when it holds a character that is not printable, which with bytes
// (the C locale) every byte from 0x80 up is.
func Quote(v string, bytes bool) string {
	if bytes && printf.HasControlBytes(v) {
		return printf.ANSICQuoteBytes(v)
	}
	if printf.HasControl(v) {
		return printf.ANSICQuote(v)
	}
	return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
}
