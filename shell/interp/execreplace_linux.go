package interp

import (
	"runtime"
	"slices"
	"strings"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/plumbsh/plumb/exec"
)

// replaceProcess is `exec cmd args…` in the plumb command's own top-level
// shell: the process becomes cmd, keeping its pid, as in sh. Wrapper
// scripts that end in `exec "$@"` rely on it: the supervisor that started
// the script (systemd, a container runtime, a test harness) signals and
// waits for that pid. Anywhere else — a subshell, a pipeline stage, a Go
// program embedding plumb — the command runs as a child and the shell
// exits with its status, since replacing the process would end the
// program around it.
//
// who begins its messages ("exec: " for the builtin).
//
// It returns only when the exec did not happen, with the status to exit
// (or, at the prompt, go on) with; the shell is then as it was. A file
// the kernel cannot run (ENOEXEC: no #! line) runs as a script instead,
// as it does outside exec: ran is then true and status is the script's.
func (s *Shell) replaceProcess(argv []string, who string) (handled bool, status int, ran bool) {
	if !s.ownsSignals || s.subshell || s.pgid != 0 {
		return false, 0, false
	}
	path, st := s.lookPath(argv[0])
	if st != 0 {
		s.errorf("%s%s", who, commandError(argv[0], st))
		return true, st, false
	}
	env := s.environ()
	x, err := newExecImage(path, argv, env)
	if err != nil {
		s.errorf("%s%s: %s", who, argv[0], errText(err))
		return true, 126, false
	}
	x.table = make([]int, max(len(s.files), 3))
	for i := range x.table {
		x.table[i] = -1
		if f := s.file(i); f != nil {
			// Fd puts the file in blocking mode, as the new program
			// expects it; the shell's *os.File copes if it comes back.
			x.table[i] = int(f.Fd())
		}
	}
	x.inherited = exec.InheritedFDs()
	x.dir, x.umask = s.dir, s.umask
	x.limits = s.changedLimits()
	if !slices.ContainsFunc(x.limits, func(l rlimitSetting) bool { return l.resource == unix.RLIMIT_NOFILE }) {
		// The runtime raised the soft limit at start and puts it back
		// in syscall.Exec; the raw execve here must do it itself.
		if lim, err := inheritedLimit(unix.RLIMIT_NOFILE); err == nil {
			x.limits = append(x.limits, rlimitSetting{unix.RLIMIT_NOFILE, lim})
		}
	}
	if s.interactive {
		// The new program cannot know the stopped jobs, which would
		// stay stopped for as long as it runs: they are hung up, as on
		// exit (bash terminates them on exec too).
		s.hangUpJobs()
	}
	undoSignals := s.defaultsForExec()
	onDisposableThread(x.run)
	undoSignals()              // still here: the exec failed
	runtime.KeepAlive(s.files) // their descriptors are x.table's
	switch {
	case x.noUnshare:
		// A seccomp profile (a container's default one) may refuse
		// unshare; the process cannot then be replaced safely, so the
		// command runs as a child, as it does in a subshell, and the
		// shell exits with its status.
		return false, 0, false
	case x.limitFailed >= 0:
		s.errorf("%s%s: %v", who, argv[0], limitError(x.limits[x.limitFailed], x.err))
		return true, 126, false
	case x.err == syscall.ENOEXEC:
		sub := s.clone()
		arg0 := argv[0]
		if !strings.Contains(arg0, "/") {
			arg0 = path // found in PATH: $0 is where, as in sh
		}
		return true, sub.runScriptFile(path, arg0, argv[1:]), true
	}
	s.errorf("%s%s: %s", who, argv[0], errText(x.err))
	if x.err == syscall.ENOENT {
		return true, 127, false
	}
	return true, 126, false
}

