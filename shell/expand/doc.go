// Package expand is the part of the shell's word expansion that needs
// no interpreter: brace expansion (brace.go), the field builder
// (fields.go) and the value operators of ${…} (params.go). The builder
// splits expansion results on IFS, keeps each byte's quoting as a
// pattern for globbing, and hands fields with an unquoted glob character
// to a callback. It reads variables only through the Environ interface
// (so far only IFS is read here) and touches no file.
//
// What is here: Braces (one *parser.Word to the words it stands for),
// Builder (Literal, Expansion, EndField; Fields, String, Pattern and
// Regex modes), and the operators of ${…} that need only the value
// (params.go: Replace for ${x/p/r}, ConvertCase for ${x^p} and
// ${x,p}, Quote for ${x@Q}). What is not yet: walking a word's parts — parameters,
// ${…} operators, command and process substitution, arithmetic, tilde —
// which is still interp's expander (interp/expand.go, bashexpand.go)
// feeding a Builder; the callbacks for substitutions that mvdan/sh's
// expand.Config has come with that move.
//
// It must not import the interpreter (shell/interp) or package shell,
// run commands or read the file system itself.
//
// Invariants: a word without a brace expression comes back as itself
// (the same pointer, in a slice of one); quoted and escaped text and
// every expansion part ($x, ${…}, $(…), $((…)), <(…), extglob groups)
// pass through brace expansion whole, never split or joined, in their
// order; only the bytes of unquoted literal text take part in the brace
// syntax. A Builder splits only what came through Expansion unquoted,
// and a field that holds no unquoted glob character never reaches Glob.
package expand
