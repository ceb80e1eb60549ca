package history

import (
	"fmt"
	"strconv"
	"strings"
)

// History expansion at the prompt, as bash does it by default in an
// interactive shell (`set +H` turns it off): each line typed is expanded
// before the parser sees it, the expanded line is shown, and it is what
// runs and goes into the history.
//
//	!!        the previous command      !n   command n      !-n  n back
//	!str      the last one starting str !?str? the last one containing str
//	!$ !^ !*  the last, first and all arguments of the previous command
//	!…:N :$ :^ :* :N-M   words of the event (word 0 is the command)
//	^old^new  the previous command with old replaced by new
//
// `!` is literal before a blank, `=`, `(` or `"`, at the end of the line,
// after a backslash and inside single quotes. Modifiers (:s, :h, :t, :p…)
// are not supported: an event with one is an error, never a guess.

// An Error is a failed expansion; the line is not run and not recorded.
type Error struct{ msg string }

func (e *Error) Error() string { return e.msg }

// Expand expands the history references in line against entries
// (oldest first). changed says whether the line differs from what was
// typed, so the shell knows to show it.
func Expand(line string, entries []string) (out string, changed bool, err error) {
	if strings.HasPrefix(line, "^") {
		return quickSubst(line, entries)
	}
	if !strings.Contains(line, "!") {
		return line, false, nil
	}
	var b strings.Builder
	inSingle, inDouble := false, false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '\\' && !inSingle && i+1 < len(line):
			b.WriteByte(c)
			i++
			b.WriteByte(line[i])
			continue
		case c == '\'' && !inDouble:
			inSingle = !inSingle
		case c == '"' && !inSingle:
			inDouble = !inDouble
		case c == '!' && !inSingle && i+1 < len(line) && !strings.ContainsRune(" \t\n=(\"", rune(line[i+1])) &&
			!strings.HasSuffix(line[:i], "$") && !strings.HasSuffix(line[:i], "${"):
			// $! and ${!x} are parameters, not history (bash's
			// history_inhibit_expansion says the same).
			text, n, err := historyRef(line[i:], entries)
			if err != nil {
				return "", false, err
			}
			b.WriteString(text)
			i += n - 1
			changed = true
			continue
		}
		b.WriteByte(c)
	}
	return b.String(), changed, nil
}

// historyRef expands the reference at the start of ref (which begins with
// "!") and returns its text and how many bytes of ref it took.
func historyRef(ref string, entries []string) (string, int, error) {
	i := 1
	var event string
	var ok bool
	switch c := ref[i]; {
	case c == '!':
		i++
		event, ok = nthBack(entries, 1)
	case c == '$' || c == '^' || c == '*' || c == ':':
		event, ok = nthBack(entries, 1) // the designator follows at once
	case c == '-' || isDigit(c):
		j := i
		if c == '-' {
			j++
		}
		for j < len(ref) && isDigit(ref[j]) {
			j++
		}
		n, err := strconv.Atoi(ref[i:j])
		if err != nil {
			return "", 0, &Error{ref[:j] + ": event not found"}
		}
		if n < 0 {
			event, ok = nthBack(entries, -n)
		} else if n >= 1 && n <= len(entries) {
			event, ok = entries[n-1], true
		}
		i = j
	case c == '?':
		end := strings.IndexAny(ref[i+1:], "?\n")
		var str string
		if end < 0 {
			str, i = ref[i+1:], len(ref)
		} else {
			str, i = ref[i+1:i+1+end], i+1+end
			if ref[i] == '?' {
				i++
			}
		}
		event, ok = lastMatching(entries, func(e string) bool { return strings.Contains(e, str) })
	default:
		j := i
		for j < len(ref) && !strings.ContainsRune(" \t\n:;|&<>()'\"", rune(ref[j])) {
			j++
		}
		prefix := ref[i:j]
		event, ok = lastMatching(entries, func(e string) bool { return strings.HasPrefix(e, prefix) })
		i = j
	}
	if !ok {
		return "", 0, &Error{ref[:i] + ": event not found"}
	}
	if i >= len(ref) {
		return event, i, nil
	}
	// A word designator: ":N" and friends, or $ ^ * straight after "!".
	d := ref[i:]
	switch {
	case d[0] == ':' && len(d) > 1 && strings.ContainsRune("0123456789$^*-", rune(d[1])):
		d, i = d[1:], i+1
	case i == 1 && (d[0] == '$' || d[0] == '^' || d[0] == '*'):
	default:
		if d[0] == ':' {
			return "", 0, &Error{ref[:i+1] + ": unsupported history modifier"}
		}
		return event, i, nil
	}
	text, n, err := wordDesignator(d, historyWords(event))
	if err != nil {
		return "", 0, &Error{ref[:i+n] + ": " + err.Error()}
	}
	return text, i + n, nil
}

