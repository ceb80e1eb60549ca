package shell

import (
	"os"
	"syscall"

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
// It returns only when the exec did not happen; err is then what to do.
func (s *Shell) replaceProcess(argv []string) (handled bool, status int) {
	if !s.ownsSignals || s.subshell || s.pgid != 0 {
		return false, 0
	}
	path, st := s.lookPath(argv[0])
	if st != 0 {
		s.errorf("exec: %s", commandError(argv[0], st))
		return true, st
	}
	// The descriptors become exactly the shell's table: every entry is
	// first copied above the table (close-on-exec), then moved into place
	// without close-on-exec, so that one entry's move cannot clobber
	// another's source. Every other descriptor of the process is
	// close-on-exec already (the runtime's, os's and exec's from birth;
	// inherited ones were adopted into the table by Main and are marked
	// here), so execve leaves the new program with the table and nothing
	// else.
	base := len(s.files) + 10
	tmp := make([]int, len(s.files))
	for i, f := range s.files {
		tmp[i] = -1
		if f == nil {
			continue
		}
		fd, err := unix.FcntlInt(f.Fd(), unix.F_DUPFD_CLOEXEC, base)
		if err != nil {
			s.errorf("exec: %s: %s", argv[0], errText(os.NewSyscallError("fcntl", err)))
			closeAll(tmp)
			return true, 126
		}
		tmp[i] = fd
	}
	markInheritedCloseOnExec(len(s.files))
	for i, fd := range tmp {
		if fd < 0 {
			unix.Close(i)
			continue
		}
		unix.Dup3(fd, i, 0)
		unix.Close(fd)
	}
	if s.umask != processUmask {
		unix.Umask(s.umask)
	}
	if err := setLimits(s.changedLimits()); err != nil {
		s.errorf("exec: %s: %v", argv[0], err)
		return true, 126
	}
	err := syscall.Exec(path, argv, s.environ())
	// Still here: the table is in place on 0…n already, so the message
	// goes where the command's stderr would have gone.
	s.errorf("exec: %s: %s", argv[0], errText(err))
	if err == syscall.ENOENT {
		return true, 127
	}
	return true, 126
}

func closeAll(fds []int) {
	for _, fd := range fds {
		if fd >= 0 {
			unix.Close(fd)
		}
	}
}

// markInheritedCloseOnExec sets close-on-exec on every descriptor from
// from upward that lacks it: what the process inherited and the shell's
// table no longer names (`exec 3>&-` after `plumb script 3>log`).
func markInheritedCloseOnExec(from int) {
	for _, fd := range exec.InheritedFDs() {
		if fd >= from {
			unix.FcntlInt(uintptr(fd), unix.F_SETFD, unix.FD_CLOEXEC)
		}
	}
}
