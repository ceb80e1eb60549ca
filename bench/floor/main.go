// Command floor runs one pipeline of external programs the cheapest way a Go
// program can without cgo: pipe2(O_CLOEXEC) for every link, one
// syscall.ForkExec per stage, wait4 for every child, and nothing else (no
// parser, no expansion, no PATH search per run). It is what issue 15 calls
// "the floor for a Go pipeline runner": the bench harness runs it next to
// plumb, bash and dash on the same shapes and reports plumb/floor.
//
// Usage:
//
//	floor [flags] ARGV... [ '|' ARGV... ]...
//
// Each literal "|" argument separates two stages. Flags:
//
//	-repeat K      run the pipeline K times, one after the other (a script of K lines)
//	-in FILE       stdin of the first stage (default: floor's own)
//	-out FILE      stdout of the last stage (default: floor's own)
//	-pipesize N    F_SETPIPE_SZ every pipe to N bytes (0: leave the kernel default)
//	-link KIND     pipe (default), unix (socketpair) or tcp (loopback connection)
//	-mode MODE     how stages are started (the "Beyond the floor" experiments):
//	               seq    one syscall.ForkExec after the other (the floor)
//	               pidfd  seq, with SysProcAttr.PidFD (clone with CLONE_PIDFD)
//	               par    -j goroutines call syscall.ForkExec concurrently
//	               vfork  seq, with floor's own clone(CLONE_VM|CLONE_VFORK)+execve
//	                      (spawn_linux_amd64.s): no status pipe, no dup2 loop in Go
//	               novfork floor's own clone(CLONE_VM) without CLONE_VFORK: the
//	                      parent goes on while the child execs
//	-j N           workers for -mode par (default 2)
//	-stats         print the time spent starting stages and the CPU time of
//	               floor and of its children to stderr at exit
//
// Descriptors: every pipe end is created close-on-exec; the child gets its
// two ends as 0 and 1 through ForkExec's Files (dup2 clears close-on-exec on
// the copy) and fd 2 is floor's own stderr. The parent closes each end as
// soon as the stage that uses it is started, so in seq mode at most one
// link's two ends are open at any time. Every child is reaped with wait4;
// floor exits with the last stage's status (128+N for a signal), like sh.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"
)

const fSetPipeSz = 1031 // F_SETPIPE_SZ

var (
	repeat   = flag.Int("repeat", 1, "run the pipeline this many times, one after the other")
	inPath   = flag.String("in", "", "stdin of the first stage")
	outPath  = flag.String("out", "", "stdout of the last stage")
	pipeSize = flag.Int("pipesize", 0, "F_SETPIPE_SZ for every pipe (0: kernel default)")
	linkKind = flag.String("link", "pipe", "pipe, unix or tcp")
	mode     = flag.String("mode", "seq", "seq, pidfd, par, vfork or novfork")
	workers  = flag.Int("j", 2, "goroutines for -mode par")
	stats    = flag.Bool("stats", false, "print to stderr: time spent starting stages, CPU of floor itself and of its children")
)

// spawnTime is the wall time spent starting stages (creating links and
// forking), without the waiting: the parent's critical path.
var spawnTime time.Duration

var env = os.Environ()

func main() {
	flag.Parse()
	stages := split(flag.Args())
	if len(stages) == 0 {
		fatal("usage: floor [flags] ARGV... ['|' ARGV...]...")
	}
	for _, st := range stages {
		st[0] = lookPath(st[0])
	}
	in, out := 0, 1
	if *inPath != "" {
		fd, err := syscall.Open(*inPath, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != nil {
			fatal("open %s: %v", *inPath, err)
		}
		in = fd
	}
	if *outPath != "" {
		fd, err := syscall.Open(*outPath, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o666)
		if err != nil {
			fatal("open %s: %v", *outPath, err)
		}
		out = fd
	}
	status := 0
	for i := 0; i < *repeat; i++ {
		switch *mode {
		case "seq", "pidfd", "vfork", "novfork":
			status = runSeq(stages, in, out)
		case "par":
			status = runPar(stages, in, out)
		default:
			fatal("unknown -mode %q", *mode)
		}
	}
	if *stats {
		var self, kids syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &self)
		syscall.Getrusage(syscall.RUSAGE_CHILDREN, &kids)
		cpu := func(r syscall.Rusage) time.Duration {
			return time.Duration(r.Utime.Nano() + r.Stime.Nano())
		}
		fmt.Fprintf(os.Stderr, "floor-stats mode=%s stages=%d spawn_ns=%d self_cpu_ns=%d children_cpu_ns=%d\n",
			*mode, len(stages)**repeat, spawnTime.Nanoseconds(), cpu(self).Nanoseconds(), cpu(kids).Nanoseconds())
	}
	os.Exit(status)
}

// split cuts the arguments at every literal "|".
func split(args []string) [][]string {
	var stages [][]string
	var cur []string
	for _, a := range args {
		if a == "|" {
			stages = append(stages, cur)
			cur = nil
			continue
		}
		cur = append(cur, a)
	}
	if len(cur) > 0 {
		stages = append(stages, cur)
	}
	for _, st := range stages {
		if len(st) == 0 {
			fatal("empty stage")
		}
	}
	return stages
}

