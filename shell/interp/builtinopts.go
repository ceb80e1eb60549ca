package interp

import "strings"

// scanOpts reads a builtin's options the way bash's builtins read theirs:
// "-rs" is two flags; a letter in valued takes the rest of its word
// ("-n5") or else the next word ("-n 5"); "--" ends the options, and so
// do "-" and the first word that does not start with "-". each gets
// every letter in turn with its value ("" for a flag) and stops the scan
// with a status that is not 0. A letter in neither flags nor valued, or
// a value missing at the end, is bash's message plus usage, status 2.
// rest is what follows the options.
func (s *Shell) scanOpts(name, usage string, args []string, flags, valued string, each func(c byte, val string) int) (rest []string, status int) {
	for len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-' {
		a := args[0]
		args = args[1:]
		if a == "--" {
			break
		}
		for i := 1; i < len(a); i++ {
			c := a[i]
			if strings.IndexByte(flags, c) >= 0 {
				if st := each(c, ""); st != 0 {
					return nil, st
				}
				continue
			}
			if strings.IndexByte(valued, c) < 0 {
				s.errorf("%s: -%c: invalid option", name, c)
				s.writeErr(usage)
				return nil, 2
			}
			val := a[i+1:]
			if val == "" {
				if len(args) == 0 {
					s.errorf("%s: -%c: option requires an argument", name, c)
					s.writeErr(usage)
					return nil, 2
				}
				val, args = args[0], args[1:]
			}
			if st := each(c, val); st != 0 {
				return nil, st
			}
			break // the value took the rest of the word
		}
	}
	return args, 0
}

// boolFlags is scanOpts for a builtin whose options all are flags: it
// returns which were given. ok is false (status 2) after a bad letter.
func (s *Shell) boolFlags(name, usage, letters string, args []string) (flags map[byte]bool, rest []string, ok bool) {
	flags = map[byte]bool{}
	rest, st := s.scanOpts(name, name+": usage: "+usage+"\n", args, letters, "", func(c byte, _ string) int {
		flags[c] = true
		return 0
	})
	return flags, rest, st == 0
}
