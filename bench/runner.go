package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"
)

// A shell under test.
type shellT struct {
	name    string // column header: plumb, bash, dash, gosh
	path    string
	version string
	real    bool // for plumb: the binary really is plumb (--version says so)
	// floor: the floor program (bench/floor), run with args before the
	// shape's floor arguments (-mode X for the floor-X columns). empty is
	// the empty static Go program the "floor" column runs for start-up.
	floor bool
	args  []string
	empty string
}

// runs says whether shell sh has anything to run for shape s.
func (sh shellT) runs(s shape) bool {
	switch {
	case sh.floor && s.floorEmpty:
		return sh.empty != ""
	case sh.floor:
		// The -mode experiments only change how stages start: they are
		// not run on the throughput shapes.
		return s.floor != nil && (sh.name == "floor" || s.group != "throughput")
	case s.plumb:
		return sh.name == "plumb" && sh.real
	}
	return true
}

// One measured run.
type sample struct {
	Dur    time.Duration `json:"ns"`
	MaxRSS int64         `json:"maxrss_kib"` // wait4 ru_maxrss
	HWM    int64         `json:"vmhwm_kib"`  // last VmHWM polled from /proc/PID/status (memory shapes only)
	// CPU is user + system time of the shell and of every process it
	// waited for (wait4's rusage counts those too): far less sensitive
	// than Dur to other jobs on a shared machine, which stretch the wall
	// time but not the CPU a run needs.
	CPU time.Duration `json:"cpu_ns"`
}

type runner struct {
	work    string // scratch dir: scripts, stderr files
	env     []string
	devnull *os.File
	timeout time.Duration
	cred    *syscall.Credential
	scripts map[string]string // shape id -> script file
}

// running holds the process group of the sample in flight, so an interrupt
// can kill exactly what the harness started.
var running atomic.Int64

func (r *runner) argv(sh shellT, s shape) []string {
	if sh.floor {
		if s.floorEmpty {
			return []string{sh.empty}
		}
		return append(append([]string{sh.path}, sh.args...), s.floor...)
	}
	if s.file {
		p, ok := r.scripts[s.id]
		if !ok {
			p = filepath.Join(r.work, s.id+".sh")
			if err := os.WriteFile(p, []byte(s.text), 0o644); err != nil {
				fatalf("write script: %v", err)
			}
			r.scripts[s.id] = p
		}
		return []string{sh.path, p}
	}
	return []string{sh.path, "-c", s.text}
}

// once runs shape s under shell sh a single time and measures it.
// The shell gets stdin and stdout on /dev/null, stderr in a file (read only
// on failure or for the dd byte check), a small fixed environment, and its
// own session (plumb puts each pipeline in a process group of its own, so a
// process group would not do) so a timeout or ^C can kill everything it started.
//
// With memory set, the shell runs under ptrace (see waitTraced) so that its
// own peak RSS can be read at its exit; the time of such a run is not used.
func (r *runner) once(sh shellT, s shape, memory bool) (sample, error) {
	errPath := filepath.Join(r.work, "stderr")
	errf, err := os.OpenFile(errPath, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o666)
	if err != nil {
		return sample{}, err
	}
	defer errf.Close()
	argv := r.argv(sh, s)
	attr := &syscall.ProcAttr{
		Dir:   r.work,
		Env:   r.env,
		Files: []uintptr{r.devnull.Fd(), r.devnull.Fd(), errf.Fd()},
		Sys:   &syscall.SysProcAttr{Setsid: true, Credential: r.cred, Ptrace: memory},
	}
	if memory || s.pin {
		// ptrace requests must come from the thread that is the tracer,
		// and the CPU mask set below is this thread's.
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
	}
	var restore func()
	if s.pin {
		// What taskset -c CPU does, without a taskset process in the
		// measured time: the shell inherits this thread's mask at fork,
		// and every stage inherits the shell's.
		if restore, err = pinThread(); err != nil {
			return sample{}, err
		}
	}
	t0 := time.Now()
	pid, err := syscall.ForkExec(argv[0], argv, attr)
	if restore != nil {
		restore()
	}
	if err != nil {
		return sample{}, fmt.Errorf("start %s: %w", argv[0], err)
	}
	running.Store(int64(pid))
	defer running.Store(0)

	timer := time.AfterFunc(r.timeout, func() { killSession(pid) })
	var ws syscall.WaitStatus
	var ru syscall.Rusage
	var hwm int64
	if memory {
		hwm, err = waitTraced(pid, &ws, &ru)
	} else {
		err = wait4(pid, &ws, &ru)
	}
	d := time.Since(t0)
	timedOut := !timer.Stop()
	if err != nil {
		killSession(pid)
		return sample{}, err
	}
	smp := sample{Dur: d, MaxRSS: ru.Maxrss, HWM: hwm,
		CPU: time.Duration(ru.Utime.Nano() + ru.Stime.Nano())}
	if timedOut {
		killSession(pid)
		return smp, fmt.Errorf("timed out after %v", r.timeout)
	}
	if !ws.Exited() || ws.ExitStatus() != 0 {
		// Stages the shell did not wait for die with it.
		killSession(pid)
		return smp, fmt.Errorf("%s%s", statusString(ws), stderrTail(errf))
	}
	if s.checkDD > 0 {
		errf.Seek(0, 0)
		b, _ := readAll(errf, 1<<16)
		want := fmt.Sprintf("%d bytes", s.checkDD)
		if strings.Count(string(b), want) < 2 {
			return smp, fmt.Errorf("short transfer: dd did not report %q on both ends%s", want, stderrTail(errf))
		}
	}
	if memory && hwm == 0 {
		return smp, fmt.Errorf("no VmHWM read at the exit stop")
	}
	return smp, nil
}

