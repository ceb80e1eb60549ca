package interp

import (
	"path"
	"slices"
	"strings"
)

// bash's programmable completion: the specs `complete` stores for command
// names (and for the default, empty-line and initial-word cases), which
// `compopt` changes and which the prompt's Tab uses (compline.go); the
// generation of a spec's completions, which compgen shares, is in
// compgen.go.

func init() {
	builtins["complete"] = biComplete
	builtins["compopt"] = biCompopt
}

const (
	completeUsage = "complete: usage: complete [-abcdefgjksuv] [-pr] [-DEI] [-o option] [-A action] [-G globpat] [-W wordlist] [-F function] [-C command] [-X filterpat] [-P prefix] [-S suffix] [name ...]\n"
	compoptUsage  = "compopt: usage: compopt [-o|+o option] [-DEI] [name ...]\n"
)

// The names bash stores the -D, -E and -I specs under, in the same table
// as the commands' (they show in its messages: "compopt: _DefaultCmD_: no
// completion specification").
const (
	compDefault = "_DefaultCmD_"
	compEmpty   = "_EmptycmD_"
	compInitial = "_InitialWorD_"
)

var compSpecialNames = map[byte]string{'D': compDefault, 'E': compEmpty, 'I': compInitial}

// compAction is one of bash's completion actions (-A name).
type compAction struct {
	name   string
	letter byte // its short option, 0 if it has none
}

// compActions lists the actions in the order bash generates them: the
// lists of names, then commands, files, users, groups, services, and
// directories last. A spec's actions are a bit set over this list.
// binding, hostname and service generate nothing in plumb (it has no
// readline bindings to list, and reads no hosts or services file).
var compActions = []compAction{
	{"alias", 'a'}, {"arrayvar", 0}, {"binding", 0}, {"builtin", 'b'},
	{"disabled", 0}, {"enabled", 0}, {"export", 'e'}, {"function", 0},
	{"helptopic", 0}, {"hostname", 0}, {"job", 'j'}, {"keyword", 'k'},
	{"running", 0}, {"setopt", 0}, {"shopt", 0}, {"signal", 0},
	{"stopped", 0}, {"variable", 'v'}, {"command", 'c'}, {"file", 'f'},
	{"user", 'u'}, {"group", 'g'}, {"service", 's'}, {"directory", 'd'},
}

// actionBit is the bit of the action named name (by -A name when
// letter is 0, else by its letter).
func actionBit(name string, letter byte) (uint32, bool) {
	for i, a := range compActions {
		if letter == 0 && a.name == name || letter != 0 && a.letter == letter {
			return 1 << i, true
		}
	}
	return 0, false
}

// compOpts is a set of complete's -o options; compOptNames are their
// names, in bit order, which is the order bash prints them in.
type compOpts uint8

var compOptNames = []string{"bashdefault", "default", "dirnames", "filenames", "noquote", "nosort", "nospace", "plusdirs"}

const (
	coBashdefault compOpts = 1 << iota
	coDefault
	coDirnames
	coFilenames
	coNoquote
	coNosort
	coNospace
	coPlusdirs
)

func compOptBit(name string) (compOpts, bool) {
	i := slices.Index(compOptNames, name)
	if i < 0 {
		return 0, false
	}
	return 1 << i, true
}

// compSpec is a completion specification: what `complete` stores for a
// command and compgen's options describe.
type compSpec struct {
	actions                                         uint32 // bits over compActions
	opts                                            compOpts
	glob, words, cmd, fn, filter, prefix, suffix    string
	hasGlob, hasWords, hasFilter, hasPrefix, hasSfx bool
	seq                                             uint64 // when it was first stored, for listing in bash's order
}

// cloneCompSpecs copies the specs for a subshell, which may change its own.
func cloneCompSpecs(m map[string]*compSpec) map[string]*compSpec {
	if m == nil {
		return nil
	}
	c := make(map[string]*compSpec, len(m))
	for k, v := range m {
		cp := *v
		c[k] = &cp
	}
	return c
}