// lookPath resolves a command name once per run, before the first stage
// starts, not once per -repeat (a shell hashes its lookups too). It is part
// of floor's wall time, as a shell's lookup is part of the shell's.
func lookPath(name string) string {
	if strings.Contains(name, "/") {
		return name
	}
	for _, dir := range strings.Split(os.Getenv("PATH"), ":") {
		p := dir + "/" + name
		if err := syscall.Access(p, 1); err == nil {
			return p
		}
	}
	fatal("%s: not found", name)
	return ""
}

// link returns a connected pair (read end, write end), both close-on-exec.
func link() (r, w int) {
	switch *linkKind {
	case "pipe":
		var p [2]int
		if err := syscall.Pipe2(p[:], syscall.O_CLOEXEC); err != nil {
			fatal("pipe2: %v", err)
		}
		if *pipeSize > 0 {
			if _, _, e := syscall.Syscall(syscall.SYS_FCNTL, uintptr(p[1]), fSetPipeSz, uintptr(*pipeSize)); e != 0 {
				fatal("F_SETPIPE_SZ: %v", e)
			}
		}
		return p[0], p[1]
	case "unix":
		p, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
		if err != nil {
			fatal("socketpair: %v", err)
		}
		return p[0], p[1]
	case "tcp":
		return tcpPair()
	}
	fatal("unknown -link %q", *linkKind)
	return
}

// tcpPair connects two loopback TCP sockets through a listener that is
// closed again at once: the accepted end is the reader.
func tcpPair() (r, w int) {
	ln, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		fatal("socket: %v", err)
	}
	defer syscall.Close(ln)
	if err := syscall.Bind(ln, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		fatal("bind: %v", err)
	}
	if err := syscall.Listen(ln, 1); err != nil {
		fatal("listen: %v", err)
	}
	sa, err := syscall.Getsockname(ln)
	if err != nil {
		fatal("getsockname: %v", err)
	}
	w, err = syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		fatal("socket: %v", err)
	}
	if err := syscall.Connect(w, sa); err != nil {
		fatal("connect: %v", err)
	}
	r, _, err = syscall.Accept4(ln, syscall.SOCK_CLOEXEC)
	if err != nil {
		fatal("accept4: %v", err)
	}
	return r, w
}

// start starts one stage with stdin in and stdout out.
func start(argv []string, in, out int) int {
	switch *mode {
	case "vfork", "novfork":
		return rawSpawn(argv, in, out, *mode == "vfork")
	}
	attr := &syscall.ProcAttr{Env: env, Files: []uintptr{uintptr(in), uintptr(out), 2}}
	var pidfd int
	if *mode == "pidfd" {
		attr.Sys = &syscall.SysProcAttr{PidFD: &pidfd}
	}
	pid, err := syscall.ForkExec(argv[0], argv, attr)
	if err != nil {
		fatal("%s: %v", argv[0], err)
	}
	if *mode == "pidfd" && pidfd >= 0 {
		syscall.Close(pidfd)
	}
	return pid
}

// runSeq starts the stages left to right. The read end of link i is closed
// right after stage i+1 (its only reader) is started, the write end right
// after stage i: the parent never holds more than one link.
func runSeq(stages [][]string, in, out int) int {
	prevR := in
	last := 0
	t0 := time.Now()
	for i, st := range stages {
		stdout, nextR := out, -1
		if i < len(stages)-1 {
			nextR, stdout = link()
		}
		last = start(st, prevR, stdout)
		if prevR != in {
			syscall.Close(prevR)
		}
		if stdout != out {
			syscall.Close(stdout)
		}
		prevR = nextR
	}
	spawnTime += time.Since(t0)
	return reap(len(stages), last)
}

// runPar creates every link first, then lets -j goroutines start the
// stages concurrently (syscall.ForkExec lets several forks run at once on
// Linux: the fork lock is shared among forkers). A stage's two ends are
// closed by the goroutine that started it, once it is started.
func runPar(stages [][]string, in, out int) int {
	n := len(stages)
	t0 := time.Now()
	ins, outs := make([]int, n), make([]int, n)
	ins[0], outs[n-1] = in, out
	for i := 0; i < n-1; i++ {
		ins[i+1], outs[i] = link()
	}
	pids := make([]int, n)
	next := make(chan int, n)
	for i := range n {
		next <- i
	}
	close(next)
	done := make(chan bool)
	for range max(1, *workers) {
		go func() {
			for i := range next {
				pids[i] = start(stages[i], ins[i], outs[i])
				if ins[i] != in {
					syscall.Close(ins[i])
				}
				if outs[i] != out {
					syscall.Close(outs[i])
				}
			}
			done <- true
		}()
	}
	for range max(1, *workers) {
		<-done
	}
	spawnTime += time.Since(t0)
	return reap(n, pids[n-1])
}

// reap waits for n children and returns the status of last.
func reap(n, last int) int {
	status := 0
	for ; n > 0; n-- {
		var ws syscall.WaitStatus
		pid, err := syscall.Wait4(-1, &ws, 0, nil)
		if err == syscall.EINTR {
			n++
			continue
		}
		if err != nil {
			fatal("wait4: %v", err)
		}
		if pid == last {
			if ws.Signaled() {
				status = 128 + int(ws.Signal())
			} else {
				status = ws.ExitStatus()
			}
		}
	}
	keep = keep[:0] // every child has exec'd or exited: its argv is no longer read
	return status
}

func fatal(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "floor: "+format+"\n", a...)
	os.Exit(2)
}
