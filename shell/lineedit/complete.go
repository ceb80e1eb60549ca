package lineedit

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/plumbsh/plumb/parser"
)

// Tab completion for the line editor: command names (builtins, functions,
// programs on PATH) in command position, $VARIABLE names after $,
// directories only after cd, file names elsewhere. Names are quoted the
// way the word being completed is: backslashes outside quotes, nothing
// but the closing quote inside them.

// Completer completes the word under the cursor; its Do method has the
// shape of readline's AutoCompleter. The line editor calls it only while
// the shell waits in ReadLine, so reading the shell's state through h is
// safe.
type Completer struct {
	h       Host
	replace func(line string) // see OnReplace; nil: never replaced
}

// NewCompleter returns the completer for the shell h.
func NewCompleter(h Host) *Completer { return &Completer{h: h} }

// wordState is what the completer knows about the word under the cursor.
type wordState struct {
	start   int    // byte offset of the word in the line
	value   string // the word with quotes and backslashes removed
	quote   byte   // the open quote at the cursor: 0, '\'' or '"'
	cmdPos  bool   // the word is in command position
	command string // the command word of this simple command, when not cmdPos
}

// Do returns the texts to insert after the cursor, one per candidate, and
// how many runes before the cursor the candidates' display starts with.
// The shell's completion spec for the command (bash's complete) comes
// first; without one, the editor's own completion.
func (c *Completer) Do(line []rune, pos int) ([][]rune, int) {
	text := string(line[:pos])
	if out, n, ok := c.programmable(string(line), len(text)); ok {
		return out, n
	}
	return c.standard(text)
}

// standard is the editor's own completion of the word at the end of
// text: a variable name after $, a command name in command position,
// else a file name (a directory after cd).
func (c *Completer) standard(text string) ([][]rune, int) {
	w := scanWord(text)
	typed := text[w.start:]
	switch {
	case varPrefix(w) != nil:
		vp := varPrefix(w)
		return c.vars(vp.name, vp.brace, w.quote)
	case w.cmdPos && !strings.Contains(w.value, "/"):
		base := w.value
		names := c.commands(base)
		out := make([][]rune, 0, len(names))
		for _, n := range names {
			out = append(out, []rune(quoteRest(n[len(base):], w.quote)+closeWord(w.quote)))
		}
		return out, len([]rune(typed))
	}
	return c.fileNames(text, w, w.command == "cd" || w.command == "pushd")
}

// fileNames completes the word w at the end of text as a file name
// (only directories when dirsOnly).
func (c *Completer) fileNames(text string, w wordState, dirsOnly bool) ([][]rune, int) {
	typed := text[w.start:]
	dir, file := filepath.Split(w.value)
	entries := c.files(dir, file, dirsOnly)
	out := make([][]rune, 0, len(entries))
	for _, e := range entries {
		rest := quoteRest(e.name[len(file):], w.quote)
		if e.dir {
			rest += "/"
		} else {
			rest += closeWord(w.quote)
		}
		out = append(out, []rune(rest))
	}
	shown := typed
	if i := strings.LastIndexByte(typed, '/'); i >= 0 {
		shown = typed[i+1:]
	}
	return out, len([]rune(shown))
}

// scanWord finds the word the cursor is in (at the end of text) and
// whether it is in command position.
func scanWord(text string) wordState {
	var w wordState
	w.cmdPos = true
	var words []string // words of the current simple command before this one
	cur := strings.Builder{}
	inWord := false
	endWord := func() {
		if inWord {
			words = append(words, cur.String())
		}
		cur.Reset()
		inWord = false
	}
	for i := 0; i < len(text); i++ {
		ch := text[i]
		switch {
		case w.quote == '\'':
			if ch == '\'' {
				w.quote = 0
			} else {
				cur.WriteByte(ch)
			}
			continue
		case w.quote == '"':
			switch {
			case ch == '"':
				w.quote = 0
			case ch == '\\' && i+1 < len(text) && strings.IndexByte("$`\"\\", text[i+1]) >= 0:
				i++
				cur.WriteByte(text[i])
			default:
				cur.WriteByte(ch)
			}
			continue
		}
		switch ch {
		case ' ', '\t', '\n':
			endWord()
			continue
		case '|', '&', ';', '(', ')', '<', '>':
			endWord()
			if ch != '<' && ch != '>' {
				words = nil // a new command starts
			} else {
				words = append(words, ">") // a redirection target follows
			}
			continue
		}
		if !inWord {
			inWord = true
			w.start = i
		}
		switch ch {
		case '\'', '"':
			w.quote = ch
		case '\\':
			if i+1 < len(text) {
				i++
				cur.WriteByte(text[i])
			}
		default:
			cur.WriteByte(ch)
		}
	}
	if !inWord {
		w.start = len(text)
	}
	w.value = cur.String()
	// Command position: every word before this one in the command is an
	// assignment or a reserved word that precedes a command.
	for _, p := range words {
		if p == ">" {
			w.cmdPos = false
			break
		}
		if isAssignWord(p) || isLeadingKeyword(p) {
			continue
		}
		w.cmdPos = false
		if w.command == "" {
			w.command = p
		}
	}
	return w
}

