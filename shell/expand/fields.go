package expand

import (
	"strings"
	"unicode/utf8"

	"github.com/plumbsh/plumb/shell/ere"
)

// Mode says what a word expands to.
type Mode int

const (
	Fields  Mode = iota // split on IFS, glob: command arguments
	String              // one string, no split, no glob: assignments, here-strings
	Pattern             // one pattern, unquoted glob characters active: case, ${x#p}
	Regex               // one regular expression, quoted parts literal: [[ x =~ re ]]
)

// GlobChars are the characters that make unquoted text a pattern.
const GlobChars = "*?["

// A Builder assembles the fields of expanded words: literal text, and
// the results of expansions, which it splits on IFS (in Fields mode) and
// whose glob characters stay active. It knows the quoting of each byte
// but no variable besides IFS (read through Env) and no file: the Glob
// its caller passes to EndField and Expansion does pathname expansion.
//
// Each field is built twice over: its literal text (quotes removed) and
// the same text as a pattern, where every character that was quoted
// carries a backslash (package pattern's convention), so `"*".c` globs
// only as a literal star. A field records whether any unquoted glob
// character went in, so most words never reach Glob.
type Builder struct {
	Mode Mode
	// Env gives IFS (unset means " \t\n"). It is needed in Fields mode.
	Env Vars
	// Bytes makes each byte of IFS a delimiter of its own (the C
	// locale), where otherwise each UTF-8 character of it is one.
	Bytes bool

	fields []string
	cur    field
	// afterWS is set when the last field ended at IFS white space, so a
	// following non-white IFS character belongs to the same delimiter.
	afterWS bool
}

// Glob expands a field that holds an unquoted glob character, given as
// text (val) and as a pattern (pat): it returns the fields that replace
// it, or nil to keep the field as it is. A nil Glob globs nothing. It is
// passed to each call, not kept, so that a caller's method value need
// not escape to the heap.
type Glob func(val, pat string) []string

type field struct {
	val, pat strings.Builder
	meta     bool
	started  bool // a field exists even if empty ("" or '')
}

// Fields returns the fields ended so far.
func (b *Builder) Fields() []string { return b.fields }

// Reserve makes room for n more fields.
func (b *Builder) Reserve(n int) { b.fields = append(make([]string, 0, len(b.fields)+n), b.fields...) }

// Append adds a finished field as it is.
func (b *Builder) Append(f string) { b.fields = append(b.fields, f) }

// Start makes the current field exist even if it stays empty ("").
func (b *Builder) Start() { b.cur.started = true }

// Val returns the current field's text.
func (b *Builder) Val() string { return b.cur.val.String() }

// Pat returns the current field as a pattern.
func (b *Builder) Pat() string { return b.cur.pat.String() }

// Literal appends text that is not subject to splitting.
func (b *Builder) Literal(text string, quoted bool) {
	b.afterWS = false
	b.cur.started = true
	b.cur.val.WriteString(text)
	if b.Mode == String {
		return // no pattern is ever read
	}
	if b.Mode == Regex {
		if quoted {
			text = ere.QuoteAfter(b.cur.pat.String(), text)
		}
		b.cur.pat.WriteString(text)
		return
	}
	if quoted {
		writeQuotedPattern(&b.cur.pat, text)
		return
	}
	b.cur.pat.WriteString(text)
	if strings.ContainsAny(text, GlobChars) || strings.IndexByte(text, '(') >= 0 {
		b.cur.meta = true // ( for an extglob group: Glob checks
	}
}

// writeQuotedPattern writes text into a pattern so that every character
// in it matches only itself.
func writeQuotedPattern(b *strings.Builder, text string) {
	for i := 0; i < len(text); i++ {
		switch c := text[i]; c {
		case '*', '?', '[', ']', '\\', '!', '^', '-', '+', '@', '(', ')', '|':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
}

// unquotedChar appends one character of an unquoted expansion result: it
// globs, and a backslash in it quotes the next character of the pattern
// (bash 5: v='\*'; echo $v matches a file named *); a field with no
// glob character is not globbed and keeps its backslashes.
func (b *Builder) unquotedChar(ch string) {
	b.afterWS = false
	b.cur.started = true
	b.cur.val.WriteString(ch)
	switch ch {
	case "*", "?", "[", "(":
		b.cur.meta = true
	}
	b.cur.pat.WriteString(ch)
}

// charLen is the length of the character at v[i]: a byte with Bytes or
// when it is ASCII or not valid UTF-8, else the UTF-8 sequence.
func (b *Builder) charLen(v string, i int) int {
	if v[i] < utf8.RuneSelf || b.Bytes {
		return 1
	}
	_, n := utf8.DecodeRuneInString(v[i:])
	return n
}

// EndField finishes the current field, globbing it with glob in Fields
// mode. force keeps an empty field that was never started (a non-white
// IFS delimiter makes one).
func (b *Builder) EndField(force bool, glob Glob) {
	if !b.cur.started && !force {
		return
	}
	if b.Mode == Fields && b.cur.meta && glob != nil {
		if m := glob(b.cur.val.String(), b.cur.pat.String()); m != nil {
			b.fields = append(b.fields, m...)
			b.cur = field{}
			return
		}
	}
	b.fields = append(b.fields, b.cur.val.String())
	b.cur = field{}
}

// Expansion appends the result of a parameter expansion, command
// substitution or arithmetic: quoted, it is literal; unquoted, it is split
// on IFS (in Fields mode) and its glob characters are active: a field
// it ends is globbed with glob.
func (b *Builder) Expansion(v string, quoted bool, glob Glob) {
	if quoted || b.Mode == Regex {
		b.Literal(v, quoted)
		return
	}
	// Without a backslash (and, when splitting, an IFS character) the
	// value goes in whole, as Literal would put it: not rune by rune.
	plain := v != "" && strings.IndexByte(v, '\\') < 0
	if b.Mode != Fields {
		if plain {
			b.Literal(v, false)
			return
		}
		for i := 0; i < len(v); {
			n := b.charLen(v, i)
			b.unquotedChar(v[i : i+n])
			i += n
		}
		return
	}
	ifs, ok := b.Env.Get("IFS")
	if !ok {
		ifs = " \t\n"
	}
	if plain && !strings.ContainsAny(v, ifs) {
		b.Literal(v, false)
		return
	}
	for i := 0; i < len(v); {
		n := b.charLen(v, i)
		ch := v[i : i+n]
		i += n
		// A byte that is not valid UTF-8 is no delimiter outside Bytes.
		if !strings.Contains(ifs, ch) || n == 1 && ch[0] >= utf8.RuneSelf && !b.Bytes {
			b.unquotedChar(ch)
			continue
		}
		if ch == " " || ch == "\t" || ch == "\n" {
			if b.cur.started {
				b.EndField(false, glob)
				b.afterWS = true
			}
			continue
		}
		// A non-white delimiter ends a field, even an empty one, unless
		// white space already ended it as part of the same delimiter.
		if b.afterWS {
			b.afterWS = false
			continue
		}
		b.EndField(true, glob)
	}
}
