package interp

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/plumbsh/plumb/shell/history"
)

// set and the option names it shares with `set -o`, shopt and the
// command line.
func init() {
	builtins["set"] = biSet
}

// longOptions maps `set -o NAME` to the option it sets.
func (s *Shell) longOption(name string) *bool {
	switch name {
	case "errexit":
		return &s.opts.errexit
	case "nounset":
		return &s.opts.nounset
	case "xtrace":
		return &s.opts.xtrace
	case "noclobber":
		return &s.opts.noclobber
	case "noglob":
		return &s.opts.noglob
	case "allexport":
		return &s.opts.allexport
	case "pipefail":
		return &s.opts.pipefail
	case "stats":
		return &s.opts.stats
	case "noexec":
		return &s.opts.noexec
	case "verbose":
		return &s.opts.verbose
	case "histexpand":
		return &s.opts.histexp
	case "history":
		return &s.opts.history
	case "braceexpand":
		return &s.opts.braceexpand
	case "errtrace":
		return &s.opts.errtrace
	case "functrace":
		return &s.opts.functrace
	case "hashall":
		return &s.opts.hashall
	case "monitor":
		return &s.opts.monitor
	case "physical":
		return &s.opts.physical
	case "posix":
		return &s.opts.posix
	case "emacs":
		return &s.opts.emacs
	case "vi":
		return &s.opts.vi
	}
	return nil
}

// setLongOption sets the option p points to (longOption); emacs and vi
// turn each other off, as in bash.
func (s *Shell) setLongOption(p *bool, on bool) {
	*p = on
	switch {
	case p == &s.opts.vi && on:
		s.opts.emacs = false
	case p == &s.opts.emacs && on:
		s.opts.vi = false
	case p == &s.opts.history && on && s.hist == nil:
		// A script's history, as bash keeps one after set -o
		// history: in memory only, its lines from now on (source.go).
		s.hist = history.New("")
	}
}

var longOptionNames = []string{"allexport", "braceexpand", "emacs", "errexit", "errtrace", "functrace", "hashall", "histexpand", "history", "monitor", "noclobber", "noexec", "noglob", "nounset", "physical", "pipefail", "posix", "stats", "verbose", "vi", "xtrace"}

// bashOnlyOptions are the set -o names of bash that plumb does not
// have (interactive-comments is always on), and "".
var bashOnlyOptions = []string{"", "history", "ignoreeof", "interactive-comments", "keyword", "nolog", "notify", "onecmd", "privileged"}

// shellOpts is $SHELLOPTS: the set -o options that are on, in bash's
// words and order (interactive-comments, always on, included; plumb's
// own stats left out).
func (s *Shell) shellOpts() string {
	on := []string{"interactive-comments"}
	for _, n := range longOptionNames {
		if n != "stats" && *s.longOption(n) {
			on = append(on, n)
		}
	}
	slices.Sort(on)
	return strings.Join(on, ":")
}

// bashOpts is $BASHOPTS: the shopt options that are on, in shopt's
// order.
func (s *Shell) bashOpts() string {
	var on []string
	for i, n := range shoptNames {
		if s.opts.shopt[i] || i == shLoginShell && s.login {
			on = append(on, n)
		}
	}
	return strings.Join(on, ":")
}

// SHELLOPTS and BASHOPTS are read-only variables whose value is the
// options that are on. Reading one computes it (dynamicVar); the
// listings and the environment, which read the variables themselves,
// call syncOptionVars first, so that no option change has to remember
// to update them. Exported, they carry the options to a child shell,
// which turns them on at start (importOptions).

// newOptionVars makes SHELLOPTS and BASHOPTS, keeping whether the
// environment exported them. Their values are left to the first read or
// listing (above): joining the option names at every start cost ≈ 20µs
// of `plumb -c true`.
func (s *Shell) newOptionVars() {
	for _, k := range [...]string{"SHELLOPTS", "BASHOPTS"} {
		v := &variable{set: true, readonly: true}
		if old, ok := s.vars[k]; ok {
			v.exported = old.exported
		}
		s.vars[k] = v
	}
}

// syncOptionVars sets the values of SHELLOPTS and BASHOPTS to the
// options as they are now.
func (s *Shell) syncOptionVars() {
	if v := s.vars["SHELLOPTS"]; v != nil && v.array == nil && v.assoc == nil {
		v.value = s.shellOpts()
	}
	if v := s.vars["BASHOPTS"]; v != nil && v.array == nil && v.assoc == nil {
		v.value = s.bashOpts()
	}
}

