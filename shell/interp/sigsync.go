package interp

import (
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
)

// Signals a command sent before it ended.
//
// `sh -c "kill -USR1 $$"; echo after` must run the USR1 trap before
// `echo after`, as sh does: the signal reached the shell before the
// command ended. The kernel did deliver it in time, to the runtime's
// handler, but the runtime passes it on to trapCh from a goroutine of its
// own, which a loaded machine may not run before the shell's goroutine
// has reaped the command and gone on (the trap then ran a command late,
// or not at all when the script ended first).
//
// The command's signal is pending in the kernel, or taken by a thread
// whose handler has not yet passed it to the runtime's queue, or in that
// queue. After a foreground command, a shell with signal traps reads
// trapCh up to a marker of its own, markerSig, in three steps:
//
//  1. It sends itself a marker and reads up to it. The kernel hands a
//     process's pending standard signals out lowest number first, so by
//     the time the marker was taken, a lower-numbered signal sent before
//     it had been taken too (perhaps by another thread, still in its
//     handler).
//  2. settleHandlers: every handler under way has passed its signal on.
//  3. A second marker, read up to as in 1: the runtime hands signals on
//     in batches, each in ascending order of number, so everything it
//     had queued reaches trapCh before this marker.
//
// The signals read on the way go back into trapCh for runTraps. Without
// cgo settleHandlers is a barrier; with it (ENOTSUP) step 2 is nothing
// and the sync is best effort. So is it for trapped signals above
// markerSig (SIGIO, SIGPWR, SIGSYS, the real-time ones), which the kernel
// hands out after the marker: a third marker round makes them likely,
// not certain, to come first.
//
// markerSig is SIGWINCH: its default action is to ignore it, so one from
// outside (the terminal was resized) that merges with a marker (standard
// signals do not queue) loses nothing, and one read as a late marker is
// dropped as the default action would. Markers are in use while some
// signal is trapped and SIGWINCH is neither trapped nor ignored.
const markerSig = syscall.SIGWINCH

// markers is what syncSignals needs of the trap set, published by
// trapsChanged: 0 when markers are not in use, else how many marker
// rounds follow the barrier (two when a trapped signal is above
// markerSig).
var markers struct {
	rounds atomic.Int32
}

// useMarkers starts or stops catching markerSig, after trapsChanged set
// the dispositions for the traps (catch: the caught signals). The caller
// holds trapState.
func (s *Shell) useMarkers(catch []os.Signal) {
	rounds := int32(0)
	if len(catch) > 0 && !s.hasTrap(markerSig) && !trapState.ignored[markerSig] && !trapState.entryIgnored[markerSig] {
		rounds = 1
		for _, sig := range catch {
			if sig.(syscall.Signal) > markerSig {
				rounds = 2
			}
		}
		signal.Notify(trapCh, markerSig)
	}
	markers.rounds.Store(rounds)
}

// syncSignals reads trapCh up to a marker (see above), after a
// foreground command.
func (s *Shell) syncSignals() {
	rounds := markers.rounds.Load()
	if s.sigCh == nil || rounds == 0 {
		return
	}
	var other []os.Signal
	defer func() { requeue(s.sigCh, other...) }()
	// A marker comes back in microseconds; the bound is for a runtime
	// that never passes it on, which would be a bug.
	deadline := time.NewTimer(5 * time.Second)
	defer deadline.Stop()
	if !s.markerRound(&other, deadline.C) {
		return
	}
	settleHandlers()
	for ; rounds > 0; rounds-- {
		if !s.markerRound(&other, deadline.C) {
			return
		}
	}
}

// markerRound sends one marker and reads sigCh up to it, keeping the
// other signals in *other; false when it could not.
func (s *Shell) markerRound(other *[]os.Signal, deadline <-chan time.Time) bool {
	if syscall.Kill(os.Getpid(), markerSig) != nil {
		return false
	}
	for {
		select {
		case got := <-s.sigCh:
			if got == markerSig {
				return true
			}
			*other = append(*other, got)
		case <-deadline:
			return false
		}
	}
}

// isMarker reports whether runTraps's sig is markerSig while markers are
// in use: a late marker, or one from outside, dropped either way, as its
// default action would.
func isMarker(sig syscall.Signal) bool {
	return sig == markerSig && markers.rounds.Load() > 0
}
