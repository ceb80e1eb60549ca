package lineedit

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Programmable completion, as bash's `complete` sets it up: the line
// editor splits the command around the cursor into words the way bash
// does (COMP_WORDS), asks the shell for the completions its spec for the
// command gives (Host.Complete), and inserts them with the spec's
// options applied: -o filenames quotes them and marks directories with
// a slash, -o nospace adds no space, and when nothing matched
// -o bashdefault, -o default and -o dirnames fall back to the editor's
// own completion.

// CompRequest is the line being completed as a completion function sees
// it: bash's COMP_LINE, COMP_POINT, COMP_WORDS, COMP_CWORD, and the word
// being completed and the one before it ($2 and $3; $1 is Words[0]).
type CompRequest struct {
	Line      string   // the command the cursor is in
	Point     int      // the cursor's byte offset in Line
	Words     []string // Line split into words, as typed
	CWord     int      // the index in Words of the word the cursor is in
	Cur, Prev string   // the word up to the cursor (quotes removed), the one before
}

// CompReply is what a completion spec gave: the words that may replace
// the word being completed, and the spec's -o options.
type CompReply struct {
	Words []string
	// Filenames: the words are file names, to quote and to mark with a
	// slash when they are directories. NoQuote: not quoted even so.
	Filenames, NoQuote, NoSpace, NoSort bool
	// The fallbacks when Words is empty: the editor's own completion,
	// file names, directory names.
	BashDefault, Default, DirNames bool
}

// defaultWordBreaks is bash's COMP_WORDBREAKS, used when it is unset.
const defaultWordBreaks = " \t\n\"'><=;|&(:"

// programmable completes with the shell's spec for the command around
// the cursor; ok is false when the shell has none for it.
func (c *Completer) programmable(line string, point int) (out [][]rune, n int, ok bool) {
	start, end := commandBounds(line, point)
	breaks, set := c.h.Var("COMP_WORDBREAKS")
	if !set {
		breaks = defaultWordBreaks
	}
	req, typed := splitCompWords(line[start:end], point-start, breaks)
	reply, ok := c.h.Complete(req)
	if !ok {
		return nil, 0, false
	}
	text := line[:point]
	if len(reply.Words) == 0 {
		if reply.BashDefault {
			if out, n := c.standard(text); len(out) > 0 {
				return out, n, true
			}
		}
		if reply.Default || reply.DirNames {
			out, n := c.fileNames(text, scanWord(text), reply.DirNames && !reply.Default)
			return out, n, true
		}
		return nil, 0, true
	}
	words := reply.Words
	if !reply.NoSort {
		words = slices.Compact(slices.Sorted(slices.Values(words)))
	}
	quote := scanWord(text).quote
	for _, m := range words {
		// A word that does not start with the one typed replaces it
		// (below), which insertion at the cursor cannot do.
		rest, found := strings.CutPrefix(m, req.Cur)
		if !found {
			continue
		}
		out = append(out, []rune(c.finish(m, rest, quote, reply)))
	}
	if len(out) == 0 && len(words) == 1 && point == len(line) && c.replace != nil {
		// bash replaces the word with its only completion; the editor
		// can replace the whole line when the cursor is at its end.
		c.replace(line[:point-len(typed)] + c.finish(words[0], words[0], 0, reply))
	}
	return out, len([]rune(typed)), true
}

// finish is rest, the part of the completion m to insert, quoted (for
// -o filenames) for the quote open at the cursor, and closed: a slash
// after a directory name (-o filenames), else a space unless
// -o nospace.
func (c *Completer) finish(m, rest string, quote byte, reply CompReply) string {
	isDir := false
	if reply.Filenames {
		if !reply.NoQuote {
			rest = quoteRest(rest, quote)
		}
		isDir = c.isDir(m)
	}
	switch {
	case isDir:
		return rest + "/"
	case reply.NoSpace:
		return rest
	case reply.Filenames && !reply.NoQuote:
		return rest + closeWord(quote)
	}
	return rest + " "
}

