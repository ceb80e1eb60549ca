// Package explain draws what plumb would do with a script without running
// it (`plumb --explain`, the explain builtin): every pipeline's stages and
// links, what each link is in the kernel, and for every stage what each of
// its descriptors will be.
//
// It reads only the syntax tree: nothing is expanded, no command
// substitution runs, no file is opened. It follows the same rules as
// exec's descriptor table (links first, then redirections in order, then
// |&'s fd 2) and the shell's (`a <|> b R` is `{ a <|> b; } R`, as
// parser.Pipeline.BidiTail splits it), but must not import the
// interpreter: the one thing it needs from the shell, which names are
// builtins, comes as a callback. It imports parser, and netredir so that
// a /dev/tcp target is recognised exactly as the shell will open it.
package explain
