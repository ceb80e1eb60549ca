package expand

import (
	"github.com/plumbsh/plumb/parser"
	"github.com/plumbsh/plumb/shell/pattern"
)

// Vars reads the shell's variables: all a Builder needs (IFS).
type Vars interface {
	// Get returns a variable's value and whether it is set, namerefs
	// followed; an array gives its element 0. It computes nothing: the
	// special parameters and $RANDOM and the like are Environ.Param's.
	Get(name string) (string, bool)
}

// Environ is the shell's variable store as word expansion reads and
// assigns it (mvdan/sh's expand.Environ, cut to what plumb's expansion
// asks). The store itself stays in the interpreter; these are the
// questions expansion puts to it. A name is passed as written in the
// word: following namerefs is the store's job. Positional parameters,
// $# and $0 are worked out here from Args.
//
// An error returned by Element or TextElement (a bad subscript, whose
// arithmetic failed) is the shell's own, already reported, and comes
// back from the expansion as it is. An error from Assign (a readonly
// variable) is not yet reported: expansion reports its text as a Fatal
// Error.
type Environ interface {
	Vars
	// Param returns the value of the parameter $name or ${name} other
	// than a positional one and $# and $0: a special parameter (? $ ! -),
	// a variable the shell computes when it is read ($RANDOM, $LINENO,
	// $_, element 0 of $PIPESTATUS, …), or a variable as Get gives it.
	Param(name string) (string, bool)
	// Args returns $0 and the positional parameters $1…. Expansion does
	// not modify args.
	Args() (arg0 string, args []string)
	// Array returns the elements of an array in index order with their
	// indices (an associative array's in key order, with ordinals 0…n-1
	// for indices; a set scalar is element 0); set is false when name is
	// unset. Expansion does not modify keys or vals.
	Array(name string) (keys []int, vals []string, set bool)
	// Keys returns ${!a[@]}: the indices of an indexed array or the keys
	// of an associative one.
	Keys(name string) (keys []string, set bool)
	// Element returns ${name[sub]}: sub is an arithmetic index for an
	// indexed array, a key (read as inside double quotes) for an
	// associative one.
	Element(name string, sub *parser.Word) (val string, set bool, err error)
	// TextElement returns the element that the text name[sub] names,
	// where the text came from a value (${!ref} with ref='a[1]').
	TextElement(name, sub string) (val string, set bool, err error)
	// NameRef reports whether name itself (not followed) is a nameref,
	// and if so the name it holds and whether it is set: ${!ref}.
	NameRef(name string) (target string, set, ok bool)
	// Names returns the names of the set variables that start with
	// prefix, sorted: ${!prefix@}.
	Names(prefix string) []string
	// Assign assigns value to variable name, or to its element sub when
	// sub is not nil: ${x:=v}, ${a[i]:=v}. It returns the value stored,
	// which is what the expansion gives: a variable's attributes may
	// have converted it (declare -u, -i).
	Assign(name string, sub *parser.Word, value string) (string, error)
	// Attrs describes variable name, namerefs followed, for ${x@a} and
	// ${x@A}; ok is false when there is no such variable, set or not.
	Attrs(name string) (a VarAttrs, ok bool)
	// Declare returns the declare command that recreates the array
	// name (a name Attrs gave), as declare -p prints it.
	Declare(name string) string
}

// VarAttrs is what ${x@a} and ${x@A} show of a variable.
type VarAttrs struct {
	Name  string // the variable's name, namerefs followed
	Flags string // its attribute letters in declare's order: a A n r x
	Array bool   // an indexed or an associative array
}