// wordDesignator picks the words d names (`$`, `^`, `*`, `N`, `N-M`,
// `N-`, `N*`, `-M`) and returns them joined and how much of d it took.
func wordDesignator(d string, words []string) (string, int, error) {
	last := len(words) - 1
	num := func(at int) (int, int) { // a number at d[at:], and its end
		j := at
		for j < len(d) && isDigit(d[j]) {
			j++
		}
		n, _ := strconv.Atoi(d[at:j])
		return n, j
	}
	var from, to, n int
	switch d[0] {
	case '$':
		from, to, n = last, last, 1
	case '^':
		from, to, n = 1, 1, 1
	case '*':
		if last < 1 {
			return "", 1, nil // no arguments: empty, as in bash
		}
		from, to, n = 1, last, 1
	case '-':
		from = 0
		to, n = num(1)
		if n == 1 {
			to = last
		}
	default:
		from, n = num(0)
		to = from
		if n < len(d) && d[n] == '*' {
			to, n = last, n+1
		} else if n < len(d) && d[n] == '-' {
			n++
			if n < len(d) && (isDigit(d[n]) || d[n] == '$') {
				if d[n] == '$' {
					to, n = last, n+1
				} else {
					to, n = num(n)
				}
			} else {
				to = last - 1 // "N-": all but the last, as in bash
			}
		}
	}
	if from < 0 || to > last || from > to {
		return "", n, fmt.Errorf("bad word specifier")
	}
	return strings.Join(words[from:to+1], " "), n, nil
}

// quickSubst is ^old^new[^]: the previous command with the first old
// replaced by new.
func quickSubst(line string, entries []string) (string, bool, error) {
	parts := strings.SplitN(line[1:], "^", 3)
	prev, ok := nthBack(entries, 1)
	if !ok {
		return "", false, &Error{"^" + parts[0] + ": event not found"}
	}
	if len(parts) < 2 || !strings.Contains(prev, parts[0]) || parts[0] == "" {
		return "", false, &Error{"^" + parts[0] + ": substitution failed"}
	}
	out := strings.Replace(prev, parts[0], parts[1], 1)
	if len(parts) == 3 {
		out += parts[2]
	}
	return out, true, nil
}

// nthBack is the entry n commands back (1 is the previous one).
func nthBack(entries []string, n int) (string, bool) {
	if n < 1 || n > len(entries) {
		return "", false
	}
	return entries[len(entries)-n], true
}

// lastMatching is the newest entry match accepts.
func lastMatching(entries []string, match func(string) bool) (string, bool) {
	for i := len(entries) - 1; i >= 0; i-- {
		if match(entries[i]) {
			return entries[i], true
		}
	}
	return "", false
}

// historyWords splits a history entry into words as bash's history does:
// blanks separate words, quotes keep theirs together (and stay in the
// word), and runs of the operator characters | & ; < > ( ) are words of
// their own.
func historyWords(e string) []string {
	var words []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			words = append(words, cur.String())
			cur.Reset()
		}
	}
	const ops = "|&;<>()"
	for i := 0; i < len(e); i++ {
		c := e[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			flush()
		case c == '\\' && i+1 < len(e):
			cur.WriteByte(c)
			i++
			cur.WriteByte(e[i])
		case c == '\'' || c == '"':
			j := strings.IndexByte(e[i+1:], c)
			if j < 0 {
				j = len(e) - i - 1
			}
			cur.WriteString(e[i : i+1+j+min(1, len(e)-i-1-j)])
			i += j + 1
		case strings.IndexByte(ops, c) >= 0:
			flush()
			j := i
			for j < len(e) && strings.IndexByte(ops, e[j]) >= 0 {
				j++
			}
			words = append(words, e[i:j])
			i = j - 1
		default:
			cur.WriteByte(c)
		}
	}
	flush()
	return words
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// Index finds the entry a fc operand names: a positive number is
// an entry's number, a negative one counts back from cur (the fc line
// itself), anything else is the newest entry starting with it. It
// returns the entry's index in entries and whether there is one.
func Index(entries []string, cur int, spec string) (int, bool) {
	if n, err := strconv.Atoi(spec); err == nil {
		if n < 0 {
			n = cur + n
		}
		if n < 1 {
			n = 1 // bash clamps numbers before the first entry
		}
		if n > len(entries) {
			n = len(entries)
		}
		return n - 1, len(entries) > 0
	}
	for i := len(entries) - 1; i >= 0; i-- {
		if strings.HasPrefix(entries[i], spec) {
			return i, true
		}
	}
	return 0, false
}
