package expand

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/plumbsh/plumb/parser"
	"github.com/plumbsh/plumb/shell/pattern"
)

// Word expansion, in the POSIX order: tilde, parameters, command
// substitution and arithmetic (left to right), then field splitting of
// unquoted expansion results on IFS, pathname expansion of unquoted glob
// characters, and quote removal. An expander walks a word's parts and
// feeds a Builder, which does the splitting, the quoting and the
// fields' patterns.

// expander is one expansion under way: a Config's words going into a
// Builder. It lives on its caller's stack; nested expansions (the
// pattern of ${x#p}, the text of $((…))) make their own.
type expander struct {
	c *Config
	b Builder
	// noMatch is the first glob that matched nothing under failglob.
	noMatch *string
}

// init readies e for an expansion in mode. (Set in place: a composite
// literal would be built aside and copied, on every word.)
func (e *expander) init(c *Config, mode Mode) {
	e.c = c
	e.b.Mode = mode
	e.b.Env = c.Env
	e.b.Bytes = c.Bytes
}

// Fields expands words into fields: the arguments of a command, after
// brace expansion (with BraceExpand), splitting and globbing.
func (c *Config) Fields(words []*parser.Word) ([]string, error) {
	var e expander
	e.init(c, Fields)
	e.b.Reserve(len(words))
	for _, w := range words {
		if lit := w.Lit(); plain(lit) {
			// A plain word is itself: no builder, no pattern (a
			// third of a `while [ $i -lt N ]` loop's time).
			e.b.Append(lit)
			continue
		}
		if c.BraceExpand && HasBrace(w) {
			// Brace expansion comes first, and each word it makes
			// expands on its own: {a,b}$((i++)) counts twice.
			bws, err := Braces(w)
			if err != nil {
				return nil, err
			}
			for _, bw := range bws {
				if err := e.word(bw); err != nil {
					return nil, err
				}
			}
			continue
		}
		if err := e.word(w); err != nil {
			return nil, err
		}
	}
	return e.b.Fields(), nil
}

// Plain returns the fields of words that are all plain (each one only
// literal text, without a glob character or a brace: itself); ok is false
// when one is not, and Fields must expand them. It needs no Config: a
// shell can skip making one for `f`, `:`, `echo hi`.
func Plain(words []*parser.Word) (fields []string, ok bool) {
	for _, w := range words {
		if !plain(w.Lit()) {
			return nil, false
		}
	}
	fields = make([]string, len(words))
	for i, w := range words {
		fields[i] = w.Lit()
	}
	return fields, true
}

// plain reports whether lit, a word's literal text, is the word's only
// field: not empty, no glob character, no brace.
func plain(lit string) bool {
	if lit == "" {
		return false
	}
	// A loop over the bytes, not strings.ContainsAny: this runs for
	// every word of every command, and the words are short.
	for i := 0; i < len(lit); i++ {
		switch lit[i] {
		case '*', '?', '[', '{': // GlobChars, and the brace
			return false
		}
	}
	return true
}

// word expands one word into fields.
func (e *expander) word(w *parser.Word) error {
	if err := e.parts(w.Parts, false); err != nil {
		return err
	}
	e.endField(false)
	if e.noMatch != nil {
		// failglob: as in bash, the rest of the line (of an eval
		// string: the eval) is abandoned, and the script goes on.
		return &Error{Msg: "no match: " + *e.noMatch, Kind: NoMatch}
	}
	return nil
}

// Literal expands a word into one string, without splitting or
// globbing: an assignment's value, a here-string, a redirection's target.
func (c *Config) Literal(w *parser.Word) (string, error) {
	if w != nil {
		if lit := w.Lit(); lit != "" {
			return lit, nil
		}
	}
	return c.one(w, String, false)
}

// Pattern expands a word into a pattern for pattern.Match and
// pattern.Trim: quoted characters escaped, unquoted glob characters
// active (case, ${x#p}).
func (c *Config) Pattern(w *parser.Word) (string, error) { return c.one(w, Pattern, false) }

// Regex expands a word into a regular expression whose quoted parts
// match literally: the right side of [[ x =~ re ]].
func (c *Config) Regex(w *parser.Word) (string, error) { return c.one(w, Regex, false) }

