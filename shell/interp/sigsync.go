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
// So after a foreground command, a shell with signal traps sends itself
// a marker, markerSig, and reads trapCh up to it. The runtime hands
// signals on in batches, each in ascending order of number, so a signal
// it took before the marker was sent reaches trapCh before the marker if
// its number is lower; one with a higher number, in the same batch, comes
// right after the marker, and before a second marker, which is sent once
// the first is back and so falls in a later batch. The signals read on
// the way go back into trapCh for runTraps.
//
// markerSig is SIGWINCH: its default action is to ignore it, so one from
// outside (the terminal was resized) that merges with a marker (standard
// signals do not queue) loses nothing, and one read as a late marker is
// dropped as the default action would. Markers are in use while some
// signal is trapped and SIGWINCH is neither trapped nor ignored.
const markerSig = syscall.SIGWINCH

// markers is what syncSignals needs of the trap set, published by
// trapsChanged: whether markers are in use, and how many rounds the
// highest trapped signal needs (two above markerSig).
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
	for ; rounds > 0; rounds-- {
		if syscall.Kill(os.Getpid(), markerSig) != nil {
			return
		}
	wait:
		for {
			select {
			case got := <-s.sigCh:
				if got == markerSig {
					break wait
				}
				other = append(other, got)
			case <-deadline.C:
				return
			}
		}
	}
}

// isMarker reports whether runTraps's sig is markerSig while markers are
// in use: a late marker, or one from outside, dropped either way, as its
// default action would.
func isMarker(sig syscall.Signal) bool {
	return sig == markerSig && markers.rounds.Load() > 0
}
