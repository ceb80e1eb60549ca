package interp

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/plumbsh/plumb/parser"
)

// The builtins that assign and list variables: export, readonly, unset,
// shift, local (declare, typeset and let are builtin_declare.go).
func init() {
	builtins["export"] = biExport
	builtins["readonly"] = biReadonly
	builtins["unset"] = biUnset
	builtins["shift"] = biShift
	builtins["local"] = biLocal
}

// assignArgs handles the NAME[=VALUE] operands of export, readonly and local.
func (s *Shell) assignArgs(name string, args []string, each func(name string) error) int {
	status := 0
	for _, a := range args {
		k, v, hasValue := strings.Cut(a, "=")
		add := hasValue && strings.HasSuffix(k, "+") // export x+=more
		k = strings.TrimSuffix(k, "+")
		if !parser.IsName(k) {
			s.errorf("%s: `%s': not a valid identifier", name, a)
			status = 1
			continue
		}
		if hasValue {
			if err := s.assignValue(k, v, false, add); err != nil {
				s.errorf("%s: %v", name, err)
				status = 1
				continue
			}
		}
		if err := each(k); err != nil {
			s.errorf("%s: %v", name, err)
			status = 1
		}
	}
	return status
}

func biExport(s *Shell, args []string) (int, error) {
	args = args[1:]
	unexport, funcs := false, false
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		switch args[0] {
		case "-n":
			unexport = true
		case "-f":
			funcs = true
		case "-fn", "-nf":
			funcs, unexport = true, true
		case "-p", "--":
		default:
			s.errorf("export: %s: invalid option", args[0])
			return 2, nil
		}
		args = args[1:]
	}
	if funcs {
		return s.exportFuncs("export", args, unexport)
	}
	if len(args) == 0 {
		return s.listVars("declare -x", func(v *variable) bool { return v.exported })
	}
	return s.assignArgs("export", args, func(k string) error {
		if unexport {
			if v, ok := s.vars[k]; ok {
				v.exported = false
				s.env = nil
			}
			return nil
		}
		s.exportVar(k)
		return nil
	}), nil
}

func biReadonly(s *Shell, args []string) (int, error) {
	args = args[1:]
	if len(args) > 0 && args[0] == "-p" {
		args = args[1:]
	}
	if len(args) == 0 {
		return s.listVars("declare -r", func(v *variable) bool { return v.readonly })
	}
	if args[0] == "-a" || args[0] == "-A" {
		// readonly -A m=(…) is declare -gAr m=(…); a name without a
		// value only becomes readonly, keeping its kind (bash:
		// `readonly -a x` on an unset x is not an array).
		status := 0
		for _, a := range args[1:] {
			if !strings.Contains(a, "=") {
				status = max(status, s.markReadonly([]string{a}))
				continue
			}
			if d, _ := splitDeclArg(a); d.hasSub {
				// bash's readonly takes no element, and names it
				// without its value
				s.errorf("readonly: `%s[%s]': not a valid identifier", d.name, d.sub)
				status = 1
				continue
			}
			st, err := biDeclare(s, []string{"readonly", "-gr" + args[0][1:], a})
			if err != nil {
				return st, err
			}
			status = max(status, st)
		}
		return status, nil
	}
	return s.markReadonly(args), nil
}

// markReadonly is readonly's NAME[=VALUE] operands: assigned, then
// readonly.
func (s *Shell) markReadonly(args []string) int {
	return s.assignArgs("readonly", args, func(k string) error {
		v, ok := s.vars[k]
		if !ok {
			v = &variable{}
			s.vars[k] = v
		}
		v.readonly = true
		return nil
	})
}

