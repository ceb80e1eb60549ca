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
// The flags, the rc files and the interactive loop are still
// shell.Main's, because they work on the interpreter's state; they move
// here when the interpreter becomes package shell/interp, which can
// export what they need without widening the embedding API.
package cli
