package shell_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"net"
	"os"
	osexec "os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/plumbsh/plumb/shell"
)

// Socket links at the shell level: the operators |> |>tcp <|> <|>tcp,
// /dev/tcp and /dev/udp redirections, their faults, and --stats.

// oneWay are the one-way operators, each with the kind of descriptor its
// stages must hold.
var oneWay = []struct{ op, kind string }{
	{"|", "fifo"},
	{"|>", "socket unix stream"},
	{"|>tcp", "socket inet stream"},
}

var linkBehaviour = []behaviour{
	{"unix link", "printf 'x\\ny\\n' |> wc -l", "2\n", 0, false},
	{"tcp link", "printf 'x\\ny\\n' |>tcp wc -l", "2\n", 0, false},
	{"unix link status", "true |> (exit 5); echo $? ${PIPESTATUS[@]}", "5 0 5\n", 0, false},
	{"tcp link status", "(exit 3) |>tcp true; echo ${PIPESTATUS[@]}", "3 0\n", 0, false},
	{"mixed chain", "printf 'b\\na\\nb\\n' | sort |> uniq -c |>tcp tr -s ' '", " 1 a\n 2 b\n", 0, false},
	{"mixed chain all kinds", "seq 1 5 |& cat |> cat |>tcp cat | paste -sd+ | bc", "15\n", 0, false},
	// The conformance case: the pair's trailing 2>&1 applies to the
	// whole pipeline, so the client's stderr is the pipeline's stdout.
	{"bidi echo server", `sh -c 'echo hello; read reply; echo "client heard: $reply" >&2' <|> sh -c 'read line; echo "server: $line"' 2>&1`, "client heard: server: hello\n", 0, false},
	{"bidi tcp echo server", `sh -c 'echo hello; read reply; echo "client heard: $reply" >&2' <|>tcp sh -c 'read line; echo "server: $line"' 2>&1`, "client heard: server: hello\n", 0, false},
	{"bidi trailing redirection to file", `sh -c 'echo q; read a; echo "got $a" >&2' <|> sh -c 'read q; echo "re $q"; echo server-log >&2' 2>log; sort log`, "got re q\nserver-log\n", 0, false},
	{"bidi stage reaches the shell's fds", `exec 3>&1; sh -c 'echo q; read a; echo "$a" >&3' <|> sh -c 'read q; echo "re $q"'`, "re q\n", 0, false},
	{"bidi background", `sh -c 'echo hi; read a; echo "[$a]" >&2' <|> sh -c 'read l; echo "$l" | tr a-z A-Z' 2>&1 & wait`, "[HI]\n", 0, false},
	{"bidi status", "sh -c 'exit 4' <|> sh -c 'cat; exit 6'; echo ${PIPESTATUS[@]}", "4 6\n", 0, false},
	// a | b <|> c: the two-way link owns b's fd 0 and 1, so a's pipe
	// has no reader (a dies of SIGPIPE) and b talks only to c.
	{"pipe into bidi pair", `yes | sh -c 'echo ping; read a; echo "b heard: $a" >&2' <|> sed -u 's/^/c: /' 2>&1; echo ${PIPESTATUS[@]}`, "b heard: c: ping\n141 0 0\n", 0, false},
	// a <|> b | c: b's fd 1 is the two-way link, so c reads EOF at once.
	{"bidi pair into pipe", `sh -c 'echo ping; read a' <|> cat | wc -c`, "0\n", 0, false},
	{"builtin both ends unix", "echo abc |> { read x; echo \"got $x\"; }", "got abc\n", 0, false},
	{"builtin both ends tcp", "echo abc |>tcp { read x; echo \"got $x\"; }", "got abc\n", 0, false},
	{"function unix", "f() { tr a-z A-Z; }; echo abc |> f", "ABC\n", 0, false},
	{"function tcp", "f() { tr a-z A-Z; }; g() { echo abc; }; g |>tcp f", "ABC\n", 0, false},
	{"subshell unix", "(echo a; echo b) |> (sort -r)", "b\na\n", 0, false},
	{"subshell tcp", "(echo a; echo b) |>tcp (sort -r)", "b\na\n", 0, false},
	{"while loop over tcp", "seq 3 |>tcp while read n; do echo \"n=$n\"; done", "n=1\nn=2\nn=3\n", 0, false},
	{"builtin bidi", `{ echo ping; read a; echo "got $a" >&2; } <|> { read q; echo "pong:$q"; } 2>&1`, "got pong:ping\n", 0, false},
	{"function bidi tcp", `srv() { while read q; do echo "re:$q"; done; }; cli() { echo one; read a; echo "$a" >&2; echo two; read a; echo "$a" >&2; }; cli <|>tcp srv 2>&1`, "re:one\nre:two\n", 0, false},
	{"stage between two bidi links", "true <|> true <|> true; echo $?", "1\n", 0, false},
	{"unix link kind", "echo |> readlink /proc/self/fd/0 | cut -d: -f1", "socket\n", 0, false},
	{"tcp link kind", "echo |>tcp readlink /proc/self/fd/0 | cut -d: -f1", "socket\n", 0, false},
	{"yes tcp head", "yes |>tcp head -n 1; echo ${PIPESTATUS[@]}", "y\n141 0\n", 0, false},
}

