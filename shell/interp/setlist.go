package interp

import (
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/plumbsh/plumb/parser"
)

// listSet is `set` with no arguments: every variable that has a value,
// sorted by name, one `name=value` line each, quoted as bash quotes them
// so that the output read back by the shell sets the same values
// (autoconf's config.cache is written this way). The functions follow,
// as declare -f prints them, except under set -o posix (bash). Bare
// `declare` and `typeset` print the same; cmd is which builtin.
func (s *Shell) listSet(cmd string) (int, error) {
	names := make([]string, 0, len(s.vars))
	for k, v := range s.vars {
		if v.set {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	var b strings.Builder
	for _, k := range names {
		b.WriteString(s.setText(k, s.vars[k]))
		b.WriteByte('\n')
	}
	if !s.opts.posix {
		for _, k := range slices.Sorted(maps.Keys(s.funcs)) {
			b.WriteString(parser.FormatFunc(s.funcs[k].FuncDecl) + "\n")
		}
	}
	if err := s.print(1, b.String()); err != nil {
		return s.writeFailed(cmd, err)
	}
	return 0, nil
}

// setText is one line of listSet: an array or associative array as its
// compoundValue, a scalar as name=value with the value quoted only when
// it needs it (setQuote).
func (s *Shell) setText(k string, v *variable) string {
	if k == "SHELLOPTS" || k == "BASHOPTS" {
		s.syncOptionVars()
	}
	if v.assoc != nil || v.array != nil {
		return k + "=" + s.compoundValue(k, v)
	}
	return k + "=" + s.setQuote(v.value)
}

// compoundValue is the value of array k as bash prints it in `set` and
// `declare -p`: `([0]="x" [1]="y")`, or `([k]="v" )` for an associative
// array.
func (s *Shell) compoundValue(k string, v *variable) string {
	var b strings.Builder
	b.WriteByte('(')
	if v.assoc != nil {
		for _, j := range v.assoc.sorted() {
			e := &v.assoc.elems[j]
			b.WriteString("[" + s.assocKeyQuote(e.key) + "]=" + s.declQuote(e.val) + " ")
		}
	} else {
		keys, vals, _ := s.arrayElems(k)
		for i, key := range keys {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString("[" + strconv.Itoa(key) + "]=" + s.declQuote(vals[i]))
		}
	}
	b.WriteByte(')')
	return b.String()
}

// setQuote quotes a scalar's value as bash's `set` does: $'…' when it
// holds a character that is not printable in the shell's locale (in the
// C locale, a byte that is not printable ASCII), '…' when it holds a
// character special to the shell, as it is otherwise.
func (s *Shell) setQuote(v string) string {
	if s.hasControl(v) {
		return s.ansicQuote(v)
	}
	special := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case strings.IndexByte(" '\"\\|&;()<>!{}*[?]^$`", c) >= 0,
			c == '~' && (i == 0 || v[i-1] == '=' || v[i-1] == ':'),
			c == '#' && i == 0:
			special = true
		}
	}
	if special {
		return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
	}
	return v
}