// exportsOptions reports whether SHELLOPTS or BASHOPTS is exported: the
// environment then cannot be kept from one command to the next.
func (s *Shell) exportsOptions() bool {
	v, w := s.vars["SHELLOPTS"], s.vars["BASHOPTS"]
	return v != nil && v.exported || w != nil && w.exported
}

// importOptions turns on the options that SHELLOPTS and BASHOPTS name
// in the environment plumb started with, after its command-line
// options, as bash does (so SHELLOPTS=xtrace wins over +x): a traced
// script's `export SHELLOPTS` traces the shells it starts. An unknown
// set -o name is reported (bash's names that plumb lacks, such as
// history, are skipped); an unknown shopt name is not. A set-user-ID
// shell imports nothing.
func (s *Shell) importOptions(environ []string) {
	if os.Getuid() != os.Geteuid() {
		return
	}
	for _, kv := range environ {
		k, val, _ := strings.Cut(kv, "=")
		switch k {
		case "SHELLOPTS":
			for _, n := range strings.Split(val, ":") {
				if p := s.longOption(n); p != nil {
					s.setLongOption(p, true)
				} else if !slices.Contains(bashOnlyOptions, n) {
					s.errorf("%s: invalid option name", n)
				}
			}
		case "BASHOPTS":
			for _, n := range strings.Split(val, ":") {
				if i := shoptIndex(n); i >= 0 && i != shLoginShell {
					s.opts.shopt[i] = true
				}
			}
		}
	}
}

func (s *Shell) shortOption(c byte) *bool {
	switch c {
	case 'e':
		return &s.opts.errexit
	case 'u':
		return &s.opts.nounset
	case 'x':
		return &s.opts.xtrace
	case 'C':
		return &s.opts.noclobber
	case 'f':
		return &s.opts.noglob
	case 'a':
		return &s.opts.allexport
	case 'n':
		return &s.opts.noexec
	case 'v':
		return &s.opts.verbose
	case 'H':
		return &s.opts.histexp
	case 'B':
		return &s.opts.braceexpand
	case 'E':
		return &s.opts.errtrace
	case 'T':
		return &s.opts.functrace
	case 'h':
		return &s.opts.hashall
	case 'm':
		return &s.opts.monitor
	case 'P':
		return &s.opts.physical
	}
	return nil
}

func biSet(s *Shell, args []string) (int, error) {
	args = args[1:]
	if len(args) == 0 {
		return s.listSet("set")
	}
	for len(args) > 0 {
		a := args[0]
		if a == "--" {
			s.args = append([]string(nil), args[1:]...)
			return 0, nil
		}
		if a == "-" {
			// bash: `set -` ends the options and turns off -x and -v
			s.opts.xtrace, s.opts.verbose = false, false
			args = args[1:]
			break
		}
		if a == "+" {
			args = args[1:] // a lone + is an empty flag word (bash)
			continue
		}
		if len(a) < 2 || (a[0] != '-' && a[0] != '+') {
			break
		}
		on := a[0] == '-'
		args = args[1:]
		for i := 1; i < len(a); i++ {
			if a[i] == 'o' {
				if len(args) == 0 {
					s.printOptions(on)
					continue
				}
				if ok, st := s.valueOption(args[0], on); ok { // pipesize.go
					if st != 0 {
						return st, nil
					}
					args = args[1:]
					continue
				}
				p := s.longOption(args[0])
				if p == nil {
					s.errorf("set: %s: invalid option name", args[0])
					return 2, nil
				}
				s.setLongOption(p, on)
				args = args[1:]
				continue
			}
			p := s.shortOption(a[i])
			if p == nil {
				s.errorf("set: %c%c: invalid option", a[0], a[i])
				return 2, nil
			}
			*p = on
		}
	}
	if len(args) > 0 {
		s.args = append([]string(nil), args...)
	}
	return 0, nil
}

func (s *Shell) printOptions(minus bool) {
	var b strings.Builder
	for _, n := range longOptionNames {
		on := *s.longOption(n)
		if minus {
			st := "off"
			if on {
				st = "on"
			}
			fmt.Fprintf(&b, "%-15s\t%s\n", n, st)
		} else {
			c := "+"
			if on {
				c = "-"
			}
			fmt.Fprintf(&b, "set %so %s\n", c, n)
		}
	}
	s.print(1, b.String())
}