func TestLinkBehaviour(t *testing.T) {
	runBehaviour(t, linkBehaviour)
}

// helperBinary builds testdata/linkhelper next to the plumb binary (and
// is removed with it by TestMain).
var helperOnce struct {
	sync.Mutex
	path string
}

func helperBinary(t *testing.T) string {
	t.Helper()
	helperOnce.Lock()
	defer helperOnce.Unlock()
	if helperOnce.path != "" {
		return helperOnce.path
	}
	bin := filepath.Join(filepath.Dir(plumbBinary(t)), "linkhelper")
	cmd := osexec.Command("go", "build", "-o", bin, "./testdata/linkhelper")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build linkhelper: %v\n%s", err, out)
	}
	helperOnce.path = bin
	return bin
}

// runIn runs a script with a Runner in dir and fails the test on a
// timeout (a hang guard) or a non-zero status.
func runIn(t *testing.T, dir, script string) (stdout, stderr string, res *shell.Result) {
	t.Helper()
	var out, errb bytes.Buffer
	r := &shell.Runner{Dir: dir, Stdout: &out, Stderr: &errb, Unchecked: true}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	res, err := r.Run(ctx, script)
	if ctx.Err() != nil {
		t.Fatalf("%q: hung (stderr %q)", script, errb.String())
	}
	if err != nil {
		t.Fatalf("%q: %v (stderr %q)", script, err, errb.String())
	}
	return out.String(), errb.String(), res
}

