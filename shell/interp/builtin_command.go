package interp

import (
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
)

// The builtins that choose how a name runs: command, builtin, hash.
func init() {
	builtins["command"] = biCommand
	builtins["builtin"] = biBuiltin
	builtins["hash"] = biHash
}

func biCommand(s *Shell, args []string) (int, error) {
	args = args[1:]
	verbose, stdPath := 0, false
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		switch args[0] {
		case "-v":
			verbose = 1
		case "-V":
			verbose = 2
		case "-p":
			stdPath = true
		case "--":
			args = args[1:]
			goto done
		default:
			s.errorf("command: %s: invalid option", args[0])
			return 2, nil
		}
		args = args[1:]
	}
done:
	if len(args) == 0 {
		return 0, nil
	}
	if verbose > 0 {
		// Unlike type's, command -v's status is 0 when any name is found.
		status := 1
		for _, name := range args {
			if s.describe(name, verbose == 2) {
				status = 0
			}
		}
		return status, nil
	}
	if b, ok := builtins[args[0]]; ok {
		return b(s, args)
	}
	if stdPath && !strings.Contains(args[0], "/") {
		// command -p: found in the standard path, whatever $PATH says;
		// the command's own environment keeps $PATH.
		p, st := s.lookPathWith(args[0], []string{"PATH=" + standardPath})
		if st != 0 {
			s.errorf("%s", commandError(args[0], st))
			return st, nil
		}
		args = append([]string{p}, args[1:]...)
	}
	if err := s.runExternal(args, nil, nil); err != nil {
		return s.status, err
	}
	return s.status, nil
}

// standardPath is where command -p looks: getconf PATH on Linux.
const standardPath = "/bin:/usr/bin"

// biHash is POSIX hash with bash's options: `hash -r` forgets the
// remembered command paths, `hash name…` looks each one up in PATH now
// (status 1 for one not found, which scripts use as a "have I got git?"
// test), bare `hash` lists them, -l as hash commands. -p PATH remembers
// PATH for the names without a search, -d forgets them, -t prints
// their paths (a name and a tab first when there are several).
func biHash(s *Shell, args []string) (int, error) {
	const usage = "hash: usage: hash [-lr] [-p pathname] [-dt] [name ...]\n"
	var forget, portable, del, show, hasPath bool
	var path string
	names, st := s.scanOpts("hash", usage, args[1:], "lrdt", "p", func(c byte, val string) int {
		switch c {
		case 'r':
			forget = true
		case 'l':
			portable = true
		case 'd':
			del = true
		case 't':
			show = true
		case 'p':
			hasPath, path = true, val
		}
		return 0
	})
	if st != 0 {
		return st, nil
	}
	if forget {
		s.pathCache = nil
	}
	if (del || show) && len(names) == 0 {
		c := 'd'
		if show {
			c = 't'
		}
		s.errorf("hash: -%c: option requires an argument", c)
		return 1, nil
	}
	if len(names) == 0 {
		if !forget {
			return s.hashList(portable)
		}
		return 0, nil
	}
	if hasPath && !del && !show {
		if fi, err := os.Stat(path); err == nil && fi.IsDir() {
			s.errorf("hash: %s: Is a directory", path)
			return 1, nil
		}
	}
	cache := s.hashTable()
	status := 0
	for _, name := range names {
		c, hashed := cache[name]
		switch {
		case del || show:
			if !hashed {
				s.errorf("hash: %s: not found", name)
				status = 1
			} else if del {
				delete(cache, name)
			} else {
				c.hits++ // a look-up, as bash counts it
				line := c.path
				if portable {
					line = "builtin hash -p " + c.path + " " + name
				} else if len(names) > 1 {
					line = name + "\t" + c.path
				}
				// each line as it comes, in order with the messages
				if err := s.print(1, line+"\n"); err != nil {
					return s.writeFailed("hash", err)
				}
			}
		case strings.Contains(name, "/"):
			// a path runs as written and is never remembered
		case hasPath:
			cache[name] = &cachedPath{path: path}
		default:
			if _, ok := builtins[name]; ok || s.funcs[name] != nil {
				continue
			}
			delete(cache, name) // looked up afresh, as bash does
			if _, st := s.lookPath(name); st != 0 {
				s.errorf("hash: %s: not found", name)
				status = 1
			}
		}
	}
	return status, nil
}

// hashTable is the table of remembered command paths for the PATH of
// now, made empty when PATH has changed since it was filled.
func (s *Shell) hashTable() map[string]*cachedPath {
	pathVar, _ := s.get("PATH")
	if s.pathCache == nil || s.pathFor != pathVar {
		s.pathCache = make(map[string]*cachedPath)
		s.pathFor = pathVar
	}
	return s.pathCache
}

// hashList is bare `hash` (the paths with their hits) and `hash -l`
// (hash commands that remember them again, nothing for an empty table).
func (s *Shell) hashList(portable bool) (int, error) {
	var b strings.Builder
	switch {
	case len(s.pathCache) == 0 && portable:
	case len(s.pathCache) == 0:
		b.WriteString("hash: hash table empty\n") // on stdout, as bash
	case portable:
		for _, n := range slices.Sorted(maps.Keys(s.pathCache)) {
			b.WriteString("builtin hash -p " + s.pathCache[n].path + " " + n + "\n")
		}
	default:
		b.WriteString("hits\tcommand\n")
		for _, n := range slices.Sorted(maps.Keys(s.pathCache)) {
			fmt.Fprintf(&b, "%4d\t%s\n", s.pathCache[n].hits, s.pathCache[n].path)
		}
	}
	if err := s.print(1, b.String()); err != nil {
		return s.writeFailed("hash", err)
	}
	return 0, nil
}

// biBuiltin is bash's `builtin name args…`: the builtin, even where a
// function of the same name hides it.
func biBuiltin(s *Shell, args []string) (int, error) {
	if len(args) > 1 && args[1] == "--" {
		args = args[1:]
	}
	if len(args) < 2 {
		return 0, nil
	}
	b, ok := builtins[args[1]]
	if !ok {
		s.errorf("builtin: %s: not a shell builtin", args[1])
		return 1, nil
	}
	return b(s, args[1:])
}
