package interp

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/plumbsh/plumb/exec"
	"github.com/plumbsh/plumb/shell/printf"
)

// Resource limits: the `ulimit` builtin.
//
// A shell's limits are what its external commands start with. Like the
// umask, they live in the shell's state and never in the process's
// (invariant 5): a subshell `( ulimit -n 64; cmd )` runs in this process
// on a copy of the state, and an embedding program runs many shells, so
// setrlimit on the process would reach the parent shell, the other
// shells and the program itself, and a low RLIMIT_NOFILE would starve
// the plumbing. s.rlimits holds only the limits `ulimit` set; a command
// starts through the trampoline (trampoline.go) when one of them differs
// from what the command would inherit. plumb's own work in the process
// (builtins, redirections) is not held to them, with two exceptions
// where sh would fail and scripts notice: a redirection that opens a
// file fails with EMFILE when the shell's table has no descriptor free
// below the -n limit (noFreeFd), and a builtin's write past the -f limit
// of a regular file ends the shell by SIGXFSZ (fileSizeExceeded).

// rlimitSetting is one limit to set in a child: resource and value.
type rlimitSetting struct {
	resource int
	limit    unix.Rlimit
}

// resourceInfo is one row of bash's table of limits (ulimit.def), in
// its order, which is the order of `ulimit -a`.
type resourceInfo struct {
	opt      byte
	resource int    // RLIMIT_*, or pipeSizeResource
	factor   uint64 // bytes (or microseconds…) in the unit shown
	desc     string
	units    string
}

// pipeSizeResource stands for -p, the pipe buffer size bash reports,
// which is PIPE_BUF and no limit: it cannot be set.
const pipeSizeResource = -1

// The options bash accepts on Linux; -b, -k, -P and -T name limits Linux
// does not have. Blocks (-c, -f) are 1024 bytes, as in bash outside
// POSIX mode.
var resources = []resourceInfo{
	{'R', unix.RLIMIT_RTTIME, 1, "real-time non-blocking time", "microseconds"},
	{'c', unix.RLIMIT_CORE, 1024, "core file size", "blocks"},
	{'d', unix.RLIMIT_DATA, 1024, "data seg size", "kbytes"},
	{'e', unix.RLIMIT_NICE, 1, "scheduling priority", ""},
	{'f', unix.RLIMIT_FSIZE, 1024, "file size", "blocks"},
	{'i', unix.RLIMIT_SIGPENDING, 1, "pending signals", ""},
	{'l', unix.RLIMIT_MEMLOCK, 1024, "max locked memory", "kbytes"},
	{'m', unix.RLIMIT_RSS, 1024, "max memory size", "kbytes"},
	{'n', unix.RLIMIT_NOFILE, 1, "open files", ""},
	{'p', pipeSizeResource, 512, "pipe size", "512 bytes"},
	{'q', unix.RLIMIT_MSGQUEUE, 1, "POSIX message queues", "bytes"},
	{'r', unix.RLIMIT_RTPRIO, 1, "real-time priority", ""},
	{'s', unix.RLIMIT_STACK, 1024, "stack size", "kbytes"},
	{'t', unix.RLIMIT_CPU, 1, "cpu time", "seconds"},
	{'u', unix.RLIMIT_NPROC, 1, "max user processes", ""},
	{'v', unix.RLIMIT_AS, 1024, "virtual memory", "kbytes"},
	{'x', unix.RLIMIT_LOCKS, 1, "file locks", ""},
}

func findResource(match func(*resourceInfo) bool) *resourceInfo {
	for i := range resources {
		if match(&resources[i]) {
			return &resources[i]
		}
	}
	return nil
}

const (
	limitSoft = 1 << iota
	limitHard
)

// ulimitCmd is one resource option and its value, nil when none was given.
type ulimitCmd struct {
	r   *resourceInfo
	arg *string
}