// Document expands a word's parts as if inside double quotes: the body
// of a here-document.
func (c *Config) Document(w *parser.Word) (string, error) { return c.one(w, String, true) }

// one expands a word into one string in mode (not Fields): its text in
// String mode, else its pattern. quoted expands it as inside "…".
func (c *Config) one(w *parser.Word, mode Mode, quoted bool) (string, error) {
	if w == nil {
		return "", nil
	}
	var e expander
	e.init(c, mode)
	if err := e.parts(w.Parts, quoted); err != nil {
		return "", err
	}
	if mode == String {
		return e.b.Val(), nil
	}
	return e.b.Pat(), nil
}

// ArithText expands an arithmetic text ($((…)), ((…)), a subscript, an
// offset): as inside double quotes, and the double quotes written in it
// are removed, as bash does: $(( "1" + 2 )), ${a["1"]}.
func (c *Config) ArithText(w *parser.Word) (string, error) {
	if w == nil {
		return "", nil
	}
	if lit := w.Lit(); lit != "" {
		return dropDoubleQuotes(lit), nil
	}
	var e expander
	e.init(c, String)
	for _, p := range w.Parts {
		if l, ok := p.(*parser.Lit); ok {
			e.literal(dropDoubleQuotes(l.Value), true)
			continue
		}
		if err := e.part(p, true); err != nil {
			return "", err
		}
	}
	return e.b.Val(), nil
}

func dropDoubleQuotes(s string) string {
	if strings.IndexByte(s, '"') < 0 {
		return s
	}
	return strings.ReplaceAll(s, `"`, "")
}

// arith expands and evaluates an arithmetic text.
func (c *Config) arith(w *parser.Word) (int64, error) {
	text, err := c.ArithText(w)
	if err != nil {
		return 0, err
	}
	if c.Arith == nil {
		return 0, abort("$((…)): no arithmetic here")
	}
	return c.Arith(text)
}

// glob is pathname expansion of a field with an unquoted glob character
// (val as text, pat as a pattern): the matches, or nil to keep the field.
func (e *expander) glob(val, pat string) []string {
	c := e.c
	if c.NoGlob || c.Glob == nil {
		return nil
	}
	// The builder's meta only says a glob character went in (`[`
	// alone is none).
	opts := c.GlobOptions
	opts.Bytes = c.Bytes
	if !pattern.HasMeta(pat, opts.Mode()) {
		return nil
	}
	m := c.Glob(pat, opts)
	if c.GlobIgnore != nil && len(m) > 0 {
		m = c.ignoreGlobbed(m)
	}
	if len(m) == 0 {
		switch {
		case c.FailGlob:
			if e.noMatch == nil {
				v := val // a copy: &val would put every call's val on the heap
				e.noMatch = &v
			}
			m = []string{}
		case c.NullGlob:
			m = []string{}
		}
	}
	return m
}

// ignoreGlobbed drops from a glob's matches those GlobIgnore names, and
// . and .. (bash's glob_name_is_acceptable). It filters m in place: m
// is the Glob callback's fresh slice. Nil when none is left: the glob
// then matched nothing, for nullglob and failglob too.
func (c *Config) ignoreGlobbed(m []string) []string {
	ms := make([]pattern.PathMatcher, len(c.GlobIgnore))
	for i, p := range c.GlobIgnore {
		ms[i] = pattern.CompilePath(p, c.GlobOptions.Mode())
	}
	kept := m[:0]
	for _, name := range m {
		if base := name[strings.LastIndexByte(name, '/')+1:]; base == "." || base == ".." {
			continue
		}
		if !slices.ContainsFunc(ms, func(p pattern.PathMatcher) bool { return p.Match(name) }) {
			kept = append(kept, name)
		}
	}
	if len(kept) == 0 {
		return nil
	}
	return kept
}

func (e *expander) literal(text string, quoted bool) { e.b.Literal(text, quoted) }
func (e *expander) expansion(v string, quoted bool)  { e.b.Expansion(v, quoted, e.globber()) }
func (e *expander) endField(force bool)              { e.b.EndField(force, e.globber()) }

// globber is pathname expansion for the builder, in Fields mode only.
func (e *expander) globber() Glob {
	if e.b.Mode != Fields {
		return nil
	}
	return e.glob
}

