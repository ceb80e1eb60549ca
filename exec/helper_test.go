package exec

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// The test binary is also every helper program the tests run: with
// PLUMB_EXEC_HELPER=name in its environment, TestMain acts as that
// program on its argv and exits.
const helperEnv = "PLUMB_EXEC_HELPER"

func TestMain(m *testing.M) {
	if name := os.Getenv(helperEnv); name != "" {
		os.Exit(helper(name, os.Args[1:]))
	}
	setupTests()
	os.Exit(m.Run())
}

func helper(name string, args []string) int {
	out := os.NewFile(1, "fd1")
	switch name {
	case "cat":
		if _, err := io.Copy(out, os.NewFile(0, "fd0")); err != nil {
			fmt.Fprintln(os.Stderr, "cat:", err)
			return 1
		}
	case "exit":
		n, _ := strconv.Atoi(args[0])
		return n
	case "fds":
		// Raw system calls, so the runtime's poller opens nothing and
		// the list is exactly what execve left plus the directory.
		fd := 1
		if len(args) > 0 {
			fd, _ = strconv.Atoi(args[0])
		}
		unix.Write(fd, []byte(listFDs()+"\n"))
	case "write":
		n, _ := strconv.ParseInt(args[0], 10, 64)
		if _, err := io.Copy(out, pattern(n)); err != nil {
			fmt.Fprintln(os.Stderr, "write:", err)
			return 1
		}
	case "sha":
		h := sha256.New()
		n, err := io.Copy(h, os.NewFile(0, "fd0"))
		if err != nil {
			fmt.Fprintln(os.Stderr, "sha:", err)
			return 1
		}
		fmt.Fprintf(out, "%x %d\n", h.Sum(nil), n)
	case "kind":
		for _, a := range args {
			fd, _ := strconv.Atoi(a)
			fmt.Fprintln(os.Stderr, fdKind(fd))
		}
	case "print":
		// print FD TEXT...: write each TEXT to its FD.
		for i := 0; i+1 < len(args); i += 2 {
			fd, _ := strconv.Atoi(args[i])
			unix.Write(fd, []byte(args[i+1]))
		}
	case "server":
		// Read one line from fd 0, answer on fd 1.
		line, err := bufio.NewReader(os.NewFile(0, "fd0")).ReadString('\n')
		if err != nil {
			fmt.Fprintln(os.Stderr, "server:", err)
			return 1
		}
		fmt.Fprintf(out, "pong %s", line)
	case "client":
		// Ask on fd 1, read the answer from fd 0, report it on fd 2.
		fmt.Fprintf(out, "ping\n")
		line, err := bufio.NewReader(os.NewFile(0, "fd0")).ReadString('\n')
		if err != nil {
			fmt.Fprintln(os.Stderr, "client:", err)
			return 1
		}
		fmt.Fprint(os.Stderr, line)
	case "stopself":
		unix.Kill(unix.Getpid(), unix.SIGSTOP)
		return 7
	case "env":
		wd, _ := os.Getwd()
		fmt.Fprintf(out, "%s %s\n", wd, os.Getenv(args[0]))
	default:
		fmt.Fprintln(os.Stderr, "unknown helper", name)
		return 2
	}
	return 0
}

// listFDs lists /proc/self/fd without the os package, leaving out the
// directory it reads and the descriptors the Go runtime opens for itself
// at startup (it keeps the cgroup CPU limit files open to follow
// GOMAXPROCS changes): what is left is what execve gave the process.
func listFDs() string {
	d, err := unix.Open("/proc/self/fd", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return "error: " + err.Error()
	}
	defer unix.Close(d)
	var names []string
	buf := make([]byte, 4096)
	for {
		n, err := unix.Getdents(d, buf)
		if err != nil || n <= 0 {
			break
		}
		_, _, names = unix.ParseDirent(buf[:n], -1, names)
	}
	var fds []int
	for _, s := range names {
		n, _ := strconv.Atoi(s)
		lb := make([]byte, 256)
		ln, _ := unix.Readlink("/proc/self/fd/"+s, lb)
		if n == d || strings.HasPrefix(string(lb[:max(ln, 0)]), "/sys/fs/cgroup/") {
			continue
		}
		fds = append(fds, n)
	}
	slices.Sort(fds)
	var sb []string
	for _, n := range fds {
		sb = append(sb, strconv.Itoa(n))
	}
	return strings.Join(sb, " ")
}

