package pattern

import (
	"os"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Patterns here are shell patterns in which a backslash quotes the next
// character: expansion writes a quoted `*` as `\*`, so only unquoted `*`,
// `?` and `[...]` are active. A backslash at the very end stands for
// itself. Matching is by UTF-8 character; a byte that is not valid UTF-8
// is a character of its own that only the same byte matches. With Bytes
// (the C locale) every byte is a character of its own, so a byte of a
// UTF-8 sequence is one too.

// hasMeta reports whether pattern has an unquoted `*` or `?`, or an
// unquoted `[` that starts a complete bracket expression: whether it could
// match anything but its own unescaped text.
func hasMeta(pattern string) bool {
	for i := 0; i < len(pattern); i++ {
		switch pattern[i] {
		case '\\':
			i++
		case '*', '?':
			return true
		case '[':
			if _, _, ok := matchBracket(pattern, i, 0, 0); ok {
				return true
			}
		}
	}
	return false
}

// Unescape removes the backslash quoting of pattern, giving the literal
// text it stands for.
func Unescape(pattern string) string {
	if strings.IndexByte(pattern, '\\') < 0 {
		return pattern
	}
	var b strings.Builder
	b.Grow(len(pattern))
	for i := 0; i < len(pattern); i++ {
		if pattern[i] == '\\' && i+1 < len(pattern) {
			i++
		}
		b.WriteByte(pattern[i])
	}
	return b.String()
}

// Match reports whether pattern matches all of s, as a case pattern does,
// read as mode says: with letters of either case (Fold), with extended
// groups (ExtGlob, extglob.go). Unlike in pathname expansion, `*` and `?`
// match `/` and a leading `.`.
//
// Without ExtGlob the time taken is at most proportional to
// len(pattern)*len(s): a star only ever backtracks to the most recent
// star, which is enough for patterns whose only repetition is `*`.
func Match(pattern, s string, mode Mode) bool {
	return Compile(pattern, mode).Match(s)
}

// matchPlain is Match without extended groups: mode's Fold makes
// letters match either case (nocasematch, nocaseglob), its Bytes makes
// every byte a character.
func matchPlain(pattern, s string, mode Mode) bool {
	fold := mode&Fold != 0
	px, sx := 0, 0
	// Where to resume when the text after the last star fails to match:
	// the pattern just after that star, and one character further into s.
	starPx, starSx := -1, -1
	for px < len(pattern) || sx < len(s) {
		if px < len(pattern) {
			switch c := pattern[px]; c {
			case '*':
				px++
				starPx, starSx = px, sx
				continue
			case '?':
				if sx < len(s) {
					_, n := decodeChar(s, sx, mode)
					px++
					sx += n
					continue
				}
			case '[':
				if sx < len(s) {
					r, n := decodeChar(s, sx, mode)
					if ok, end, valid := matchBracket(pattern, px, r, mode); valid {
						if ok {
							px = end
							sx += n
							continue
						}
						break
					}
				}
				// An incomplete bracket expression is a literal '['.
				if sx < len(s) && s[sx] == '[' {
					px++
					sx++
					continue
				}
			default:
				if sx < len(s) {
					pr, pn := decodeLiteral(pattern, px, mode)
					r, n := decodeChar(s, sx, mode)
					if sameRune(pr, r, fold) {
						px += pn
						sx += n
						continue
					}
				}
			}
		}
		if starSx >= 0 && starSx < len(s) {
			_, n := decodeChar(s, starSx, mode)
			starSx += n
			px, sx = starPx, starSx
			continue
		}
		return false
	}
	return true
}

// decodeChar decodes the character at s[i]. A byte that is not valid
// UTF-8, or with Bytes any byte from 0x80 up, becomes a lone surrogate,
// a rune no valid UTF-8 decodes to, so it equals only the same byte, and
// a range of such bytes ([\x80-\xff]) is a range of those runes.
func decodeChar(s string, i int, mode Mode) (rune, int) {
	if s[i] < utf8.RuneSelf {
		return rune(s[i]), 1
	}
	if mode&Bytes != 0 {
		return 0xDC00 + rune(s[i]), 1
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && n == 1 {
		return 0xDC00 + rune(s[i]), 1
	}
	return r, n
}

// decodeLiteral decodes a pattern character, taking a backslash as quoting
// the character after it.
func decodeLiteral(p string, i int, mode Mode) (rune, int) {
	if p[i] == '\\' && i+1 < len(p) {
		r, n := decodeChar(p, i+1, mode)
		return r, n + 1
	}
	return decodeChar(p, i, mode)
}

// matchBracket reads the bracket expression at p[i] == '[' and reports
// whether it matches r and where it ends, read as mode says (Fold,
// Bytes). valid is false when the bracket is not closed, so that the '['
// is an ordinary character.
//
// Inside the brackets, a leading `!` or `^` negates, a `]` right after the
// opening (and negation) is literal, `a-z` is a range of code points (a
// `-` first or last is literal), [:class:] names a POSIX class, [=c=] and
// [.c.] stand for c, and a backslash quotes the next character (a quoted
// `-` makes no range, a quoted `]` does not close).
func matchBracket(p string, i int, r rune, mode Mode) (matched bool, end int, valid bool) {
	fold := mode&Fold != 0
	j := i + 1
	negate := false
	if j < len(p) && (p[j] == '!' || p[j] == '^') {
		negate = true
		j++
	}
	for first := true; ; first = false {
		if j >= len(p) {
			return false, 0, false
		}
		if p[j] == ']' && !first {
			return matched != negate, j + 1, true
		}
		if p[j] == '[' && j+1 < len(p) && (p[j+1] == ':' || p[j+1] == '=' || p[j+1] == '.') {
			delim := p[j+1]
			if k := strings.Index(p[j+2:], string(delim)+"]"); k >= 0 {
				name := p[j+2 : j+2+k]
				j += 2 + k + 2
				if delim == ':' {
					if inClass(name, r) {
						matched = true
					}
					continue
				}
				// [=c=] and [.c.]: in the C locale, just c.
				if name != "" {
					if c, n := decodeLiteral(name, 0, mode); n == len(name) && sameRune(c, r, fold) {
						matched = true
					}
				}
				continue
			}
		}
		lo, n := decodeLiteral(p, j, mode)
		j += n
		if j+1 < len(p) && p[j] == '-' && p[j+1] != ']' {
			hi, n := decodeLiteral(p, j+1, mode)
			j += 1 + n
			if inRange(lo, hi, r, fold) {
				matched = true
			}
		} else if sameRune(lo, r, fold) {
			matched = true
		}
	}
}

// sameRune reports whether a and b are the same character, or with
// fold the same letter in either case.
func sameRune(a, b rune, fold bool) bool {
	if a == b {
		return true
	}
	if !fold {
		return false
	}
	for c := unicode.SimpleFold(b); c != b; c = unicode.SimpleFold(c) {
		if c == a {
			return true
		}
	}
	return false
}

// inRange reports whether r is in lo-hi, or with fold whether r in
// either case is.
func inRange(lo, hi, r rune, fold bool) bool {
	if lo <= r && r <= hi {
		return true
	}
	if !fold {
		return false
	}
	for c := unicode.SimpleFold(r); c != r; c = unicode.SimpleFold(c) {
		if lo <= c && c <= hi {
			return true
		}
	}
	return false
}

// inClass reports whether r is in the named POSIX character class; an
// unknown class matches nothing, as in bash.
func inClass(name string, r rune) bool {
	if r >= utf8.RuneSelf {
		switch name {
		case "alpha":
			return unicode.IsLetter(r)
		case "alnum":
			return unicode.IsLetter(r) || unicode.IsDigit(r)
		case "word":
			return unicode.IsLetter(r) || unicode.IsDigit(r)
		case "upper":
			return unicode.IsUpper(r)
		case "lower":
			return unicode.IsLower(r)
		case "space":
			return unicode.IsSpace(r)
		case "punct":
			return unicode.IsPunct(r) || unicode.IsSymbol(r)
		case "print":
			return unicode.IsPrint(r)
		case "graph":
			return unicode.IsGraphic(r) && !unicode.IsSpace(r)
		case "cntrl":
			return unicode.IsControl(r)
		}
		return false
	}
	c := byte(r)
	switch name {
	case "alpha":
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
	case "digit":
		return '0' <= c && c <= '9'
	case "alnum":
		return inClass("alpha", r) || inClass("digit", r)
	case "word":
		return inClass("alnum", r) || c == '_'
	case "upper":
		return 'A' <= c && c <= 'Z'
	case "lower":
		return 'a' <= c && c <= 'z'
	case "space":
		return c == ' ' || '\t' <= c && c <= '\r'
	case "blank":
		return c == ' ' || c == '\t'
	case "punct":
		return '!' <= c && c <= '~' && !inClass("alnum", r)
	case "xdigit":
		return inClass("digit", r) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
	case "cntrl":
		return c < ' ' || c == 0x7f
	case "print":
		return ' ' <= c && c <= '~'
	case "graph":
		return '!' <= c && c <= '~'
	}
	return false
}

// Trim implements ${x#p} ${x##p} ${x%p} ${x%%p}: suffix selects %/%%
// and longest selects ##/%%. It removes the shortest or longest prefix (or
// suffix) of s that pattern, read as mode says, matches, cutting only
// between characters.
func Trim(s, pattern string, suffix, longest bool, mode Mode) string {
	if !HasMeta(pattern, mode) {
		lit := Unescape(pattern)
		if suffix {
			return strings.TrimSuffix(s, lit)
		}
		return strings.TrimPrefix(s, lit)
	}
	// The places s can be cut, in increasing order: every byte when
	// ByBytes, and each part is then matched as Match says.
	byBytes := ByBytes(mode, s, pattern)
	cutMode := mode
	if byBytes {
		cutMode |= Bytes
	}
	cuts := make([]int, 0, len(s)+1)
	for i := 0; i < len(s); {
		cuts = append(cuts, i)
		_, n := decodeChar(s, i, cutMode)
		i += n
	}
	cuts = append(cuts, len(s))
	m := Compile(pattern, mode)
	if !suffix && m.prog != nil && (m.mode&Bytes != 0 || !byBytes) {
		// One run gives every prefix the pattern matches.
		cut := -1
		m.prog.run(s, 0, 0, func(end int) {
			if cut < 0 || longest && end > cut {
				cut = end
			}
		})
		if cut < 0 {
			return s
		}
		return s[cut:]
	}
	// A prefix is shortest, a suffix longest, at the low cuts.
	fromLow := suffix == longest
	for k := range cuts {
		if !fromLow {
			k = len(cuts) - 1 - k
		}
		i := cuts[k]
		if suffix {
			if m.Match(s[i:]) {
				return s[:i]
			}
		} else if m.Match(s[:i]) {
			return s[i:]
		}
	}
	return s
}

// GlobOptions are the bash options (shopt) that change pathname
// expansion.
type GlobOptions struct {
	DotGlob  bool // dotglob: a leading dot need not be matched explicitly (. and .. never match)
	NoCase   bool // nocaseglob: letters match either case
	GlobStar bool // globstar: a ** component matches any depth of directories
	ExtGlob  bool // extglob: ?(…) *(…) +(…) @(…) !(…) groups are active
	KeepDots bool // shopt -u globskipdots: a component that starts with a literal dot can match . and ..
	Bytes    bool // the C locale: every byte of a name is a character (Bytes)
}

// Mode is how the options have patterns matched.
func (o GlobOptions) Mode() Mode {
	var m Mode
	if o.NoCase {
		m |= Fold
	}
	if o.ExtGlob {
		m |= ExtGlob
	}
	if o.Bytes {
		m |= Bytes
	}
	return m
}

// Glob expands a pathname pattern relative to dir (the shell's cwd; never
// chdir!) like sh: split on '/', match each component, skip names starting
// with '.' unless the component pattern starts with a literal '.', never
// match '.' or '..' via wildcards (unless KeepDots), sort results (bash sorts by locale; use
// plain byte order, LC_ALL=C), return names as they'd be written
// (relative stays relative, absolute stays absolute). Returns nil when
// nothing matches (the caller keeps the word as written), and also when
// the pattern has no metacharacter at all. A component without
// metachars is just checked for existence (but still unescaped). Hidden
// trailing slash: `*/` matches directories only and keeps the slash.
//
// Unreadable directories contribute no matches. Repeated slashes are kept
// as written before the first component with metacharacters and made one
// after it, as bash does.
//
// With GlobStar, a component that is just ** matches the directory it is
// in and every directory below it (symbolic links are not followed, and
// hidden ones only with DotGlob); as the last component it matches every
// file and directory below, and the directory itself written with a
// slash (a/** gives a/).
func Glob(dir, pattern string, o GlobOptions) []string {
	mode := o.Mode()
	if !HasMeta(pattern, mode) {
		return nil
	}
	comps := splitPath(pattern)
	abs := comps[0] == ""
	// Like bash, keep repeated slashes as written in the literal leading
	// directories, but write one slash after a matched component.
	for i, c := range comps {
		if HasMeta(c, mode) {
			kept := comps[:i+1]
			for j, c := range comps[i+1:] {
				if c != "" || i+1+j == len(comps)-1 {
					kept = append(kept, c)
				}
			}
			comps = kept
			break
		}
	}
	dirSlash := "/" // how a last ** writes the directory it is in
	if o.GlobStar {
		// ** then ** is one **, as in bash: each path comes once; a
		// last **/** writes that directory without its slash (a/**/**
		// gives a).
		n := len(comps)
		if n >= 2 && comps[n-1] == "**" && comps[n-2] == "**" {
			dirSlash = ""
		}
		comps = slices.CompactFunc(comps, func(a, b string) bool { return a == "**" && b == "**" })
	}
	// Each candidate is a path as it will be written; the first component
	// is joined without a slash (for an absolute pattern it is empty).
	cands := []string{""}
	for i, comp := range comps {
		last := i == len(comps)-1
		var next []string
		if !HasMeta(comp, mode) {
			lit := Unescape(comp)
			for _, c := range cands {
				w := globJoin(c, lit, i, abs)
				switch {
				case last && lit == "" && w == "":
					// **/ matched no directory at the top: no word
				case last && lit == "":
					// A trailing slash: directories only.
					if fi, err := os.Stat(globFSPath(dir, w, abs)); err == nil && fi.IsDir() {
						next = append(next, w)
					}
				case last:
					if _, err := os.Lstat(globFSPath(dir, w, abs)); err == nil {
						next = append(next, w)
					}
				default:
					// Checked when the next component is looked up.
					next = append(next, w)
				}
			}
		} else if o.GlobStar && comp == "**" {
			for _, c := range cands {
				if last && i > 0 {
					next = append(next, c+dirSlash)
				} else if !last {
					next = append(next, c)
				}
				next = globBelow(next, dir, c, i, abs, o.DotGlob, !last)
			}
		} else {
			dots := o.KeepDots && globHidden(comp, mode)
			hidden := o.DotGlob || dots || globHidden(comp, mode)
			m := Compile(comp, mode)
			for _, c := range cands {
				if dots {
					next = globDots(next, c, m, i, abs)
				}
				next = globDir(next, dir, c, m, i, abs, hidden, !last)
			}
		}
		cands = next
		if len(cands) == 0 {
			return nil
		}
	}
	sort.Strings(cands)
	return cands
}

// globDir appends to out the entries of the directory written as c that
// match comp, as paths written c/name (or name for the first component).
func globDir(out []string, dir, c string, comp Matcher, i int, abs, hidden, dirsOnly bool) []string {
	path := globFSPath(dir, c, abs)
	for _, e := range readDir(path) {
		name := e.Name()
		if name[0] == '.' && !hidden || name == "." || name == ".." {
			continue
		}
		if !comp.Match(name) {
			continue
		}
		w := globJoin(c, name, i, abs)
		if dirsOnly && !e.IsDir() {
			if e.Type()&os.ModeSymlink == 0 {
				continue
			}
			if fi, err := os.Stat(path + "/" + name); err != nil || !fi.IsDir() {
				continue
			}
		}
		out = append(out, w)
	}
	return out
}

// globDots appends to out . and .. of the directory written as c where
// comp matches them (shopt -u globskipdots); directory entries that
// readDir never lists.
func globDots(out []string, c string, comp Matcher, i int, abs bool) []string {
	for _, name := range [...]string{".", ".."} {
		if comp.Match(name) {
			out = append(out, globJoin(c, name, i, abs))
		}
	}
	return out
}

// globBelow appends to out what is below the directory written as c, as
// paths written c/name/…: its directories only with dirsOnly, hidden
// ones only with hidden, symbolic links as entries but not followed.
func globBelow(out []string, dir, c string, i int, abs, hidden, dirsOnly bool) []string {
	for _, e := range readDir(globFSPath(dir, c, abs)) {
		name := e.Name()
		if name[0] == '.' && !hidden {
			continue
		}
		w := globJoin(c, name, i, abs)
		if e.IsDir() {
			out = append(out, w)
			out = globBelow(out, dir, w, i+1, abs, hidden, dirsOnly)
		} else if !dirsOnly {
			out = append(out, w)
		}
	}
	return out
}

// readDir is the entries of the directory at path; none when it cannot
// be read.
func readDir(path string) []os.DirEntry {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	ents, _ := f.ReadDir(-1)
	f.Close()
	return ents
}

// globJoin writes name in the directory written as c, for component i
// of the pattern: c is empty at the top (i == 0, or after a ** that
// matched no directory there).
func globJoin(c, name string, i int, abs bool) string {
	if i == 0 || c == "" && !abs {
		return name
	}
	return c + "/" + name
}

// globFSPath is the file system path of a candidate written as w.
func globFSPath(dir, w string, abs bool) string {
	switch {
	case abs && w == "":
		return "/"
	case abs:
		return w
	case w == "" && dir == "":
		return "."
	case w == "":
		return dir
	case dir == "":
		return w
	}
	return dir + "/" + w
}

// splitPath splits a pattern on slashes, quoted or not.
func splitPath(pattern string) []string {
	var comps []string
	start := 0
	var b strings.Builder
	for i := 0; i < len(pattern); i++ {
		switch pattern[i] {
		case '\\':
			if i+1 < len(pattern) && pattern[i+1] == '/' {
				b.WriteString(pattern[start:i])
				comps = append(comps, b.String())
				b.Reset()
				start = i + 2
			}
			i++
		case '/':
			b.WriteString(pattern[start:i])
			comps = append(comps, b.String())
			b.Reset()
			start = i + 1
		}
	}
	if start <= len(pattern) {
		b.WriteString(pattern[start:])
	}
	return append(comps, b.String())
}
