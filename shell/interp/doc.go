// Package interp is plumb's interpreter: the shell's state (variables,
// functions, options, working directory, positional parameters, its
// descriptor table and jobs), the builtins, and the walk over the syntax
// tree that turns each pipeline into an exec.Plan. Word expansion is
// package expand's: the shell gives it an expand.Config (expand.go) whose
// Environ answers from the variable store here (expandenv.go) and whose
// callbacks run $(…), <(…) and arithmetic; expand.go's wrappers
// (expandFields, expandString, …) are what the rest of this package calls.
//
// It never changes the process's working directory, environment, umask or
// resource limits to run a command: each Shell keeps its own and hands
// them to the children it starts, so two shells in one Go program do not see each
// other's cd (invariant 5, below). The cwd and environment go through
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
// A background list that would run in-process (`( … ) &`, `{ …; } &`,
// `f &`, `a && b &`) is the exception in the plumb command: it runs in a
// new plumb process (the trampoline, given the list and a prelude that
// recreates the state; bgprocess.go), so that it outlives the shell and $! is
// a real pid, as after sh's fork.
// Process substitutions <(…) and >(…) run on a pipe whose end the command
// finds at /dev/fd/N in its own table; like background lists they are
// plumb processes of their own in the plumb command (so they outlive
// it, as after sh's fork), in-process copies for an embedder
// (procsubst.go).
//
// A background job holds duplicates of the descriptors it starts with,
// released when it is done, as a forked job owns its copies: the table it
// came from may be an in-process stage's, closed when the stage returns
// (jobs.go, jobfiles.go). `exec cmd` in the plumb command's top-level
// shell replaces the process from a thread with a private copy of the
// descriptor table (unshare CLONE_FILES), so the Go runtime's own
// descriptors are never overwritten and a failed exec leaves the shell as
// it was (execreplace_linux.go).
//
// # The terminal
//
// At the interactive prompt each foreground job is one process group that
// owns the terminal while it runs, and the prompt takes the terminal back
// before it reads the next line, whatever happened between the fork and
// the job's end: the job exited, stopped or was killed, its execve failed
// after the child had handed the terminal to its group, or the child died
// before its program ran. The prompt checks which group is in the
// foreground and, when it is not its own, takes the terminal back with
// tcsetpgrp, SIGTTOU blocked on that thread (foreground.go).
//
// Control flow that crosses Go frames (break, continue, return, exit and
// fatal expansion errors) travels up as error values; see flow.go.
//
// # Who uses it
//
// Package shell/cli runs it as the plumb program (Main, the flags, the rc
// files and the interactive loop are here, in main.go, rcfile.go and
// interactive.go, because they work on the state directly). Package
// shell, the embedding API, drives it through the exported methods of
// api.go only: New, SetOption, Embed, Run, Finish and the like. Nothing
// else of this package is for use outside plumb; an exported name
// elsewhere in it (Shell, Main) is exported for those two.
//
// # Invariants
//
// plumb holds seven invariants, each with a test. The four about
// descriptors and reaping (1, 2, 4 and 7) are the plumbing's and are
// stated in the doc of package exec; these three are the interpreter's,
// and comments in this package cite them by number:
//
//  3. Process groups follow job control. At the interactive prompt each
//     job is one process group that owns the terminal while it runs, and
//     the prompt takes it back after, whatever happened to the job (even
//     if its execve failed). A script keeps its children in the shell's
//     own group, as sh does, so whoever signals that group (timeout(1), a
//     CI runner) reaches them. The embedding API runs a call's pipelines
//     in groups of their own, so that cancelling the call reaches
//     everything they forked.
//  5. The shell never changes its own process's cwd, environment, umask
//     or resource limits to run a command; it passes them to the child.
//     Two shells in one Go program do not see each other's cd.
//  6. Builtins and functions that run as a pipeline stage run in-process,
//     bound to that stage's descriptors; a subshell ( … ) works on a copy
//     of the state.
//
// Two rules about signals hold with them. A signal that reaches the
// shell's process as it becomes a command (exec, a one-command -c, the
// trampoline) is not lost: the signals it would die of get the kernel's
// default action first, and handlers already running are waited for
// (sigdefault_linux.go; TestDefaultsForExec, TestScriptChildrenInShellGroup).
// A signal a foreground command sent the shell is trapped before the next
// command runs (sigsync.go; TestTrapOfSignalFromCommand).
//
// A shell's descriptors are one table, fdTable (fdtable.go), which
// records which of them the shell owns: only the owner closes a file;
// copies and stages borrow theirs for as long as their lender waits for
// them; a background job or a process substitution, which outlives the
// command that started it, takes its own duplicates first.
//
// # The trampoline's init runs in every program that imports this package
//
// trampoline.go's init checks the environment variable __PLUMB_EXEC in
// every program that links package interp (cmd/plumb, package shell and
// so plumbtest, any test binary or program that embeds them), before that program's own init
// functions and main. When it is set the process is a trampoline started
// by a shell: it applies the umask, ignored signals and limits the value
// names and execs the real command, and main never runs. So a program
// that embeds the shell must not set that variable for its own children.
// When it is unset the init costs one getenv.
//
// What it must not do: know pipes and process groups beyond the exec.Plan
// it builds (exec owns them), the terminal beyond the prompt's line
// reader and package tty, or a line editor (cli gives it one through
// lineedit's interfaces); and it must not import package shell, which
// imports it.
package interp