// Each stage holds the kind of descriptor its link names, with the unused
// direction of a one-way socket shut down, and nothing but fds 0 1 2.
func TestLinkDescriptorKinds(t *testing.T) {
	warmUp(t)
	checkFDs(t)
	h := helperBinary(t)
	cases := []struct {
		op         string
		left0      string // left stage's fd 0 (its fd 1 is the link)
		leftLink   string
		rightLink  string
		right1     string
		sameSocket bool // fd 0 and fd 1 are one two-way socket
	}{
		{op: "|", left0: "file", leftLink: "fifo", rightLink: "fifo", right1: "file"},
		{op: "|>", left0: "file", leftLink: "socket unix stream rd=eof", rightLink: "socket unix stream wr=EPIPE", right1: "file"},
		{op: "|>tcp", left0: "file", leftLink: "socket inet stream * rd=eof", rightLink: "socket inet stream * wr=EPIPE", right1: "file"},
		{op: "<|>", leftLink: "socket unix stream", rightLink: "socket unix stream", sameSocket: true},
		{op: "<|>tcp", leftLink: "socket inet stream *", rightLink: "socket inet stream *", sameSocket: true},
	}
	for _, c := range cases {
		t.Run(c.op, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "in"), nil, 0o644)
			script := fmt.Sprintf("%s fdinfo L <in %s %s fdinfo R >out", h, c.op, h)
			if c.sameSocket {
				// A redirection of fd 0 or 1 would replace the link end.
				script = fmt.Sprintf("%s fdinfo L %s %s fdinfo R", h, c.op, h)
			}
			runIn(t, dir, script)
			l := readInfo(t, filepath.Join(dir, "L"))
			r := readInfo(t, filepath.Join(dir, "R"))
			for _, info := range []map[string]string{l, r} {
				if info["open"] != "0 1 2" {
					t.Errorf("stage holds descriptors %q, want 0 1 2", info["open"])
				}
			}
			check := func(who, got, want string) {
				t.Helper()
				if !matchKind(got, want) {
					t.Errorf("%s: %q, want %q", who, got, want)
				}
			}
			if c.sameSocket {
				// fd 0 and fd 1 are the same two-way end. Its probes
				// depend on whether the peer has exited yet (EOF,
				// EPIPE), so only the kind is checked here.
				check("left fd 0", l["fd0"], c.leftLink+" …")
				check("left fd 1", l["fd1"], c.leftLink+" …")
				check("right fd 0", r["fd0"], c.rightLink+" …")
				check("right fd 1", r["fd1"], c.rightLink+" …")
				// The peer may exit between the probes of fd 0 and fd 1,
				// so a peer address shown as "?" in one of them matches
				// any.
				if sameEnd(l["fd0"], l["fd1"]) == "" {
					t.Errorf("left fd 0 and 1 differ: %q, %q", l["fd0"], l["fd1"])
				}
			} else {
				check("left fd 0", l["fd0"], c.left0)
				check("left fd 1", l["fd1"], c.leftLink)
				check("right fd 0", r["fd0"], c.rightLink)
				check("right fd 1", r["fd1"], c.right1)
			}
			if strings.HasSuffix(c.op, "tcp") {
				// One connection on loopback, the two stages at its ends.
				left := l["fd1"]
				if c.sameSocket {
					left = sameEnd(l["fd0"], l["fd1"]) // the one with a peer, if any
				}
				la, lp := addrs(t, left)
				ra, rp := addrs(t, r["fd0"])
				// The right end may have no peer any more (the left one
				// exited and its socket went through TIME_WAIT), so its
				// peer address is compared only when it still has one.
				if lp != "?" && lp != ra || rp != "?" && la != rp || lp == "?" && rp == "?" {
					t.Errorf("ends are not one connection: %s->%s and %s->%s", la, lp, ra, rp)
				}
				if !strings.HasPrefix(la, "127.0.0.1:") && !strings.HasPrefix(la, "[00000000000000000000000000000001]:") {
					t.Errorf("not loopback: %s", la)
				}
			}
		})
	}
	assertNoChildren(t)
}

func readInfo(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		k, v, _ := strings.Cut(line, " ")
		m[k] = v
	}
	return m
}

// matchKind matches a helper's description against a pattern of words,
// in which "*" stands for any one word (a tcp socket's addresses) and a
// final "…" for any further words.
func matchKind(got, want string) bool {
	prefix := strings.HasSuffix(want, " …")
	gw, ww := strings.Fields(got), strings.Fields(strings.TrimSuffix(want, " …"))
	if len(gw) < len(ww) || !prefix && len(gw) != len(ww) {
		return false
	}
	for i := range ww {
		if ww[i] != "*" && ww[i] != gw[i] {
			return false
		}
	}
	return true
}

// sameEnd reports whether two probes of one socket agree, allowing for a
// peer that went away between them (its address then reads "?"), and
// returns the probe that knows more, or "" when they disagree.
func sameEnd(a, b string) string {
	if a == b || strings.HasPrefix(b, a) {
		return b
	}
	if strings.HasPrefix(a, b) {
		return a
	}
	// "… 127.0.0.1:1->127.0.0.1:2 …" and "… 127.0.0.1:1->? …"
	fa, fb := strings.Fields(a), strings.Fields(b)
	if len(fa) < 4 || len(fb) < 4 || strings.Join(fa[:3], " ") != strings.Join(fb[:3], " ") {
		return ""
	}
	la, pa, _ := strings.Cut(fa[3], "->")
	lb, pb, _ := strings.Cut(fb[3], "->")
	switch {
	case la != lb:
		return ""
	case pb == "?":
		return a
	case pa == "?":
		return b
	}
	return ""
}

