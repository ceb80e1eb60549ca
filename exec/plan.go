package exec

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
)

// LinkKind is the kernel object that joins two neighbouring stages.
type LinkKind int

const (
	// Pipe is a pipe made by pipe2(O_CLOEXEC): the left stage gets the
	// write end as fd 1, the right stage the read end as fd 0.
	Pipe LinkKind = iota
	// Unix is a socketpair(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC). One-way, the
	// left stage's end is shut down for reading and the right stage's end
	// for writing, so each side sees the same EOF and EPIPE a pipe gives.
	Unix
	// TCP is one loopback TCP connection (127.0.0.1, or ::1 when there is
	// no IPv4 loopback), with the same half-close rules as Unix. The
	// listener lives only while the link is made, just before the stage
	// to its left starts; strangers that connect to it meanwhile are
	// accepted and closed.
	TCP
)

// String returns "pipe", "unix" or "tcp".
func (k LinkKind) String() string {
	switch k {
	case Pipe:
		return "pipe"
	case Unix:
		return "unix"
	case TCP:
		return "tcp"
	}
	return fmt.Sprintf("LinkKind(%d)", int(k))
}

// Link joins Plan.Stages[i] and Plan.Stages[i+1]; it is Plan.Links[i].
//
// One-way, the link sets the left stage's fd 1 and the right stage's
// fd 0. Bidi sets both fd 0 and fd 1 of both stages to their end of one
// two-way socket, and wins over a neighbouring one-way link: in
// `a | b <|> c`, b's fd 0 and fd 1 are its bidi end, and the pipe's read
// end, which would have been b's fd 0, lands in no table at all; the
// parent closes it as soon as b's table is built, before b starts, so a
// writes into a pipe with no reader (EPIPE, SIGPIPE). A stage between two Bidi links is an error.
type Link struct {
	Kind LinkKind
	// Stderr (|&) makes the left stage's fd 2 a copy of its fd 1, applied
	// after the stage's Redirs, which is bash's rule for |& ("shorthand
	// for 2>&1 |, performed after any redirections specified by the
	// command"): `a 2>f |& b` sends stderr into the link, `a >f |& b`
	// sends both to f. With no Redir on fd 1, fd 2 is the link end.
	Stderr bool
	// Bidi (<|>) is one two-way socket; Kind must be Unix or TCP.
	Bidi bool
}

// Redir is one redirection of a stage, applied to the stage's descriptor
// table after the links have set fds 0 and 1. Exactly one of File,
// Close or DupFrom says what Fd becomes.
type Redir struct {
	// Fd is the child descriptor this redirection sets.
	Fd int
	// File, when set, becomes Fd. exec owns it from the moment Start is
	// called: it is closed right after the stage has started (external)
	// or returned (Func), and on every failure path, Start's included.
	File *os.File
	// DupFrom, when File is nil and Close is false, makes Fd a copy of
	// what DupFrom is in the table at this point (2>&1). If DupFrom is
	// closed, the stage fails with EBADF, which goes to StartErr.
	DupFrom int
	// Close closes Fd (>&-).
	Close bool
}

// Stage is one command of a pipeline: an external program (Path) or an
// in-process function (Func).
type Stage struct {
	// Argv is the argument list; Argv[0] names the stage in errors and
	// results. For a Func stage it is only for display.
	Argv []string
	// Path is the program to execute, already resolved by the caller:
	// exec does not search PATH. Empty means Argv[0], taken as a path.
	Path string
	// Env is the environment; nil means the current process's, as in
	// os/exec (a non-nil empty slice is an empty environment).
	Env []string
	// Dir is the working directory; empty means the current one. exec
	// never changes its own process's directory: Dir goes to the child.
	Dir string
	// Files is the base descriptor table: index = child fd, nil = closed.
	// The caller owns these files; exec never closes them.
	Files []*os.File
	// Redirs are applied in order after the links have set fd 0 and 1,
	// and before a Stderr link sets fd 2.
	Redirs []Redir
	// Func, when set, makes this an in-process stage (a builtin, a
	// function, a subshell). It runs in its own goroutine with the final
	// descriptor table and its return value is the stage's status. It
	// must not close io.Files, and must stop using them when it returns.
	// exec does not recover a panic: a builtin's bug stays visible.
	Func func(ctx context.Context, io *StageIO) int
	// StartErr, when set, runs as an in-process stage (same StageIO)
	// in place of a stage that could not start: an external whose
	// fork/exec failed with an exec-family errno (ENOENT, EACCES,
	// ENOEXEC, EISDIR, ENOTDIR, ENAMETOOLONG, E2BIG, ELOOP, ETXTBSY;
	// see execErrno), or any stage (Func stages too)
	// whose Redir DupFrom names a closed descriptor (EBADF). When nil,
	// such a failure fails the whole Start.
	StartErr func(err error, io *StageIO) int
}

