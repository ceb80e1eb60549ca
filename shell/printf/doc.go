// Package printf is bash's printf formatting (Format, for the printf
// builtin), echo's escapes (EchoEscapes) and bash's quoting of text as
// %q and $'…' print it (HasControl, ANSICQuote, used by declare -p too).
//
// It formats into an io.Writer and returns diagnostics as text with
// bash's wording; it must not know the shell: no variables (printf -v is
// the caller's), no descriptors beyond the writer, no plumb package.
package printf