// compArgs reads the options compgen and complete share into sp, and
// the letters of own (complete's -p -r -D -E -I) into flags; rest are
// the arguments after them. A status other than 0 follows the message.
func (s *Shell) compArgs(name, usage string, args []string, own string, sp *compSpec) (flags string, rest []string, status int) {
	rest, status = s.scanOpts(name, usage, args, own+compActionLetters, "oAGWCFXPS", func(c byte, val string) int {
		if strings.IndexByte(own, c) >= 0 {
			flags += string(c)
			return 0
		}
		if bit, ok := actionBit("", c); ok {
			sp.actions |= bit
			return 0
		}
		switch c {
		case 'o':
			o, ok := compOptBit(val)
			if !ok {
				s.errorf("%s: %s: invalid option name", name, val)
				return 2
			}
			sp.opts |= o
		case 'A':
			bit, ok := actionBit(val, 0)
			if !ok {
				s.errorf("%s: %s: invalid action name", name, val)
				return 2
			}
			sp.actions |= bit
		case 'G':
			sp.glob, sp.hasGlob = val, true
		case 'W':
			sp.words, sp.hasWords = val, true
		case 'C':
			sp.cmd = val
		case 'F':
			sp.fn = val
		case 'X':
			sp.filter, sp.hasFilter = val, true
		case 'P':
			sp.prefix, sp.hasPrefix = val, true
		case 'S':
			sp.suffix, sp.hasSfx = val, true
		}
		return 0
	})
	if status != 0 {
		return "", nil, status
	}
	return flags, rest, 0
}

// compActionLetters are the short options of compgen and complete that
// name an action (-a for -A alias and so on: compActions).
const compActionLetters = "abcdefgjksuv"

// format is the spec as the complete command that makes it, in bash's
// words and order.
func (sp *compSpec) format(name string) string {
	b := []string{"complete"}
	for i, n := range compOptNames {
		if sp.opts&(1<<i) != 0 {
			b = append(b, "-o "+n)
		}
	}
	var long []string
	for _, l := range compActionLetters {
		if bit, _ := actionBit("", byte(l)); sp.actions&bit != 0 {
			b = append(b, "-"+string(l))
		}
	}
	for i, a := range compActions {
		if a.letter == 0 && sp.actions&(1<<i) != 0 {
			long = append(long, "-A "+a.name)
		}
	}
	slices.Sort(long)
	b = append(b, long...)
	for _, o := range []struct {
		flag, val string
		has       bool
	}{
		{"-G", sp.glob, sp.hasGlob}, {"-W", sp.words, sp.hasWords},
		{"-P", sp.prefix, sp.hasPrefix}, {"-S", sp.suffix, sp.hasSfx},
		{"-X", sp.filter, sp.hasFilter}, {"-C", sp.cmd, sp.cmd != ""},
	} {
		if o.has {
			b = append(b, o.flag+" '"+strings.ReplaceAll(o.val, "'", `'\''`)+"'")
		}
	}
	if sp.fn != "" {
		b = append(b, "-F "+sp.fn)
	}
	switch name {
	case compDefault:
		name = "-D"
	case compEmpty:
		name = "-E"
	case compInitial:
		name = "-I"
	default:
		name = singleQuote(name)
	}
	return strings.Join(append(b, name), " ") + "\n"
}

// compHashOrder is the order bash lists its specs in: that of its hash
// table of 256 buckets (FNV-1 of the name), the newest first in a
// bucket. Scripts and tests compare `complete -p` output with bash's.
func compHashOrder(m map[string]*compSpec) []string {
	bucket := func(name string) uint32 {
		h := uint32(2166136261)
		for i := 0; i < len(name); i++ {
			h *= 16777619
			h ^= uint32(name[i])
		}
		return h & 255
	}
	names := slices.Collect(mapKeys(m))
	slices.SortFunc(names, func(a, b string) int {
		if ba, bb := bucket(a), bucket(b); ba != bb {
			return int(ba) - int(bb)
		}
		if m[a].seq > m[b].seq {
			return -1
		}
		return 1
	})
	return names
}

// compNames adds to names the one of -D, -E, -I that flags has (the
// first of them: bash takes no more than one).
func compNames(flags string, names []string) []string {
	for _, c := range []byte("DEI") {
		if strings.IndexByte(flags, c) >= 0 {
			return append(names, compSpecialNames[c])
		}
	}
	return names
}

