package interp

import (
	"fmt"
	"strings"

	"github.com/plumbsh/plumb/shell/pattern"
)

// shopt [-pqsu] [-o] [optname ...]: bash's second set of options.
//
// Every name bash 5.2 knows is accepted, so that a ~/.bashrc-style file
// of `shopt -s histappend checkwinsize` runs without complaint, and is
// listed with its state. These change what plumb does:
//
//	nullglob     a glob that matches nothing expands to no word
//	failglob     a glob that matches nothing is an expansion error
//	dotglob      globs match names that start with a dot
//	nocaseglob   globs match letters of either case
//	globstar     ** matches any depth of directories
//	nocasematch  case patterns, [[ == ]], [[ != ]] and [[ =~ ]] ignore case
//	extglob      the patterns ?(…) *(…) +(…) @(…) !(…) (package pattern): the
//	             parser reads them in words from the next command on, and
//	             globs, case and ${x#p} and the like match them; the pattern
//	             of [[ == ]] has them whether it is on or not, as in bash
//	globskipdots on: . and .. never match; off, a pattern that starts
//	             with a dot matches them
//	login_shell  on in a login shell; cannot be changed
//	lastpipe     the last stage of a pipeline runs in the shell
//	varredir_close  a {name}>file redirection's descriptor closes with
//	             its command (by default it stays open)
//
// expand_aliases is on: plumb expands aliases in scripts as well, and
// turning it off does not stop that. The others are stored and shown,
// and change nothing.

// shoptNames are bash 5.2's shopt options, in the order it lists them.
var shoptNames = [...]string{
	"autocd", "assoc_expand_once", "cdable_vars", "cdspell", "checkhash",
	"checkjobs", "checkwinsize", "cmdhist", "compat31", "compat32",
	"compat40", "compat41", "compat42", "compat43", "compat44",
	"complete_fullquote", "direxpand", "dirspell", "dotglob", "execfail",
	"expand_aliases", "extdebug", "extglob", "extquote", "failglob",
	"force_fignore", "globasciiranges", "globskipdots", "globstar",
	"gnu_errfmt", "histappend", "histreedit", "histverify", "hostcomplete",
	"huponexit", "inherit_errexit", "interactive_comments", "lastpipe",
	"lithist", "localvar_inherit", "localvar_unset", "login_shell",
	"mailwarn", "no_empty_cmd_completion", "nocaseglob", "nocasematch",
	"noexpand_translation", "nullglob", "patsub_replacement", "progcomp",
	"progcomp_alias", "promptvars", "restricted_shell", "shift_verbose",
	"sourcepath", "varredir_close", "xpg_echo",
}

// shopts holds the state of each of shoptNames, by index: an array, so
// that a subshell's copy of the options is its own.
type shopts [len(shoptNames)]bool

// The options plumb acts on.
var (
	shDotglob       = shoptIndex("dotglob")
	shExtglob       = shoptIndex("extglob")
	shFailglob      = shoptIndex("failglob")
	shGlobstar      = shoptIndex("globstar")
	shNocaseglob    = shoptIndex("nocaseglob")
	shNocasematch   = shoptIndex("nocasematch")
	shNullglob      = shoptIndex("nullglob")
	shLoginShell    = shoptIndex("login_shell")
	shLastpipe      = shoptIndex("lastpipe")
	shExtdebug      = shoptIndex("extdebug")
	shGlobskipdots  = shoptIndex("globskipdots")
	shVarredirClose = shoptIndex("varredir_close")
)

// shoptIndex is name's index in shoptNames, -1 for none.
func shoptIndex(name string) int {
	for i, n := range shoptNames {
		if n == name {
			return i
		}
	}
	return -1
}

