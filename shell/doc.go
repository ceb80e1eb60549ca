// Package shell runs plumb scripts and pipelines from a Go program, most
// often an integration test: it is the embedding API and nothing else.
//
// A Runner runs scripts (Run, RunFile), pipelines the caller already has
// as argv slices (RunPipeline, built with Command, Pipe and Link), and
// successive commands in one shell (a Session, from Start, whose
// background jobs are reachable as Jobs); StartRun and StartPipeline
// start a call now to wait for it later (a Process: Pids, WaitReady,
// Signal, Stop, Wait). CallOptions (WithStdout, WithEnv…) give one call
// its own stdio, environment or directory. Each call returns a Result
// with every stage's argv, pid, status, times, max RSS and byte counts
// (PipelineResult and StageResult: package exec's types, named here too
// so that a caller never imports plumb's exec next to os/exec), and by
// default an *ExitError for a non-zero status that names the command
// that produced it. Runner's doc says what happens to descriptors,
// cancellation and background jobs; package plumbtest builds transcript
// tests on Session.
//
// What it owns: the calls' stdio (joining a caller's io.Reader and
// io.Writer values to descriptors, the copier goroutines and when they
// end: stdio.go), the lifetime of a call's shell (session.go), and the
// conversion of the interpreter's record of a call into Result and
// ExitError. The interpreter itself — state, expansion, builtins, jobs,
// the AST walk — is package shell/interp, which this package drives
// through the small surface in interp/api.go; nothing here reads the
// interpreter's state directly.
//
// It must not grow a second interpreter path: a Runner's call runs its
// source exactly as `plumb -c` would, through interp. And it must not
// import the line editor or the terminal code: a program that embeds
// shell links no readline (`go list -deps ./shell | grep readline` is
// empty).
//
// # The trampoline's init runs in every program that imports this package
//
// Package interp's init (trampoline.go) checks the environment variable
// __PLUMB_EXEC in every program that links it, before that program's own
// init functions and main; see interp's doc. A program that embeds shell
// must not set that variable for its own children.
package shell