func addrs(t *testing.T, desc string) (local, peer string) {
	t.Helper()
	for _, f := range strings.Fields(desc) {
		if l, p, ok := strings.Cut(f, "->"); ok {
			return l, p
		}
	}
	t.Fatalf("no addresses in %q", desc)
	return "", ""
}

// 100 MB cross every link kind intact: one way through a real reader,
// two ways through an echoing peer.
func TestLinkIntegrity100MB(t *testing.T) {
	if testing.Short() {
		t.Skip("large transfer")
	}
	warmUp(t)
	checkFDs(t)
	h := helperBinary(t)
	dir := t.TempDir()
	want := writeData(t, filepath.Join(dir, "data"), 100)
	for _, c := range oneWay {
		t.Run(c.op, func(t *testing.T) {
			out, _, _ := runIn(t, dir, "cat data "+c.op+" sha256sum | cut -d' ' -f1")
			if strings.TrimSpace(out) != want {
				t.Errorf("sha256 %q, want %s", out, want)
			}
		})
	}
	for _, op := range []string{"<|>", "<|>tcp"} {
		t.Run(op, func(t *testing.T) {
			os.Remove(filepath.Join(dir, "sum"))
			runIn(t, dir, h+" sendrecv data sum "+op+" cat")
			b, _ := os.ReadFile(filepath.Join(dir, "sum"))
			if strings.TrimSpace(string(b)) != want {
				t.Errorf("echoed sha256 %q, want %s", b, want)
			}
		})
	}
	assertNoChildren(t)
}

