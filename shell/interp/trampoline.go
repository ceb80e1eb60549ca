package interp

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/plumbsh/plumb/exec"
)

// What external commands inherit that fork/exec cannot give them.
//
// The shell never changes its own process's umask or resource limits
// (invariant 5): two shells in one Go program each have their own, and a
// subshell's `ulimit` must not reach its parent, which is the same
// process. But fork/exec cannot set a child's umask or limits:
// syscall.SysProcAttr has no field for them, and the child between fork
// and execve is Go's runtime code, not ours. So when a shell's umask or
// limits differ from what a child would get anyway, its external
// commands start through a trampoline: the running binary itself
// (/proc/self/exe, which works for cmd/plumb, a test binary or any
// program that embeds this package), with the command's own argv and the
// variable trampolineVar in the environment naming the settings and the
// program. This package's init sees the variable before anything else
// runs, applies the settings, removes the variable and execs the program:
// the process the shell waits for is then the command itself, with its
// own argv, pid and exit status.
//
// The cost, one extra execve of this binary, is paid only after `umask`
// or `ulimit` changed the shell's settings, after `trap "" CHLD`, and by
// the background commands of a script, which start with SIGINT and
// SIGQUIT ignored (asyncIgnoresInt). Redirections do not need it:
// openFile sets the mode of the files it creates itself, and plumb's own
// opens are not held to the shell's limits.

// trampolineVar is the trampoline's instructions, in one of two forms.
//
// "exec MASK IGNORED LIMITS ACK PATH" runs PATH: MASK is the octal umask,
// IGNORED the signals the shell ignores (comma-separated numbers, or
// "-"), LIMITS the resource limits to set (comma-separated
// RESOURCE:SOFT:HARD, decimal, or "-"), ACK a descriptor to keep open
// until the exec (or "-"), and PATH, the rest of the value, the program
// to execute. The ignored signals travel explicitly because
// Go's runtime, starting in the trampoline, installs its own handler
// over an inherited SIG_IGN for most signals, and the exec would then
// reset them to the default instead of passing the ignoring on (POSIX:
// `trap "" SIG` is inherited by commands).
//
// "subshell FD PID LASTBG STATUS PRELUDE LIMITS ASYNC LINE QUIET" runs a
// background list in a process of its own (jobs.go, subshellProcess): FD
// is the descriptor its source text is read from, whose first PRELUDE
// bytes recreate the parent's state; PID, LASTBG and STATUS are what $$,
// $! and $? say in the shell that started it, LIMITS the resource limits
// its `ulimit` set, as for "exec"; ASYNC "true" ignores SIGINT and
// SIGQUIT, as in an asynchronous list of a script (asyncIgnoresInt);
// LINE is added to the list's line numbers ($LINENO as in the parent's
// source); QUIET "true" says that the list's own status runs no ERR
// trap (bashTrapState.quietTop).
//
// "nofile" prints the RLIMIT_NOFILE a child of the shell starts with
// (see childNofile) and exits.
const trampolineVar = "__PLUMB_EXEC"

func init() {
	if v, ok := os.LookupEnv(trampolineVar); ok {
		os.Exit(trampoline(v))
	}
}

// throughTrampoline makes an external stage start through the trampoline
// when the shell's umask or limits are not what the child would inherit.
func (s *Shell) throughTrampoline(st *exec.Stage) {
	if st.Func != nil {
		return
	}
	limits := s.changedLimits()
	if s.umask == currentUmask() && len(limits) == 0 && !ignoresForChildren() && !s.asyncIgnoresInt {
		return
	}
	path := st.Path
	if path == "" {
		path = st.Argv[0]
	}
	env := st.Env
	if env == nil {
		env = os.Environ()
	}
	ignored := "-"
	sigs := ignoredSignals()
	if s.asyncIgnoresInt {
		sigs = append(sigs, strconv.Itoa(int(syscall.SIGINT)), strconv.Itoa(int(syscall.SIGQUIT)))
	}
	if len(sigs) > 0 {
		ignored = strings.Join(sigs, ",")
	}
	ack := "-"
	if s.ackStarts {
		ack = s.startAck(st)
	}
	v := fmt.Sprintf("exec %04o %s %s %s %s", s.umask, ignored, formatLimits(limits), ack, path)
	st.Path, st.Env = "/proc/self/exe", append(env[:len(env):len(env)], trampolineVar+"="+v)
}

