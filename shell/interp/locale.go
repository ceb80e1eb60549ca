package interp

import (
	"strings"
	"unicode/utf8"

	"github.com/plumbsh/plumb/shell/printf"
)

// The shell's locale decides one thing in plumb: whether a string is
// UTF-8 characters or bytes. bash reads its locale from the first
// non-empty of LC_ALL, LC_CTYPE and LANG (none at all is the C locale),
// and again whenever one of them is assigned or unset in the shell,
// exported or not, a prefix assignment (`LC_ALL=C f`) and a function's
// local included. In the C locale, and in any locale whose codeset is
// not UTF-8, every byte is a character: for ${#x}, ${x:off:len}, the
// patterns of case, [[ == ]], ${x#p}, ${x/p/r} and globbing, [[ =~ ]],
// the case conversions (only ASCII letters change), the separator of
// "$*", field splitting on IFS, read -n, printf's 'c, and the $'\ooo'
// quoting of ${x@Q}, printf %q, declare -p and set (a byte from 0x80 up
// is not printable); printf's \u00e9 stays written as \u00E9.
//
// s.bytes caches the answer: it is worked out again only when one of the
// three variables changes (varChanged), never per expansion, so that
// reading it costs a loop of builtins or function calls nothing.
//
// Unlike bash, plumb decides from the name alone: bash asks setlocale,
// which fails for a locale that is not installed, and then keeps the
// locale it had; plumb takes en_US.UTF-8 as UTF-8 whether it is
// installed or not.

// setLocale works out s.bytes from LC_ALL, LC_CTYPE and LANG.
func (s *Shell) setLocale() {
	s.bytes = !utf8Locale(s.localeName())
}

// localeName is the locale that names the shell's character set: the
// first non-empty of LC_ALL, LC_CTYPE and LANG, "" for none.
func (s *Shell) localeName() string {
	for _, k := range [...]string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if v, _ := s.get(k); v != "" {
			return v
		}
	}
	return ""
}

// utf8Locale reports whether the locale name says UTF-8 as its codeset:
// language[_territory][.codeset][@modifier] with a codeset of UTF-8 or
// utf8 in any case (C.UTF-8, en_US.utf8). C, POSIX, "" and every other
// codeset are bytes.
func utf8Locale(name string) bool {
	_, cs, ok := strings.Cut(name, ".")
	if !ok {
		return false
	}
	cs, _, _ = strings.Cut(cs, "@")
	return strings.EqualFold(cs, "UTF-8") || strings.EqualFold(cs, "utf8")
}

// hasControl reports whether v holds a character that is not printable
// in the shell's locale (in the C locale every byte from 0x80 up is
// one), which bash's listings then quote as $'…' (ansicQuote).
func (s *Shell) hasControl(v string) bool {
	if s.bytes {
		return printf.HasControlBytes(v)
	}
	return printf.HasControl(v)
}

// ansicQuote is bash's $'…' quoting in the shell's locale: a character
// that is not printable there is written in octal, byte by byte.
func (s *Shell) ansicQuote(v string) string {
	if s.bytes {
		return printf.ANSICQuoteBytes(v)
	}
	return printf.ANSICQuote(v)
}

// declQuote quotes a value as declare -p and the listings of arrays
// show it: $'…' when it holds a character that is not printable, "…"
// otherwise.
func (s *Shell) declQuote(v string) string {
	if s.hasControl(v) {
		return s.ansicQuote(v)
	}
	return doubleQuote(v)
}

// isASCII reports whether s is all ASCII, the same text in every locale.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
