package interp

import "strings"

// The shell's locale decides one thing in plumb: whether a string is
// UTF-8 characters or bytes. bash reads its locale from the first
// non-empty of LC_ALL, LC_CTYPE and LANG (none at all is the C locale),
// and again whenever one of them is assigned or unset in the shell,
// exported or not, a prefix assignment (`LC_ALL=C f`) and a function's
// local included. In the C locale, and in any locale whose codeset is
// not UTF-8, every byte is a character: for ${#x}, ${x:off:len}, the
// patterns of case, [[ == ]], ${x#p}, ${x/p/r} and globbing, the case
// conversions (only ASCII letters change), the separator of "$*",
// field splitting on IFS, and the $'\ooo' quoting of ${x@Q} and
// printf %q.
//
// s.bytes caches the answer: it is worked out again only when one of the
// three variables changes (varChanged), never per expansion, so that
// reading it costs a loop of builtins or function calls nothing.
//
// Unlike bash, plumb decides from the name alone: bash asks setlocale,
// which fails for a locale that is not installed, and then keeps the
// locale it had; plumb takes en_US.UTF-8 as UTF-8 whether it is
// installed or not.

// varChanged is called after variable name was assigned, unset or
// restored, for the variables whose value the shell caches: PATH (the
// command hash) and the locale's.
func (s *Shell) varChanged(name string) {
	switch name {
	case "PATH":
		s.pathCache = nil
	case "LC_ALL", "LC_CTYPE", "LANG":
		s.setLocale()
	}
}

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
