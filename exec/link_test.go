package exec

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// Each link kind gives each side the kernel object it says, shut down in
// the unused direction, and PipeSize reaches the pipe.
func TestLinkKinds(t *testing.T) {
	for _, tc := range []struct {
		link        Link
		left, right string // the kind helper's report, up to addresses
	}{
		{Link{Kind: Pipe}, "fd 1 fifo 65536", "fd 0 fifo 65536"},
		{Link{Kind: Unix}, "fd 1 sock unix stream", "fd 0 sock unix stream"},
		{Link{Kind: TCP}, "fd 1 sock tcp stream", "fd 0 sock tcp stream"},
		{Link{Kind: Unix, Bidi: true}, "fd 0 sock unix stream|fd 1 sock unix stream", "fd 0 sock unix stream|fd 1 sock unix stream"},
		{Link{Kind: TCP, Bidi: true}, "fd 0 sock tcp stream|fd 1 sock tcp stream", "fd 0 sock tcp stream|fd 1 sock tcp stream"},
	} {
		name := tc.link.Kind.String()
		if tc.link.Bidi {
			name += "-bidi"
		}
		t.Run(name, func(t *testing.T) {
			checkFDs(t)
			le, re := newCapture(t), newCapture(t)
			p := &Plan{Stages: []*Stage{hs(nil, le.File, "kind", "0", "1"), hs(nil, re.File, "kind", "0", "1")}, Links: []Link{tc.link}}
			if _, err := Run(context.Background(), p); err != nil {
				t.Fatal(err)
			}
			l, r := kindLines(le.String()), kindLines(re.String())
			la, ra := addrs(le.String()), addrs(re.String())
			if !strings.Contains(l, tc.left) || !strings.Contains(r, tc.right) {
				t.Errorf("left sees %q, right sees %q; want %q, %q", l, r, tc.left, tc.right)
			}
			if tc.link.Kind == TCP {
				// The two ends are the two sides of one connection.
				// (A side whose peer has already exited and closed
				// may have no peer address left: "<nil>".)
				peerOK := func(peer, local string) bool { return peer == "<nil>" || peer == local }
				if la[0] == "" || ra[0] == "" || la[0] == ra[0] || !peerOK(la[1], ra[0]) || !peerOK(ra[1], la[0]) {
					t.Errorf("addresses: left %v right %v", la, ra)
				}
			}
		})
	}
	t.Run("pipesize", func(t *testing.T) {
		checkFDs(t)
		le := newCapture(t)
		p := plan(Pipe, hs(nil, le.File, "kind", "1"), hs(nil, os.Stderr, "cat"))
		p.PipeSize = 1 << 20
		if _, err := Run(context.Background(), p); err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimSpace(le.String()); got != "fd 1 fifo 1048576" {
			t.Errorf("got %q", got)
		}
	})
}

// kindLines keeps the lines of the kind helper that describe fds 0 and
// 1, up to their addresses, joined by |.
func kindLines(s string) string {
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		if i := strings.Index(l, " local="); i >= 0 {
			l = l[:i]
		}
		out = append(out, l)
	}
	return strings.Join(out, "|")
}

func addrs(s string) [2]string {
	var a [2]string
	for _, f := range strings.Fields(s) {
		if v, ok := strings.CutPrefix(f, "local="); ok {
			a[0] = v
		}
		if v, ok := strings.CutPrefix(f, "peer="); ok {
			a[1] = v
		}
	}
	return a
}

// A request and its answer over one two-way socket, both stages external.
func TestBidi(t *testing.T) {
	for _, k := range []LinkKind{Unix, TCP} {
		t.Run(k.String(), func(t *testing.T) {
			checkFDs(t)
			answer := newCapture(t)
			p := &Plan{
				Stages: []*Stage{hs(nil, answer.File, "client"), hs(nil, os.Stderr, "server")},
				Links:  []Link{{Kind: k, Bidi: true}},
			}
			res, _, _ := runGuard(t, context.Background(), p, 10*time.Second)
			if answer.String() != "pong ping\n" || fmt.Sprint(statuses(res)) != "[0 0]" {
				t.Errorf("client got %q, statuses %v", answer.String(), statuses(res))
			}
		})
	}
}

