// Package parser turns shell source text into a syntax tree.
//
// It reads POSIX sh with the bash pieces plumb uses ($'…', ${a[@]}, |&,
// &>, <<<, ;& and ;;&, function) and plumb's own pipeline operators
// (|> |>tcp <|> <|>tcp), and it gives every node its source position so
// errors can show the line with a caret. Parse reads a whole source;
// Parser.Next reads one complete command at a time for a script runner,
// and with a Config.More hook it asks for the source a line at a time as
// the lexer needs it, never past the command it returns (a script on a
// pipe, where the next line belongs to the command that reads stdin);
// Print turns a tree back into source that parses to the same tree;
// FormatFunc lays a function out as bash's declare -f does.
// A Config with an Aliases hook makes them do alias substitution, the one
// piece of shell state that changes how text parses; the table itself
// stays with the shell.
//
// The package knows nothing about processes, variables or the file system:
// it does not expand words, look up commands, or decide what a redirection
// opens. It keeps each word as written — quoting, escapes and expansions as
// parts — and leaves quote removal, expansion and field splitting to the
// shell package.
//
// Beyond POSIX it reads the bash syntax scripts use most: [[ ]], (( )),
// for (( ; ; )), select, arrays (a=(…), a[i]=v, declarations with array
// values), ${x/…} ${x:n:m} ${x^} ${!x} ${!prefix*}, process substitution
// <(…) >(…), and extglob groups ?( *( +( @( !( where Config.ExtGlob says
// shopt -s extglob is on (and after == and != in [[ ]], as bash). Not
// supported: coproc.
package parser