// StageIO is what an in-process stage runs with.
type StageIO struct {
	// Files is the final table: index = fd, nil = closed. Valid until the
	// Func returns; exec closes the ones it owns after that.
	Files []*os.File
	// Pgid is the pipeline's process group, 0 if it has no external
	// stage. Commands a Func stage starts should join it (Plan.Pgid), so
	// a signal to the pipeline reaches them.
	Pgid int
}

// Plan is a pipeline to start: its stages and the links between them.
type Plan struct {
	Stages []*Stage
	// Links[i] joins Stages[i] and Stages[i+1]; len(Links) == len(Stages)-1.
	Links []Link
	// Pgid 0 makes a new process group, led by the first external stage;
	// a Pgid > 0 is a group every external stage joins.
	Pgid int
	// PipeSize, when > 0, is set with F_SETPIPE_SZ on every Pipe link
	// (a failure fails Start). 0 leaves the kernel's default (64 KiB);
	// AutoPipeSize enlarges the pipes within budgets (the process's and
	// the user's, shared by all plumb processes of that user) that
	// keep the user's pipe pages well inside pipe-user-pages-soft (see
	// "Pipe sizes" in the package documentation).
	PipeSize int
	// Stats makes Wait read /proc/PID/io (rchar, wchar) of each external
	// stage after it has exited and before it is reaped.
	Stats bool
	// Foreground gives TTY to the new process group when the first
	// external stage starts (tcsetpgrp in the child). Only used when the
	// plan makes a new group (Pgid == 0). When that stage fails to start
	// (its execve failed after the hand-over), Start gives the terminal
	// back to the group that had it and the next external stage tries
	// again. Taking the terminal back after the job is the caller's job.
	Foreground bool
	// TTY is the controlling terminal Foreground hands over.
	TTY *os.File
	// Untraced makes Wait return also when a stage is stopped; see
	// Running.Stopped and Running.Continue.
	Untraced bool
	// Grace is how long a cancelled pipeline has between SIGTERM and
	// SIGKILL; 0 means 1s.
	Grace time.Duration
}

// Result is what a pipeline did, stage by stage.
type Result struct {
	Stages []StageResult
	// Status is the last stage's status.
	Status int
}

// StageResult is what one stage did.
type StageResult struct {
	Argv []string
	// Pid is 0 for in-process stages (and for stages whose start failed).
	Pid int
	// Status is the exit code, 128+N for a signal N, the return value of
	// Func or StartErr; -1 while the stage runs (in a snapshot Wait
	// returns for a stopped pipeline).
	Status int
	// Signal is the signal that killed (or, when Stopped, stopped) the
	// stage; 0 otherwise.
	Signal syscall.Signal
	// Stopped is true in a snapshot when the stage is stopped.
	Stopped bool
	// Err is the error the stage failed to start with, if any; its
	// status then came from StartErr.
	Err        error
	Start, End time.Time
	Wall       time.Duration
	User, Sys  time.Duration
	// MaxRSS is the peak resident set size in bytes of the stage's
	// process, or of a child it reaped if that was larger (the kernel's
	// ru_maxrss), when it is known; -1 when the figure the kernel gives
	// cannot be told from this process's own peak, which a child
	// inherits at its execve (see selfMaxRSS): a stage smaller than the
	// program that started it reports -1. 0 for an in-process stage.
	MaxRSS int64
	// ReadBytes and WriteBytes are rchar and wchar of /proc/PID/io, with
	// Plan.Stats; -1 when unknown. Like MaxRSS they count the children
	// the stage waited for too (the kernel adds a reaped child's counts
	// to its parent's): a `sh -c 'head -c N | sha256sum'` stage shows
	// its children's reads and writes. Once they are added the stage's
	// own figure is gone; the per-thread counts that remain
	// (/proc/PID/task/TID/io) leave out threads that have exited, so
	// there is no exact own figure to give for every stage.
	ReadBytes, WriteBytes int64
	fn                    bool
}