// fdKind describes descriptor fd: "fd N fifo", "fd N sock unix stream",
// "fd N sock tcp stream local=... peer=...".
func fdKind(fd int) string {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return fmt.Sprintf("fd %d %v", fd, err)
	}
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFIFO:
		size, _ := unix.FcntlInt(uintptr(fd), unix.F_GETPIPE_SZ, 0)
		return fmt.Sprintf("fd %d fifo %d", fd, size)
	case unix.S_IFSOCK:
	case unix.S_IFREG:
		return fmt.Sprintf("fd %d file", fd)
	case unix.S_IFCHR:
		return fmt.Sprintf("fd %d chr", fd)
	default:
		return fmt.Sprintf("fd %d mode %o", fd, st.Mode)
	}
	dom, _ := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_DOMAIN)
	typ, _ := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_TYPE)
	s := fmt.Sprintf("fd %d sock", fd)
	switch dom {
	case unix.AF_UNIX:
		s += " unix"
	case unix.AF_INET, unix.AF_INET6:
		s += " tcp"
	default:
		s += fmt.Sprintf(" domain=%d", dom)
	}
	if typ == unix.SOCK_STREAM {
		s += " stream"
	} else {
		s += fmt.Sprintf(" type=%d", typ)
	}
	if dom == unix.AF_INET || dom == unix.AF_INET6 {
		l, _ := unix.Getsockname(fd)
		p, _ := unix.Getpeername(fd)
		s += " local=" + addrString(l) + " peer=" + addrString(p)
	}
	return s
}

func addrString(sa unix.Sockaddr) string {
	switch a := sa.(type) {
	case *unix.SockaddrInet4:
		return fmt.Sprintf("%d.%d.%d.%d:%d", a.Addr[0], a.Addr[1], a.Addr[2], a.Addr[3], a.Port)
	case *unix.SockaddrInet6:
		return fmt.Sprintf("[%x]:%d", a.Addr, a.Port)
	}
	return fmt.Sprint(sa)
}

// pattern returns n bytes of deterministic noise: one 1 MiB block from a
// seeded ChaCha8, repeated.
func pattern(n int64) io.Reader {
	return io.LimitReader(&repeatReader{b: patternBlock()}, n)
}

func patternBlock() []byte {
	b := make([]byte, 1<<20)
	rand.NewChaCha8([32]byte{'p', 'l', 'u', 'm', 'b'}).Read(b)
	return b
}

type repeatReader struct {
	b   []byte
	off int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	n := copy(p, r.b[r.off:])
	r.off = (r.off + n) % len(r.b)
	return n, nil
}

// patternSum is what the "sha" helper prints for pattern(n).
func patternSum(n int64) string {
	h := sha256.New()
	io.Copy(h, pattern(n))
	return hex.EncodeToString(h.Sum(nil)) + " " + strconv.FormatInt(n, 10)
}

// --- test-side helpers ---

var testExe string

// devNull is the stdin of most test stages; opened once, never closed,
// so it is part of the baseline every checkFDs compares against.
var devNull *os.File

// setupTests opens what the tests share. It is not done at package
// init: the helpers, which are this same binary, must open nothing.
func setupTests() {
	var err error
	if testExe, err = os.Executable(); err != nil {
		panic(err)
	}
	if devNull, err = os.OpenFile(os.DevNull, os.O_RDWR, 0); err != nil {
		panic(err)
	}
}

// hs is a stage running helper name with args; its table is /dev/null,
// out, errf (nil ones closed).
func hs(out, errf *os.File, name string, args ...string) *Stage {
	return &Stage{
		Path: testExe,
		Argv: append([]string{name}, args...),
		// The race runtime sleeps 1s at exit unless told not to.
		Env:   append(os.Environ(), helperEnv+"="+name, "GORACE=atexit_sleep_ms=0"),
		Files: []*os.File{devNull, out, errf},
	}
}