// listVars prints the variables keep selects, sorted, bash style.
func (s *Shell) listVars(prefix string, keep func(*variable) bool) (int, error) {
	names := make([]string, 0, len(s.vars))
	for k, v := range s.vars {
		if keep(v) {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	var b strings.Builder
	for _, k := range names {
		v := s.vars[k]
		switch {
		case prefix != "" && (v.array != nil || v.assoc != nil):
			b.WriteString(s.declareText(k, v) + "\n")
		case v.set:
			fmt.Fprintf(&b, "%s %s=%s\n", prefix, k, s.declQuote(v.value))
		default:
			fmt.Fprintf(&b, "%s %s\n", prefix, k)
		}
	}
	if err := s.print(1, b.String()); err != nil {
		return s.writeFailed(strings.Fields(prefix)[0], err)
	}
	return 0, nil
}

func doubleQuote(v string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, `$`, `\$`, "`", "\\`")
	return `"` + r.Replace(v) + `"`
}

// singleQuote quotes a value so the shell reads it back as it is.
func singleQuote(v string) string {
	if v != "" && strings.Trim(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:=@%+,") == "" {
		return v
	}
	return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
}

func biUnset(s *Shell, args []string) (int, error) {
	args = args[1:]
	funcs, vars, ref := false, false, false
	if len(args) > 0 && (args[0] == "-f" || args[0] == "-v" || args[0] == "-n") {
		funcs, vars, ref = args[0] == "-f", args[0] == "-v", args[0] == "-n"
		args = args[1:]
	}
	status := 0
	for _, a := range args {
		if funcs {
			delete(s.funcs, a)
			s.env = nil // it may have been exported
			continue
		}
		if v := s.vars[a]; ref && v != nil && v.nameref {
			// unset -n ref: the nameref itself, not its target
			if v.readonly {
				s.errorf("unset: %s: cannot unset: readonly variable", a)
				status = 1
			} else {
				delete(s.vars, a)
				s.env = nil
			}
			continue
		}
		if r := s.ref(a); r != a && !parser.IsName(r) {
			a = r // unset ref, where ref names a[2]
		}
		if _, isVar := s.vars[a]; !isVar && !vars && !ref && s.funcs[a] != nil {
			// bash: plain unset of a name that is only a function
			// unsets the function.
			delete(s.funcs, a)
			s.env = nil
			continue
		}
		if name, sub, ok := parser.SplitSubscript(a); ok {
			if sub == "@" || sub == "*" {
				a = name
			} else if assoc := s.assocOf(name); assoc != nil {
				key, err := s.textKey(sub)
				if err != nil {
					return 1, nil
				}
				if s.vars[name].readonly {
					s.errorf("unset: %s: cannot unset: readonly variable", name)
					status = 1
				} else {
					assoc.del(key)
				}
				continue
			} else {
				if _, ok := s.vars[s.ref(name)]; !ok {
					continue // nothing to unset: bash evaluates nothing
				}
				// 'a[$i]': the subscript's $i, ${…} and $(…)
				// expand before the arithmetic, as in bash
				i, err := s.textIndex(sub)
				if err != nil {
					return 1, err // reported; the line is abandoned
				}
				if err := s.unsetElement(name, i); err != nil {
					s.errorf("unset: %v", err)
					status = 1
				}
				continue
			}
		}
		if err := s.unsetVar(a); err != nil {
			s.errorf("unset: %v", err)
			status = 1
		}
	}
	return status, nil
}

func biShift(s *Shell, args []string) (int, error) {
	n, ok := s.numArg("shift", args, 1)
	if !ok {
		return 1, nil
	}
	if n < 0 || n > len(s.args) {
		if s.opts.shopt[shoptIndex("shift_verbose")] || n < 0 {
			s.errorf("shift: %d: shift count out of range", n) // bash: only under shopt -s shift_verbose
		}
		return 1, nil
	}
	s.args = s.args[n:]
	return 0, nil
}

// biLocal is `local`: declare's options and operands (biDeclare), in a
// function only.
func biLocal(s *Shell, args []string) (int, error) {
	if s.funcDepth == 0 {
		s.errorf("local: can only be used in a function")
		return 1, nil
	}
	if len(args) == 1 {
		// the function's locals, as declare -p shows them (bash 5.2)
		var names []string
		if top := len(s.locals) - 1; top >= 0 {
			names = slices.Sorted(maps.Keys(s.locals[top]))
		}
		if len(names) == 0 {
			return 0, nil
		}
		return s.declarePrint("local", names, nil)
	}
	return biDeclare(s, args)
}

func (s *Shell) pushLocals() { s.locals = append(s.locals, nil) }

// saveLocal remembers name's value in the current function's frame, the
// first time only (when it reports true), so that popLocals can put it
// back.
func (s *Shell) saveLocal(name string) bool {
	top := len(s.locals) - 1
	if s.locals[top] == nil {
		s.locals[top] = make(map[string]*variable)
	}
	if _, done := s.locals[top][name]; done {
		return false
	}
	var old *variable
	if v, ok := s.vars[name]; ok {
		cp := *v
		old = &cp
		// a local starts out unexported unless the user exports it
		// a caller's read-only local may be shadowed; a read-only
		// global may not (bash)
		s.vars[name] = &variable{value: v.value, set: v.set, readonly: v.readonly && !s.callerLocal(name, top)}
		s.env = nil
	}
	s.locals[top][name] = old
	return true
}

func (s *Shell) popLocals() {
	top := len(s.locals) - 1
	for name, old := range s.locals[top] {
		s.restoreOuter(name, old)
	}
	s.locals = s.locals[:top]
}

// restoreOuter ends a local binding of name: the value saveLocal kept
// (nil: there was none) is the variable again.
func (s *Shell) restoreOuter(name string, old *variable) {
	if old == nil {
		delete(s.vars, name)
	} else {
		s.vars[name] = old
	}
	s.env = nil
	s.varChanged(name)
}

// callerLocal reports whether name is a local of one of the function
// calls below frame top: a variable a new local may shadow even when it
// is read-only (bats: local -r in one function, local of the same name
// in the function it calls).
func (s *Shell) callerLocal(name string, top int) bool {
	for _, frame := range s.locals[:top] {
		if _, ok := frame[name]; ok {
			return true
		}
	}
	return false
}