// biUlimit is bash's `ulimit [-SHa] [-Rcdefilmnpqrstuvx] [limit]`.
// Options are parsed as bash's internal_getopt does for ulimit: each
// resource option may take the next word as its value unless that word
// starts with '-', and an operand left over goes to the last option
// without one.
func biUlimit(s *Shell, args []string) (int, error) {
	var cmds []ulimitCmd
	mode, all := 0, false
	i := 1
	for i < len(args) {
		a := args[i]
		if a == "--" {
			i++
			break
		}
		if len(a) < 2 || a[0] != '-' {
			break
		}
		i++
		for j := 1; j < len(a); j++ {
			c := a[j]
			switch c {
			case 'a':
				all = true
				continue
			case 'S':
				mode |= limitSoft
				continue
			case 'H':
				mode |= limitHard
				continue
			}
			r := findResource(func(r *resourceInfo) bool { return r.opt == c })
			if r == nil {
				s.errorf("ulimit: -%c: invalid option", c)
				s.writeErr("ulimit: usage: ulimit [-SHabcdefiklmnpqrstuvxPRT] [limit]\n")
				return 2, nil
			}
			cmd := ulimitCmd{r: r}
			if j+1 < len(a) {
				rest := a[j+1:]
				cmd.arg, j = &rest, len(a)
			} else if i < len(args) && !strings.HasPrefix(args[i], "-") {
				cmd.arg = &args[i]
				i++
			}
			cmds = append(cmds, cmd)
		}
	}
	rest := args[i:]
	if all {
		if mode == 0 {
			mode = limitSoft
		}
		var b strings.Builder
		for k := range resources {
			r := &resources[k]
			lim, err := s.rlimit(r.resource)
			if err != nil {
				s.errorf("ulimit: %s: cannot get limit: %s", r.desc, errText(err))
				continue
			}
			b.WriteString(r.format(lim, mode, true))
		}
		if err := s.print(1, b.String()); err != nil {
			return s.writeFailed("ulimit", err)
		}
		return 0, nil
	}
	if len(cmds) == 0 {
		cmds = append(cmds, ulimitCmd{r: findResource(func(r *resourceInfo) bool { return r.opt == 'f' })})
		if len(rest) > 0 {
			cmds[0].arg, rest = &rest[0], rest[1:]
		}
	}
	if last := &cmds[len(cmds)-1]; len(rest) > 0 && last.arg == nil {
		last.arg = &rest[0]
	}
	for _, c := range cmds {
		if st, err := s.ulimitOne(c, mode, len(cmds) > 1); st != 0 || err != nil {
			return st, err
		}
	}
	return 0, nil
}

// ulimitOne prints or sets one limit, as bash's ulimit_internal.
func (s *Shell) ulimitOne(c ulimitCmd, mode int, labelled bool) (int, error) {
	r := c.r
	if mode == 0 {
		mode = limitSoft
		if c.arg != nil {
			mode = limitSoft | limitHard
		}
	}
	old, err := s.rlimit(r.resource)
	if err != nil {
		s.errorf("ulimit: %s: cannot get limit: %s", r.desc, errText(err))
		return 1, nil
	}
	if c.arg == nil {
		if err := s.print(1, r.format(old, mode, labelled)); err != nil {
			return s.writeFailed("ulimit", err)
		}
		return 0, nil
	}
	arg := *c.arg
	var val uint64
	switch {
	case arg == "hard":
		val = old.Max
	case arg == "soft":
		val = old.Cur
	case arg == "unlimited":
		val = unix.RLIM_INFINITY
	case strings.Trim(arg, "0123456789") != "":
		s.errorf("ulimit: %s: %s", arg, printf.InvalidNumber(arg))
		return 1, nil
	default:
		n, err := strconv.ParseUint("0"+arg, 10, 64) // bash reads "" as 0
		val = n * r.factor
		if err != nil || val/r.factor != n {
			s.errorf("ulimit: %s: limit out of range", arg)
			return 1, nil
		}
	}
	// As bash: without privilege, a soft limit of "unlimited" means as
	// high as the hard limit allows.
	if val == unix.RLIM_INFINITY && mode&limitHard == 0 && old.Cur <= old.Max && unix.Geteuid() != 0 {
		val = old.Max
	}
	lim := old
	if mode&limitSoft != 0 {
		lim.Cur = val
	}
	if mode&limitHard != 0 {
		lim.Max = val
	}
	if err := checkLimit(r.resource, old, lim); err != nil {
		s.errorf("ulimit: %s: cannot modify limit: %s", r.desc, errText(err))
		return 1, nil
	}
	if s.rlimits == nil {
		s.rlimits = make(map[int]unix.Rlimit)
	}
	s.rlimits[r.resource] = lim
	return 0, nil
}

// format is one limit as `ulimit` prints it: labelled as in `ulimit -a`
// ("%-20s %20s" of description and unit, as bash), or the bare value.
func (r *resourceInfo) format(lim unix.Rlimit, mode int, labelled bool) string {
	v := lim.Max
	if mode&limitSoft != 0 {
		v = lim.Cur
	}
	text := "unlimited"
	if v != unix.RLIM_INFINITY {
		text = strconv.FormatUint(v/r.factor, 10)
	}
	if !labelled {
		return text + "\n"
	}
	unit := fmt.Sprintf("(-%c) ", r.opt)
	if r.units != "" {
		unit = fmt.Sprintf("(%s, -%c) ", r.units, r.opt)
	}
	return fmt.Sprintf("%-20s %20s%s\n", r.desc, unit, text)
}

