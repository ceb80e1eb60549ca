// Package cli is the plumb program behind cmd/plumb: it takes the
// process's arguments and stdio and gives the interactive shell its line
// editor, github.com/chzyer/readline (readline.go), with the completion
// and highlighting of package lineedit.
//
// It is the only package that imports readline, and nothing but
// cmd/plumb imports it: a Go program that embeds package shell, and every
// test binary of plumbtest, links no line editor (`go list -deps
// ./plumbtest ./shell | grep readline` is empty).
//
// The flags, the rc files and the interactive loop stay in package
// shell/interp (interp.Main, main.go, rcfile.go, interactive.go): they
// read and set the interpreter's state field by field (options, traps,
// history, the prompt's variables, job control), and moving them here
// would export most of that state. What is here is what needs the
// editor; cli imports shell/interp, never package shell.
//
// # The collector of a small heap
//
// Main also sets the Go collector's policy for the plumb process, and
// only for it: a Go program that embeds package shell keeps its own.
// The runtime's default (GOGC=100) lets the heap grow to twice the live
// heap, but never collects below 4 MiB, a minimum sized for servers: a
// shell whose live heap is a few hundred KiB would let 4 MiB of garbage
// pile up between collections, most of its resident memory. So after
// each collection (a finalizer re-armed every cycle reads
// /gc/heap/live:bytes) the percentage becomes 25 + 25 per MiB of live
// heap, which makes the goal about the live heap plus 1 MiB (the
// runtime's own floor: it leaves 1 MiB for sweeping between cycles, so
// a lower percentage does not collect sooner), until the
// default takes over at 3 MiB of live heap, where both give a 6 MiB
// goal; a script with a large live heap (mapfile of a big file) is
// collected exactly as by default. A collection of a small heap costs
// little: the builtin loop of bench/ runs about 15 of them instead of 5, at
// no measurable CPU cost. A GOGC or GOMEMLIMIT in the environment is
// the user's choice, and turns this off.
package cli
