// Package printf is bash's printf formatting (Format, for the printf
// builtin), echo's escapes (EchoEscapes) and bash's quoting of text as
// %q and $'…' print it (HasControl, ANSICQuote, used by declare -p too).
//
// printf.go is the format loop and the conversions, args.go reads the
// arguments as numbers (C's strtoimax, strtoumax and strtold, with bash's
// diagnostics), escape.go the backslash escapes, quote.go the %q quoting
// and strftime.go %(fmt)T.
//
// It formats into an io.Writer and returns diagnostics as text with
// bash's wording; it must not know the shell: no variables (printf -v is
// the caller's), no descriptors beyond the writer, no plumb package.
package printf