// startAck gives a background command's trampoline the write end of a
// pipe, as a descriptor above every one its table names, and keeps the
// read end in s.startAcks: the trampoline holds it until it execs the
// command (close-on-exec), so awaitExecs can wait until then. Until that
// moment the process is Go's runtime, whose handlers would swallow a
// signal such as SIGUSR1 that the command dies of, so `cmd & kill -USR1
// $!` would lose it. Returns the descriptor's number for the
// trampoline's instructions, or "-" when no pipe could be made (the
// command still runs; only that wait is lost).
func (s *Shell) startAck(st *exec.Stage) string {
	var p [2]int
	if unix.Pipe2(p[:], unix.O_CLOEXEC) != nil {
		return "-"
	}
	// The lowest descriptor above 2 that neither the table nor a
	// redirection names (the table can be long and the limit low: an
	// inherited fd 61 under `ulimit -n 64`). Applied after the stage's
	// own redirections, so a `2>&5` among them still finds 5 closed.
	fd := 3
	for ; fd < len(st.Files) && st.Files[fd] != nil || slices.ContainsFunc(st.Redirs, func(r exec.Redir) bool { return r.Fd == fd }); fd++ {
	}
	// exec owns a Redir's file from Start on and closes it once the
	// stage has started or failed to.
	st.Redirs = append(st.Redirs[:len(st.Redirs):len(st.Redirs)], exec.Redir{Fd: fd, File: os.NewFile(uintptr(p[1]), "start-ack")})
	s.startAcks = append(s.startAcks, os.NewFile(uintptr(p[0]), "start-ack"))
	return strconv.Itoa(fd)
}

// takeStartAcks ends what startAck prepared for a plan: it returns the
// read ends, to pass to awaitExecs once the plan has started (or close
// unread if it did not), and clears s's fields before Start, since
// in-process stages of the plan copy s (clone) while it runs.
func (s *Shell) takeStartAcks() []*os.File {
	acks := s.startAcks
	s.startAcks, s.ackStarts = nil, false
	return acks
}

// awaitExecs waits until every trampoline of acks has exec'd its
// command, exited or failed to start (each write end is closed then),
// and closes the read ends: called right after exec.Start, before $! is
// known. started false (no Start: the plan was not made) only closes
// them.
func awaitExecs(acks []*os.File, started bool) {
	for _, r := range acks {
		var b [1]byte
		for started {
			if _, err := r.Read(b[:]); err != nil {
				break // io.EOF: nobody holds the write end any more
			}
		}
		r.Close()
	}
}

// trampoline is the trampoline's whole life: apply the settings, exec the
// program. It returns only when that failed, with the status sh gives: a
// file the kernel does not know how to run (ENOEXEC) is run as a plumb
// script, as startErr does in the shell.
func trampoline(v string) int {
	os.Unsetenv(trampolineVar)
	if v == "nofile" {
		return reportNofile()
	}
	if strings.HasPrefix(v, "subshell ") {
		return runSubshellProcess(v)
	}
	f := strings.SplitN(v, " ", 6)
	var mask uint64
	var limits []rlimitSetting
	ack := -1
	err := errors.New("bad format")
	if len(f) == 6 && f[0] == "exec" && f[5] != "" {
		if mask, err = strconv.ParseUint(f[1], 8, 32); err == nil {
			limits, err = parseLimits(f[3])
		}
		if f[4] != "-" && err == nil {
			ack, err = strconv.Atoi(f[4])
		}
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "plumb: bad %s=%q\n", trampolineVar, v)
		return 126
	}
	if ack >= 0 {
		// Held until the exec below closes it: the shell waits for
		// that (startAck). Not the command's.
		unix.CloseOnExec(ack)
	}
	ignored, path := f[2], f[5]
	var ignore []syscall.Signal
	if ignored != "-" {
		for _, n := range strings.Split(ignored, ",") {
			if sig, err := strconv.Atoi(n); err == nil && sig > 0 && sig < nsig {
				ignore = append(ignore, syscall.Signal(sig))
			}
		}
	}
	trampolineSignals(ignore)
	unix.Umask(int(mask))
	argv := os.Args
	if len(argv) == 0 {
		argv = []string{path}
	}
	env := os.Environ()
	// The limits come last: a small memory limit leaves the runtime
	// little room for anything after it.
	if err := setLimits(limits); err != nil {
		fmt.Fprintf(os.Stderr, "plumb: %s: %v\n", argv[0], err)
		return 126
	}
	err = syscall.Exec(path, argv, env)
	var errno syscall.Errno
	errors.As(err, &errno)
	if ack >= 0 {
		unix.Close(ack) // no exec: the script runs in this process
	}
	if errno == syscall.ENOEXEC {
		wd, werr := os.Getwd()
		if werr != nil {
			wd = "/"
		}
		s := newShell(wd, env, os.Stdin, os.Stdout, os.Stderr)
		s.subshell = true
		arg0 := argv[0]
		if !strings.Contains(arg0, "/") {
			arg0 = path
		}
		return s.runScriptFile(path, arg0, argv[1:])
	}
	fmt.Fprintf(os.Stderr, "plumb: %s: %s\n", argv[0], errText(err))
	if errno == syscall.ENOENT {
		return 127
	}
	return 126
}

