// Package exec is plumb's plumbing: it turns a Plan (stages with argv,
// environment, directory and descriptor table; links between neighbouring
// stages) into kernel objects and processes, starts every stage with
// exactly the descriptors its plan names, closes every end it no longer
// needs, and reaps every process it started.
//
// It knows no shell syntax, no PATH search, no variables, no builtins: a
// stage is a resolved program path with an argv, or a Go function (a
// builtin, a function or a subshell of the caller's) that runs in-process
// with a descriptor table. It never changes this process's directory,
// environment or umask; Dir and Env go to the child. It can be used from
// Go on its own, with argv slices:
//
//	res, err := exec.Run(ctx, &exec.Plan{
//		Stages: []*exec.Stage{
//			{Path: "/usr/bin/yes", Argv: []string{"yes"}, Files: stdio},
//			{Path: "/usr/bin/head", Argv: []string{"head", "-n1"}, Files: stdio},
//		},
//		Links: []exec.Link{{Kind: exec.Pipe}},
//	})
//
// No byte of an external stage's data passes through this process: each
// link end is handed to the child as its fd 0 or 1 and the kernel moves
// the data.
//
// # Invariants
//
// plumb holds seven invariants, each with a test; the four about
// descriptors and processes are exec's and are stated here, the other
// three (3, 5 and 6: process groups and the terminal, the shell's own
// state, in-process stages) are the interpreter's and are stated in the
// doc of package shell. Comments elsewhere cite them by number.
//
//  1. Every descriptor plumb creates is close-on-exec from birth (pipe2
//     O_CLOEXEC, socketpair and socket SOCK_CLOEXEC, open O_CLOEXEC,
//     accept4). A child receives exactly the descriptors its stage's
//     table names, placed by the fork/exec call (dup2 in the child):
//     `ls /proc/self/fd` run as a stage shows 0, 1, 2 and the directory
//     it opened itself, nothing more, also while other goroutines of the
//     same program start other pipelines.
//  2. The parent closes its copy of each link end right after the last
//     stage that uses it has started, and makes a link only when the
//     stage that needs it is about to start, so the descriptors it holds
//     do not grow with the length of a pipeline. On any start failure it
//     closes everything it opened, kills the stages already started and
//     reaps them.
//  4. Every started process is waited for exactly once: no zombies after
//     a pipeline, an error, a cancelled context or Ctrl-C.
//  7. A stage that exits closes its ends: `yes | head -n1` ends at once;
//     the writer gets SIGPIPE or EPIPE, never a hang.
//
// # Which fd becomes which
//
// A stage's final table is computed just before it starts, once its
// links exist (see buildTable): its Files (padded with closed entries up
// to fd 2), then the link to its left (fd 0; a Bidi link's end as fd 0 and fd 1), then the
// link to its right (fd 1; Bidi: fd 0 and fd 1; a Bidi link's fds are
// never overridden by a neighbouring one-way link), then its Redirs in
// order, then, if the link to its right has Stderr (|&), fd 2 = fd 1 as
// it is at that point. An external child gets exactly that table:
// syscall.ForkExec dup2s each entry onto its index in the child and
// closes the closed ones, and every other descriptor of this process is
// close-on-exec.
//
// No descriptor can exist at or above the soft RLIMIT_NOFILE
// (FdLimit): a Redir that would set one fails its stage with EBADF,
// as dup2 would, before the table grows to that size (`echo hi
// 99999999>f` must not allocate a 99999999-entry table); closing one
// (Close) is a no-op. Under a low limit the tail of a table that only
// closes descriptors or passes one on under its own number is dropped
// (fitTable): ForkExec's child needs a free number above the table, and
// an inherited descriptor above the limit then reaches the child as it
// would from sh.
//
// # Who owns which descriptor
//
//   - Stage.Files belong to the caller. exec reads them and never closes
//     them.
//   - Redir.File belongs to exec from the moment Start is called. It is
//     closed right after its stage has started (external) or returned
//     (Func), and on every failure path, Start's own validation included.
//   - Link ends are made by exec, close-on-exec from birth (pipe2
//     O_CLOEXEC, socketpair and socket SOCK_CLOEXEC, accept4
//     SOCK_CLOEXEC), so a child another goroutine forks meanwhile never
//     inherits one. Each end counts the stages whose final table holds it;
//     the parent's copy is closed as soon as the last of them has started
//     (external) or returned (Func). An end that no final table holds is
//     closed as soon as the table of the one stage that could hold it is
//     built.
//   - The TCP listener exists only while its link is made; it is closed
//     before the stage to its left starts. Any local process can connect
//     to it meanwhile: every connection whose peer is not our own
//     dialer's address is accepted and closed, however many there are,
//     and they are drained while our dial is in progress, so strangers
//     that fill the accept queue delay the link but do not fail it
//     (tcpLink).
//   - StageIO.Files of a Func stage are the same *os.File values (a link
//     end, a Redir file, a caller's file); the Func must not close them
//     and must not use them after it returns.
//
// Why the parent must close its copy of each end at once: a pipe's reader
// sees EOF only when every descriptor of the write end, in every process,
// is closed, and a writer gets EPIPE (SIGPIPE) only when every read end
// is. The parent holds a copy of every end it made. If it kept the write
// end of `a | b` after starting a, b would never see EOF when a exits and
// would wait forever; if it kept the read end after starting b, `yes |
// head -n1` would never end, because yes would fill a pipe that the
// parent "might" still read. So each end is closed right after the last
// stage that uses it has its own copy: for an external stage, when
// ForkExec returns (the child has dup2ed it by then); for a Func stage,
// when the Func returns (until then this process is the one using it).
// The same holds for sockets, where the unused direction is also shut
// down at birth so one-way socket links behave like pipes, with one
// difference Linux makes for AF_UNIX: when the reader closes with unread
// data queued, the writer's next write fails with ECONNRESET, and only the
// one after that with EPIPE and SIGPIPE (so `yes |> head -n1` ends at
// once, but yes exits 1 with "Connection reset by peer" rather than dying
// of SIGPIPE). Over TCP the reader's end was shut down for writing at
// birth, which leaves the writer in CLOSE_WAIT, where the reader's RST
// becomes EPIPE: the writer dies of SIGPIPE as with a pipe.
//
// # Descriptors while starting
//
// Links are made lazily, in order: Links[i] just before Stages[i] (the
// first stage that holds one of its ends) starts, and each end is closed
// as soon as the stages holding it have started. So while a pipeline of
// external stages starts, this process holds at most the read end
// waiting for the next stage and the two ends of the link being made
// (plus ForkExec's own status pipe during the fork), whatever the
// pipeline's length: bash's O(1), and a 2,000-stage pipeline starts
// under `ulimit -n 64`. A Func stage holds its ends until it returns,
// so only Func stages add to that. While the pipeline runs, its reaper
// holds at most maxPidfds pidfds (pidfd_linux.go).
//
// Start is still all or nothing. Before anything is made, checkFds fails
// the plan if a stage without StartErr has a Redir that cannot be
// applied (a DupFrom naming a closed descriptor, an Fd at or above the
// limit), so that no stage runs at all. A failure after some stages
// have started (a link or a fork that runs out of descriptors or
// processes) kills those stages, cancels the context of the Func stages
// running already and closes every end none of them holds, so that one
// blocked on a link whose peer never started or was just killed sees
// EOF or EPIPE; it waits until each Func stage has returned, then
// closes every Redir file, reaps the killed stages, and returns the
// *StartError: when Start fails, nothing it started runs on, shell code
// included. What a Func stage did before it was stopped (output it
// wrote, a file it made) stays done, as with the subshells a shell
// forks before its fork of a later stage fails. A Func stage that is
// blocked elsewhere (on a terminal, say) and ignores its context keeps
// Start waiting.
//
// Descriptors this process inherited without close-on-exec (from whoever
// started it) are not in any table either: Start pads each external
// table with closed entries over them, so the child closes them before
// execve. The tail of a table that then asks the child for nothing
// execve would not do (closing numbers where nothing inheritable is
// open, passing an inherited descriptor on under its own number) is
// dropped before the fork (trimTable), so a shell that passes on a CI
// runner's fd 251 does not make every child close 248 numbers.
//
// # Processes
//
// A pipeline is one process group, made by its first external stage
// unless Plan.Pgid names one to join. Plan.Pgid may be the caller's own
// group (a non-interactive shell keeps its children there, as sh does):
// Signal then signals the pipeline's processes one by one, since
// kill(-pgid) would reach the caller too.
//
// Stages start in order, from the left, whatever their kind, as a shell
// forks a pipeline's subshells: a Func stage's goroutine starts before
// the stage to its right is forked. So in `{ echo hi; exit 55; } | false`
// the brace group can write into the pipe before false has exited and
// closed it, and ends with 55 as in bash, not 141 of a write into a
// pipe with no reader left because false had run first. When the stage
// to its right is in-process too, Start waits until the Func stage has
// entered its function before it starts that one: Go runs the goroutine
// started last first, and `{ echo hi; exit 55; } | false`, with the
// builtin false, would otherwise be a shell that forks from right to
// left. The one exception is the group: a Func stage reports it (StageIO.Pgid) and
// starts nested commands in it, so a Func stage that has no group yet,
// one to the left of the first external stage of a plan with Plan.Pgid
// 0 (job control, the embedding API), starts right after that stage,
// which makes the group, has started (or after the last stage, if no
// external stage starts). A Func stage's links are made in their turn
// like any other, and its ends stay open until it has returned.
//
// Every process started is waited for exactly once, by pid, by a
// goroutine started with it (so a finished stage never lingers as a
// zombie because nobody called Wait yet): waitid(WNOWAIT) sees the exit,
// /proc/PID/io is read if Plan.Stats asks, then wait4 reaps it with its
// rusage. The group leader is reaped only after every Func stage has
// returned, so the group outlives them. Two exceptions keep the cost of a
// stage low: Run, which waits at once anyway, reaps the last external
// stage in its caller's goroutine; and from the third stage of a plan on,
// one goroutine waits for the stages' exits on pidfds in an epoll
// instance, so that a 500-stage pipeline does not hold 500 OS threads
// blocked in waitid. It watches at most maxPidfds stages at a time, in
// order; a stage that exits before its turn stays a zombie until then
// (see pidfd_linux.go).
//
// # Pipe sizes
//
// Plan.PipeSize 0 leaves each pipe at the kernel's default, 64 KiB; a
// positive size is set on every pipe and a refusal fails Start.
// AutoPipeSize (what the shell uses unless `set -o pipesize=N`) enlarges
// pipes, which roughly doubles the throughput of big transfers, without
// harming the user's other programs: Linux counts every pipe page
// against a per-user soft limit (/proc/sys/fs/pipe-user-pages-soft,
// 16384 pages; root is exempt), and once a user is over it every new pipe
// of that user gets 8 KiB and enlarging fails, whichever program asks. So
// enlarging takes pages from two budgets, and a plan's pipes share what
// is left of both, each getting the largest power of two up to
// pipe-max-size and 1 MiB that fits, or the default when that is no
// larger: the process's own, an eighth of the limit (8 MiB), so that one
// plumb cannot take the user's whole share; and the user's, a quarter of
// the limit (16 MiB), shared by every plumb process of that user, so that
// a hundred of them together stay as far below the limit as one does. The
// user's budget is a System V semaphore per user, whose count the kernel
// gives back when a process dies however it dies (SEM_UNDO); where there
// is none to trust (no System V IPC, or one of that key made by another
// user) nothing is enlarged (pipebudget_linux.go). Alone, `a | b` and an
// 8-stage chain get 1 MiB pipes, a 21-stage pipeline 256 KiB ones, a
// 500-stage one the default. The pages return to both budgets when the
// pipeline has finished; a refused F_SETPIPE_SZ keeps the default size.
// pipesize_test.go checks it as an ordinary user (nobody, when the tests
// run as root): 70 pipelines in one process, and 10 processes holding 8
// pipelines each, leave a new pipe of the user at 64 KiB and none of
// their own at 8 KiB.
//
// On any start failure Start closes everything it opened, SIGKILLs the
// stages already started (and their own group), reaps them, and returns a
// *StartError naming the stage and the system call (see "Descriptors
// while starting").
//
// When the context passed to Start is done, the group gets SIGTERM (and
// SIGCONT), then SIGKILL after Plan.Grace; Func stages see their context
// cancelled, and Wait returns once everything is reaped. A Func stage
// that ignores its context keeps Wait waiting.
package exec
