package interp

import (
	"sort"
	"strings"

	"github.com/plumbsh/plumb/parser"
)

// Aliases (POSIX 2.3.1). The table lives in the shell; substitution is
// the parser's (parser.Config.Aliases), which asks the table while it
// reads. Scripts, eval strings and prompt lines are all parsed one
// complete command at a time, so an alias defined on one line applies
// from the next line on, and not to the rest of the line that defines it,
// as in sh. Unlike bash, which expands aliases only at an interactive
// prompt unless `shopt -s expand_aliases`, plumb expands them everywhere,
// as POSIX sh and dash do. A function keeps the text it was defined
// with: its body was parsed, aliases and all, when it was read.

func init() {
	builtins["alias"] = biAlias
	builtins["unalias"] = biUnalias
}

// parserConfig is how the shell's parsers are set up: with its aliases
// and its extglob option.
func (s *Shell) parserConfig() parser.Config {
	return parser.Config{Aliases: s.alias, ExtGlob: s.extglob}
}

// extglob reports whether shopt extglob is on; it is the parser's hook.
func (s *Shell) extglob() bool { return s.opts.shopt[shExtglob] }

// alias looks up an alias; it is the parser's hook.
func (s *Shell) alias(name string) (string, bool) {
	v, ok := s.aliases[name]
	return v, ok
}

func (s *Shell) hasAlias(name string) bool {
	_, ok := s.aliases[name]
	return ok
}

// aliasLine is how `alias` prints one alias, in bash's quoting, which
// reads back as the same definition.
func aliasLine(name, value string) string {
	return "alias " + name + "='" + strings.ReplaceAll(value, "'", `'\''`) + "'\n"
}

// validAliasName reports whether name can be an alias: bash refuses the
// characters that end or quote a word, expansions' `$` and `/`.
func validAliasName(name string) bool {
	return name != "" && !strings.ContainsAny(name, "/$`=\\'\" \t\n|&;()<>")
}

// aliasFlags takes the options of alias and unalias, which have one flag
// each. It returns the operands and whether flag was given, or false
// after printing the usage for any other option.
func (s *Shell) aliasFlags(name, flag, usage string, args []string) ([]string, bool, bool) {
	set := false
	for len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-' {
		a := args[0]
		args = args[1:]
		switch a {
		case "--":
			return args, set, true
		case flag:
			set = true
		default:
			s.errorf("%s: %s: invalid option", name, a)
			s.writeErr(name + ": usage: " + usage + "\n")
			return nil, false, false
		}
	}
	return args, set, true
}

// biAlias is `alias [-p] [name[=value] …]`: with no names, or with -p, it
// first lists every alias, sorted.
func biAlias(s *Shell, args []string) (int, error) {
	args, list, ok := s.aliasFlags("alias", "-p", "alias [-p] [name[=value] ... ]", args[1:])
	if !ok {
		return 2, nil
	}
	var out strings.Builder
	if list || len(args) == 0 {
		names := make([]string, 0, len(s.aliases))
		for n := range s.aliases {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			out.WriteString(aliasLine(n, s.aliases[n]))
		}
	}
	status := 0
	for _, a := range args {
		name, value, isDef := strings.Cut(a, "=")
		switch {
		case isDef && name != "" && !validAliasName(name):
			s.errorf("alias: `%s': invalid alias name", name)
			status = 1
		case isDef && name != "":
			if s.aliases == nil {
				s.aliases = map[string]string{}
			}
			s.aliases[name] = value
		default:
			v, ok := s.aliases[a]
			if !ok {
				s.errorf("alias: %s: not found", a)
				status = 1
				continue
			}
			out.WriteString(aliasLine(a, v))
		}
	}
	if err := s.print(1, out.String()); err != nil {
		return s.writeFailed("alias", err)
	}
	return status, nil
}

// biUnalias is `unalias name…` and `unalias -a` (which ignores names).
func biUnalias(s *Shell, args []string) (int, error) {
	const usage = "unalias [-a] name [name ...]"
	args, all, ok := s.aliasFlags("unalias", "-a", usage, args[1:])
	switch {
	case !ok:
		return 2, nil
	case all:
		s.aliases = nil
		return 0, nil
	case len(args) == 0:
		s.writeErr("unalias: usage: " + usage + "\n")
		return 2, nil
	}
	status := 0
	for _, name := range args {
		if _, ok := s.aliases[name]; !ok {
			s.errorf("unalias: %s: not found", name)
			status = 1
			continue
		}
		delete(s.aliases, name)
	}
	return status, nil
}
