package interp

import (
	"errors"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/plumbsh/plumb/shell/arith"
)

// The attributes that change what an assignment stores (declare -i, -l,
// -u, -c). They belong to the variable, not to one assignment: every
// later assignment to it, or to one of its elements, is converted —
// x=v, x+=v, read, for, local, ${x:=v}, a[i]=v, a+=(…) — except a
// prefix assignment before a command, which bash makes to a temporary
// variable without attributes. A variable without them pays one byte
// test per assignment.

// varAttr is a set of the converting attributes of a variable.
type varAttr uint8

const (
	attrInteger varAttr = 1 << iota // -i: a value is evaluated as arithmetic, and += adds
	attrLower                       // -l: letters become lower case
	attrUpper                       // -u: letters become upper case
	attrCapital                     // -c: the first letter upper case, the others lower

	// attrCase are the case attributes, of which a variable has at most one.
	attrCase = attrLower | attrUpper | attrCapital
)

// attrLetter maps declare's option letters to the attributes.
var attrLetter = map[rune]varAttr{'i': attrInteger, 'l': attrLower, 'u': attrUpper, 'c': attrCapital}

// setAttrs gives v the attributes on and takes off those of off. A case
// attribute replaces the one v had; given together, case attributes
// cancel out and none is given (bash: declare -lu x is neither).
func (v *variable) setAttrs(on, off varAttr) {
	if c := on & attrCase; c != 0 {
		on &^= attrCase
		if c == attrLower || c == attrUpper || c == attrCapital {
			v.attrs &^= attrCase
			on |= c
		}
	}
	v.attrs = v.attrs | on&^off
	v.attrs &^= off
}

// attrValue is what a variable with the attributes a stores when value
// is assigned to it or, with add, appended to its value old: for an
// integer the sum of both evaluated as arithmetic (old first, as bash
// does). The error is the arithmetic's, not yet reported
// (intAssignFailed).
func (s *Shell) attrValue(a varAttr, old, value string, add bool) (string, error) {
	if a&attrInteger != 0 {
		n, err := s.intValue(value)
		if err != nil {
			return "", err
		}
		if add {
			m, err := s.intValue(old)
			if err != nil {
				return "", err
			}
			n += m
		}
		value = strconv.FormatInt(n, 10)
	} else if add {
		value = old + value
	}
	switch a & attrCase {
	case attrLower:
		value = mapCase(value, unicode.ToLower, unicode.ToLower)
	case attrUpper:
		value = mapCase(value, unicode.ToUpper, unicode.ToUpper)
	case attrCapital:
		value = mapCase(value, unicode.ToUpper, unicode.ToLower)
	}
	return value, nil
}

// intValue is the value of an integer variable's text: arithmetic,
// where a plain decimal number (what arithmetic itself stores) skips the
// evaluator.
func (s *Shell) intValue(text string) (int64, error) {
	if n, err := strconv.ParseInt(text, 10, 64); err == nil && strconv.FormatInt(n, 10) == text {
		return n, nil // not 010 (octal), nor +1
	}
	return s.evalArith(text)
}

// mapCase maps the first letter of v with first and every other one
// with rest. Bytes that are not UTF-8 stay as they are.
func mapCase(v string, first, rest func(rune) rune) string {
	b := make([]byte, 0, len(v))
	f := first
	for i := 0; i < len(v); {
		r, n := utf8.DecodeRuneInString(v[i:])
		if r == utf8.RuneError && n == 1 {
			b = append(b, v[i])
		} else {
			b = utf8.AppendRune(b, f(r))
		}
		f = rest
		i += n
	}
	return string(b)
}

// intAssignFailed reports err of an assignment when it is the
// arithmetic of an integer variable's value failing, as $((…)) reports
// it (after prefix), and returns the error that abandons the line; an
// unset variable under set -u, or a bad subscript already reported,
// passes through. ok is false for any other error, which the caller
// reports its own way.
func (s *Shell) intAssignFailed(err error, prefix string) (_ error, ok bool) {
	if errors.As(err, new(*abortError)) {
		return err, true
	}
	if errors.As(err, new(*arith.Error)) || errors.As(err, new(*fatalError)) {
		return s.discardFailed(err, prefix), true
	}
	return nil, false
}
