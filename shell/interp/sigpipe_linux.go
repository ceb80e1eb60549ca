package interp

import (
	"os"
	"runtime"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Writes of in-process stages, and SIGPIPE.
//
// In sh every stage of a pipeline is a process of its own: a stage that
// writes to a pipe whose reader has gone dies of SIGPIPE (141 in
// PIPESTATUS), and the shell's PIPE trap runs only for a SIGPIPE sent to
// the shell. plumb runs builtins, functions and compound commands as
// stages inside its own process (and the bodies of $(…), <(…) and the
// writer of a large here-document), so the kernel's SIGPIPE for their
// writes is raised in the shell's process. Go does nothing with it until
// a trap asks for SIGPIPE with signal.Notify; from then on the runtime
// hands every one to the trap, and autoconf's `trap '…; exit 1' 13`
// ended configure as soon as `echo "$x" | grep -v ""` lost the race with
// grep's exit.
//
// Go cannot tell one SIGPIPE from another: the runtime drops the siginfo
// (si_code, si_pid) before signal.Notify sees the signal, and even the
// siginfo of a write's SIGPIPE reads as SI_USER from our own pid, the
// same as `kill -PIPE $$` from a builtin. Counting EPIPE errors against
// SIGPIPE deliveries does not work either: the runtime merges signals
// that arrive before its signal goroutine runs, so the counts drift.
//
// What does tell them apart is where the kernel puts them. The SIGPIPE
// of a write is thread-directed and synchronous: the kernel raises it on
// the writing thread, inside the write call, and a thread-directed
// signal that thread blocks stays pending on that thread only; it is
// never moved to another one. A SIGPIPE sent with kill(2) is
// process-directed: the kernel gives it to a thread that does not block
// it, where the runtime's handler passes it on to the trap. So
// writeStage blocks SIGPIPE on its thread (the goroutine locked to it)
// for the write alone; when the write fails with EPIPE, the SIGPIPE it
// raised is pending on this thread, and rt_sigtimedwait, which takes a
// thread's own pending signals before the process's, removes exactly
// that one before the mask is put back. The stage sees EPIPE and ends as
// if killed by SIGPIPE (writeFailed); a SIGPIPE from outside still runs
// the trap. No timing is involved: the outcome is the same on every run.
//
// The block lasts only for the write because a child inherits the
// signal mask of the thread that forks it: a stage thread that kept
// SIGPIPE blocked would start `yes` unable to die of SIGPIPE.
//
// The top-level shell's own writes do not go through writeStage: in sh
// the shell itself writing to a broken pipe gets SIGPIPE, and its trap
// runs (Shell.print).

// writeStage writes text to f, as a stage that runs in this process:
// a broken pipe is EPIPE, never a SIGPIPE to the shell (see above).
// Retried on EINTR and on a full non-blocking pipe (the runtime's poller
// waits for room), so it returns only when all of text is written or a
// write failed.
func writeStage(f *os.File, text string) error {
	if text == "" {
		return nil
	}
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	b := unsafe.Slice(unsafe.StringData(text), len(text))
	var werr error
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var set, old unix.Sigset_t
	sigaddset(&set, unix.SIGPIPE)
	if err := unix.PthreadSigmask(unix.SIG_BLOCK, &set, &old); err != nil {
		return err
	}
	err = rc.Write(func(fd uintptr) bool {
		for len(b) > 0 {
			n, e := unix.Write(int(fd), b)
			if n > 0 {
				b = b[n:]
			}
			switch e {
			case nil, unix.EINTR:
			case unix.EAGAIN:
				return false // wait until the pipe has room
			default:
				werr = e
				return true
			}
		}
		return true
	})
	if werr == unix.EPIPE && raisesSIGPIPE(rc) {
		takePendingSIGPIPE(&set)
	}
	unix.PthreadSigmask(unix.SIG_SETMASK, &old, nil)
	if werr != nil {
		return &os.PathError{Op: "write", Path: f.Name(), Err: werr}
	}
	return err
}

// raisesSIGPIPE reports whether an EPIPE from a write to this descriptor
// came with a SIGPIPE: a pipe's always does, a stream socket's does
// unless MSG_NOSIGNAL was given (write(2) cannot give it). Only then is
// a SIGPIPE surely pending on this thread; otherwise rt_sigtimedwait
// could take a process-directed one meant for the trap.
func raisesSIGPIPE(rc syscall.RawConn) bool {
	raises := false
	rc.Control(func(fd uintptr) {
		var st unix.Stat_t
		if unix.Fstat(int(fd), &st) != nil {
			return
		}
		switch st.Mode & unix.S_IFMT {
		case unix.S_IFIFO:
			raises = true
		case unix.S_IFSOCK:
			typ, err := unix.GetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_TYPE)
			raises = err == nil && typ == unix.SOCK_STREAM
		}
	})
	return raises
}

// takePendingSIGPIPE removes the SIGPIPE pending on this thread (set
// holds SIGPIPE alone, blocked on this thread) without waiting.
func takePendingSIGPIPE(set *unix.Sigset_t) {
	var zero unix.Timespec
	for {
		_, _, e := unix.Syscall6(unix.SYS_RT_SIGTIMEDWAIT, uintptr(unsafe.Pointer(set)), 0,
			uintptr(unsafe.Pointer(&zero)), 8, 0, 0) // the kernel's sigset: 64 bits
		if e != unix.EINTR {
			return
		}
	}
}

// sigaddset adds sig to set.
func sigaddset(set *unix.Sigset_t, sig syscall.Signal) {
	set.Val[(sig-1)/64] |= 1 << ((uint(sig) - 1) % 64)
}
