// Package pattern is the shell's pattern matcher: case patterns,
// ${x#p} and ${x/p/r} patterns, [[ x == p ]], and pathname expansion
// (Glob), with bash's shopt variants (nocasematch and nocaseglob as Fold,
// extglob's ?(…) *(…) +(…) @(…) !(…) as ExtGlob, dotglob, globstar).
//
// A pattern here is text in which a backslash quotes the next character:
// word expansion writes a quoted `*` as `\*` before handing the pattern
// over, so quoting is resolved by the caller and this package never sees
// the syntax tree. Matching is by UTF-8 character, with plain code point
// order for ranges and byte order for sorting; a byte that is not valid
// UTF-8 is a character of its own. With Bytes (the shell in the C
// locale, or any whose codeset is not UTF-8) every byte is a character,
// as in bash there: `?` matches one byte of a UTF-8 sequence, and a
// bracket expression lists bytes. As in bash, a pattern or a text that
// is not valid UTF-8 is matched by bytes also without Bytes (ByBytes).
//
// It owns the matching algorithms (pattern.go: star backtracking for
// plain patterns; extglob.go: a Thompson NFA for extended groups, so no
// pattern takes exponential time) and directory walking for Glob, which
// reads directories relative to the dir it is given and never changes
// the process's working directory.
//
// It must not know the shell: no variables, no options beyond the Mode
// and GlobOptions it is handed, no plumb package at all.
package pattern