// ignoredSignals lists, as numbers, the signals `trap ""` ignores in this
// process or for its commands only (trapState.childOnly).
func ignoredSignals() []string {
	trapState.Lock()
	defer trapState.Unlock()
	var out []string
	for sig := range trapState.ignored {
		out = append(out, strconv.Itoa(int(sig)))
	}
	for sig := range trapState.childOnly {
		out = append(out, strconv.Itoa(int(sig)))
	}
	return out
}

// ignoresForChildren reports whether commands must start with a signal
// ignored that this process does not ignore (trapState.childOnly).
func ignoresForChildren() bool {
	trapState.Lock()
	defer trapState.Unlock()
	return len(trapState.childOnly) > 0
}

// runSubshellProcess is the whole life of a background list's process:
// read its text (a prelude that recreates the parent's state, then the
// list) from the descriptor v names, close that descriptor before any
// command can inherit it, and run the text as a plumb script whose $$,
// $! and $? are the parent's. It is a top-level shell of its own
// process, so its traps, `exec` and children behave as in a forked sh.
func runSubshellProcess(v string) int {
	f := strings.Fields(v)
	var n []int
	var limits []rlimitSetting
	err := errors.New("bad format")
	if len(f) == 10 {
		if f[7] == "true" {
			// At once: the process is in the script's group, which
			// Ctrl-C at the terminal reaches.
			signal.Ignore(syscall.SIGINT, syscall.SIGQUIT)
		}
		for _, x := range f[1:6] {
			if i, err := strconv.Atoi(x); err == nil && i >= 0 {
				n = append(n, i)
			}
		}
		limits, err = parseLimits(f[6])
	}
	lineBase, lerr := strconv.Atoi(f[min(8, len(f)-1)])
	if err != nil || lerr != nil || len(n) != 5 || n[0] < 3 {
		fmt.Fprintf(os.Stderr, "plumb: bad %s=%q\n", trampolineVar, v)
		return 126
	}
	text := os.NewFile(uintptr(n[0]), "plumb-subshell")
	src, err := io.ReadAll(text)
	text.Close()
	if err == nil {
		// Before the shell is made, which reads its limits from the
		// process: in sh the subshell is a process with these limits.
		err = setLimits(limits)
	}
	if err == nil && len(src) < n[4] {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "plumb: subshell: %v\n", err)
		return 126
	}
	wd, err := os.Getwd()
	if err != nil {
		wd = "/"
	}
	if pwd := os.Getenv("PWD"); pwd != "" && sameDir(pwd, wd) {
		wd = pwd // the logical path the parent cd'd through
	}
	s := newShell(wd, os.Environ(), os.Stdin, os.Stdout, os.Stderr)
	s.ownsSignals = true
	if len(os.Args) > 0 {
		s.arg0 = os.Args[0]
	}
	s.pid, s.lastBg = n[1], n[2]
	s.adoptInherited()
	s.initScriptSignals()
	err = s.runSource(src[:n[4]], s.arg0)
	if err == nil {
		s.status = n[3] // $? as the list saw it, not the prelude's
		s.execsLast = true
		s.lineBase, s.bashTraps.quietTop = lineBase, f[9] == "true"
		err = s.runSource(src[n[4]:], s.arg0)
	}
	st, _ := s.endStatus(err)
	return s.finish(st)
}