// writeData writes mb MiB of a non-repeating-looking pattern and returns
// its sha256.
func writeData(t *testing.T, path string, mb int) string {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	buf := make([]byte, 1<<20)
	for i := 0; i < mb; i++ {
		for j := range buf {
			buf[j] = byte(i*31 + j*7 + j>>9)
		}
		f.Write(buf)
		h.Write(buf)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// A stage that exits while its peer still writes ends the peer with
// SIGPIPE over every link kind: `yes |> head -n 1` ends at once.
func TestLinkWriterGetsSIGPIPE(t *testing.T) {
	checkFDs(t)
	for _, op := range []string{"|", "|>", "|>tcp", "<|>", "<|>tcp"} {
		t.Run(op, func(t *testing.T) {
			start := time.Now()
			out, stderr, res := runIn(t, t.TempDir(), "yes "+op+" head -n 1")
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v", d) // a hang guard, not a speed test
			}
			if op[0] != '<' && out != "y\n" {
				t.Errorf("out %q", out)
			}
			st := res.Pipelines[0].Stages
			if st[0].Signal == syscall.SIGPIPE && st[1].Status == 0 {
				return
			}
			// A socket closed with unread data in it resets its peer:
			// AF_UNIX sets ECONNRESET on it (net/unix/af_unix.c,
			// unix_release_sock) and TCP sends a RST, which gives
			// ECONNRESET unless the peer had already received a FIN
			// (CLOSE_WAIT gives EPIPE; one-way |>tcp has that FIN from
			// the reader's SHUT_WR, two-way <|>tcp has not). The
			// writer's next send reports it before EPIPE: yes says
			// "Connection reset by peer" and exits 1. What matters
			// here is that the writer ends.
			if op != "|" && op != "|>tcp" && st[0].Status == 1 && strings.Contains(stderr, "Connection reset by peer") {
				t.Logf("%s: writer got ECONNRESET instead of EPIPE", op)
				return
			}
			t.Errorf("yes ended with %d (signal %v), head %d; want SIGPIPE, 0; stderr %q", st[0].Status, st[0].Signal, st[1].Status, stderr)
		})
	}
	assertNoChildren(t)
}

// A reader that goes away mid-stream over tcp (data unread in its socket,
// so the kernel answers with a reset) still ends the writer with SIGPIPE,
// many times in a row.
func TestTCPLinkResetIsSIGPIPE(t *testing.T) {
	checkFDs(t)
	n := 50
	if testing.Short() {
		n = 10
	}
	out, _, _ := runIn(t, t.TempDir(), fmt.Sprintf("for i in $(seq %d); do yes |>tcp head -c 100000 >/dev/null; echo ${PIPESTATUS[0]}; done | sort | uniq -c", n))
	if want := fmt.Sprintf("%d 141", n); strings.Join(strings.Fields(out), " ") != want {
		t.Errorf("writer statuses %q, want all 141", out)
	}
}

// A two-way pair holds a conversation: each request waits for its answer.
func TestBidiRequestResponse(t *testing.T) {
	checkFDs(t)
	for _, op := range []string{"<|>", "<|>tcp"} {
		t.Run(op, func(t *testing.T) {
			script := `client() { i=0; while [ $i -lt 50 ]; do i=$((i+1)); echo "q$i"; read a; echo "$a" >&2; done; }
server() { n=0; while read q; do n=$((n+1)); echo "answer $n to $q"; done; }
{ client ` + op + ` server; } 2>&1 | tail -n 2`
			out, _, _ := runIn(t, t.TempDir(), script)
			if out != "answer 49 to q49\nanswer 50 to q50\n" {
				t.Errorf("got %q", out)
			}
			// The same between two external processes.
			out, _, _ = runIn(t, t.TempDir(), `sh -c 'for q in a b c; do echo $q; read r; echo "$r" >&2; done' `+op+` sh -c 'while read q; do echo "re:$q"; done' 2>&1`)
			if out != "re:a\nre:b\nre:c\n" {
				t.Errorf("external pair: got %q", out)
			}
		})
	}
	assertNoChildren(t)
}

// /dev/tcp and /dev/udp connect out, as in bash; tests use only a
// listener on loopback.
func TestDevTCP(t *testing.T) {
	warmUp(t)
	checkFDs(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	// An echo server that prefixes each line.
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				sc := bufio.NewScanner(c)
				for sc.Scan() {
					fmt.Fprintf(c, "echo:%s\n", sc.Text())
				}
			}()
		}
	}()
	dir := t.TempDir()
	for _, host := range []string{"127.0.0.1", "localhost"} {
		script := fmt.Sprintf(`exec 3<>/dev/tcp/%s/%d
echo ping >&3; read r <&3; echo "$r"
echo pong >&3; read r <&3; echo "$r"
readlink /proc/self/fd/3 | cut -d: -f1
exec 3>&-`, host, port)
		out, stderr, res := runIn(t, dir, script)
		if out != "echo:ping\necho:pong\nsocket\n" || res.Status != 0 {
			t.Errorf("%s: got %q status %d, stderr %q", host, out, res.Status, stderr)
		}
	}
	// A redirection of a pipeline stage.
	sink, got := sinkListener(t)
	out, _, _ := runIn(t, dir, fmt.Sprintf("seq 3 | cat >/dev/tcp/127.0.0.1/%d; echo $?", sink))
	if out != "0\n" || got() != "1\n2\n3\n" {
		t.Errorf("got %q, listener got %q", out, got())
	}
	assertNoChildren(t)
}

// sinkListener accepts one connection on loopback and collects what it
// sends; got waits for its end.
func sinkListener(t *testing.T) (port int, got func() string) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	var buf bytes.Buffer
	done := make(chan struct{})
	go func() {
		defer close(done)
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		c.SetReadDeadline(time.Now().Add(30 * time.Second))
		buf.ReadFrom(c)
	}()
	return ln.Addr().(*net.TCPAddr).Port, func() string { <-done; return buf.String() }
}

func TestDevUDP(t *testing.T) {
	checkFDs(t)
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	port := pc.LocalAddr().(*net.UDPAddr).Port
	runIn(t, t.TempDir(), fmt.Sprintf("echo datagram > /dev/udp/127.0.0.1/%d", port))
	pc.SetReadDeadline(time.Now().Add(10 * time.Second))
	buf := make([]byte, 100)
	n, _, err := pc.ReadFrom(buf)
	if err != nil || string(buf[:n]) != "datagram\n" {
		t.Errorf("got %q, %v", buf[:n], err)
	}
}

