package interp

import (
	"os"
	"runtime"
	"strconv"
	"strings"
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
// for each write system call alone. When the write fails with EPIPE, or
// writes part of the text before the reader goes away (the kernel then
// signals too, and returns the count), the SIGPIPE it raised is pending
// on this thread; the thread's own pending set, which the kernel shows
// in /proc/thread-self/status apart from the process's, says so. Then
// rt_sigtimedwait, which takes a thread's own pending signals before
// the process's, removes exactly that one before the mask is put back. The stage sees EPIPE and ends as
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
// waits for room, with no thread held meanwhile), so it returns only
// when all of text is written or a write failed.
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
	err = rc.Write(func(fd uintptr) bool {
		for len(b) > 0 {
			n, e := writeNoSIGPIPE(int(fd), b)
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
	if werr != nil {
		return &os.PathError{Op: "write", Path: f.Name(), Err: werr}
	}
	return err
}

// writeNoSIGPIPE is one write(2) with SIGPIPE blocked on this thread; the
// SIGPIPE of an EPIPE is taken off the thread before the mask is put
// back (see above).
func writeNoSIGPIPE(fd int, b []byte) (int, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var set, old unix.Sigset_t
	sigaddset(&set, unix.SIGPIPE)
	if err := unix.PthreadSigmask(unix.SIG_BLOCK, &set, &old); err != nil {
		return 0, err
	}
	n, err := unix.Write(fd, b)
	// A write that fails with EPIPE raised SIGPIPE; so did one that
	// wrote part of b before the reader went away (the kernel signals
	// and returns the count), and so may one that wrote part of b on a
	// non-blocking pipe as the reader left. Whether this thread has one
	// pending is read from the kernel, not guessed.
	if (err == unix.EPIPE || err == nil && n < len(b)) && raisesSIGPIPE(fd) && pendingOnThread(unix.SIGPIPE, err == unix.EPIPE) {
		takePendingSIGPIPE(&set)
	}
	unix.PthreadSigmask(unix.SIG_SETMASK, &old, nil)
	return n, err
}

// pendingOnThread reports whether sig is pending on the calling thread
// itself (the SigPnd line of /proc/thread-self/status: the thread's own
// queue, without the process's), or guess when /proc can't be read.
func pendingOnThread(sig syscall.Signal, guess bool) bool {
	fd, err := unix.Open("/proc/thread-self/status", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return guess
	}
	defer unix.Close(fd)
	var buf [4096]byte
	n, _ := unix.Read(fd, buf[:])
	text := string(buf[:max(n, 0)])
	i := strings.Index(text, "\nSigPnd:\t")
	if i < 0 {
		return guess
	}
	line := text[i+len("\nSigPnd:\t"):]
	if j := strings.IndexByte(line, '\n'); j >= 0 {
		line = line[:j]
	}
	mask, err := strconv.ParseUint(line, 16, 64)
	if err != nil {
		return guess
	}
	return mask&(1<<(uint(sig)-1)) != 0
}

// raisesSIGPIPE reports whether an EPIPE from a write to fd came with a
// SIGPIPE: a pipe's always does, a stream socket's does unless
// MSG_NOSIGNAL was given (write(2) cannot give it). Only then is a
// SIGPIPE surely pending on this thread; otherwise rt_sigtimedwait
// could take a process-directed one meant for the trap.
func raisesSIGPIPE(fd int) bool {
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil {
		return false
	}
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFIFO:
		return true
	case unix.S_IFSOCK:
		typ, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_TYPE)
		return err == nil && typ == unix.SOCK_STREAM
	}
	return false
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
