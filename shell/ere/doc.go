// Package ere is the shell's matcher for POSIX extended regular
// expressions, the right side of bash's [[ s =~ re ]]. It reads and
// matches them as glibc's regcomp(3) with REG_EXTENDED and regexec(3) do,
// which is what bash calls, so that plumb needs neither the C library nor
// Go's regexp (whose package and Unicode tables were a quarter of a
// megabyte of the binary and work at every start).
//
// Syntax: characters; `.`; bracket expressions with ranges, `^`
// negation, a literal `]` first and `-` first or last, [:class:] for the
// twelve POSIX classes, [=c=] and [.c.] for a single character c (a
// backslash is an ordinary character inside brackets); the anchors `^`
// and `$`, which are anchors wherever they stand; groups ( ), which
// capture; alternation |; the repetitions * + ? {m} {m,} {m,n} {,n} {,}
// (up to RE_DUP_MAX, 32767), which may follow one another (a** is
// (a*)*); back-references \1 to \9 to a group closed before them in the
// same branch; GNU's \w \W \s \S \b \B \< \> \` \'; and a backslash
// before any other character, which stands for that character (so \d is
// "d", as in bash, not a digit). A `)` with no group open is an ordinary
// character. What glibc rejects, Compile rejects with glibc's message
// (an *Error): a repetition with nothing before it (*a, (*a), a|+, ^*),
// a bad {}, an unclosed ( or [, an unknown class, a reversed range, a
// trailing backslash, a back-reference to no closed group.
//
// Characters: with Bytes (the C locale) every byte is one character;
// otherwise the text and the expression are UTF-8, `.` and brackets match
// a whole character, and a byte that is not UTF-8 is a character of its
// own that only itself matches (not `.`, no bracket expression, as in
// glibc). Classes,
// ranges and Fold's case folding are package pattern's, so they mean
// the same as in the shell's patterns: ASCII only with Bytes, Unicode
// otherwise.
//
// Matching: the match is the leftmost one, and the longest of those.
// Among paths that give that same match, the groups are those of the
// first path in the order that takes the earlier alternative and one
// more iteration of a repetition at each choice (glibc reports
// (a|ab)(bc|c) against "abc" as "a", "bc", not POSIX's "ab", "c"); a
// repeated group holds its last iteration, and an iteration that matches
// the empty string counts ((a*)* against "b" sets group 1 to "").
//
// Invariants: matching never backtracks without a bound. An expression
// without back-references runs on a Pike VM (Thompson's NFA simulation
// that carries capture positions): each position of the text is read
// once with at most one thread per instruction, so the time is
// O(len(text)×len(program)) and the memory O(len(program)×groups),
// whatever the nesting ((a*)*b against a long run of a's is linear).
// When the program times the text is small (up to maxBitState), a
// backtracker that marks each instruction at each position as reached
// and never goes there again does the same work faster: it tries paths
// in order of preference, so the first path to reach a state is the one
// the Pike VM keeps, and the answers are the same (a test checks it).
// A program is at most maxProg instructions ({m,n} copies its operand),
// beyond which Compile reports "Regular expression too big". Back-
// references are not regular, so an expression with one runs on a
// backtracking matcher over the same program, bounded three ways: a
// Pike VM run of the program with each back-reference read as any text
// first rules out texts that cannot match at all; paths that reach a
// split at the same position with the same positions for the groups that
// back-references name (and the groups around them) are cut after the
// first, which makes (a*)*\1b polynomial; and it stops after maxSteps
// (4M) instructions with ErrTooComplex, where glibc would go on for as
// long as it takes. ErrTooComplex comes after at most about a second.
//
// It must not know the shell: no variables or options, only the Flags
// it is handed; it imports only package pattern from plumb.
package ere
