package interp

import "strings"

// GLOBIGNORE, as in bash: a colon-separated list of patterns; a
// pathname expansion's match that one of them matches is dropped
// (expand.Config.GlobIgnore). The list is split here when the variable
// changes, never per word, and kept in s.globIgnore, which expandConfig
// hands to expansion. Changing it also sets dotglob as bash does: on
// when it is set and not null, off when it is unset, as it was when it
// is null. A GLOBIGNORE in the environment the shell starts with does
// nothing until it is assigned, as in bash.

// globIgnoreChanged reads GLOBIGNORE after an assignment, an unset, or
// the end of a local or temporary value.
func (s *Shell) globIgnoreChanged() {
	v, set := s.get("GLOBIGNORE")
	s.globIgnore = splitIgnore(v)
	switch {
	case s.globIgnore != nil:
		s.opts.shopt[shDotglob] = true
	case !set:
		s.opts.shopt[shDotglob] = false
	}
}

// splitIgnore splits a GLOBIGNORE value at its colons, as bash's
// split_ignorespec does: nil for "", and an empty pattern (which
// matches no name, but makes the list active: `GLOBIGNORE=:` still
// drops . and ..) for each empty unit but a last one. A colon inside a
// bracket expression ([[:alnum:]]), an extglob group or quotes, or
// after a backslash, is part of its pattern.
func splitIgnore(v string) []string {
	var pats []string
	start := 0
	for i := 0; i < len(v); i++ {
		if v[i] != ':' {
			i = skipIgnoreUnit(v, i)
			continue
		}
		pats = append(pats, v[start:i])
		start = i + 1
	}
	if start < len(v) {
		pats = append(pats, v[start:])
	}
	return pats
}

// skipIgnoreUnit returns the index of the last byte of the unit that
// starts at v[i]: a backslash and the byte it quotes, a quoted string, a
// complete bracket expression or extglob group, or the byte itself.
func skipIgnoreUnit(v string, i int) int {
	switch c := v[i]; {
	case c == '\\' && i+1 < len(v):
		return i + 1
	case c == '\'' || c == '"':
		if j := strings.IndexByte(v[i+1:], c); j >= 0 {
			return i + 1 + j
		}
	case c == '[':
		j := i + 1
		if j < len(v) && (v[j] == '!' || v[j] == '^') {
			j++
		}
		if j < len(v) && v[j] == ']' {
			j++ // a ] first is literal
		}
		for ; j < len(v); j++ {
			switch {
			case v[j] == ']':
				return j
			case v[j] == '[' && j+1 < len(v) && (v[j+1] == ':' || v[j+1] == '=' || v[j+1] == '.'):
				// [:class:], [=c=], [.c.]: skip to its closing pair
				if k := strings.Index(v[j+2:], string(v[j+1])+"]"); k >= 0 {
					j += 2 + k + 1
				}
			}
		}
	case strings.IndexByte("?*+@!", c) >= 0 && i+1 < len(v) && v[i+1] == '(':
		depth := 0
		for j := i + 1; j < len(v); j++ {
			switch v[j] {
			case '\\':
				j++
			case '(':
				depth++
			case ')':
				if depth--; depth == 0 {
					return j
				}
			}
		}
	}
	return i
}
