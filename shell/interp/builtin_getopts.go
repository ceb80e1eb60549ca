package interp

import (
	"fmt"
	"strconv"
	"strings"
)

// getopts, POSIX option parsing for scripts.
func init() {
	builtins["getopts"] = biGetopts
}

func biGetopts(s *Shell, args []string) (st int, err error) {
	if len(args) < 3 {
		s.errorf("getopts: usage: getopts optstring name [arg ...]")
		return 2, nil
	}
	optstring, name := args[1], args[2]
	params := s.args
	if len(args) > 3 {
		params = args[3:]
	}
	silent := strings.HasPrefix(optstring, ":")
	if silent {
		optstring = optstring[1:]
	}
	optind := 1
	if v, ok := s.get("OPTIND"); ok {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			optind = n
		}
	}
	// s.optPos is the position inside a cluster like -abc; it is reset
	// whenever OPTIND is changed from outside.
	if optind != s.optIndex {
		s.optPos = 1
	}
	// A name that is not a variable's fails, but only after the option
	// was parsed: OPTIND and OPTARG move on, as in bash.
	badName := !isNameStr(name)
	setName := func(v string) {
		if !badName {
			s.setVar(name, v)
		}
	}
	defer func() {
		if badName {
			s.errorf("getopts: `%s': not a valid identifier", name)
			st = 1
		}
	}()
	end := func() (int, error) {
		// Past the end of the arguments, OPTIND points just after them
		// (a new `set --` makes it 1 again).
		optind = min(optind, len(params)+1)
		setName("?")
		s.setVar("OPTIND", strconv.Itoa(optind))
		s.optIndex = optind
		s.unsetVar("OPTARG")
		return 1, nil
	}
	if optind > len(params) {
		return end()
	}
	arg := params[optind-1]
	if s.optPos == 1 {
		if arg == "--" {
			optind++
			return end()
		}
		if len(arg) < 2 || arg[0] != '-' {
			return end()
		}
	}
	c := arg[s.optPos]
	s.optPos++
	next := func() {
		if s.optPos >= len(arg) {
			optind++
			s.optPos = 1
		}
	}
	i := strings.IndexByte(optstring, c)
	if i < 0 || c == ':' {
		next()
		setName("?")
		if silent {
			s.setVar("OPTARG", string(c))
		} else {
			// like getopt(3) and bash: $0, not the shell's prefix
			s.writeErr(fmt.Sprintf("%s: illegal option -- %c\n", s.arg0, c))
			s.unsetVar("OPTARG")
		}
	} else if i+1 < len(optstring) && optstring[i+1] == ':' {
		if s.optPos < len(arg) {
			s.setVar("OPTARG", arg[s.optPos:])
			optind++
			s.optPos = 1
		} else if optind < len(params) {
			s.setVar("OPTARG", params[optind])
			optind += 2
			s.optPos = 1
		} else {
			optind++
			s.optPos = 1
			if silent {
				setName(":")
				s.setVar("OPTARG", string(c))
			} else {
				setName("?")
				s.unsetVar("OPTARG")
				s.writeErr(fmt.Sprintf("%s: option requires an argument -- %c\n", s.arg0, c))
			}
			s.setVar("OPTIND", strconv.Itoa(optind))
			s.optIndex = optind
			return 0, nil
		}
		setName(string(c))
	} else {
		next()
		setName(string(c))
		s.unsetVar("OPTARG")
	}
	s.setVar("OPTIND", strconv.Itoa(optind))
	s.optIndex = optind
	return 0, nil
}