// isLeadingKeyword reports whether the word after p is in command
// position again (a switch, not a map: see isReservedWord).
func isLeadingKeyword(p string) bool {
	switch p {
	case "if", "then", "else", "elif", "do", "while", "until", "!", "{", "time",
		"exec", "command", "sudo", "nohup":
		return true
	}
	return false
}

func isAssignWord(w string) bool {
	k, _, ok := strings.Cut(w, "=")
	return ok && k != "" && parser.IsName(k)
}

type varRef struct {
	name  string
	brace bool
}

// varPrefix returns the variable name being typed after $ or ${ at the
// end of the word, nil if the word does not end in one.
func varPrefix(w wordState) *varRef {
	if w.quote == '\'' {
		return nil
	}
	v := w.value
	i := strings.LastIndexByte(v, '$')
	if i < 0 {
		return nil
	}
	rest := v[i+1:]
	brace := strings.HasPrefix(rest, "{")
	if brace {
		rest = rest[1:]
	}
	if rest != "" && !parser.IsName(rest) {
		return nil
	}
	return &varRef{name: rest, brace: brace}
}

func (c *Completer) vars(prefix string, brace bool, quote byte) ([][]rune, int) {
	var names []string
	for _, k := range c.h.VarNames() {
		if strings.HasPrefix(k, prefix) {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	out := make([][]rune, 0, len(names))
	for _, n := range names {
		rest := n[len(prefix):]
		if brace {
			rest += "}"
		}
		if quote == 0 {
			rest += " "
		}
		out = append(out, []rune(rest))
	}
	return out, len([]rune(prefix))
}

// commands returns the command names that start with prefix: aliases, functions,
// builtins and executables on PATH, sorted, without duplicates.
func (c *Completer) commands(prefix string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(n string) {
		if strings.HasPrefix(n, prefix) && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	for _, n := range c.h.CommandNames() {
		add(n)
	}
	path, _ := c.h.Var("PATH")
	for _, dir := range filepath.SplitList(path) {
		if dir == "" {
			dir = "."
		}
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(c.h.Dir(), dir)
		}
		ents, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range ents {
			n := e.Name()
			if !strings.HasPrefix(n, prefix) || seen[n] {
				continue
			}
			if fi, err := os.Stat(filepath.Join(dir, n)); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
				add(n)
			}
		}
	}
	sort.Strings(out)
	return out
}

type fileEntry struct {
	name string
	dir  bool
}

// files lists the entries of dir (as typed: relative to the shell's
// directory, ~ for $HOME) whose names start with prefix; dot files only
// when prefix starts with a dot.
func (c *Completer) files(dir, prefix string, dirsOnly bool) []fileEntry {
	d := dir
	if strings.HasPrefix(d, "~") {
		name, rest, _ := strings.Cut(d[1:], "/")
		d = filepath.Join(c.h.Tilde(name), rest)
	} else if v, rest, ok := c.leadingVar(d); ok {
		d = filepath.Join(v, rest)
	}
	if d == "" {
		d = "."
	}
	if !filepath.IsAbs(d) {
		d = filepath.Join(c.h.Dir(), d)
	}
	ents, err := os.ReadDir(d)
	if err != nil {
		return nil
	}
	var out []fileEntry
	for _, e := range ents {
		n := e.Name()
		if !strings.HasPrefix(n, prefix) || (n[0] == '.' && !strings.HasPrefix(prefix, ".")) {
			continue
		}
		isDir := e.IsDir()
		if e.Type()&os.ModeSymlink != 0 {
			if fi, err := os.Stat(filepath.Join(d, n)); err == nil {
				isDir = fi.IsDir()
			}
		}
		if dirsOnly && !isDir {
			continue
		}
		out = append(out, fileEntry{n, isDir})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// leadingVar splits a directory typed as $NAME/rest or ${NAME}/rest
// into the variable's value and rest, so that `ls $HOME/Do<Tab>`
// completes as in bash; ok is false when d does not start so or NAME is
// not set.
func (c *Completer) leadingVar(d string) (value, rest string, ok bool) {
	name, rest, found := strings.Cut(strings.TrimPrefix(d, "$"), "/")
	if !found || len(name) == len(d) {
		return "", "", false
	}
	if strings.HasPrefix(name, "{") && strings.HasSuffix(name, "}") {
		name = name[1 : len(name)-1]
	}
	if !parser.IsName(name) {
		return "", "", false
	}
	value, ok = c.h.Var(name)
	return value, rest, ok && value != ""
}

// quoteRest quotes the completed rest of a name for the open quote.
func quoteRest(s string, quote byte) string {
	switch quote {
	case '\'':
		return strings.ReplaceAll(s, "'", `'\''`)
	case '"':
		return strings.NewReplacer(`"`, `\"`, `$`, `\$`, "`", "\\`", `\`, `\\`).Replace(s)
	}
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(" \t\n'\"\\$`|&;()<>*?[]{}!#", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// closeWord ends a completed word: the open quote, then a space.
func closeWord(quote byte) string {
	if quote != 0 {
		return string(quote) + " "
	}
	return " "
}
