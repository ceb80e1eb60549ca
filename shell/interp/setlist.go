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
	return k + "=" + setQuote(v.value)
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
			b.WriteString("[" + assocKeyQuote(e.key) + "]=" + doubleQuote(e.val) + " ")
		}
	} else {
		keys, vals, _ := s.arrayElems(k)
		for i, key := range keys {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString("[" + strconv.Itoa(key) + "]=" + doubleQuote(vals[i]))
		}
	}
	b.WriteByte(')')
	return b.String()
}

// setQuote quotes a scalar's value as bash's `set` does: $'…' when it
// holds a byte that is not printable ASCII (bash in the C locale), '…'
// when it holds a character special to the shell, as it is otherwise.
func setQuote(v string) string {
	special := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c < ' ' || c >= 0x7f:
			return dollarQuote(v)
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

// dollarQuote is bash's $'…' quoting with every byte that is not
// printable ASCII written in octal, as the C locale has it.
func dollarQuote(v string) string {
	const named = "\a\b\f\n\r\t\v"
	var b strings.Builder
	b.WriteString("$'")
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '\\' || c == '\'':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == 0x1b:
			b.WriteString(`\E`)
		case strings.IndexByte(named, c) >= 0:
			b.WriteByte('\\')
			b.WriteByte("abfnrtv"[strings.IndexByte(named, c)])
		case c < ' ' || c >= 0x7f:
			b.WriteString(`\` + strconv.FormatUint(uint64(c)>>6, 8) + strconv.FormatUint(uint64(c)>>3&7, 8) + strconv.FormatUint(uint64(c)&7, 8))
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('\'')
	return b.String()
}
