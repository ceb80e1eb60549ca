package shell

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// Signal traps. A trapped signal is caught with signal.Notify, never with
// signal.Ignore, so that children still start with default dispositions
// (an ignored signal stays ignored across exec, golang/go#20479); only
// `trap '' SIG` ignores, and there POSIX wants the children to inherit it.
// The handler runs between commands, as in sh: a signal that arrives
// while a foreground command runs is handled when it ends.

// trapsChanged makes the process's signal handling match s.traps. Only
// the top-level shell of the process installs handlers.
func (s *Shell) trapsChanged() {
	if s.subshell || !s.ownsSignals {
		return
	}
	var catch, ignore []os.Signal
	for name, action := range s.traps {
		sig, ok := signalNames[name]
		if !ok {
			continue
		}
		if action == "" {
			ignore = append(ignore, sig)
		} else {
			catch = append(catch, sig)
		}
	}
	if s.sigCh == nil {
		s.sigCh = make(chan os.Signal, 16)
	}
	signal.Reset()
	if len(ignore) > 0 {
		signal.Ignore(ignore...)
	}
	if len(catch) > 0 {
		signal.Notify(s.sigCh, catch...)
	}
}

// runTraps runs the handlers of signals that arrived since the last call.
func (s *Shell) runTraps() error {
	if s.sigCh == nil {
		return nil
	}
	for {
		select {
		case sig := <-s.sigCh:
			name := signalName(sig.(syscall.Signal))
			action, ok := s.traps[name]
			if !ok || action == "" {
				continue
			}
			saved := s.status
			if _, err := s.evalString(action, "trap"); err != nil {
				return err
			}
			s.status = saved
		default:
			return nil
		}
	}
}

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