// execImage is everything execve needs, made before the descriptors are
// touched, so that what runs between the first dup3 and execve is system
// calls only (see run).
type execImage struct {
	path, argv, envv unsafe.Pointer // NUL-terminated, as execve takes them
	keep             [][]*byte      // keeps argv's and envv's arrays alive

	table     []int // table[i]: the descriptor that becomes fd i; -1: closed
	inherited []int // descriptors without close-on-exec (exec.InheritedFDs)
	dir       string
	umask     int
	limits    []rlimitSetting

	// Scratch for run, allocated here: run must not allocate.
	tmp, saved, savedFlags []int
	oldLimits              []unix.Rlimit

	err         syscall.Errno // why execve (or a limit, or a dup) failed
	limitFailed int           // index in limits of the limit that failed; -1
	noUnshare   bool          // unshare was refused: nothing was done
}

// unshare is unix.Unshare; a test of the fallback refuses it.
var unshare = unix.Unshare

func newExecImage(path string, argv, env []string) (*execImage, error) {
	p, err := syscall.BytePtrFromString(path)
	if err != nil {
		return nil, err
	}
	a, err := syscall.SlicePtrFromStrings(argv)
	if err != nil {
		return nil, err
	}
	e, err := syscall.SlicePtrFromStrings(env)
	if err != nil {
		return nil, err
	}
	return &execImage{
		path: unsafe.Pointer(p), argv: unsafe.Pointer(&a[0]), envv: unsafe.Pointer(&e[0]),
		keep: [][]*byte{a, e}, limitFailed: -1,
	}, nil
}

// onDisposableThread runs f on an OS thread of its own that ends with f
// (the goroutine returns still locked to it, so the runtime ends the
// thread rather than reuse it): f may leave the thread in a state no
// other goroutine may see. The process's main thread cannot be that
// thread, since the runtime parks it forever instead of ending it; when
// the goroutine lands there it keeps it and runs f on another.
func onDisposableThread(f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread()
		if unix.Gettid() == unix.Getpid() {
			defer runtime.UnlockOSThread()
			onDisposableThread(f)
			return
		}
		f()
	}()
	<-done
}

// run is the exec, on a disposable thread (onDisposableThread).
//
// Why a thread of its own: fds 0…n of the new program must be the
// shell's table, so the process's fds 0…n must be overwritten, and some
// of them are the Go runtime's: its epoll instance, its wake-up eventfd,
// the cgroup files it reads to size GOMAXPROCS, all opened at start
// where `exec 6>&1` or `exec 7>log` may want those numbers. Overwriting
// them in the process's shared table kills the runtime ("netpoll
// failed") as soon as another thread polls, and a failed exec could not
// give them back. unshare(CLONE_FILES) gives this thread its own copy of
// the table, and unshare(CLONE_FS) its own cwd and umask: the dup3s,
// chdir and umask below reach only this thread, and execve hands this
// thread's table to the new program, which is exactly the shell's table.
// Every other thread, the runtime's pollers among them, keeps the shared
// table untouched, and when execve fails the thread simply ends.
//
// Between the first dup3 and execve this thread's own runtime may still
// touch its copy of the runtime's descriptors (a preemption that hands
// off its P can write the wake-up eventfd), so that stretch is raw
// system calls on memory allocated before, and on failure the copies are
// put back before any Go code runs again.
func (x *execImage) run() {
	if err := unshare(unix.CLONE_FILES | unix.CLONE_FS); err != nil {
		x.noUnshare = true
		return
	}
	unix.Chdir(x.dir) // gone: the new program starts where plumb did, as a child would fail to
	unix.Umask(x.umask)
	n := len(x.table)
	x.tmp = make([]int, n)
	x.saved = make([]int, n)
	x.savedFlags = make([]int, n)
	x.oldLimits = make([]unix.Rlimit, len(x.limits))
	x.window()
}

// window is run's stretch of raw system calls; see run.