// A refused connection, an unknown host or a malformed name: one line on
// stderr, status 1, nothing left open.
func TestDevTCPErrors(t *testing.T) {
	warmUp(t)
	checkFDs(t)
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close() // now nothing listens there: connect is refused
	cases := []struct{ target, msg string }{
		{fmt.Sprintf("/dev/tcp/127.0.0.1/%d", port), fmt.Sprintf("plumb: /dev/tcp/127.0.0.1/%d: connect: Connection refused\n", port)},
		// .onion names are never sent to DNS (RFC 7686), so this
		// stays on this machine.
		{"/dev/tcp/no-such-host.onion/80", "plumb: /dev/tcp/no-such-host.onion/80: unknown host no-such-host.onion\n"},
		{"/dev/tcp/127.0.0.1/no-such-service-zz", "plumb: /dev/tcp/127.0.0.1/no-such-service-zz: unknown port no-such-service-zz\n"},
		{"/dev/tcp/127.0.0.1", "plumb: /dev/tcp/127.0.0.1: expected /dev/tcp/HOST/PORT\n"},
	}
	for _, c := range cases {
		out, stderr, _ := runIn(t, t.TempDir(), "echo x > "+c.target+"; echo $?; exec 4<>"+c.target+"; echo $?")
		if out != "1\n1\n" || stderr != c.msg+c.msg {
			t.Errorf("%s: got %q, stderr %q; want status 1 and %q", c.target, out, stderr, c.msg)
		}
	}
	assertNoChildren(t)
}

// A link that cannot be made (here: no descriptor left for its sockets)
// is one line naming the stages, the link and the system call; status 1;
// nothing is left open or running. The descriptor limit is lowered step
// by step, so each system call of the link's setup gets its turn to fail.
func TestLinkSetupFailure(t *testing.T) {
	warmUp(t)
	checkFDs(t)
	var lim unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	defer unix.Setrlimit(unix.RLIMIT_NOFILE, &lim)
	out, _ := os.Create(filepath.Join(t.TempDir(), "out"))
	defer out.Close()
	null, _ := os.Open(os.DevNull)
	defer null.Close()
	line := regexp.MustCompile(`^plumb: link (\|>|\|>tcp|<\|>tcp) from stage (\d) \(true\) to stage (\d) \(true\): (socketpair|socket|bind|listen|connect|accept4|getsockname): Too many open files\nstatus 1\n$`)
	calls := map[string]bool{}
	for _, script := range []string{"true |> true", "true |>tcp true", "true <|>tcp true", "true |> true |>tcp true"} {
		for free := 0; free <= 5; free++ {
			r := &shell.Runner{Stdin: null, Stdout: out, Stderr: out, Unchecked: true}
			limit := lowestFree(t, free)
			if err := unix.Setrlimit(unix.RLIMIT_NOFILE, &unix.Rlimit{Cur: uint64(limit), Max: lim.Max}); err != nil {
				t.Fatal(err)
			}
			_, err := r.Run(context.Background(), script+"; echo status $?")
			unix.Setrlimit(unix.RLIMIT_NOFILE, &lim)
			if err != nil {
				t.Fatalf("%s: %v", script, err)
			}
			b, _ := os.ReadFile(out.Name())
			out.Truncate(0)
			out.Seek(0, 0)
			if string(b) == "status 0\n" && free > 0 {
				continue
			}
			m := line.FindStringSubmatch(string(b))
			if m == nil {
				t.Errorf("%s with %d free descriptors: got %q", script, free, b)
				continue
			}
			calls[m[4]] = true
		}
	}
	for _, c := range []string{"socketpair", "socket", "accept4"} {
		if !calls[c] {
			t.Errorf("no failure of %s seen (saw %v)", c, calls)
		}
	}
	assertNoChildren(t)
}

// lowestFree returns the descriptor number above which n more would be
// allocated: the (n+1)th lowest number not open now.
func lowestFree(t *testing.T, n int) int {
	t.Helper()
	open := map[string]bool{}
	for _, fd := range openFDs(t) {
		open[fd] = true
	}
	for fd := 0; ; fd++ {
		if !open[fmt.Sprint(fd)] {
			if n == 0 {
				return fd
			}
			n--
		}
	}
}

