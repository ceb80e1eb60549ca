package interp

import (
	"fmt"
	"sort"
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

// biHash is POSIX hash: `hash -r` forgets the remembered command paths,
// `hash name…` looks each one up now (status 1 for one not found, which
// scripts use as a "have I got git?" test), bare `hash` lists them.
func biHash(s *Shell, args []string) (int, error) {
	args = args[1:]
	if len(args) > 0 && args[0] == "-r" {
		s.pathCache = nil
		return 0, nil
	}
	if len(args) == 0 {
		if len(s.pathCache) == 0 {
			s.print(1, "hash: hash table empty\n") // on stdout, as bash
			return 0, nil
		}
		names := make([]string, 0, len(s.pathCache))
		for n := range s.pathCache {
			names = append(names, n)
		}
		sort.Strings(names)
		var b strings.Builder
		b.WriteString("hits\tcommand\n")
		for _, n := range names {
			fmt.Fprintf(&b, "%4d\t%s\n", s.pathCache[n].hits, s.pathCache[n].path)
		}
		s.print(1, b.String())
		return 0, nil
	}
	status := 0
	for _, name := range args {
		if _, ok := builtins[name]; ok || s.funcs[name] != nil {
			continue
		}
		if _, st := s.lookPath(name); st != 0 {
			s.errorf("hash: %s: not found", name)
			status = 1
		}
	}
	return status, nil
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
