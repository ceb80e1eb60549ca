package interp

import (
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Signal traps.
//
// Only the process's top-level shell (cmd/plumb: ownsSignals) touches
// signal dispositions; a subshell, a pipeline stage or an embedder's
// shell keeps its traps as text only. A trapped signal is caught with
// signal.Notify, never with signal.Ignore, so that children still start
// with the default action (a caught signal is reset at execve, an ignored
// one stays ignored, golang/go#20479); only `trap "" SIG` ignores, and
// there POSIX wants children to inherit the ignoring.
//
// The handler runs between commands, as in sh: a signal that arrives
// while a foreground command runs is handled when that command ends, and
// one that arrives during `wait` ends the wait with 128+N first. One
// that arrives while `read` waits for input is handled at once, and read
// goes on waiting, as in bash (scriptinput.go). Only the shell's own
// goroutine runs handlers: caught signals queue up in trapCh (a
// subshell's copy has no sigCh, so it never drains them).
//
// Go's runtime catches every signal and, for those nobody asked for,
// ignores some that sh would die of (SIGUSR1, SIGALRM, …) and dumps
// goroutines on SIGQUIT. initScriptSignals gives a script plumb sh's
// default actions for those: it catches them and dies by them.

// trapCh receives the signals that have a trap; the top-level shell's
// sigCh points at it. There is one per process, as there are one set of
// dispositions.
var trapCh = make(chan os.Signal, 64)

// trapState is what the process's dispositions are, for trapsChanged.
var trapState struct {
	sync.Mutex
	entryIgnored map[syscall.Signal]bool // ignored when plumb started: not trappable (POSIX)
	ignored      map[syscall.Signal]bool // ignored by `trap ""`
	// childOnly holds the signals `trap ""` ignores for the commands
	// the shell starts but never in this process: SIGCHLD. An ignored
	// SIGCHLD makes the kernel reap every child itself (POSIX's
	// SA_NOCLDWAIT behaviour), and every wait of the shell would then
	// fail with ECHILD. Commands get it ignored through the trampoline
	// (throughTrampoline), as from sh.
	childOnly map[syscall.Signal]bool
}

// ignoredForChildrenOnly reports whether `trap "" SIG` must leave sig's
// disposition in this process alone and ignore it in commands only.
func ignoredForChildrenOnly(sig syscall.Signal) bool {
	return sig == syscall.SIGCHLD
}

// trapsChanged makes the process's signal handling match s.traps.
func (s *Shell) trapsChanged() {
	if s.subshell || !s.ownsSignals {
		return
	}
	trapState.Lock()
	defer trapState.Unlock()
	s.recordEntryIgnored()
	signal.Stop(trapCh)
	ignore := map[syscall.Signal]bool{}
	childOnly := map[syscall.Signal]bool{}
	var catch []os.Signal
	for name, action := range s.traps {
		sig, ok := signalByName(name)
		if !ok || name == "EXIT" {
			continue
		}
		switch {
		case action == "" && ignoredForChildrenOnly(sig):
			childOnly[sig] = true
		case action == "":
			ignore[sig] = true
		default:
			catch = append(catch, sig)
		}
	}
	// A signal given SIG_DFL directly (sigdefault_linux.go) gets the
	// runtime's handler back before Notify or Ignore touches it.
	restoreGoHandler(trapSignals(catch, ignore))
	reset := false
	for sig := range trapState.ignored {
		if !ignore[sig] {
			signal.Reset(sig)
			reset = true
		}
	}
	for sig := range ignore {
		signal.Ignore(sig)
	}
	trapState.ignored = ignore
	trapState.childOnly = childOnly
	trapNames = make(map[string]bool, len(s.traps))
	for k := range s.traps {
		trapNames[k] = true
	}
	if len(catch) > 0 {
		signal.Notify(trapCh, catch...)
		s.sigCh = trapCh
	}
	if reset {
		// Reset dropped every Notify for those signals: the
		// interactive prompt's and the script's default actions.
		reinstallInteractive()
	}
	s.applyDieDefaults(ignore)
	s.useMarkers(catch)
}

// recordEntryIgnored notes, once, which signals were ignored when plumb
// started (nohup, `trap "" HUP` in the parent shell): a non-interactive
// shell may not trap or reset those (POSIX), and bash says nothing.
func (s *Shell) recordEntryIgnored() {
	if trapState.entryIgnored != nil {
		return
	}
	trapState.entryIgnored = map[syscall.Signal]bool{}
	for n := 1; n < 65; n++ {
		if sig := syscall.Signal(n); signal.Ignored(sig) {
			trapState.entryIgnored[sig] = true
		}
	}
}

// trappable reports whether trap may change sig: not when a script
// started with it ignored.
func (s *Shell) trappable(sig syscall.Signal) bool {
	if s.interactive || !s.ownsSignals {
		return true
	}
	trapState.Lock()
	defer trapState.Unlock()
	s.recordEntryIgnored()
	return !trapState.entryIgnored[sig]
}

// runTraps runs the handlers of signals that arrived since the last call.
// While a handler runs, sigCh is nil, so a signal that arrives meanwhile
// waits for the next command instead of nesting handlers.
func (s *Shell) runTraps() error {
	ch := s.sigCh
	if ch == nil {
		return nil
	}
	for {
		select {
		case sig := <-ch:
			if isMarker(sig.(syscall.Signal)) {
				continue
			}
			action, ok := s.traps[sigName(sig.(syscall.Signal))]
			if !ok || action == "" {
				continue
			}
			saved, line := s.status, s.line
			s.sigCh = nil
			// A signal's handler counts its lines from 1, as bash
			// runs it: $LINENO inside is not the interrupted line's.
			s.line = 0
			_, err := s.evalString(action, "trap")
			s.sigCh = ch
			s.line = line
			if err != nil {
				return err
			}
			s.status = saved
		default:
			return nil
		}
	}
}

// requeue puts a signal taken from sigCh back for runTraps.
func requeue(ch chan os.Signal, sigs ...os.Signal) {
	for _, sig := range sigs {
		select {
		case ch <- sig:
		default:
		}
	}
}

// trapped reports whether sig has a handler (an action that is not empty).
func (s *Shell) trapped(sig syscall.Signal) bool {
	action, ok := s.traps[sigName(sig)]
	return ok && action != ""
}

// afterSelfKill is called when kill sent sig to a group or process that
// includes this shell. The kernel delivers it at once, but Go hands it to
// trapCh from another thread: wait for it there, so that the handler runs
// before the next command, as in sh. An untrapped signal whose default
// ends the process ends it here, before the next command can run.
func (s *Shell) afterSelfKill(sig syscall.Signal) {
	if !s.ownsSignals || s.subshell || sig == 0 {
		return
	}
	if s.trapped(sig) && s.sigCh != nil {
		var other []os.Signal
		deadline := time.After(2 * time.Second)
	wait:
		for {
			select {
			case got := <-s.sigCh:
				if got == sig {
					other = append(other, got)
					break wait
				}
				other = append(other, got)
			case <-deadline:
				break wait
			}
		}
		requeue(s.sigCh, other...)
		return
	}
	if _, ok := s.traps[sigName(sig)]; ok || signal.Ignored(sig) || !killsByDefault(sig) {
		return
	}
	// Dying: give the signal thread a moment to do it.
	time.Sleep(2 * time.Second)
}

// killsByDefault reports whether sig's default action ends a process.
func killsByDefault(sig syscall.Signal) bool {
	switch sig {
	case syscall.SIGCHLD, syscall.SIGCONT, syscall.SIGURG, syscall.SIGWINCH,
		syscall.SIGSTOP, syscall.SIGTSTP, syscall.SIGTTIN, syscall.SIGTTOU:
		return false
	}
	return true
}

// defaultSignals gives, in a script, the signals whose default action in
// sh ends the shell but that Go's runtime would ignore (or answer with a
// goroutine dump) the kernel's default action (sigdefault_linux.go), so
// the shell dies of each one the way sh would.
var defaultSignals struct {
	installed bool
}

// dieSignals are the signals defaultSignals handles: an array of
// constants, static data with no code at start-up. 34 to 64 are
// SIGRTMIN..SIGRTMAX (glibc keeps 32 and 33).
var dieSignals = [...]syscall.Signal{unix.SIGUSR1, unix.SIGUSR2, unix.SIGALRM, unix.SIGVTALRM,
	unix.SIGQUIT, unix.SIGIO, unix.SIGPWR, unix.SIGXCPU, unix.SIGXFSZ, unix.SIGSTKFLT,
	34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49,
	50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64}

// initScriptSignals gives a script shell sh's default actions for the
// signals Go would not die of (see defaultSignals). A trap on one of
// them gets the runtime's handler back first (trapsChanged).
func (s *Shell) initScriptSignals() {
	if !s.ownsSignals || s.interactive || defaultSignals.installed {
		return
	}
	trapState.Lock()
	defer trapState.Unlock()
	s.recordEntryIgnored()
	defaultSignals.installed = true
	// The kernel's SIG_DFL, set directly: signal.Notify would cost a
	// thread round trip per signal (sigdefault_linux.go).
	enableKernelDefaults()
	s.applyDieDefaults(trapState.ignored)
}

// trapNames is which traps are set (ignored ones too), published by
// trapsChanged under trapState.
var trapNames map[string]bool

func biTimes(s *Shell, args []string) (int, error) {
	var self, kids syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &kids)
	tv := func(t syscall.Timeval) string {
		d := time.Duration(t.Nano())
		return fmt.Sprintf("%dm%.3fs", int(d.Minutes()), d.Seconds()-float64(int(d.Minutes())*60))
	}
	s.print(1, fmt.Sprintf("%s %s\n%s %s\n", tv(self.Utime), tv(self.Stime), tv(kids.Utime), tv(kids.Stime)))
	return 0, nil
}
