package main

import (
	"runtime"
	"syscall"
)

// cloneArgs is struct clone_args up to CLONE_ARGS_SIZE_VER0 (64 bytes).
type cloneArgs struct {
	flags, pidfd, childTID, parentTID, exitSignal, stack, stackSize, tls uint64
}

const (
	cloneVM           = 0x100
	cloneVfork        = 0x4000
	cloneClearSighand = 0x100000000
)

func rawSpawn3(cl *cloneArgs, path *byte, argv, envp **byte, in, out uintptr) (pid, errno uintptr)

// keep holds the argv of children started without CLONE_VFORK until they
// are reaped: the kernel reads them during the child's execve, after
// rawSpawn has returned.
var keep [][]*byte

var envp []*byte

// rawSpawn starts argv with stdin in and stdout out through floor's own
// clone3+execve (see spawn_linux_amd64.s). Every other descriptor of floor
// is close-on-exec, so the child's table is exactly 0, 1, 2 after execve.
func rawSpawn(argv []string, in, out int, vfork bool) int {
	if envp == nil {
		var err error
		if envp, err = syscall.SlicePtrFromStrings(env); err != nil {
			fatal("%v", err)
		}
	}
	argvp, err := syscall.SlicePtrFromStrings(argv)
	if err != nil {
		fatal("%v", err)
	}
	flags := uint64(cloneVM | cloneClearSighand)
	if vfork {
		flags |= cloneVfork
	}
	cl := &cloneArgs{flags: flags, exitSignal: uint64(syscall.SIGCHLD)}
	pid, errno := rawSpawn3(cl, argvp[0], &argvp[0], &envp[0], uintptr(in), uintptr(out))
	if errno != 0 {
		fatal("clone3: %v", syscall.Errno(errno))
	}
	if vfork {
		runtime.KeepAlive(argvp) // the parent was suspended until the execve
	} else {
		keep = append(keep, argvp)
	}
	return int(pid)
}
