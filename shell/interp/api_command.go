package interp

import (
	"context"
	"fmt"
	"os"
	"runtime/debug"
)

// CommandContext is what a CommandFunc runs with besides its args and
// files, as the command would see it if it were a program: the call's
// working directory and environment. CommandCtx gives it.
type CommandContext struct {
	// Dir is the shell's working directory when the command was called
	// (after the script's `cd`s).
	Dir string
	// Env is the environment an external command would get there: the
	// exported variables and the command's prefix assignments
	// (`X=1 cmd`), as KEY=VALUE entries.
	Env []string
	// Stdin, Stdout and Stderr are files[0], [1] and [2] (nil when
	// closed), for a command that wants them by name.
	Stdin, Stdout, Stderr *os.File
}

type commandCtxKey struct{}

// CommandCtx returns the CommandContext of the CommandFunc call whose
// ctx is ctx (mvdan/sh's HandlerCtx). It panics when ctx is not one.
func CommandCtx(ctx context.Context) CommandContext {
	cc, ok := ctx.Value(commandCtxKey{}).(*CommandContext)
	if !ok {
		panic("shell.CommandCtx: not the context of a CommandFunc call")
	}
	return *cc
}

// panicStatus is the status of a CommandFunc that panicked: EX_SOFTWARE
// of sysexits.h, an internal error of the program.
const panicStatus = 70

// callCommand runs the Runner.Commands entry f as a command with argv
// and the descriptor table files. A panic in f (in its own goroutine, not
// in goroutines it starts) is that command's failure, not the program's:
// the panic and its stack go to the command's stderr, and its status is
// 70.
func (s *Shell) callCommand(ctx context.Context, f CommandFunc, argv, assigns []string, files []*os.File) (status int) {
	cc := &CommandContext{Dir: s.dir, Env: s.envWith(assigns)}
	for fd, p := range []**os.File{&cc.Stdin, &cc.Stdout, &cc.Stderr} {
		if fd < len(files) {
			*p = files[fd]
		}
	}
	defer func() {
		if v := recover(); v != nil {
			writeTo(files, 2, fmt.Sprintf("plumb: %s: panic: %v\n\n%s", argv[0], v, debug.Stack()))
			status = panicStatus
		}
	}()
	return f(context.WithValue(ctx, commandCtxKey{}, cc), argv, files)
}
