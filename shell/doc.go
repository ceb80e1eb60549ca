// Package shell is plumb's interpreter: the shell's state (variables,
// functions, options, working directory, positional parameters, its
// descriptor table and jobs), word expansion, the builtins, and the walk
// over the syntax tree that turns each pipeline into an exec.Plan.
//
// It never changes the process's working directory, environment, umask or
// resource limits to run a command: each Shell keeps its own and hands
// them to the children it starts, so two shells in one Go program do not see each
// other's cd (DESIGN.md, invariant 5). The cwd and environment go through
// exec's ProcAttr; a umask or resource limits that differ from the
// process's go through a trampoline: the child starts as /proc/self/exe,
// whose init (trampoline.go) sets them and execs the real program.
//
// A pipeline of one stage runs in the shell itself, so `cd` and `x=1`
// stick. In a longer pipeline every builtin, function and compound
// command is an in-process stage (exec.Stage.Func) that runs on its own
// copy of the state, bound to the descriptors exec gave that stage
// (invariant 6); external commands are real processes whose words were
// expanded here, in the parent (in a copy when a word can assign, as
// ${x:=v} does: in sh each stage is a subshell). A subshell `( … )` is a
// copy of the state run in-process, not a fork: Go cannot fork safely.
// Process substitutions <(…) and >(…) are in-process copies too, on a
// pipe whose end the command finds at /dev/fd/N in its own table
// (procsubst.go).
//
// A background job owns duplicates of the descriptors it starts with,
// closed when it is done, as a forked job owns its copies: the table it
// came from may be an in-process stage's, closed when the stage returns
// (jobs.go). `exec cmd` in the plumb command's top-level shell replaces
// the process from a thread with a private copy of the descriptor table
// (unshare CLONE_FILES), so the Go runtime's own descriptors are never
// overwritten and a failed exec leaves the shell as it was
// (execreplace_linux.go).
//
// Control flow that crosses Go frames (break, continue, return, exit and
// fatal expansion errors) travels up as error values; see flow.go.
//
// # Embedding
//
// A Go program — most often an integration test — runs scripts with a
// Runner (Run, RunFile), pipelines it already has as argv slices with
// Runner.RunPipeline, and successive commands in one shell with a
// Session (Runner.Start). Each call returns a Result with every stage's
// argv, pid, status, times, max RSS and byte counts, and by default an
// *ExitError for a non-zero status. Runner's doc says what happens to
// descriptors, cancellation and background jobs; package plumbtest builds
// transcript tests on Session.
//
// shell knows nothing of pipes and process groups beyond the exec.Plan it
// builds, and nothing of the terminal beyond the prompt's line reader.
package shell
