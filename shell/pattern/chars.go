package pattern

// The character primitives below are shared with the regular-expression
// matcher for [[ x =~ re ]] (package ere), so that a character, a POSIX
// class and case folding mean the same in a pattern and in a regular
// expression.

// DecodeChar decodes the character at s[i] as mode's Bytes says and
// returns it with its width. A byte that is not valid UTF-8, or with Bytes
// any byte from 0x80 up, comes back as a lone surrogate (0xDC00 plus the
// byte), a rune no valid UTF-8 decodes to.
func DecodeChar(s string, i int, mode Mode) (rune, int) { return decodeChar(s, i, mode) }

// InClass reports whether r is in the POSIX character class name
// ("alpha", "digit", …); an unknown name matches nothing.
func InClass(name string, r rune) bool { return inClass(name, r) }

// SameRune reports whether a and b are the same character, or with fold
// the same letter in either case.
func SameRune(a, b rune, fold bool) bool { return sameRune(a, b, fold) }

// InRange reports whether r is in lo-hi, or with fold whether r in either
// case is.
func InRange(lo, hi, r rune, fold bool) bool { return inRange(lo, hi, r, fold) }