// In `yes | server <|> client` the bidi link owns both of server's fds;
// the pipe's read end lands nowhere and is closed before anything starts,
// so yes dies of SIGPIPE at once. In `client <|> server | cat` the pipe's
// write end lands nowhere and cat reads EOF.
func TestBidiOverridesOneWay(t *testing.T) {
	checkFDs(t)
	answer := newCapture(t)
	p := &Plan{
		Stages: []*Stage{xs(nil, os.Stderr, "/usr/bin/yes"), hs(nil, os.Stderr, "server"), hs(nil, answer.File, "client")},
		Links:  []Link{{Kind: Pipe}, {Kind: Unix, Bidi: true}},
	}
	res, err, _ := runGuard(t, context.Background(), p, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if answer.String() != "pong ping\n" || fmt.Sprint(statuses(res)) != "[141 0 0]" {
		t.Errorf("client got %q, statuses %v", answer.String(), statuses(res))
	}

	answer2, out := newCapture(t), newCapture(t)
	p = &Plan{
		Stages: []*Stage{hs(nil, answer2.File, "client"), hs(nil, os.Stderr, "server"), hs(out.File, os.Stderr, "cat")},
		Links:  []Link{{Kind: TCP, Bidi: true}, {Kind: Pipe}},
	}
	res, err, _ = runGuard(t, context.Background(), p, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if answer2.String() != "pong ping\n" || out.String() != "" || fmt.Sprint(statuses(res)) != "[0 0 0]" {
		t.Errorf("client got %q, cat got %q, statuses %v", answer2.String(), out.String(), statuses(res))
	}
}

// A stranger that connects to the TCP listener while the link is being
// made (here: before our own dial, so first in the accept queue) is
// closed, and the link is our own connection.
func TestTCPStranger(t *testing.T) {
	checkFDs(t)
	stranger := -1
	testHookListening = func(sa unix.Sockaddr) {
		fam := unix.AF_INET
		if _, ok := sa.(*unix.SockaddrInet6); ok {
			fam = unix.AF_INET6
		}
		fd, err := unix.Socket(fam, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
		if err != nil {
			t.Error(err)
			return
		}
		if err := unix.Connect(fd, sa); err != nil {
			t.Error(err)
		}
		stranger = fd
	}
	defer func() { testHookListening = nil }()
	out := newCapture(t)
	n := int64(1 << 20)
	p := plan(TCP, hs(nil, os.Stderr, "write", fmt.Sprint(n)), hs(out.File, os.Stderr, "sha"))
	if _, err := Run(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	if stranger < 0 {
		t.Fatal("hook did not run")
	}
	defer unix.Close(stranger)
	if got, want := strings.TrimSpace(out.String()), patternSum(n); got != want {
		t.Errorf("sha %q, want %q", got, want)
	}
	// The stranger was accepted and closed: it reads EOF, never data.
	unix.SetsockoptTimeval(stranger, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &unix.Timeval{Sec: 5})
	buf := make([]byte, 16)
	if k, err := unix.Read(stranger, buf); k != 0 || (err != nil && err != unix.ECONNRESET) {
		t.Errorf("stranger read %d bytes, err %v; want EOF", k, err)
	}
}

// Plan shape errors fail Start before anything is made, and still close
// the Redir files exec owns.
func TestPlanErrors(t *testing.T) {
	checkFDs(t)
	cat := func() *Stage { return hs(nil, os.Stderr, "cat") }
	for name, p := range map[string]*Plan{
		"no stages":   {},
		"links":       {Stages: []*Stage{cat(), cat()}},
		"pipe bidi":   {Stages: []*Stage{cat(), cat()}, Links: []Link{{Kind: Pipe, Bidi: true}}},
		"two bidi":    {Stages: []*Stage{cat(), cat(), cat()}, Links: []Link{{Kind: Unix, Bidi: true}, {Kind: TCP, Bidi: true}}},
		"bad kind":    {Stages: []*Stage{cat(), cat()}, Links: []Link{{Kind: 7}}},
		"nil stage":   {Stages: []*Stage{cat(), nil}, Links: []Link{{}}},
		"negative fd": {Stages: []*Stage{{Path: "/bin/true", Redirs: []Redir{{Fd: -1, Close: true}}}}},
	} {
		f, _ := os.Open(os.DevNull)
		if len(p.Stages) > 0 {
			p.Stages[0].Redirs = append(p.Stages[0].Redirs, Redir{Fd: 5, File: f})
		}
		if _, err := Start(context.Background(), p); err == nil {
			t.Errorf("%s: no error", name)
		} else {
			t.Logf("%s: %v", name, err)
		}
		f.Close() // already closed by Start, except for "no stages"
	}
}

// A socket stays blocking for the child: O_NONBLOCK set on a shared
// socket would break programs that never expect EAGAIN.
func TestLinkEndsBlocking(t *testing.T) {
	checkFDs(t)
	for i, l := range []Link{{Kind: Pipe}, {Kind: Unix}, {Kind: TCP}, {Kind: TCP, Bidi: true}} {
		a, b, err := makeLink(i, l, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []*os.File{a, b} {
			raw, _ := f.SyscallConn()
			raw.Control(func(fd uintptr) {
				fl, _ := unix.FcntlInt(fd, unix.F_GETFL, 0)
				fdfl, _ := unix.FcntlInt(fd, unix.F_GETFD, 0)
				if fl&unix.O_NONBLOCK != 0 || fdfl&unix.FD_CLOEXEC == 0 {
					t.Errorf("%v: %s flags %#x fd flags %#x", l, f.Name(), fl, fdfl)
				}
			})
			f.Close()
		}
	}
}

// Strangers that fill the listener's accept queue before our dial do not
// make the TCP link fail, nor get into it: acceptPeer drains them while
// the dial is in progress, and the dial's retransmitted SYN gets in
// ("burst", with the backlog lowered so that 40 strangers fill it).
// With the real backlog, a stranger that connects in a loop all the
// while cannot fill it ("flood").
func TestTCPQueueFilled(t *testing.T) {
	for _, tc := range []struct {
		name          string
		backlog, fill int
		flood         bool
	}{
		{"burst", 4, 40, false},
		{"flood", listenBacklog, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkFDs(t)
			old := listenBacklog
			listenBacklog = tc.backlog
			var strangers []int
			full := false
			stop := make(chan struct{})
			done := make(chan int, 1)
			testHookListening = func(lsa unix.Sockaddr) {
				dial := strangerDialer(lsa)
				for range tc.fill {
					fd, err := dial()
					if fd < 0 {
						t.Error(err)
						return
					}
					strangers = append(strangers, fd)
					// On loopback a connect completes at once while
					// the queue has room; EINPROGRESS means its SYN
					// was dropped.
					full = full || err == unix.EINPROGRESS
				}
				if !tc.flood {
					done <- 0
					return
				}
				go func() {
					n := 0
					for {
						select {
						case <-stop:
							done <- n
							return
						default:
						}
						if fd, _ := dial(); fd >= 0 {
							unix.Close(fd)
							n++
						}
					}
				}()
			}
			defer func() {
				testHookListening = nil
				listenBacklog = old
				for _, fd := range strangers {
					unix.Close(fd)
				}
			}()
			out := newCapture(t)
			n := int64(1 << 20)
			p := plan(TCP, hs(nil, os.Stderr, "write", fmt.Sprint(n)), hs(out.File, os.Stderr, "sha"))
			res, err, d := runGuard(t, context.Background(), p, 30*time.Second)
			close(stop)
			more := <-done
			if err != nil {
				t.Fatal(err)
			}
			if tc.fill > 0 && !full {
				t.Errorf("the strangers never filled the accept queue")
			}
			t.Logf("link made past %d strangers that filled the queue and %d more, in %v", len(strangers), more, d)
			if got, want := strings.TrimSpace(out.String()), patternSum(n); got != want || res.Status != 0 {
				t.Errorf("sha %q status %d, want %q", got, res.Status, want)
			}
		})
	}
}

// strangerDialer returns a function that connects a new non-blocking
// socket to the listener at lsa. It dials a copy of lsa: Connect writes
// into the Sockaddr it is given, and tcpLink dials with lsa too.
func strangerDialer(lsa unix.Sockaddr) func() (int, error) {
	fam, sa := unix.AF_INET, unix.Sockaddr(nil)
	switch a := lsa.(type) {
	case *unix.SockaddrInet4:
		sa = &unix.SockaddrInet4{Port: a.Port, Addr: a.Addr}
	case *unix.SockaddrInet6:
		fam, sa = unix.AF_INET6, &unix.SockaddrInet6{Port: a.Port, Addr: a.Addr}
	}
	return func() (int, error) {
		fd, err := unix.Socket(fam, unix.SOCK_STREAM|unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK, 0)
		if err != nil {
			return -1, err
		}
		return fd, unix.Connect(fd, sa)
	}
}