func wait4(pid int, ws *syscall.WaitStatus, ru *syscall.Rusage) error {
	for {
		_, err := syscall.Wait4(pid, ws, 0, ru)
		if err != syscall.EINTR {
			if err != nil {
				return fmt.Errorf("wait4: %w", err)
			}
			return nil
		}
	}
}

// waitTraced follows a shell started with PTRACE_TRACEME until it exits and
// returns the VmHWM of its own address space, read from /proc/PID/status at
// the PTRACE_EVENT_EXIT stop, i.e. after the shell's last instruction but
// before the kernel tears down its memory. Only the shell is traced (no
// TRACEFORK/TRACECLONE): its children, and the harness whose address space
// the shell was exec'd from, do not count. Signals that stop the tracee
// (SIGCHLD for every child, Go's preemption signals) are passed on as they are.
func waitTraced(pid int, ws *syscall.WaitStatus, ru *syscall.Rusage) (int64, error) {
	// The child stops with SIGTRAP right after its execve.
	if err := wait4(pid, ws, nil); err != nil {
		return 0, err
	}
	if !ws.Stopped() {
		return 0, fmt.Errorf("traced shell did not stop after exec: %s", statusString(*ws))
	}
	if err := syscall.PtraceSetOptions(pid, syscall.PTRACE_O_TRACEEXIT); err != nil {
		return 0, fmt.Errorf("ptrace(SETOPTIONS): %w", err)
	}
	var hwm int64
	sig := 0
	status := fmt.Sprintf("/proc/%d/status", pid)
	for {
		// ESRCH: the tracee left its stop on its own (another thread of a Go
		// shell called exit_group while this one sat in a signal stop); the
		// next wait4 reports where it went.
		if err := syscall.PtraceCont(pid, sig); err != nil && err != syscall.ESRCH {
			return hwm, fmt.Errorf("ptrace(CONT): %w", err)
		}
		if err := wait4(pid, ws, ru); err != nil {
			return hwm, err
		}
		if ws.Exited() || ws.Signaled() {
			return hwm, nil
		}
		// VmHWM only grows: read it at every stop, so that a missed exit stop
		// still leaves the best lower bound. The exit stop gives the final value.
		hwm = max(hwm, readHWM(status))
		sig = 0
		switch {
		case ws.StopSignal() == syscall.SIGTRAP && ws.TrapCause() == syscall.PTRACE_EVENT_EXIT:
		case ws.StopSignal() == syscall.SIGTRAP:
		default:
			sig = int(ws.StopSignal())
		}
	}
}

func statusString(ws syscall.WaitStatus) string {
	if ws.Signaled() {
		return "killed by " + ws.Signal().String()
	}
	return "exit status " + strconv.Itoa(ws.ExitStatus())
}

func readAll(f *os.File, max int64) ([]byte, error) {
	return io.ReadAll(io.LimitReader(f, max))
}

func stderrTail(f *os.File) string {
	fi, err := f.Stat()
	if err != nil || fi.Size() == 0 {
		return ""
	}
	off := fi.Size() - 300
	if off < 0 {
		off = 0
	}
	b := make([]byte, fi.Size()-off)
	n, _ := f.ReadAt(b, off)
	t := strings.TrimSpace(string(b[:n]))
	t = strings.ReplaceAll(t, "\n", " ⏎ ")
	return ": " + t
}

func readHWM(path string) int64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			fields := strings.Fields(rest)
			if len(fields) > 0 {
				v, _ := strconv.ParseInt(fields[0], 10, 64)
				return v
			}
		}
	}
	return 0
}

// killSession sends SIGKILL to every process in the session the harness
// created for one run (session id = the shell's pid), whatever process
// group the shell put it in.
func killSession(sid int) {
	syscall.Kill(-sid, syscall.SIGKILL)
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp session ...; comm may contain spaces.
		i := strings.LastIndexByte(string(b), ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(b[i+1:]))
		if len(f) > 3 && f[3] == strconv.Itoa(sid) {
			syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

// cpuMask is a sched_setaffinity mask for up to 1024 CPUs.
type cpuMask [16]uint64

func schedAffinity(get bool, m *cpuMask) error {
	nr := uintptr(syscall.SYS_SCHED_SETAFFINITY)
	if get {
		nr = syscall.SYS_SCHED_GETAFFINITY
	}
	_, _, e := syscall.RawSyscall(nr, 0, unsafe.Sizeof(*m), uintptr(unsafe.Pointer(m)))
	if e != 0 {
		return os.NewSyscallError("sched_setaffinity", e)
	}
	return nil
}

// pinCPU is the CPU the pinned shapes run on: the first one the harness
// itself may use.
var pinCPU = sync.OnceValue(func() int {
	var m cpuMask
	if schedAffinity(true, &m) == nil {
		for i := range len(m) * 64 {
			if m[i/64]&(1<<(i%64)) != 0 {
				return i
			}
		}
	}
	return 0
})

// pinThread restricts the calling (locked) thread to pinCPU and returns
// the function that restores its mask.
func pinThread() (func(), error) {
	var old, one cpuMask
	if err := schedAffinity(true, &old); err != nil {
		return nil, err
	}
	c := pinCPU()
	one[c/64] = 1 << (c % 64)
	if err := schedAffinity(false, &one); err != nil {
		return nil, err
	}
	return func() { schedAffinity(false, &old) }, nil
}
