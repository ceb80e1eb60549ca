package exec

import (
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// AutoPipeSize, as Plan.PipeSize, sizes the plan's pipes automatically
// within the process's and the user's budgets; see the package
// documentation, "Pipe sizes".
const AutoPipeSize = -1

// The policy of AutoPipeSize is in doc.go, "Pipe sizes". Why it needs a
// budget at all: `dd bs=1M | dd` through a 64 KiB pipe moves each
// megabyte in 16 rounds of writer-fills, reader-drains; through 1 MiB
// (F_SETPIPE_SZ, up to /proc/sys/fs/pipe-max-size) the two sides overlap
// (3.5 → 4.2 GB/s on the bench machine). But the pages are charged to the
// user: sixty-four 1 MiB pipes reach pipe-user-pages-soft, and then every
// new pipe of the user, in any program, gets 8 KiB.

// maxAutoPipePages is the largest pipe AutoPipeSize makes: 1 MiB.
const maxAutoPipePages = 256

// defaultPipePages is the kernel's default pipe size in pages (64 KiB).
const defaultPipePages = 16

var pipeBudget struct {
	once     sync.Once
	limit    int64 // pages this process may give its pipes
	maxPages int64 // pipe-max-size in pages, at most maxAutoPipePages
	page     int64 // page size in bytes
	used     atomic.Int64
	user     userBudget // what all plumb processes of the user share (pipebudget_linux.go)
}

// readProcInt reads a number from a /proc file with plain system calls:
// os.ReadFile would set up the runtime's poller (an epoll instance and
// an eventfd, two descriptors) for a file that cannot be polled, and
// under `ulimit -n 6` that set-up fails and the runtime aborts the
// process. This needs one descriptor, for a moment.
func readProcInt(path string) (int64, bool) {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return 0, false
	}
	defer unix.Close(fd)
	var buf [32]byte
	n, err := unix.Read(fd, buf[:])
	if err != nil || n <= 0 {
		return 0, false
	}
	v, err := strconv.ParseInt(strings.TrimSpace(string(buf[:n])), 10, 64)
	return v, err == nil
}

func initPipeBudget() {
	b := &pipeBudget
	b.page = int64(os.Getpagesize())
	b.limit = 2048 * 4096 / b.page
	userTotal := 4 * b.limit / 2
	if soft, ok := readProcInt("/proc/sys/fs/pipe-user-pages-soft"); ok && soft > 0 {
		b.limit = soft / 8
		userTotal = soft / 4
	}
	b.maxPages = maxAutoPipePages * 4096 / b.page
	if max, ok := readProcInt("/proc/sys/fs/pipe-max-size"); ok {
		b.maxPages = min(b.maxPages, max/b.page)
	} else {
		b.maxPages = 0
	}
	if b.maxPages > defaultPipePages*4096/b.page {
		b.user = openUserBudget(userTotal)
	}
}

// reservePipes takes from the budgets (this process's, then the user's)
// the pages for n pipes and returns the size in bytes to give each, or 0
// for the kernel's default.
func (r *Running) reservePipes(n int) int {
	b := &pipeBudget
	b.once.Do(initPipeBudget)
	if n == 0 {
		return 0
	}
	// A bounded number of tries: other goroutines and other plumb
	// processes change both budgets; after that the default size is
	// the safe answer.
	for range 16 {
		used := b.used.Load()
		per := min((b.limit-used)/int64(n), b.user.left()/int64(n))
		pages := int64(1)
		for pages*2 <= min(per, b.maxPages) {
			pages *= 2
		}
		if pages <= defaultPipePages*4096/b.page || pages > per {
			return 0
		}
		if !b.used.CompareAndSwap(used, used+pages*int64(n)) {
			continue
		}
		if !b.user.take(pages * int64(n)) {
			// Another plumb of the user took it meanwhile: look again.
			b.used.Add(-pages * int64(n))
			continue
		}
		r.pipePages.Store(pages * int64(n))
		return int(pages * b.page)
	}
	return 0
}

// releasePipes gives the plan's reserved pages back; it may be called
// more than once.
func (r *Running) releasePipes() {
	if n := r.pipePages.Swap(0); n > 0 {
		pipeBudget.used.Add(-n)
		pipeBudget.user.give(n)
	}
}

// setPipeSize sets the buffer of the pipe whose end is fd. For an
// automatic size a failure is not an error: the pipe keeps the default.
func setPipeSize(fd int, size int, auto bool) error {
	_, err := unix.FcntlInt(uintptr(fd), unix.F_SETPIPE_SZ, size)
	if err != nil && !auto {
		return os.NewSyscallError("fcntl F_SETPIPE_SZ", err)
	}
	return nil
}

// countPipes is the number of Pipe links of p.
func countPipes(p *Plan) int {
	n := 0
	for _, l := range p.Links {
		if l.Kind == Pipe {
			n++
		}
	}
	return n
}
