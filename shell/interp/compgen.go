package interp

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"github.com/plumbsh/plumb/parser"
	"github.com/plumbsh/plumb/shell/pattern"
)

// compgen, bash's completion generator used as a command: it prints the
// completions of a word that its options describe, one a line. The
// generation is the one the prompt's Tab runs for a spec that `complete`
// stored (complete.go, compline.go); scripts use compgen to list names
// (compgen -v, -A function, -c) or to filter a word list
// (compgen -W "start stop" -- "$cur").

func init() {
	builtins["compgen"] = biCompgen
}

const compgenUsage = "compgen: usage: compgen [-abcdefgjksuv] [-o option] [-A action] [-G globpat] [-W wordlist] [-F function] [-C command] [-X filterpat] [-P prefix] [-S suffix] [word]\n"

// bashKeywords are the reserved words in the order bash lists them.
var bashKeywords = []string{"if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until", "do", "done", "in", "function", "time", "{", "}", "!", "[[", "]]", "coproc"}

func biCompgen(s *Shell, args []string) (int, error) {
	var sp compSpec
	_, rest, st := s.compArgs("compgen", compgenUsage, args[1:], "", &sp)
	if st != 0 {
		return st, nil
	}
	if sp == (compSpec{}) {
		return 0, nil // nothing asked for: bash succeeds quietly
	}
	word := ""
	if len(rest) > 0 {
		word = rest[0]
	}
	if sp.fn != "" {
		s.errorf("compgen: warning: -F option may not work as you expect")
	}
	if sp.cmd != "" {
		s.errorf("compgen: warning: -C option may not work as you expect")
	}
	// A function or command run by compgen is told of no line: bash
	// gives it these, whatever the word.
	cc := compCall{cmd: "compgen", cur: word, cword: -1}
	matches, st, err := s.compGenerate(&sp, &cc)
	if st != 0 || err != nil {
		return st, err
	}
	if len(matches) == 0 {
		// The fallbacks the prompt leaves to the line editor.
		switch {
		case sp.opts&coDirnames != 0:
			matches = s.fileNames(word, true)
		case sp.opts&coDefault != 0:
			matches = s.fileNames(word, false)
		}
	}
	if len(matches) == 0 {
		return 1, nil
	}
	var b strings.Builder
	for _, m := range matches {
		b.WriteString(m + "\n")
	}
	if err := s.print(1, b.String()); err != nil {
		return s.writeFailed("compgen", err)
	}
	return 0, nil
}

// compCall is what a spec's function or command is told of the line
// being completed: the command's name, the word being completed and the
// one before it ($1 $2 $3), and the COMP_ variables.
type compCall struct {
	cmd, cur, prev string
	words          []string // COMP_WORDS
	cword          int      // COMP_CWORD
	line           string   // COMP_LINE
	point          int      // COMP_POINT
	typ, key       int      // COMP_TYPE, COMP_KEY; 0 when not at the prompt
	// restart: the -F function returned 124, bash's "the spec changed,
	// start again" (bash-completion's loader of per-command files).
	restart bool
}

// compGenerate lists the completions of spec sp for the word cc.cur in
// bash's order: the actions' names, the glob's matches, the word
// list's words, what the function puts in COMPREPLY, the lines the
// command prints; then the filter (-X) removes those it matches (with a
// leading "!", those it does not), the prefix and suffix are added, and
// with -o plusdirs the directories that complete the word.
func (s *Shell) compGenerate(sp *compSpec, cc *compCall) (matches []string, status int, err error) {
	word := cc.cur
	withPrefix := func(names []string) {
		for _, n := range names {
			if strings.HasPrefix(n, word) {
				matches = append(matches, n)
			}
		}
	}
	for i, a := range compActions {
		if sp.actions&(1<<i) != 0 {
			withPrefix(s.compgenNames(a.name, word))
		}
	}
	if sp.hasGlob {
		matches = append(matches, pattern.Glob(s.dir, sp.glob, s.globOptions())...)
	}
	if sp.hasWords {
		words, st, err := s.compgenWords(sp.words)
		if st != 0 || err != nil {
			return nil, st, err
		}
		withPrefix(words)
	}
	if sp.fn != "" {
		reply, st, err := s.compgenFunc(sp.fn, cc)
		if st != 0 || err != nil {
			return nil, st, err
		}
		matches = append(matches, reply...)
	}
	if sp.cmd != "" {
		lines, err := s.compgenCommand(sp.cmd, cc)
		if err != nil {
			return nil, 1, err
		}
		matches = append(matches, lines...)
	}
	if sp.hasFilter {
		pat, negate := strings.CutPrefix(compFilterPattern(sp.filter, word), "!")
		mode := s.patMode()
		matches = slices.DeleteFunc(matches, func(m string) bool {
			return pattern.Match(pat, m, mode) != negate
		})
	}
	if sp.prefix != "" || sp.suffix != "" {
		for i, m := range matches {
			matches[i] = sp.prefix + m + sp.suffix
		}
	}
	if sp.opts&coPlusdirs != 0 {
		matches = append(matches, s.fileNames(word, true)...)
	}
	return matches, 0, nil
}