// --stats and the recorder see the bytes each stage read and wrote
// (rchar/wchar of /proc/PID/io), within 1% of what was sent, over every
// link kind.
func TestStatsByteCounts(t *testing.T) {
	checkFDs(t)
	const size = 20 << 20
	for _, op := range []string{"|", "|&", "|>", "|>tcp"} {
		t.Run(op, func(t *testing.T) {
			_, _, res := runIn(t, t.TempDir(), fmt.Sprintf("head -c %d /dev/zero %s cat >/dev/null", size, op))
			st := res.Pipelines[0].Stages
			// head reads /dev/zero and writes the link; cat reads the
			// link and writes /dev/null: each moves size bytes both ways,
			// plus the dynamic loader's and locale's few KiB of reads.
			for i, got := range []int64{st[0].ReadBytes, st[0].WriteBytes, st[1].ReadBytes, st[1].WriteBytes} {
				if !within(got, size, 0.01) {
					t.Errorf("stage %d %s: %d bytes, want %d ± 1%%", i/2+1, []string{"read", "written"}[i%2], got, size)
				}
			}
		})
	}
	for _, op := range []string{"<|>", "<|>tcp"} {
		t.Run(op, func(t *testing.T) {
			h := helperBinary(t)
			dir := t.TempDir()
			writeData(t, filepath.Join(dir, "data"), 20)
			_, _, res := runIn(t, dir, h+" sendrecv data sum "+op+" cat")
			st := res.Pipelines[0].Stages
			// The helper reads the file and the echo (2×), writes the
			// link; cat reads and writes the link.
			for i, c := range []struct{ got, want int64 }{
				{st[0].ReadBytes, 2 * size}, {st[0].WriteBytes, size}, {st[1].ReadBytes, size}, {st[1].WriteBytes, size},
			} {
				if !within(c.got, c.want, 0.01) {
					t.Errorf("count %d: %d bytes, want %d ± 1%%", i, c.got, c.want)
				}
			}
		})
	}
}

func within(got, want int64, frac float64) bool {
	d := float64(got - want)
	return d >= -frac*float64(want) && d <= frac*float64(want)
}

// The --stats table: a header and one row per stage, on stderr.
func TestStatsTable(t *testing.T) {
	bin := plumbBinary(t)
	cmd := osexec.Command(bin, "--stats", "-c", "head -c 10485760 /dev/zero |>tcp cat >/dev/null; set +o stats; echo x | cat >/dev/null")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("want a header and 2 rows, got:\n%s", stderr.String())
	}
	for _, f := range []string{"STAGE", "PID", "STATUS", "WALL", "USER", "SYS", "MAXRSS", "READ", "WRITTEN"} {
		if !strings.Contains(lines[0], f) {
			t.Errorf("header %q lacks %s", lines[0], f)
		}
	}
	row := regexp.MustCompile(`^(head -c 10485760 /dev/z…|cat) +\d+ +0 +\S+ +\S+ +\S+ +(?:\S+MiB|-) +(\S+) +(\S+)$`)
	for i, want := range [][2]string{{"10.0MiB", "10.0MiB"}, {"10.0MiB", "10.0MiB"}} {
		m := row.FindStringSubmatch(lines[i+1])
		if m == nil || m[2] != want[0] || m[3] != want[1] {
			t.Errorf("row %d: %q, want read %s written %s", i+1, lines[i+1], want[0], want[1])
		}
	}
}

// The recorder's results and the exec package agree on which stages ran
// in-process: a function stage has no pid and no byte counts.
func TestStatsInProcessStage(t *testing.T) {
	_, _, res := runIn(t, t.TempDir(), "f() { cat; }; head -c 1000 /dev/zero |> f | wc -c >/dev/null")
	var outer *shell.PipelineResult
	for _, p := range res.Pipelines {
		if len(p.Stages) == 3 {
			outer = p
		}
	}
	if outer == nil {
		t.Fatalf("no 3-stage pipeline in %d results", len(res.Pipelines))
	}
	if f := outer.Stages[1]; f.Pid != 0 || !f.Func() || f.ReadBytes != -1 {
		t.Errorf("function stage: pid %d func %v read %d", f.Pid, f.Func(), f.ReadBytes)
	}
}
