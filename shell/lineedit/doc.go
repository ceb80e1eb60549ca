// Package lineedit is what the interactive prompt needs of a line editor
// and gives it: the LineReader contract the shell's loop reads lines
// through (with Plain, the reader for a terminal it cannot edit on), Tab
// completion (Completer) and syntax colouring (Highlighter) of the line
// being typed, and the one-line form of multi-line history entries.
//
// Completion and highlighting read the shell only through Host, which
// the shell implements; this package must not import the interpreter.
// Programmable completion (bash's complete) is split the same way: the
// editor splits the line into COMP_WORDS and inserts what comes back;
// the shell runs the spec (Host.Complete).
// It must not import a line editor either: the readline instance lives in
// package cli and is handed to the shell as an Opener, so that a program
// that embeds the shell links no readline. Completer and Highlighter have
// the method shapes readline's AutoCompleter and Painter expect.
package lineedit
