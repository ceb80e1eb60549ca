package interp

import (
	"os"
	"path/filepath"
	"slices"

	"github.com/plumbsh/plumb/parser"
	"strings"
)

// What a command name is: type [-afptP] name…, and command -v / -V.

// meaning is one thing a command name can be.
type meaning struct {
	kind   string // alias, keyword, function, builtin or file: what type -t says
	text   string // the alias's value, the file's path as PATH spells it, or the function's definition
	hashed bool   // the file's path is the one the shell remembers (hash)
}

// meanings lists what name is, in the order the shell looks (bash's:
// alias, keyword, function, builtin, file): only the first unless all,
// and without functions for noFuncs (type -f). Files are looked up
// through PATH, all of them for all.
func (s *Shell) meanings(name string, all, noFuncs bool) []meaning {
	var ms []meaning
	if v, ok := s.alias(name); ok {
		ms = append(ms, meaning{kind: "alias", text: v})
	}
	if isKeyword(name) {
		ms = append(ms, meaning{kind: "keyword"})
	}
	if s.funcs[name] != nil && !noFuncs {
		ms = append(ms, meaning{kind: "function", text: parser.FormatFunc(s.funcs[name].FuncDecl)})
	}
	if builtins[name] != nil {
		ms = append(ms, meaning{kind: "builtin"})
	}
	if len(ms) > 0 && !all {
		return ms[:1]
	}
	return append(ms, s.fileMeanings(name, all)...)
}

// fileMeanings are the files name runs (pathFiles), or without all the
// path the shell remembers for it, when it has run or `hash` looked it
// up since PATH last changed, as bash shows it.
func (s *Shell) fileMeanings(name string, all bool) []meaning {
	if path, _ := s.get("PATH"); !all && s.pathCache != nil && s.pathFor == path {
		if c, ok := s.pathCache[name]; ok {
			return []meaning{{kind: "file", text: c.path, hashed: true}}
		}
	}
	var ms []meaning
	for _, p := range s.pathFiles(name, all) {
		ms = append(ms, meaning{kind: "file", text: p})
	}
	return ms
}

// pathFiles is the executable file that name runs, or with all every
// executable called name in PATH's directories, each spelled as bash
// shows it: a name with a slash as written, else the PATH entry (`.` for
// an empty one), a slash and the name, so `PATH=_tmp` gives _tmp/date.
func (s *Shell) pathFiles(name string, all bool) []string {
	if strings.Contains(name, "/") {
		if _, st := s.lookPath(name); st == 0 {
			return []string{name}
		}
		return nil
	}
	var paths []string
	first := "" // the first file called name, executable or not
	path, _ := s.get("PATH")
	for _, dir := range filepath.SplitList(path) {
		if dir == "" {
			dir = "."
		}
		p := strings.TrimSuffix(dir, "/") + "/" + name
		abs := p
		if !filepath.IsAbs(p) {
			abs = filepath.Join(s.dir, p)
		}
		if fi, err := os.Stat(abs); err != nil || fi.IsDir() {
			continue
		}
		if executable(abs) == 0 {
			paths = append(paths, p)
			if !all {
				return paths
			}
		} else if !all && first == "" {
			first = p
		}
	}
	if len(paths) == 0 && first != "" {
		return []string{first} // bash: the file found, though not executable
	}
	return paths
}

// long is type's sentence for m; under set -o posix a special builtin
// says so, as in bash.
func (m meaning) long(name string, posix bool) string {
	switch m.kind {
	case "alias":
		return name + " is aliased to `" + m.text + "'"
	case "file":
		if m.hashed {
			return name + " is hashed (" + m.text + ")"
		}
	case "keyword":
		return name + " is a shell keyword"
	case "function":
		// and its definition, as declare -f prints it
		return name + " is a function\n" + m.text
	case "builtin":
		if posix && isSpecialBuiltin(name) {
			return name + " is a special shell builtin"
		}
		return name + " is a shell builtin"
	}
	return name + " is " + m.text
}

// describe prints what name is, for command -v (short) and -V (long,
// which shows a file's absolute path, as bash does).
func (s *Shell) describe(name string, long bool) bool {
	ms := s.meanings(name, false, false)
	if len(ms) == 0 {
		if long {
			s.errorf("command: %s: not found", name)
		}
		return false
	}
	m := ms[0]
	line := name
	switch {
	case long && m.kind == "file":
		if !filepath.IsAbs(m.text) {
			m.text = filepath.Join(s.dir, m.text)
		}
		line = m.long(name, s.opts.posix)
	case long:
		line = m.long(name, s.opts.posix)
	case m.kind == "alias":
		line = strings.TrimSuffix(aliasLine(name, m.text), "\n")
	case m.kind == "file":
		line = m.text
	}
	s.print(1, line+"\n")
	return true
}

// isKeyword reports whether name is one of bash's reserved words
// (compgen -k's list), time and coproc among them.
func isKeyword(name string) bool {
	return slices.Contains(bashKeywords, name)
}

// biType is type [-afptP] name…: -t says the kind of each name, -p the
// file it runs (nothing when it is not a file), -P the file even when
// it is not what runs, -a lists every meaning, -f leaves functions out.
// Status 1 when a name has none.
func biType(s *Shell, args []string) (int, error) {
	flags, args, ok := s.boolFlags("type", "type [-afptP] name [name ...]", "afptP", args[1:])
	if !ok {
		return 2, nil
	}
	all, noFuncs, kind, path, forcePath := flags['a'], flags['f'], flags['t'], flags['p'], flags['P']
	status := 0
	var out strings.Builder
	for _, name := range args {
		ms := s.meanings(name, all, noFuncs)
		if forcePath {
			ms = s.fileMeanings(name, all)
		}
		if len(ms) == 0 {
			if !kind && !path && !forcePath {
				// What comes before goes out first, in order with
				// the message (`type a nosuch b 2>&1`).
				if err := s.print(1, out.String()); err != nil {
					return s.writeFailed("type", err)
				}
				out.Reset()
				s.errorf("type: %s: not found", name)
			}
			status = 1
			continue
		}
		for _, m := range ms {
			switch {
			case kind:
				out.WriteString(m.kind + "\n")
			case path || forcePath:
				if m.kind == "file" {
					out.WriteString(m.text + "\n")
				}
			default:
				out.WriteString(m.long(name, s.opts.posix) + "\n")
			}
		}
	}
	if err := s.print(1, out.String()); err != nil {
		return s.writeFailed("type", err)
	}
	return status, nil
}
