package interp

import (
	"os"
	"os/signal"
	"sync"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Default actions for the signals Go's runtime would swallow.
//
// Go's runtime installs its handler for every signal at start-up and,
// for one nobody asked for with signal.Notify, ignores SIGUSR1, SIGALRM,
// the real-time signals and others (see dieSignals) that end sh. A script
// shell must die of them. Catching all of them with signal.Notify and
// re-raising costs one round trip between two OS threads per signal inside
// the runtime (sigenable hands each one to the thread that owns the
// signal mask): for the 41 dieSignals that was 1.3 ms of a 2.9 ms
// `plumb -c true`, about as much as bash's whole start-up.
//
// So the kernel's own default action is put back directly, with one
// rt_sigaction(SIG_DFL) per signal (microseconds in all), and the
// runtime's handler, saved on the way, is put back when a trap wants to
// catch the signal (restoreGoHandler, before signal.Notify). The runtime
// still believes its handler is installed, which is harmless: a signal
// with SIG_DFL never reaches it, and signal.Notify only installs a
// handler it thinks is missing. A child inherits SIG_DFL, as from sh.

// rawSigaction is large enough for the kernel's struct sigaction on every
// Linux architecture; all zero is SIG_DFL with no flags and an empty mask.
type rawSigaction [64]byte

// nsig bounds the signal numbers (1 to 64 on Linux) that index
// rawDefaults.
const nsig = 65

// rawDefaults is kept in fixed arrays indexed by signal number, not in
// maps: a script shell fills it at start-up for the 41 dieSignals, and 41
// map inserts and 41 small allocations were most of that start-up step's
// cost (its page faults); the arrays are static data, 4 KiB.
var rawDefaults struct {
	sync.Mutex
	saved    [nsig]rawSigaction // the runtime's action, before SIG_DFL; valid where hasSaved
	hasSaved [nsig]bool
	dfl      [nsig]bool // SIG_DFL set by setKernelDefault
	enabled  bool       // a script shell asked for it
}

func rtSigaction(sig syscall.Signal, act, old *rawSigaction) error {
	_, _, e := unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(sig),
		uintptr(unsafe.Pointer(act)), uintptr(unsafe.Pointer(old)), 8, 0, 0)
	if e != 0 {
		return e
	}
	return nil
}

// setKernelDefault gives each of sigs the kernel's default action,
// saving the runtime's handler the first time. It returns how many of
// sigs it changed, which it moves to the front of sigs (restoreGoHandler
// of that prefix undoes the call).
func setKernelDefault(sigs []syscall.Signal) int {
	rawDefaults.Lock()
	defer rawDefaults.Unlock()
	var zero rawSigaction
	n := 0
	for _, sig := range sigs {
		if sig <= 0 || sig >= nsig || rawDefaults.dfl[sig] {
			continue
		}
		if rawDefaults.hasSaved[sig] {
			if rtSigaction(sig, &zero, nil) != nil {
				continue
			}
		} else if rtSigaction(sig, &zero, &rawDefaults.saved[sig]) == nil {
			rawDefaults.hasSaved[sig] = true
		} else {
			continue
		}
		rawDefaults.dfl[sig] = true
		sigs[n] = sig
		n++
	}
	return n
}

// Signals and execve.
//
// A signal the runtime's handler answers is handled on whichever thread
// the kernel picks, and when the handler decides to die (SIGTERM, SIGHUP,
// SIGINT without a trap) it re-raises the signal on its own thread. If
// another thread is in execve meanwhile, execve ends every other thread
// first: the signal, already taken from the process's pending set, dies
// with the handler's thread and the new program never sees it. So the
// supervisor's SIGTERM to a script's group, arriving as plumb hands its
// process to a command (`exec`, a one-command script, the trampoline),
// was lost now and then, leaving the command running (seen 3 times in
// 1,000 under load). With the kernel's default action set before
// execve, no handler runs for a signal that arrives later: the kernel
// ends the process, whatever its threads are doing, as it ends sh. A
// handler that took one just before is waited for (settleHandlers).

// execDeathSignals are the signals a shell without traps dies of that
// the runtime's handler would answer (dieSignals already have the
// kernel's default in a script; setKernelDefault skips them).
var execDeathSignals = [...]syscall.Signal{unix.SIGHUP, unix.SIGINT, unix.SIGTERM}