// compFilterPattern is -X's pattern with each & replaced by the word
// being completed (its pattern characters quoted), and \& by a literal &.
func compFilterPattern(filter, word string) string {
	if !strings.Contains(filter, "&") {
		return filter
	}
	var b strings.Builder
	for i := 0; i < len(filter); i++ {
		switch c := filter[i]; {
		case c == '\\' && i+1 < len(filter) && filter[i+1] == '&':
			b.WriteByte('&')
			i++
		case c == '&':
			for _, r := range word {
				if strings.ContainsRune(`*?[]\!@+()|`, r) {
					b.WriteByte('\\')
				}
				b.WriteRune(r)
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// compgenNames lists the names of an action; word is the word being
// completed, which file and directory names are read for.
func (s *Shell) compgenNames(action, word string) []string {
	var names []string
	switch action {
	case "alias":
		names = slices.Sorted(mapKeys(s.aliases))
	case "builtin":
		names = slices.Sorted(mapKeys(builtins))
	case "function":
		names = slices.Sorted(mapKeys(s.funcs))
	case "keyword":
		names = bashKeywords
	case "variable", "export", "arrayvar":
		for k, v := range s.vars {
			if action == "variable" && (v.set || v.array != nil || v.assoc != nil) ||
				action == "export" && v.exported ||
				action == "arrayvar" && (v.array != nil || v.assoc != nil) {
				names = append(names, k)
			}
		}
		sort.Strings(names)
	case "command":
		for _, a := range []string{"alias", "keyword", "function", "builtin"} {
			names = append(names, s.compgenNames(a, word)...)
		}
		names = append(names, s.pathCommands(word)...)
	case "file", "directory":
		names = s.fileNames(word, action == "directory")
	case "enabled":
		names = s.compgenNames("builtin", word)
	case "setopt":
		names = longOptionNames
	case "shopt":
		names = shoptNames[:]
	case "helptopic":
		names = slices.Sorted(mapKeys(helpTopics()))
	case "user", "group":
		names = dbNames(map[string]string{"user": "/etc/passwd", "group": "/etc/group"}[action])
	case "signal":
		for sig := 1; sig <= sigRTMax; sig++ {
			if n := sigName(syscall.Signal(sig)); n != strconv.Itoa(sig) {
				names = append(names, "SIG"+n)
			}
		}
	case "job", "running", "stopped":
		for _, j := range s.jobs.all() {
			if action == "running" && j.isStopped() || action == "stopped" && !j.isStopped() {
				continue
			}
			if f := strings.Fields(j.text); len(f) > 0 {
				names = append(names, f[0])
			}
		}
	}
	return names
}

// dbNames lists the names of the entries of a passwd(5)-like file, in
// its order (what getpwent gives bash, where the files are the database).
func dbNames(path string) []string {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var names []string
	for _, l := range strings.Split(string(data), "\n") {
		if n, _, ok := strings.Cut(l, ":"); ok && n != "" && !strings.HasPrefix(n, "#") {
			names = append(names, n)
		}
	}
	return names
}

// mapKeys returns an iterator over m's keys.
func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// pathCommands lists the executable files in $PATH's directories whose
// names start with prefix, each directory's sorted, in PATH's order.
func (s *Shell) pathCommands(prefix string) []string {
	if strings.Contains(prefix, "/") {
		return nil
	}
	path, _ := s.get("PATH")
	var names []string
	for _, dir := range filepath.SplitList(path) {
		if dir == "" {
			dir = "."
		}
		ents, err := os.ReadDir(s.abs(dir))
		if err != nil {
			continue
		}
		for _, e := range ents {
			if !strings.HasPrefix(e.Name(), prefix) {
				continue
			}
			if fi, err := os.Stat(filepath.Join(s.abs(dir), e.Name())); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
				names = append(names, e.Name())
			}
		}
	}
	return names
}

// fileNames lists the files (or only the directories) that complete
// word: in word's directory, those whose names start with the rest of
// word, names starting with "." only when it does, sorted.
func (s *Shell) fileNames(word string, dirsOnly bool) []string {
	dir, base := filepath.Split(word)
	ents, err := os.ReadDir(s.abs(dir + "."))
	if err != nil {
		return nil
	}
	var names []string
	if strings.HasPrefix(base, ".") {
		names = append(names, dir+".", dir+"..")
	}
	for _, e := range ents {
		n := e.Name()
		if !strings.HasPrefix(n, base) || strings.HasPrefix(n, ".") && !strings.HasPrefix(base, ".") {
			continue
		}
		if dirsOnly {
			if fi, err := os.Stat(s.abs(dir + n)); err != nil || !fi.IsDir() {
				continue
			}
		}
		names = append(names, dir+n)
	}
	return names
}

// abs makes a path relative to the shell's directory absolute.
func (s *Shell) abs(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(s.dir, p)
}

// compgenWords expands the word list of -W as bash does: it is split
// at the characters of $IFS outside quotes (a backslash keeps one), and
// each piece expanded as a word (parameters, command substitutions,
// quotes; field splitting but no globbing). A piece that does not parse
// is an error (status 1), as bash's "bad substitution".
func (s *Shell) compgenWords(list string) ([]string, int, error) {
	ifs, ok := s.get("IFS")
	if !ok {
		ifs = " \t\n"
	}
	var words []*parser.Word
	for _, piece := range splitAtDelims(list, ifs) {
		f, perr := parser.Parse([]byte(": "+piece), "compgen")
		var c *parser.SimpleCmd
		if perr == nil && len(f.Stmts) == 1 && f.Stmts[0].AndOr.Rest == nil && len(f.Stmts[0].AndOr.First.Stages) == 1 {
			c, _ = f.Stmts[0].AndOr.First.Stages[0].Cmd.(*parser.SimpleCmd)
		}
		if c == nil || len(c.Assigns) != 0 || len(c.Args) != 2 {
			s.errorf("%s: bad substitution", piece)
			return nil, 1, nil
		}
		words = append(words, c.Args[1])
	}
	noglob := s.opts.noglob
	s.opts.noglob = true
	defer func() { s.opts.noglob = noglob }()
	fields, err := s.expandFields(words)
	if err != nil {
		return nil, 1, err
	}
	return fields, 0, nil
}

// splitAtDelims splits a word list at the characters of ifs that are
// outside quotes, $( ), ${ } and backquotes and not after a backslash:
// blanks of ifs in a row are one break, its other characters one each;
// empty pieces are dropped. Each piece comes back as the source of one
// word: a blank or operator character inside it that ifs does not
// split at (IFS=: with 'ham cheese') is escaped so that it stays in the
// word.
func splitAtDelims(list, ifs string) []string {
	var pieces []string
	var cur strings.Builder
	var quote byte // ', " or `
	depth := 0     // of $( and ${
	for i := 0; i < len(list); i++ {
		c := list[i]
		switch {
		case c == '\\' && quote != '\'' && i+1 < len(list):
			cur.WriteString(list[i : i+2])
			i++
			continue
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"' || c == '`':
			quote = c
		case c == '$' && i+1 < len(list) && (list[i+1] == '(' || list[i+1] == '{'):
			depth++
			cur.WriteString(list[i : i+2])
			i++
			continue
		case depth > 0 && (c == '(' || c == '{'):
			depth++
		case depth > 0 && (c == ')' || c == '}'):
			depth--
		case depth == 0 && strings.IndexByte(ifs, c) >= 0:
			if cur.Len() > 0 {
				pieces = append(pieces, cur.String())
			}
			cur.Reset()
			continue
		case depth == 0 && strings.IndexByte(" \t\n;&|<>()", c) >= 0:
			cur.WriteByte('\\')
		}
		cur.WriteByte(c)
	}
	if cur.Len() > 0 {
		pieces = append(pieces, cur.String())
	}
	return pieces
}

// compgenFunc runs the function of -F with the command's name, the word
// and the word before it as arguments, and COMP_LINE, COMP_POINT,
// COMP_WORDS and COMP_CWORD (at the prompt also COMP_TYPE and COMP_KEY)
// set for the call; it returns what the function left in COMPREPLY,
// which is unset after, as are the COMP_ variables (what they were
// before comes back). $? is left as it was.
func (s *Shell) compgenFunc(name string, cc *compCall) ([]string, int, error) {
	fd, ok := s.funcs[name]
	if !ok {
		s.errorf("completion: function `%s' not found", name)
		return nil, 1, nil
	}
	saved := s.status
	restore := s.bindCompVars(cc, false)
	defer restore()
	delete(s.vars, "COMPREPLY")
	if err := s.callFunction(fd, []string{cc.cmd, cc.cur, cc.prev}); err != nil {
		return nil, 1, err
	}
	cc.restart = s.status == 124
	s.status = saved
	_, reply, _ := s.arrayElems("COMPREPLY")
	delete(s.vars, "COMPREPLY")
	return reply, 0, nil
}

// compgenCommand runs the command of -C, with the command's name, the
// word and the word before it appended as arguments, in a subshell
// whose environment has COMP_LINE and COMP_POINT (at the prompt also
// COMP_TYPE and COMP_KEY); each line it prints is a completion, as it
// is: bash does not match them against the word.
func (s *Shell) compgenCommand(cmd string, cc *compCall) ([]string, error) {
	src := cmd + " " + shQuote(cc.cmd) + " " + shQuote(cc.cur) + " " + shQuote(cc.prev)
	f, perr := parser.Parse([]byte(src), "complete")
	if perr != nil {
		s.errorf("%v", perr)
		return nil, &fatalError{Status: 1}
	}
	restore := s.bindCompVars(cc, true)
	defer restore()
	saved := s.status
	out, err := s.cmdSubst(&parser.CmdSubst{Stmts: f.Stmts})
	s.status = saved
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if l != "" {
			lines = append(lines, l)
		}
	}
	return lines, nil
}

// shQuote quotes v in single quotes, as bash's sh_single_quote.
func shQuote(v string) string { return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'" }

// bindCompVars sets the COMP_ variables of cc (for a -C command, the
// ones bash exports to it, exported) and returns what puts back the
// variables they replaced.
func (s *Shell) bindCompVars(cc *compCall, export bool) (restore func()) {
	vals := map[string]string{"COMP_LINE": cc.line, "COMP_POINT": strconv.Itoa(cc.point)}
	if cc.typ != 0 {
		vals["COMP_TYPE"], vals["COMP_KEY"] = strconv.Itoa(cc.typ), strconv.Itoa(cc.key)
	}
	if !export { // a command gets neither
		vals["COMP_CWORD"] = strconv.Itoa(cc.cword)
	}
	names := slices.Sorted(mapKeys(vals))
	if !export {
		names = append(names, "COMP_WORDS")
	}
	saved := map[string]*variable{}
	for _, n := range names {
		if v, ok := s.vars[n]; ok {
			saved[n] = v
		}
		delete(s.vars, n)
	}
	for n, v := range vals {
		s.setVar(n, v)
		if export {
			s.exportVar(n)
		}
	}
	if !export {
		s.setArray("COMP_WORDS", cc.words)
	}
	s.env = nil
	return func() {
		for _, n := range names {
			delete(s.vars, n)
			if v, ok := saved[n]; ok {
				s.vars[n] = v
			}
		}
		s.env = nil
	}
}
