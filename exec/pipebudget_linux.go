package exec

import (
	"os"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The user's budget: what all plumb processes of one user may add to
// their pipes together (doc.go, "Pipe sizes").
//
// Each process keeps within its own budget (pipesize_linux.go), but that
// alone lets a hundred plumb processes of one user hold a hundred
// budgets, far past pipe-user-pages-soft. So the pages a process adds
// above the default size also come out of one counter per user, shared
// by its plumb processes: a System V semaphore, whose value is the pages
// left. A semaphore because the kernel keeps its count across processes
// and undoes what a process took when it dies, however it dies
// (SEM_UNDO), so a plumb killed with SIGKILL gives its pages back
// without anyone cleaning up after it; a file would need a reaper for
// the entries of dead processes.
//
// The semaphore is made by the first plumb of the user (mode 0600, key
// derived from the uid, IPC namespace of the process), lives until
// reboot (`ipcs -s` lists it; `ipcrm` removes it, and the next plumb
// makes it again), and holds a quarter of the soft limit. A semaphore
// of that key that another user made, or a system without System V IPC
// (a seccomp filter), gets no shared budget: then no pipe is enlarged,
// since enlarging without the shared count is what pushed users over
// the limit. Root is exempt from the limit and does not use it.

const (
	semUndo = 0x1000 // SEM_UNDO
	getVal  = 12     // GETVAL
	setVal  = 16     // SETVAL
	ipc64   = 0x100  // IPC_64: semctl's 64-bit structure layout
)

// userBudget is this process's handle on the user's shared semaphore.
type userBudget struct {
	id     int  // semaphore set id; -1: none
	exempt bool // root: no limit applies
}

// sembuf is struct sembuf of semop(2).
type sembuf struct {
	num uint16
	op  int16
	flg int16
}

// semKey is the key of a user's semaphore: "PLB" and the uid's low byte
// would collide; the uid itself, tagged, does not for uids below 2^24.
func semKey(uid int) int { return 0x50000000 | uid&0x00ffffff }

// openUserBudget finds or makes the user's semaphore; total is the pages
// a new one starts with.
func openUserBudget(total int64) userBudget {
	uid := os.Geteuid()
	if uid == 0 {
		return userBudget{id: -1, exempt: true}
	}
	total = min(total, 32767) // SEMVMX
	key := semKey(uid)
	id, _, errno := unix.Syscall(unix.SYS_SEMGET, uintptr(key), 1, 0o600|unix.IPC_CREAT|unix.IPC_EXCL)
	if errno == 0 {
		// Made it: fill it. Another plumb that finds it empty before
		// this keeps its default sizes, which is harmless.
		if _, _, errno := unix.Syscall6(unix.SYS_SEMCTL, id, 0, setVal, uintptr(total), 0, 0); errno != 0 {
			return userBudget{id: -1}
		}
		return userBudget{id: int(id)}
	}
	if errno != unix.EEXIST {
		return userBudget{id: -1}
	}
	id, _, errno = unix.Syscall(unix.SYS_SEMGET, uintptr(key), 1, 0)
	if errno != 0 || !ownSemaphore(int(id), uid) {
		return userBudget{id: -1}
	}
	return userBudget{id: int(id)}
}

// ownSemaphore reports whether semaphore set id belongs to uid and only
// uid may change it: a set another user made with this key must not
// decide this user's pipe sizes.
func ownSemaphore(id, uid int) bool {
	// struct semid64_ds starts with struct ipc64_perm: key, uid, gid,
	// cuid, cgid (32 bits each), then the mode. 256 bytes hold the
	// whole structure on every architecture.
	// 64-bit kernels take plain IPC_STAT and refuse the IPC_64 flag;
	// 32-bit ones need the flag for this layout.
	var ds [256]byte
	stat := func(cmd uintptr) unix.Errno {
		_, _, errno := unix.Syscall6(unix.SYS_SEMCTL, uintptr(id), 0, cmd, uintptr(unsafe.Pointer(&ds[0])), 0, 0)
		return errno
	}
	if stat(unix.IPC_STAT) != 0 && stat(unix.IPC_STAT|ipc64) != 0 {
		return false
	}
	u32 := func(off int) uint32 { return *(*uint32)(unsafe.Pointer(&ds[off])) }
	// The mode is 16 bits on some architectures and 32 on others; its
	// low bits come first either way on little-endian machines, and the
	// group and other bits are what matter here.
	mode := u32(20) & 0o777
	return int(u32(4)) == uid && int(u32(12)) == uid && mode&0o077 == 0
}

// take takes pages from the user's budget if that many are left.
func (u userBudget) take(pages int64) bool {
	if u.exempt {
		return true
	}
	if u.id < 0 || pages > 32767 {
		return false
	}
	op := sembuf{num: 0, op: int16(-pages), flg: unix.IPC_NOWAIT | semUndo}
	_, _, errno := unix.Syscall(unix.SYS_SEMOP, uintptr(u.id), uintptr(unsafe.Pointer(&op)), 1)
	return errno == 0
}

// left is the pages left in the user's budget now (a hint: other
// processes change it).
func (u userBudget) left() int64 {
	if u.exempt {
		return 1 << 40
	}
	if u.id < 0 {
		return 0
	}
	v, _, errno := unix.Syscall6(unix.SYS_SEMCTL, uintptr(u.id), 0, getVal, 0, 0, 0)
	if errno != 0 {
		return 0
	}
	return int64(v)
}

// give gives pages back to the user's budget.
func (u userBudget) give(pages int64) {
	if u.exempt || u.id < 0 || pages <= 0 {
		return
	}
	op := sembuf{num: 0, op: int16(pages), flg: semUndo}
	unix.Syscall(unix.SYS_SEMOP, uintptr(u.id), uintptr(unsafe.Pointer(&op)), 1)
}