// defaultShopts are the options on in a new shell: bash's defaults,
// and expand_aliases, which plumb always does.
func defaultShopts() shopts {
	var o shopts
	for _, n := range []string{"checkwinsize", "cmdhist", "complete_fullquote", "expand_aliases", "extquote", "force_fignore", "globasciiranges", "globskipdots", "hostcomplete", "interactive_comments", "patsub_replacement", "progcomp", "promptvars", "sourcepath"} {
		o[shoptIndex(n)] = true
	}
	return o
}

// globOptions are the shopt options that pathname expansion uses.
func (s *Shell) globOptions() pattern.GlobOptions {
	o := &s.opts.shopt
	return pattern.GlobOptions{DotGlob: o[shDotglob], NoCase: o[shNocaseglob], GlobStar: o[shGlobstar], ExtGlob: o[shExtglob], KeepDots: !o[shGlobskipdots], Bytes: s.bytes}
}

// patMode is how the patterns of case and ${x#p} and the like match:
// with extglob's groups when it is on, by bytes in the C locale.
func (s *Shell) patMode() pattern.Mode {
	var m pattern.Mode
	if s.opts.shopt[shExtglob] {
		m |= pattern.ExtGlob
	}
	if s.bytes {
		m |= pattern.Bytes
	}
	return m
}

// caseMode is patMode, plus nocasematch.
func (s *Shell) caseMode() pattern.Mode {
	m := s.patMode()
	if s.opts.shopt[shNocasematch] {
		m |= pattern.Fold
	}
	return m
}

func init() {
	builtins["shopt"] = biShopt
}

func biShopt(s *Shell, args []string) (int, error) {
	flags, args, ok := s.boolFlags("shopt", "shopt [-pqsu] [-o] [optname ...]", "pqsuo", args[1:])
	if !ok {
		return 2, nil
	}
	set, unset, print, quiet, setO := flags['s'], flags['u'], flags['p'], flags['q'], flags['o']
	if set && unset {
		s.errorf("shopt: cannot set and unset shell options simultaneously")
		return 1, nil
	}
	s.opts.shopt[shLoginShell] = s.login
	names := shoptNames[:]
	get := func(name string) (on, ok bool) {
		if i := shoptIndex(name); i >= 0 {
			return s.opts.shopt[i], true
		}
		return false, false
	}
	badName := "invalid shell option name"
	if setO {
		names = longOptionNames
		badName = "invalid option name"
		get = func(name string) (on, ok bool) {
			if p := s.longOption(name); p != nil {
				return *p, true
			}
			return false, false
		}
	}
	status := 0
	if (set || unset) && len(args) > 0 {
		for _, name := range args {
			if setO {
				if p := s.longOption(name); p != nil {
					*p = set
					continue
				}
			} else if i := shoptIndex(name); i >= 0 {
				if i != shLoginShell {
					s.opts.shopt[i] = set
				}
				continue
			}
			s.errorf("shopt: %s: %s", name, badName)
			status = 1
		}
		return status, nil
	}
	listed := args
	if len(args) == 0 {
		listed = names
	}
	var b strings.Builder
	for _, name := range listed {
		on, ok := get(name)
		switch {
		case !ok:
			s.errorf("shopt: %s: %s", name, badName)
			status = 1
			continue
		case len(args) == 0 && (set && !on || unset && on):
			continue // shopt -s / -u alone: the options on / off
		case !on:
			status = 1
		}
		switch {
		case quiet:
		case print && setO:
			fmt.Fprintf(&b, "set %so %s\n", map[bool]string{true: "-", false: "+"}[on], name)
		case print:
			fmt.Fprintf(&b, "shopt %s %s\n", map[bool]string{true: "-s", false: "-u"}[on], name)
		default:
			fmt.Fprintf(&b, "%-15s\t%s\n", name, map[bool]string{true: "on", false: "off"}[on])
		}
	}
	if len(args) == 0 {
		status = 0
	}
	if err := s.print(1, b.String()); err != nil {
		return s.writeFailed("shopt", err)
	}
	return status, nil
}