// xs is a stage running a real program.
func xs(out, errf *os.File, path string, args ...string) *Stage {
	return &Stage{
		Path:  path,
		Argv:  append([]string{filepath.Base(path)}, args...),
		Files: []*os.File{devNull, out, errf},
	}
}

// capture is a temporary file a stage writes to; read returns what it
// holds. The file is closed when the test ends.
type capture struct {
	*os.File
}

func newCapture(t *testing.T) capture {
	t.Helper()
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return capture{f}
}

func (c capture) String() string {
	b, err := os.ReadFile(c.Name())
	if err != nil {
		return "error: " + err.Error()
	}
	return string(b)
}

// plan joins stages with links of one kind.
func plan(kind LinkKind, stages ...*Stage) *Plan {
	p := &Plan{Stages: stages}
	for range len(stages) - 1 {
		p.Links = append(p.Links, Link{Kind: kind})
	}
	return p
}

// openFDs lists this process's descriptors, with what each one is.
func openFDs(t testing.TB) map[string]string {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, e := range ents {
		target, err := os.Readlink("/proc/self/fd/" + e.Name())
		if err != nil {
			continue // the directory ReadDir had open
		}
		m[e.Name()] = target
	}
	return m
}

// checkFDs makes the test fail if it ends with a descriptor open that was
// not open when it began, or with a child process not reaped, and if any
// child of this process is left (zombie or not).
func checkFDs(t *testing.T) {
	t.Helper()
	before := openFDs(t)
	t.Cleanup(func() {
		var leaked []string
		// Give closes that race with the test's end a moment.
		for try := 0; try < 20; try++ {
			leaked = leaked[:0]
			for fd, what := range openFDs(t) {
				if before[fd] != what {
					leaked = append(leaked, fd+" -> "+what)
				}
			}
			if len(leaked) == 0 {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if len(leaked) > 0 {
			slices.Sort(leaked)
			t.Errorf("descriptors leaked: %v", leaked)
		}
		if kids := children(); len(kids) > 0 {
			t.Errorf("processes left as children of the test: %v", kids)
		}
	})
}

// proc is one line of /proc/PID/stat.
type proc struct {
	pid, ppid, pgrp int
	state           string
	comm            string
}

func procs() []proc {
	ents, _ := os.ReadDir("/proc")
	var ps []proc
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:])
		if len(f) < 3 {
			continue
		}
		p := proc{pid: pid, state: f[0], comm: s[strings.IndexByte(s, '(')+1 : i]}
		p.ppid, _ = strconv.Atoi(f[1])
		p.pgrp, _ = strconv.Atoi(f[2])
		ps = append(ps, p)
	}
	return ps
}

// children lists the processes whose parent is this test process.
func children() []proc {
	var kids []proc
	me := os.Getpid()
	for _, p := range procs() {
		if p.ppid == me {
			kids = append(kids, p)
		}
	}
	return kids
}

// groupMembers lists the live (non-zombie) processes of group pgid.
func groupMembers(pgid int) []proc {
	var m []proc
	for _, p := range procs() {
		if p.pgrp == pgid && p.state != "Z" && p.state != "X" {
			m = append(m, p)
		}
	}
	return m
}

// runGuard runs p and fails the test if it has not returned after guard:
// a hang guard, not a speed test.
func runGuard(t *testing.T, ctx context.Context, p *Plan, guard time.Duration) (*Result, error, time.Duration) {
	t.Helper()
	type out struct {
		res *Result
		err error
	}
	c := make(chan out, 1)
	t0 := time.Now()
	go func() {
		res, err := Run(ctx, p)
		c <- out{res, err}
	}()
	select {
	case o := <-c:
		return o.res, o.err, time.Since(t0)
	case <-time.After(guard):
		t.Fatalf("pipeline still running after %v", guard)
	}
	panic("unreachable")
}

func statuses(res *Result) []int {
	var s []int
	for _, r := range res.Stages {
		s = append(s, r.Status)
	}
	return s
}