// checkLimit says what setrlimit(2) would say to changing old to lim,
// following the kernel's do_prlimit, without changing anything: the
// shell's limits are only ever set in its children.
func checkLimit(resource int, old, lim unix.Rlimit) error {
	if resource == pipeSizeResource || lim.Cur > lim.Max {
		return unix.EINVAL
	}
	if resource == unix.RLIMIT_NOFILE && lim.Max > nrOpen() {
		return unix.EPERM
	}
	if lim.Max > old.Max && !canRaiseLimits() {
		return unix.EPERM
	}
	return nil
}

// nrOpen is /proc/sys/fs/nr_open, the kernel's ceiling on RLIMIT_NOFILE.
func nrOpen() uint64 {
	b, err := os.ReadFile("/proc/sys/fs/nr_open")
	if n, perr := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64); err == nil && perr == nil {
		return n
	}
	return unix.RLIM_INFINITY
}

// canRaiseLimits reports whether the process has CAP_SYS_RESOURCE, which
// raising a hard limit takes.
func canRaiseLimits() bool {
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var data [2]unix.CapUserData
	if err := unix.Capget(&hdr, &data[0]); err != nil {
		return false
	}
	return data[unix.CAP_SYS_RESOURCE/32].Effective&(1<<(unix.CAP_SYS_RESOURCE%32)) != 0
}

// rlimit is the shell's limit for resource: what `ulimit` set, or else
// what a command started now would inherit.
func (s *Shell) rlimit(resource int) (unix.Rlimit, error) {
	if lim, ok := s.rlimits[resource]; ok {
		return lim, nil
	}
	return inheritedLimit(resource)
}

// inheritedLimit is the limit a child of this process starts with.
func inheritedLimit(resource int) (unix.Rlimit, error) {
	switch resource {
	case pipeSizeResource:
		return unix.Rlimit{Cur: 4096, Max: 4096}, nil // PIPE_BUF
	case unix.RLIMIT_NOFILE:
		return childNofile()
	}
	var lim unix.Rlimit
	err := unix.Getrlimit(resource, &lim)
	return lim, err
}

// changedLimits lists, by resource, the shell's limits that differ from
// what its children inherit: the ones a trampoline must set.
func (s *Shell) changedLimits() []rlimitSetting {
	var out []rlimitSetting
	for res, lim := range s.rlimits {
		if inh, err := inheritedLimit(res); err != nil || inh != lim {
			out = append(out, rlimitSetting{res, lim})
		}
	}
	slices.SortFunc(out, func(a, b rlimitSetting) int { return a.resource - b.resource })
	return out
}

// setLimits sets limits on the calling process: in the trampoline, or
// just before `exec` replaces plumb. unix.Setrlimit on RLIMIT_NOFILE
// also stops the runtime from putting back, at exec, the soft limit it
// found at start (see childNofile).
func setLimits(limits []rlimitSetting) error {
	for _, l := range limits {
		if err := unix.Setrlimit(l.resource, &l.limit); err != nil {
			return limitError(l, err)
		}
	}
	return nil
}

// limitError says that setting l failed with err.
func limitError(l rlimitSetting, err error) error {
	desc := strconv.Itoa(l.resource)
	if r := findResource(func(r *resourceInfo) bool { return r.resource == l.resource }); r != nil {
		desc = r.desc
	}
	return fmt.Errorf("ulimit: %s: cannot modify limit: %s", desc, errText(err))
}

// formatLimits and parseLimits are the LIMITS field of trampolineVar.
func formatLimits(limits []rlimitSetting) string {
	if len(limits) == 0 {
		return "-"
	}
	parts := make([]string, len(limits))
	for i, l := range limits {
		parts[i] = fmt.Sprintf("%d:%d:%d", l.resource, l.limit.Cur, l.limit.Max)
	}
	return strings.Join(parts, ",")
}

