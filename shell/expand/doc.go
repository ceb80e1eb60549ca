// Package expand is the shell's word expansion, readable and testable
// without the interpreter: what a word of a command becomes before the
// command runs. It is mvdan/sh's expand.Config shape: the interpreter
// gives a Config, and this package does the rest.
//
// What is here:
//   - the walk over a word's parts (word.go): literal and quoted text,
//     tilde, parameters, command and process substitution, arithmetic,
//     extglob groups, in the POSIX order, and the entry points Fields
//     (command arguments), Literal, Pattern, Regex, Document (here-document
//     bodies) and ArithText;
//   - parameter expansion (paramexp.go: $x, $1, $#, "$@", ${#x}, the POSIX
//     operators; paramexp_bash.go: ${!x}, ${a[i]}, ${x/p/r},
//     ${x:off:len}, the case conversions and ${x@op});
//   - brace expansion (brace.go), the field Builder (fields.go: splitting
//     on IFS, each byte's quoting kept as a pattern for globbing), and the
//     value operators of ${…} that need only the value (params.go:
//     Replace, ConvertCase, Quote).
//
// What the shell gives (config.go): an Environ, the questions this
// package puts to the variable store (scalars, arrays, positional and
// special parameters, namerefs, ${x:=v}'s assignment), which stays in
// the interpreter; callbacks that run $(…), start <(…), evaluate
// arithmetic text, look up home directories, expand ${x@P} and read the
// directory for a glob; and the options (set -u, -f, -B, nullglob,
// failglob, the glob options) as plain fields. An expansion error of this
// package is an *Error whose Kind (Fatal, Abort, NoMatch) tells the shell
// what to do after printing Msg; the callbacks' and Environ's errors come
// back as they are.
//
// It must not import the interpreter (shell/interp) or package shell,
// run commands, read the file system or print: all of that goes through
// the Config. Of plumb's packages it imports parser, pattern and printf
// only (`go list -deps ./shell/expand`).
//
// Invariants:
//   - A Config holds no state of an expansion under way (that is an
//     expander on the caller's stack), so a callback may expand other
//     words with the same Config, as a subscript or $(…) does.
//   - Expansion modifies nothing the Environ returns (Args, Array): the
//     operators applied to each element of $@ work on a copy.
//   - A word without a brace expression comes back from brace expansion
//     as itself (the same pointer, in a slice of one); quoted and escaped
//     text and every expansion part ($x, ${…}, $(…), $((…)), <(…), extglob
//     groups) pass through brace expansion whole, never split or joined,
//     in their order; only the bytes of unquoted literal text take part in
//     the brace syntax.
//   - A Builder splits only what came through Expansion unquoted, and a
//     field that holds no unquoted glob character never reaches Glob.
package expand
