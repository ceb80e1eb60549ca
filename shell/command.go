package shell

import (
	"context"

	"github.com/plumbsh/plumb/shell/interp"
)

// CommandFunc is a command written in Go that runs as a pipeline stage:
// args is its argv (args[0] its name), files its descriptor table (index
// = fd, nil = closed): it reads files[0] and writes files[1] and
// files[2], and returns its exit status. The files belong to the
// pipeline: it must not close them nor use them after it returns. It must
// return when ctx is done. CommandCtx(ctx) gives the call's working
// directory and environment; a panic in it is the command's failure,
// status 70 with the panic and its stack on its stderr.
//
// It is the interpreter's type, so that a Runner's Commands reach it
// without a copy.
type CommandFunc = interp.CommandFunc

// CommandContext is what a CommandFunc runs with besides its args and
// files, as the command would see it if it were a program: the call's
// working directory, its environment, and files[0], [1] and [2] by name.
// CommandCtx gives it.
type CommandContext = interp.CommandContext

// CommandCtx returns the CommandContext of the CommandFunc call whose
// ctx is ctx (mvdan/sh's HandlerCtx). It panics when ctx is not one.
func CommandCtx(ctx context.Context) CommandContext { return interp.CommandCtx(ctx) }