func (x *execImage) window() {
	n := len(x.table)
	for i := range x.table {
		x.tmp[i], x.saved[i] = -1, -1
	}
	// Copy every entry above the table first, so that placing one
	// cannot clobber another's source, and keep what holds each slot
	// now (a runtime descriptor, say) to put back on failure.
	for i, fd := range x.table {
		if fd >= 0 {
			if x.tmp[i], x.err = rawFcntl(fd, unix.F_DUPFD_CLOEXEC, n); x.err != 0 {
				x.undo()
				return
			}
		}
		if flags, errno := rawFcntl(i, unix.F_GETFD, 0); errno == 0 {
			x.savedFlags[i] = flags
			if x.saved[i], x.err = rawFcntl(i, unix.F_DUPFD_CLOEXEC, n); x.err != 0 {
				x.undo()
				return
			}
		}
	}
	for i := range x.table {
		if x.tmp[i] >= 0 {
			rawDup3(x.tmp[i], i, 0) // without close-on-exec: the program's fd i
		} else if x.saved[i] >= 0 {
			rawFcntl(i, unix.F_SETFD, unix.FD_CLOEXEC) // not in the table: closed by execve
		}
	}
	for _, fd := range x.inherited {
		if fd >= n {
			rawFcntl(fd, unix.F_SETFD, unix.FD_CLOEXEC)
		}
	}
	// The limits come last, as in the trampoline, and through raw
	// prlimit: the syscall package's setrlimit would also forget the
	// soft RLIMIT_NOFILE the runtime found at start, which the shell's
	// later children must get back if this exec fails.
	for i := range x.limits {
		if x.err = rawPrlimit(x.limits[i].resource, &x.limits[i].limit, &x.oldLimits[i]); x.err != 0 {
			x.limitFailed = i
			x.restoreLimits(i)
			x.restoreTable()
			return
		}
	}
	_, _, x.err = syscall.RawSyscall(unix.SYS_EXECVE, uintptr(x.path), uintptr(x.argv), uintptr(x.envv))
	x.restoreLimits(len(x.limits))
	x.restoreTable()
}

// restoreLimits puts back the first k limits window set.

func (x *execImage) restoreLimits(k int) {
	for i := k - 1; i >= 0; i-- {
		rawPrlimit(x.limits[i].resource, &x.oldLimits[i], nil)
	}
}

// restoreTable puts back what held each slot before window, and closes
// window's copies.

func (x *execImage) restoreTable() {
	for i := range x.table {
		switch {
		case x.saved[i] >= 0:
			flags := 0
			if x.savedFlags[i]&unix.FD_CLOEXEC != 0 {
				flags = unix.O_CLOEXEC
			}
			rawDup3(x.saved[i], i, flags)
		case x.tmp[i] >= 0:
			rawClose(i) // was closed before
		}
	}
	x.undo()
}

// undo closes window's copies.

func (x *execImage) undo() {
	for i := range x.table {
		if x.tmp[i] >= 0 {
			rawClose(x.tmp[i])
		}
		if x.saved[i] >= 0 {
			rawClose(x.saved[i])
		}
	}
}

func rawFcntl(fd, cmd, arg int) (int, syscall.Errno) {
	r, _, e := syscall.RawSyscall(unix.SYS_FCNTL, uintptr(fd), uintptr(cmd), uintptr(arg))
	return int(r), e
}

func rawDup3(from, to, flags int) {
	syscall.RawSyscall(unix.SYS_DUP3, uintptr(from), uintptr(to), uintptr(flags))
}

func rawClose(fd int) {
	syscall.RawSyscall(unix.SYS_CLOSE, uintptr(fd), 0, 0)
}

func rawPrlimit(resource int, lim, old *unix.Rlimit) syscall.Errno {
	_, _, e := syscall.RawSyscall6(unix.SYS_PRLIMIT64, 0, uintptr(resource), uintptr(unsafe.Pointer(lim)), uintptr(unsafe.Pointer(old)), 0, 0)
	return e
}