// biComplete stores, lists (-p, or no arguments) or removes (-r) the
// completion specs of names.
func biComplete(s *Shell, args []string) (int, error) {
	var sp compSpec
	flags, names, st := s.compArgs("complete", completeUsage, args[1:], "prDEI", &sp)
	if st != 0 {
		return st, nil
	}
	names = compNames(flags, names)
	switch {
	case strings.Contains(flags, "r"):
		if len(names) == 0 {
			clear(s.compSpecs)
			return 0, nil
		}
		if s.compSpecs == nil {
			return 0, nil // bash has no table yet: nothing to complain of
		}
		return s.eachCompSpec("complete", names, func(name string, _ *compSpec) {
			delete(s.compSpecs, name)
		}), nil
	case strings.Contains(flags, "p") || len(args) == 1:
		if len(names) == 0 {
			names = compHashOrder(s.compSpecs)
		}
		var b strings.Builder
		st := s.eachCompSpec("complete", names, func(name string, sp *compSpec) {
			b.WriteString(sp.format(name))
		})
		if err := s.print(1, b.String()); err != nil {
			return s.writeFailed("complete", err)
		}
		return st, nil
	case len(names) == 0:
		s.writeErr(completeUsage)
		return 2, nil
	}
	if s.compSpecs == nil {
		s.compSpecs = map[string]*compSpec{}
	}
	for _, n := range names {
		cp := sp
		if old, ok := s.compSpecs[n]; ok {
			cp.seq = old.seq // replacing keeps its place, as in bash's table
		} else {
			s.compSeq++
			cp.seq = s.compSeq
		}
		s.compSpecs[n] = &cp
	}
	return 0, nil
}

// eachCompSpec calls f with the spec of each of names; a name without
// one is an error (status 1) and the others are still done.
func (s *Shell) eachCompSpec(builtin string, names []string, f func(string, *compSpec)) int {
	st := 0
	for _, n := range names {
		sp, ok := s.compSpecs[n]
		if !ok {
			s.errorf("%s: %s: no completion specification", builtin, n)
			st = 1
			continue
		}
		f(n, sp)
	}
	return st
}

// biCompopt changes the -o options of the specs of names, or of the
// completion being generated now when there are none (only a completion
// function at the prompt has one); without -o or +o it prints them.
func biCompopt(s *Shell, args []string) (int, error) {
	var on, off compOpts
	var names []string
	special := "" // the spec of -D, -E or -I
	i := 1
	for ; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			i++
			break
		}
		if len(a) < 2 || a[0] != '-' && a[0] != '+' {
			break
		}
		for j := 1; j < len(a); j++ {
			c := a[j]
			switch {
			case c == 'o':
				val := a[j+1:]
				if val == "" {
					if i+1 >= len(args) {
						s.errorf("compopt: %c%c: option requires an argument", a[0], c)
						s.writeErr(compoptUsage)
						return 2, nil
					}
					i++
					val = args[i]
				}
				o, ok := compOptBit(val)
				if !ok {
					s.errorf("compopt: %s: invalid option name", val)
					return 2, nil
				}
				if a[0] == '-' {
					on, off = on|o, off&^o
				} else {
					on, off = on&^o, off|o
				}
				j = len(a)
			case a[0] == '-' && strings.IndexByte("DEI", c) >= 0:
				if special == "" {
					special = compSpecialNames[c] // only the first, as in bash
				}
			default:
				s.errorf("compopt: %c%c: invalid option", a[0], c)
				s.writeErr(compoptUsage)
				return 2, nil
			}
		}
	}
	if special != "" {
		names = append(names, special)
	}
	names = append(names, args[i:]...)
	change := func(name string, sp *compSpec) {
		if on|off != 0 {
			sp.opts = sp.opts&^off | on
			return
		}
		b := []string{"compopt"}
		for i, n := range compOptNames {
			sign := "+o "
			if sp.opts&(1<<i) != 0 {
				sign = "-o "
			}
			b = append(b, sign+n)
		}
		if name != "" {
			b = append(b, singleQuote(name))
		}
		s.print(1, strings.Join(b, " ")+"\n")
	}
	if len(names) == 0 {
		if s.compCur == nil {
			s.errorf("compopt: not currently executing completion function")
			return 1, nil
		}
		change("", s.compCur)
		return 0, nil
	}
	return s.eachCompSpec("compopt", names, change), nil
}

// compSpecFor is the spec the prompt completes the word cword of words
// with (bash's order): -I's for the command word, -E's on an empty
// line, else the command's (by its name, then by its last path
// component), else -D's; nil when there is none.
func (s *Shell) compSpecFor(words []string, cword int) *compSpec {
	if len(s.compSpecs) == 0 || len(words) == 0 {
		return nil
	}
	if cword == 0 {
		if len(words) == 1 && words[0] == "" {
			if sp, ok := s.compSpecs[compEmpty]; ok {
				return sp
			}
		}
		return s.compSpecs[compInitial]
	}
	for _, n := range []string{words[0], path.Base(words[0]), compDefault} {
		if sp, ok := s.compSpecs[n]; ok {
			return sp
		}
	}
	return nil
}
