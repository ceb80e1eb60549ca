package interp

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/plumbsh/plumb/parser"
	"github.com/plumbsh/plumb/shell/pattern"
)

// compgen, bash's completion generator used as a command: it prints the
// completions of a word that its options describe, one a line. plumb's
// own Tab completion does not use it (there is no `complete`); scripts
// do, to list names (compgen -v, -A function, -c) or to filter a word
// list (compgen -W "start stop" -- "$cur").

func init() {
	builtins["compgen"] = biCompgen
}

const compgenUsage = "compgen: usage: compgen [-abcdefgjksuv] [-o option] [-A action] [-G globpat] [-W wordlist] [-F function] [-C command] [-X filterpat] [-P prefix] [-S suffix] [word]\n"

// compgenActions are the -A action names plumb generates, and the
// letters that stand for some of them.
var compgenActions = map[string]byte{
	"alias": 'a', "arrayvar": 0, "builtin": 'b', "command": 'c', "directory": 'd',
	"export": 'e', "file": 'f', "function": 0, "keyword": 'k', "variable": 'v',
}

// bashKeywords are the reserved words in the order bash lists them.
var bashKeywords = []string{"if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until", "do", "done", "in", "function", "time", "{", "}", "!", "[[", "]]", "coproc"}

// compgenSpec is what compgen's options ask for.
type compgenSpec struct {
	actions                                 []string // in the order given
	glob, words, fn, filter, prefix, suffix string
	hasGlob, hasWords, hasFilter            bool
}

func biCompgen(s *Shell, args []string) (int, error) {
	var sp compgenSpec
	letters := map[byte]string{}
	for name, c := range compgenActions {
		if c != 0 {
			letters[c] = name
		}
	}
	rest, st := s.scanOpts("compgen", compgenUsage, args[1:], "abcdefkv", "AGWFXPS", func(c byte, val string) int {
		switch c {
		case 'A':
			if _, ok := compgenActions[val]; !ok {
				s.errorf("compgen: %s: invalid action name", val)
				return 2
			}
			sp.actions = append(sp.actions, val)
		case 'G':
			sp.glob, sp.hasGlob = val, true
		case 'W':
			sp.words, sp.hasWords = val, true
		case 'F':
			sp.fn = val
		case 'X':
			sp.filter, sp.hasFilter = val, true
		case 'P':
			sp.prefix = val
		case 'S':
			sp.suffix = val
		default:
			sp.actions = append(sp.actions, letters[c])
		}
		return 0
	})
	if st != 0 {
		return st, nil
	}
	if len(sp.actions) == 0 && !sp.hasGlob && !sp.hasWords && sp.fn == "" {
		return 0, nil // nothing asked for: bash succeeds quietly
	}
	word := ""
	if len(rest) > 0 {
		word = rest[0]
	}
	matches, st, err := s.compgen(&sp, word)
	if st != 0 || err != nil {
		return st, err
	}
	if len(matches) == 0 {
		return 1, nil
	}
	var b strings.Builder
	for _, m := range matches {
		b.WriteString(sp.prefix + m + sp.suffix + "\n")
	}
	if err := s.print(1, b.String()); err != nil {
		return s.writeFailed("compgen", err)
	}
	return 0, nil
}

// compgen lists the completions of word in bash's order: the actions'
// names, the glob's matches, the word list's words, what the function
// puts in COMPREPLY; then the filter removes those it matches (with a
// leading "!", those it does not).
func (s *Shell) compgen(sp *compgenSpec, word string) (matches []string, status int, err error) {
	withPrefix := func(names []string) {
		for _, n := range names {
			if strings.HasPrefix(n, word) {
				matches = append(matches, n)
			}
		}
	}
	for _, a := range sp.actions {
		withPrefix(s.compgenNames(a, word))
	}
	if sp.hasGlob {
		matches = append(matches, pattern.Glob(s.dir, sp.glob, s.globOptions())...)
	}
	if sp.hasWords {
		words, err := s.compgenWords(sp.words)
		if err != nil {
			return nil, 1, err
		}
		withPrefix(words)
	}
	if sp.fn != "" {
		s.errorf("compgen: warning: -F option may not work as you expect")
		reply, st, err := s.compgenFunc(sp.fn, word)
		if st != 0 || err != nil {
			return nil, st, err
		}
		matches = append(matches, reply...)
	}
	if sp.hasFilter {
		pat, negate := strings.CutPrefix(sp.filter, "!")
		mode := s.patMode()
		matches = slices.DeleteFunc(matches, func(m string) bool {
			return pattern.Match(pat, m, mode) != negate
		})
	}
	return matches, 0, nil
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

// compgenWords expands the word list of -W as the arguments of a command
// (quotes, parameters, command substitutions), falling back to its
// blank-separated fields when it does not parse.
func (s *Shell) compgenWords(list string) ([]string, error) {
	f, perr := parser.Parse([]byte(": "+list), "compgen")
	if perr != nil || len(f.Stmts) != 1 || f.Stmts[0].AndOr.Rest != nil || len(f.Stmts[0].AndOr.First.Stages) != 1 {
		return strings.Fields(list), nil
	}
	c, ok := f.Stmts[0].AndOr.First.Stages[0].Cmd.(*parser.SimpleCmd)
	if !ok || len(c.Assigns) != 0 || len(c.Args) == 0 {
		return strings.Fields(list), nil
	}
	return s.expandFields(c.Args[1:])
}

// compgenFunc runs the function of -F as bash does for compgen (with the
// arguments "compgen", the word and an empty previous word) and returns
// what it left in COMPREPLY, which is unset after.
func (s *Shell) compgenFunc(name, word string) ([]string, int, error) {
	fd, ok := s.funcs[name]
	if !ok {
		s.errorf("completion: function `%s' not found", name)
		return nil, 1, nil
	}
	saved := s.status
	if err := s.callFunction(fd, []string{"compgen", word, ""}); err != nil {
		return nil, 1, err
	}
	s.status = saved
	_, reply, _ := s.arrayElems("COMPREPLY")
	delete(s.vars, "COMPREPLY")
	s.env = nil
	return reply, 0, nil
}