// defaultsForExec gives, just before the shell's own process becomes a
// command, the kernel's default action to every signal the shell would
// die of: those of execDeathSignals and dieSignals with no trap and not
// ignored. undo puts the runtime's handlers back, for when execve failed
// and the shell goes on. Only a script shell dies of them; an
// interactive one catches them and the command gets the defaults from
// execve anyway.
func (s *Shell) defaultsForExec() (undo func()) {
	if !s.ownsSignals || s.interactive {
		return func() {}
	}
	var buf [len(execDeathSignals) + len(dieSignals)]syscall.Signal
	sigs := buf[:0]
	for _, list := range [][]syscall.Signal{execDeathSignals[:], dieSignals[:]} {
		for _, sig := range list {
			if !s.hasTrap(sig) && !signal.Ignored(sig) {
				sigs = append(sigs, sig)
			}
		}
	}
	n := setKernelDefault(sigs)
	settleHandlers()
	return func() { restoreGoHandler(sigs[:n]) }
}

// settleHandlers returns once no thread of the process is inside a
// signal handler that started before the call. A handler that is
// answering a deadly signal re-raises it with the kernel's default
// action now set, so the process ends before execve can lose the signal.
// The barrier is AllThreadsSyscall: the runtime makes every thread run
// a harmless system call (getpid) from a signal of its own, which a
// thread takes only after leaving the handler it is in (the runtime's
// handlers block every signal while they run). It costs 20–120 µs. A
// program that uses cgo does not have it (ENOTSUP): `go run` and `go
// build` with a C compiler at hand link cgo (net and os/user do), so
// the binary to install is built with CGO_ENABLED=0 (README), which the
// tests build too. Watching the threads' signal masks instead was tried:
// a thread being created blocks every signal as a handler does, so it
// waited on every start-up and doubled the time of `plumb -c /bin/true`.
func settleHandlers() {
	syscall.AllThreadsSyscall(syscall.SYS_GETPID, 0, 0, 0)
}

// trampolineSignals is the trampoline's first act (see execDeathSignals
// for why): every signal the program it runs must die of gets the
// kernel's default action, every one in ignore SIG_IGN, before the
// runtime's handler can take one from the program on its way to
// execve. A signal the runtime left ignored at start (SIGHUP and SIGINT,
// under nohup or in a background job) stays ignored.
func trampolineSignals(ignore []syscall.Signal) {
	var dfl, ign rawSigaction
	*(*uintptr)(unsafe.Pointer(&ign[0])) = 1 // SIG_IGN: sa_handler comes first
	for _, list := range [][]syscall.Signal{execDeathSignals[:], dieSignals[:]} {
		for _, sig := range list {
			if !signal.Ignored(sig) {
				rtSigaction(sig, &dfl, nil)
			}
		}
	}
	for _, sig := range ignore {
		rtSigaction(sig, &ign, nil)
	}
	settleHandlers()
}

// restoreGoHandler puts the runtime's handler back on each of sigs that
// setKernelDefault gave the default action, so that signal.Notify (a
// trap) or signal.Ignore works on it again.
func restoreGoHandler(sigs []syscall.Signal) {
	rawDefaults.Lock()
	defer rawDefaults.Unlock()
	for _, sig := range sigs {
		if sig <= 0 || sig >= nsig || !rawDefaults.dfl[sig] {
			continue
		}
		if rtSigaction(sig, &rawDefaults.saved[sig], nil) == nil {
			rawDefaults.dfl[sig] = false
		}
	}
}

// applyDieDefaults, after trapsChanged, gives every dieSignal without a
// trap (and not ignored, now or at entry) the kernel's default action
// again, once a script shell has asked for it (initScriptSignals).
// The caller holds trapState.
func (s *Shell) applyDieDefaults(ignore map[syscall.Signal]bool) {
	rawDefaults.Lock()
	enabled := rawDefaults.enabled
	rawDefaults.Unlock()
	if !enabled {
		return
	}
	var buf [len(dieSignals)]syscall.Signal
	dfl := buf[:0]
	for _, sig := range dieSignals {
		if ignore[sig] || trapState.entryIgnored[sig] {
			continue
		}
		if len(s.traps) > 0 && s.hasTrap(sig) {
			continue
		}
		dfl = append(dfl, sig)
	}
	setKernelDefault(dfl)
}

// enableKernelDefaults makes applyDieDefaults act: called once a script
// shell takes sh's default actions (initScriptSignals).
func enableKernelDefaults() {
	rawDefaults.Lock()
	rawDefaults.enabled = true
	rawDefaults.Unlock()
}

// trapSignals is every signal trapsChanged catches or ignores.
func trapSignals(catch []os.Signal, ignore map[syscall.Signal]bool) []syscall.Signal {
	var out []syscall.Signal
	for _, s := range catch {
		out = append(out, s.(syscall.Signal))
	}
	for s := range ignore {
		out = append(out, s)
	}
	return out
}

// hasTrap reports whether sig has a trap, ignoring ones included.
func (s *Shell) hasTrap(sig syscall.Signal) bool {
	_, ok := s.traps[sigName(sig)]
	return ok
}