// Func reports whether the stage ran in-process.
func (s StageResult) Func() bool { return s.fn }

// Run starts the plan and waits for it.
func Run(ctx context.Context, p *Plan) (*Result, error) {
	r, err := start(ctx, p, true)
	if err != nil {
		return nil, err
	}
	if r.inline != nil {
		r.reap(r.inline)
	}
	return r.Wait()
}

// StartError is a failure of the plumbing: the stage (or the link to its
// right) that hit it, and the system call's error.
type StartError struct {
	Stage int    // index in Plan.Stages; -1 for the plan as a whole
	Name  string // Argv[0] of that stage
	Link  bool   // the error hit Links[Stage], not the stage itself
	Err   error  // usually an *os.SyscallError or *os.PathError
}

func (e *StartError) Error() string {
	if e.Stage < 0 {
		return "exec: " + e.Err.Error()
	}
	where := fmt.Sprintf("stage %d (%s)", e.Stage, e.Name)
	if e.Link {
		where += fmt.Sprintf(": link to stage %d", e.Stage+1)
	}
	return where + ": " + e.Err.Error()
}

func (e *StartError) Unwrap() error { return e.Err }

// errBadFd is the error of a Redir DupFrom that names a closed descriptor.
func errBadFd(fd int) error {
	return &os.PathError{Op: "dup", Path: fmt.Sprint(fd), Err: syscall.EBADF}
}

// errBetweenBidi is validate's error for a stage with a two-way link on
// each side: both would be its fds 0 and 1.
var errBetweenBidi = errors.New("between two two-way links")

// validate checks the shape of the plan; it touches no descriptor.
func (p *Plan) validate() error {
	if len(p.Stages) == 0 {
		return errors.New("plan has no stages")
	}
	if len(p.Links) != len(p.Stages)-1 {
		return fmt.Errorf("plan has %d stages and %d links", len(p.Stages), len(p.Links))
	}
	for i, s := range p.Stages {
		if s == nil {
			return fmt.Errorf("stage %d is nil", i)
		}
		if s.Func == nil && s.Path == "" && len(s.Argv) == 0 {
			return fmt.Errorf("stage %d has neither Func, Path nor Argv", i)
		}
		for _, rd := range s.Redirs {
			if rd.Fd < 0 || (rd.File == nil && !rd.Close && rd.DupFrom < 0) {
				return fmt.Errorf("stage %d (%s): bad redirection of fd %d", i, name(s), rd.Fd)
			}
		}
	}
	for i, l := range p.Links {
		switch {
		case l.Kind != Pipe && l.Kind != Unix && l.Kind != TCP:
			return fmt.Errorf("link %d: unknown kind %v", i, l.Kind)
		case l.Bidi && l.Kind == Pipe:
			return fmt.Errorf("link %d: a pipe cannot be bidirectional", i)
		case l.Bidi && i > 0 && p.Links[i-1].Bidi:
			// A StartError naming the stage, so that the shell can
			// count it from 1 as it counts every other stage.
			return &StartError{Stage: i, Name: name(p.Stages[i]), Err: errBetweenBidi}
		}
	}
	return nil
}

func name(s *Stage) string {
	if len(s.Argv) > 0 {
		return s.Argv[0]
	}
	return s.Path
}
