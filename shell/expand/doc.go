// Package expand will hold the shell's word expansion: brace expansion,
// tilde, parameters, command and arithmetic substitution, field splitting
// and pathname expansion, reached from the interpreter through a small
// interface to its variables and callbacks for substitutions. Today it
// holds the first step, brace expansion (brace.go), which needs neither.
//
// It works on the parser's syntax tree and returns syntax: Braces turns
// one *parser.Word into the words it stands for, each still to be
// expanded by the shell. It never reads variables, runs commands or
// touches the file system, and it does not import the shell package.
//
// Invariants: a word without a brace expression comes back as itself
// (the same pointer, in a slice of one); quoted and escaped text and
// every expansion part ($x, ${…}, $(…), $((…)), <(…), extglob groups)
// pass through whole, never split or joined, in their order; only the
// bytes of unquoted literal text take part in the brace syntax.
package expand
