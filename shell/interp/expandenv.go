package interp

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/plumbsh/plumb/parser"
	"github.com/plumbsh/plumb/shell/expand"
)

// shellEnv is the shell's variable store as package expand reads and
// assigns it (expand.Environ). The store stays here, in state.go,
// arrays.go, assoc.go and nameref.go; these methods answer expand's
// questions with it and add nothing of their own.
type shellEnv struct{ s *Shell }

func (v shellEnv) Get(name string) (string, bool) { return v.s.get(name) }

// Param gives the parameters whose value the shell keeps or computes:
// $? $$ $! $-, the dynamic arrays' element 0, the dynamic variables, and
// the variables.
func (v shellEnv) Param(name string) (string, bool) {
	s := v.s
	switch name {
	case "?":
		return strconv.Itoa(s.status), true
	case "$":
		return strconv.Itoa(s.pid), true
	case "!":
		if s.lastBg == 0 {
			return "", false
		}
		return strconv.Itoa(s.lastBg), true
	case "-":
		return s.optionLetters(), true
	case "PIPESTATUS", "DIRSTACK", "FUNCNAME", "BASH_SOURCE", "BASH_LINENO":
		return s.element(name, 0)
	}
	if v, ok := s.dynamicVar(name); ok {
		return v, true
	}
	return s.get(name)
}

func (v shellEnv) Args() (string, []string) { return v.s.arg0, v.s.args }

func (v shellEnv) Array(name string) ([]int, []string, bool) { return v.s.arrayElems(name) }

func (v shellEnv) Keys(name string) ([]string, bool) {
	s := v.s
	if a := s.assocOf(name); a != nil {
		return a.keys(), s.vars[name].set
	}
	keys, _, ok := s.arrayElems(name)
	var list []string
	for _, k := range keys {
		list = append(list, strconv.Itoa(k))
	}
	return list, ok
}

func (v shellEnv) Element(name string, sub *parser.Word) (string, bool, error) {
	s := v.s
	if a := s.assocOf(name); a != nil {
		key, err := s.assocKey(sub)
		if err != nil {
			return "", false, err
		}
		val, set := a.get(key)
		return val, set, nil
	}
	i, err := s.subscript(sub, true)
	if err != nil {
		return "", false, err
	}
	val, set := s.element(name, i)
	return val, set, nil
}

func (v shellEnv) TextElement(name, sub string) (string, bool, error) {
	return v.s.textElement(name, sub)
}

func (v shellEnv) NameRef(name string) (string, bool, bool) {
	if !v.s.namerefs {
		return "", false, false // none was ever made
	}
	if vr := v.s.vars[name]; vr != nil && vr.nameref {
		return vr.value, vr.set, true
	}
	return "", false, false
}

func (v shellEnv) Names(prefix string) []string { return v.s.varNames(prefix) }

func (v shellEnv) Assign(name string, sub *parser.Word, value string) (string, error) {
	return v.s.assignParam(&parser.ParamExp{Param: name, Sub: sub}, value)
}

func (v shellEnv) Attrs(name string) (expand.VarAttrs, bool) {
	name = v.s.ref(name)
	vr := v.s.vars[name]
	if vr == nil {
		return expand.VarAttrs{Name: name}, false
	}
	return expand.VarAttrs{Name: name, Flags: varFlags(vr), Array: vr.array != nil || vr.assoc != nil}, true
}

func (v shellEnv) Declare(name string) string { return v.s.declareText(name, v.s.vars[name]) }

// dynamicVar gives the variables whose value the shell computes each time
// it is read ($RANDOM, $LINENO, $_, …), for expansions and arithmetic
// alike; ok is false for any other name.
func (s *Shell) dynamicVar(name string) (v string, ok bool) {
	switch name {
	case "RANDOM":
		return strconv.Itoa(randomInt()), true
	case "LINENO":
		return strconv.Itoa(s.line), true
	case "_":
		return s.lastArg, true
	case "BASH_COMMAND":
		return s.bashCommand(), true
	case "BASH_SUBSHELL":
		return strconv.Itoa(s.subshellDepth), true
	case "BASHPID":
		// Subshells run in this process: its pid is theirs too.
		return strconv.Itoa(os.Getpid()), true
	case "SECONDS":
		if _, set := s.vars[name]; !set { // assigned: a plain variable from then on
			return strconv.Itoa(int(time.Since(s.started).Seconds())), true
		}
	case "SHELLOPTS":
		return s.shellOpts(), true
	case "BASHOPTS":
		return s.bashOpts(), true
	case "EPOCHSECONDS":
		return strconv.FormatInt(time.Now().Unix(), 10), true
	case "EPOCHREALTIME":
		now := time.Now()
		return fmt.Sprintf("%d.%06d", now.Unix(), now.Nanosecond()/1000), true
	}
	return "", false
}

func (s *Shell) optionLetters() string {
	var b strings.Builder
	for _, o := range []struct {
		on bool
		c  byte
	}{{s.opts.allexport, 'a'}, {s.opts.errexit, 'e'}, {s.opts.noglob, 'f'}, {s.opts.hashall, 'h'}, {s.interactive, 'i'}, {s.opts.monitor || s.jc != nil, 'm'},
		{s.opts.noexec, 'n'}, {s.opts.nounset, 'u'}, {s.opts.verbose, 'v'}, {s.opts.xtrace, 'x'}, {s.opts.braceexpand, 'B'}, {s.opts.noclobber, 'C'}, {s.opts.errtrace, 'E'}, {s.opts.histexp, 'H'}, {s.opts.physical, 'P'}, {s.opts.functrace, 'T'}, {s.fromString, 'c'}} {
		if o.on {
			b.WriteByte(o.c)
		}
	}
	return b.String()
}
