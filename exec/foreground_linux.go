package exec

import (
	"os"
	"runtime"

	"golang.org/x/sys/unix"
)

// SetForeground makes pgid the foreground process group of the terminal
// tty (tcsetpgrp), from a process that may itself be in the background.
//
// A background process that calls tcsetpgrp gets SIGTTOU instead of the
// terminal unless it blocks or ignores SIGTTOU. The signal is blocked on
// the calling thread for just this call (the thread is locked meanwhile)
// rather than ignored: an ignored disposition is process-wide, and a
// child another goroutine forks at that moment would inherit it.
func SetForeground(tty *os.File, pgid int) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var set, old unix.Sigset_t
	set.Val[(unix.SIGTTOU-1)/64] |= 1 << ((uint(unix.SIGTTOU) - 1) % 64)
	if err := unix.PthreadSigmask(unix.SIG_BLOCK, &set, &old); err != nil {
		return err
	}
	err := unix.IoctlSetPointerInt(int(tty.Fd()), unix.TIOCSPGRP, pgid)
	unix.PthreadSigmask(unix.SIG_SETMASK, &old, nil)
	runtime.KeepAlive(tty)
	return err
}

// foregroundGroup returns tty's foreground process group, 0 if it can't
// be read.
func foregroundGroup(tty *os.File) int {
	pg, err := unix.IoctlGetInt(int(tty.Fd()), unix.TIOCGPGRP)
	runtime.KeepAlive(tty)
	if err != nil {
		return 0
	}
	return pg
}
