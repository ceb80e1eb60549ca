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
package cli