func (e *expander) parts(parts []parser.WordPart, quoted bool) error {
	for _, p := range parts {
		if err := e.part(p, quoted); err != nil {
			return err
		}
	}
	return nil
}

func (e *expander) part(p parser.WordPart, quoted bool) error {
	switch p := p.(type) {
	case *parser.Lit:
		e.literal(p.Value, quoted)
	case *parser.Escaped:
		e.literal(p.Value, true)
	case *parser.SglQuoted:
		e.literal(p.Value, true)
	case *parser.DblQuoted:
		if !e.c.emptyAtOnly(p) {
			e.b.Start()
		}
		return e.parts(p.Parts, true)
	case *parser.Tilde:
		e.literal(Tilde(e.c.Env, e.c.HomeDir, p.User), true)
	case *parser.ParamExp:
		return e.param(p, quoted)
	case *parser.CmdSubst:
		if e.c.CmdSubst == nil {
			return abort("$(…): no command substitution here")
		}
		out, err := e.c.CmdSubst(p)
		if err != nil {
			return err
		}
		e.expansion(out, quoted)
	case *parser.ProcSubst:
		if e.c.ProcSubst == nil {
			return abort("<(…): no process substitution here")
		}
		path, err := e.c.ProcSubst(p)
		if err != nil {
			return err
		}
		e.literal(path, quoted)
	case *parser.ArithExp:
		n, err := e.c.arith(p.Expr)
		if err != nil {
			return err
		}
		e.expansion(strconv.FormatInt(n, 10), quoted)
	case *parser.ExtGlob:
		// The group's text goes in as written, its quoted parts escaped
		// in the pattern (only outside quotes is there a group).
		e.literal(string(p.Op)+"(", false)
		if err := e.parts(p.Parts, false); err != nil {
			return err
		}
		e.literal(")", false)
	}
	return nil
}

// emptyAtOnly reports whether a double-quoted string is just "$@" (or
// "${a[@]}") with nothing to expand: it then makes no field at all.
func (c *Config) emptyAtOnly(q *parser.DblQuoted) bool {
	if len(q.Parts) != 1 {
		return false
	}
	pe, ok := q.Parts[0].(*parser.ParamExp)
	switch {
	case !ok || pe.Length:
		return false
	case pe.Op == parser.ParamNone, pe.Op == parser.ParamTransform:
	case pe.Op == parser.ParamAlt, pe.Op == parser.ParamAltColon:
		// "${a[@]+w}" of an empty array: no alternative, no field
	default:
		return false
	}
	if pe.Param == "@" {
		_, args := c.Env.Args()
		return len(args) == 0
	}
	if pe.Names {
		return pe.Index == "@" && len(c.Env.Names(pe.Param)) == 0
	}
	if pe.Index == "@" {
		list, _ := c.paramList(pe.Param)
		return len(list) == 0
	}
	return false
}

// Tilde returns what ~user stands for: for "", $HOME, or when HOME is
// unset the current user's home directory; else user's home directory;
// the text as written when there is none. homeDir may be nil.
func Tilde(env Vars, homeDir func(string) (string, bool), user string) string {
	if user == "" {
		if h, ok := env.Get("HOME"); ok {
			return h
		}
		if homeDir != nil {
			if h, ok := homeDir(""); ok {
				return h
			}
		}
		return "~"
	}
	if homeDir != nil {
		if h, ok := homeDir(user); ok {
			return h
		}
	}
	return "~" + user
}

// ListSep is the separator that joins the elements of a list: a space
// for $@ and ${a[@]}, the first character of IFS for $* and ${a[*]}
// (star), its first byte with bytes (the C locale).
func ListSep(env Vars, star, bytes bool) string {
	if !star {
		return " "
	}
	ifs, ok := env.Get("IFS")
	if !ok {
		return " "
	}
	if ifs == "" {
		return ""
	}
	n := 1
	if !bytes {
		_, n = utf8.DecodeRuneInString(ifs)
	}
	return ifs[:n]
}

// join joins a list's elements as $@ (star false) or $* does.
func (c *Config) join(list []string, star bool) string {
	return strings.Join(list, ListSep(c.Env, star, c.Bytes))
}