// A Config is what word expansion needs of the shell: its variables
// (Env), what it runs for the substitutions, and its options. The shell
// keeps one and refreshes the option fields before each expansion; an
// expansion keeps its own state elsewhere, so a callback may expand
// other words with the same Config while one is under way.
//
// A nil CmdSubst, ProcSubst or Arith makes the part that needs it an
// Abort Error; a nil HomeDir, Prompt or Glob leaves the text as written.
// A test supplies only what its words use.
type Config struct {
	Env Environ

	// CmdSubst runs $(…) or `…` and returns its output less trailing
	// newlines.
	CmdSubst func(*parser.CmdSubst) (string, error)
	// ProcSubst starts the list of <(…) or >(…) and returns the path the
	// part expands to.
	ProcSubst func(*parser.ProcSubst) (string, error)
	// Arith evaluates arithmetic text that has been expanded already
	// ($((…)), the offsets of ${x:off:len}); its error has been reported.
	Arith func(expr string) (int64, error)
	// HomeDir returns the home directory of user, the current user's for
	// "" (asked only when HOME is unset); ok is false when there is none.
	HomeDir func(user string) (dir string, ok bool)
	// Prompt expands text as PS1 is expanded: ${x@P}.
	Prompt func(ps string) string
	// Glob returns the paths that match pat, sorted (pathname expansion
	// in the shell's working directory).
	Glob func(pat string, opts pattern.GlobOptions) []string

	NoUnset     bool // set -u: an unset parameter is a Fatal Error
	NoGlob      bool // set -f: no pathname expansion
	BraceExpand bool // set -B: a{b,c} is two words
	NullGlob    bool // shopt nullglob: a glob that matches nothing is no field
	FailGlob    bool // shopt failglob: a glob that matches nothing is a NoMatch Error
	// GlobOptions are dotglob, nocaseglob, globstar and extglob; extglob
	// also makes the patterns of ${x#p}, ${x/p/r} and the like extended.
	GlobOptions pattern.GlobOptions
	// GlobIgnore are the patterns of GLOBIGNORE, split at its colons;
	// nil when it is unset or null. A glob's match
	// that one of them matches whole (pattern.PathMatcher: `*` stays
	// inside a component; nocaseglob and extglob as for the glob) is
	// dropped, and so is one whose last component is . or ..; a glob
	// all of whose matches are dropped matched nothing. The shell sets
	// it when the variable changes, not per word.
	GlobIgnore []string
	// Bytes says that the shell's locale is not a UTF-8 one (the C
	// locale, as bash's LC_ALL, LC_CTYPE or LANG name it): every byte is
	// a character, for ${#x}, ${x:off:len}, the patterns of ${x#p},
	// ${x/p/r} and globbing, the case conversions (which then change
	// only ASCII letters), ${x@Q} (which then quotes each byte from 0x80
	// up as $'\ooo') and the separator of "$*" (the first byte of IFS).
	Bytes bool
}

// patMode is how the patterns of ${x#p}, ${x/p/r} and the case
// conversions match.
func (c *Config) patMode() pattern.Mode {
	var m pattern.Mode
	if c.GlobOptions.ExtGlob {
		m |= pattern.ExtGlob
	}
	if c.Bytes {
		m |= pattern.Bytes
	}
	return m
}

// An Error is an expansion that failed with a message for the user. The
// shell prints Msg as one line, prefixed as its other messages are, and
// goes on as Kind says. Errors of the callbacks and of Environ are not
// Errors: they come back as they are.
type Error struct {
	Msg  string
	Kind ErrorKind
}

func (e *Error) Error() string { return e.Msg }

// ErrorKind says what an Error does to the shell; each kind has status 1.
type ErrorKind uint8

const (
	// Fatal ends a shell that is not interactive: an unset parameter
	// under set -u, ${x?msg}, an assignment ${x:=v} that cannot be made.
	Fatal ErrorKind = iota
	// Abort abandons the rest of the command line (bash outside POSIX
	// mode): a bad substitution, an invalid indirection, a negative
	// substring length.
	Abort
	// NoMatch is a glob that matched nothing under failglob: the line is
	// abandoned as for Abort, except that set -e counts it as a failure.
	NoMatch
)

// UnboundError is the Fatal Error of reading the unset parameter name
// under set -u.
func UnboundError(name string) *Error {
	return &Error{Msg: name + ": unbound variable", Kind: Fatal}
}

// fatal and abort make the Errors of this package.
func fatal(msg string) error { return &Error{Msg: msg, Kind: Fatal} }
func abort(msg string) error { return &Error{Msg: msg, Kind: Abort} }