// OnReplace gives the completer what replaces the line being edited (the
// cursor goes to its end), for a completion that replaces the word typed
// rather than continuing it.
func (c *Completer) OnReplace(f func(line string)) { c.replace = f }

// isDir reports whether name (relative to the shell's directory, ~ for
// a home) is a directory.
func (c *Completer) isDir(name string) bool {
	if strings.HasPrefix(name, "~") {
		user, rest, _ := strings.Cut(name[1:], "/")
		name = filepath.Join(c.h.Tilde(user), rest)
	}
	if !filepath.IsAbs(name) {
		name = filepath.Join(c.h.Dir(), name)
	}
	fi, err := os.Stat(name)
	return err == nil && fi.IsDir()
}

// commandBounds returns where the command the cursor is in starts (after
// its leading blanks) and ends: at the operators ; & | ( ) and newlines
// outside quotes, as bash takes COMP_LINE from the line.
func commandBounds(line string, point int) (start, end int) {
	end = len(line)
	var quote byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else if c == '\\' && quote == '"' {
				i++
			}
		case c == '\\':
			i++
		case c == '\'' || c == '"':
			quote = c
		case strings.IndexByte(";&|()\n", c) >= 0:
			if i < point {
				start = i + 1
			} else {
				return skipBlanks(line, start, point), i
			}
		}
	}
	return skipBlanks(line, start, point), end
}

func skipBlanks(line string, i, limit int) int {
	for i < limit && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	return i
}

// splitCompWords splits the command line into COMP_WORDS as bash does:
// at blanks, and around runs of the other characters of breaks (each
// run a word of its own: `--dir=x` is --dir, =, x), not inside quotes
// or after a backslash. The word the cursor is in is the one it is
// inside or at the end of; between words it is a new empty word. typed
// is that word up to the cursor ("" right after a break character), Cur
// the same without the quote it starts with.
func splitCompWords(line string, point int, breaks string) (req CompRequest, typed string) {
	type span struct {
		start, end int
		brk        bool
	}
	var spans []span
	open := false // the last span is still growing
	add := func(i int, brk bool) {
		if open && spans[len(spans)-1].brk == brk && spans[len(spans)-1].end == i {
			spans[len(spans)-1].end = i + 1
			return
		}
		spans = append(spans, span{i, i + 1, brk})
		open = true
	}
	var quote byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else if c == '\\' && quote == '"' && i+1 < len(line) {
				add(i, false)
				i++
			}
			add(i, false)
		case c == '\\':
			add(i, false)
			if i+1 < len(line) {
				i++
				add(i, false)
			}
		case c == '\'' || c == '"':
			quote = c
			add(i, false)
		case c == ' ' || c == '\t' || c == '\n':
			open = false
		case strings.IndexByte(breaks, c) >= 0:
			add(i, true)
		default:
			add(i, false)
		}
	}
	cword := -1
	for i, sp := range spans {
		if sp.start <= point && point < sp.end {
			cword = i
			break
		}
		if sp.end == point {
			cword = i // unless a word starts here (the loop goes on)
		}
	}
	for _, sp := range spans {
		req.Words = append(req.Words, line[sp.start:sp.end])
	}
	if cword < 0 {
		// Between words: a new, empty one.
		cword = 0
		for cword < len(spans) && spans[cword].end <= point {
			cword++
		}
		req.Words = slices.Insert(req.Words, cword, "")
	} else if !spans[cword].brk {
		typed = line[spans[cword].start:point]
	}
	req.Line, req.Point, req.CWord = line, point, cword
	// bash's $2 is readline's text: the word without the quote that
	// opens it, backslashes kept.
	req.Cur = typed
	if typed != "" && (typed[0] == '\'' || typed[0] == '"') {
		req.Cur = typed[1:]
	}
	if cword > 0 {
		req.Prev = req.Words[cword-1]
	}
	return req, typed
}