func parseLimits(text string) ([]rlimitSetting, error) {
	if text == "-" {
		return nil, nil
	}
	var out []rlimitSetting
	for _, part := range strings.Split(text, ",") {
		var l rlimitSetting
		if _, err := fmt.Sscanf(part, "%d:%d:%d", &l.resource, &l.limit.Cur, &l.limit.Max); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

// The soft RLIMIT_NOFILE of children.
//
// Go's runtime raises the process's soft RLIMIT_NOFILE to the hard limit
// less one at start, remembers the value it found, and puts that back in
// every child it forks and before syscall.Exec (syscall/rlimit.go): the
// process's own limit is then not what its children get. The value it
// remembered is not exported, so when the process's limit looks raised
// (soft = hard-1) a child is asked: this binary in the trampoline's
// "nofile" form, which makes its own runtime put back what it was born
// with — what any child of ours is born with — and prints it. The answer
// is kept for as long as the process's limit stays the same.
var nofileSeen struct {
	sync.Mutex
	proc, child unix.Rlimit
	known       bool
}

func childNofile() (unix.Rlimit, error) {
	var proc unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &proc); err != nil {
		return proc, err
	}
	if proc.Max == 0 || proc.Cur != proc.Max-1 {
		return proc, nil // not raised, or changed since: children get it as it is
	}
	nofileSeen.Lock()
	defer nofileSeen.Unlock()
	if nofileSeen.known && nofileSeen.proc == proc {
		return nofileSeen.child, nil
	}
	out, status, err := exec.Output(context.Background(), "/proc/self/exe", []string{"plumb"}, []string{trampolineVar + "=nofile"})
	var child unix.Rlimit
	if err != nil || status != 0 {
		return proc, nil // no /proc (a chroot): the best guess
	}
	if _, err := fmt.Sscanf(string(out), "%d %d", &child.Cur, &child.Max); err != nil {
		return proc, nil
	}
	nofileSeen.proc, nofileSeen.child, nofileSeen.known = proc, child, true
	return child, nil
}

// reportNofile is the trampoline's "nofile" form. A failed syscall.Exec
// has put back the soft limit the runtime found at start, and it stays.
func reportNofile() int {
	syscall.Exec("", nil, nil) // ENOENT, after restoring RLIMIT_NOFILE
	var lim unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &lim); err != nil {
		return 1
	}
	fmt.Printf("%d %d\n", lim.Cur, lim.Max)
	return 0
}

// noFreeFd reports whether the shell's table has no descriptor free
// below the soft RLIMIT_NOFILE that ulimit -n set, so that sh's open(2)
// for a redirection would fail with EMFILE (`ulimit -n 0; echo >f`).
func (s *Shell) noFreeFd() bool {
	lim, ok := s.rlimits[unix.RLIMIT_NOFILE]
	if !ok {
		return false
	}
	fd := 0
	for fd < len(s.files) && s.files[fd] != nil {
		fd++
	}
	return uint64(fd) >= lim.Cur
}

// pastFileSize reports whether writing *text to f would take a regular
// file past the soft RLIMIT_FSIZE that ulimit -f set; *text is then cut
// to what fits, as the kernel's write(2) would cut it.
func (s *Shell) pastFileSize(f *os.File, text *string) bool {
	lim, ok := s.rlimits[unix.RLIMIT_FSIZE]
	if !ok || lim.Cur == unix.RLIM_INFINITY {
		return false
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	off := fi.Size()
	if fl, err := unix.FcntlInt(f.Fd(), unix.F_GETFL, 0); err == nil && fl&unix.O_APPEND == 0 {
		if off, err = f.Seek(0, io.SeekCurrent); err != nil {
			return false
		}
	}
	if uint64(off)+uint64(len(*text)) <= lim.Cur {
		return false
	}
	*text = (*text)[:min(uint64(len(*text)), lim.Cur-min(lim.Cur, uint64(off)))]
	return true
}

// fileSizeExceeded ends the shell as SIGXFSZ ends sh whose write went
// past the file size limit: a script shell dies of the signal (status
// 153 to its parent); one that traps or ignores it gets EFBIG, a
// write error, as sh does. A subshell or stage
// running in this process, an interactive or an embedded shell unwinds
// with fileTooLarge, status 153, instead.
func (s *Shell) fileSizeExceeded() error {
	if s.hasTrap(unix.SIGXFSZ) || signal.Ignored(unix.SIGXFSZ) {
		return syscall.EFBIG // the write fails, as it does in sh
	}
	if s.ownsSignals && !s.subshell && !s.interactive {
		sigs := []syscall.Signal{unix.SIGXFSZ}
		setKernelDefault(sigs)
		unix.Kill(os.Getpid(), unix.SIGXFSZ)
	}
	return fileTooLarge{}
}
