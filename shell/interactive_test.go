// The prompt's tests, each driving a real plumb on a pty. The file is
// long (over 700 lines) because the cases share its pty helpers and
// read as one story of the prompt; split it by topic when it grows.

package shell_test

import (
	"bytes"
	"fmt"
	"os"
	osexec "os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// These tests drive the real binary through a pseudo-terminal, as a user
// would: they type, and wait for text to appear. Every wait has a
// generous deadline (hangDeadline) that only a hang reaches.

const hangDeadline = 20 * time.Second

// ptyTerm is plumb running on the slave side of a pty.
type ptyTerm struct {
	t    *testing.T
	pty  *os.File // the master: what we type goes in, what plumb draws comes out
	cmd  *osexec.Cmd
	dir  string
	mu   sync.Mutex
	out  bytes.Buffer
	mark int // expect searches from here
	eof  chan struct{}
	done chan struct{}
	err  error // the cmd's Wait error, once done
}

// startPty starts plumb with args on a new pty, in its own session (the
// pty is its controlling terminal), in dir, with a clean environment:
// HOME and the history file in dir, TERM=xterm, NO_COLOR and a plain PS1
// unless env overrides them.
func startPty(t *testing.T, dir string, env []string, args ...string) *ptyTerm {
	t.Helper()
	bin := plumbBinary(t)
	cmd := osexec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append([]string{
		"PATH=/usr/local/bin:/usr/bin:/bin",
		"HOME=" + dir,
		"PWD=" + dir,
		"PLUMB_HISTFILE=" + filepath.Join(dir, "history"),
		"TERM=xterm",
		"NO_COLOR=1",
		"PS1=P$? ",
		"LC_ALL=C",
	}, env...)
	if v := os.Getenv("GORACE"); v != "" {
		cmd.Env = append(cmd.Env, "GORACE="+v) // a -race binary's reports
	}
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 200})
	if err != nil {
		t.Fatal(err)
	}
	tm := &ptyTerm{t: t, pty: f, cmd: cmd, dir: dir, eof: make(chan struct{}), done: make(chan struct{})}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := f.Read(buf)
			tm.mu.Lock()
			tm.out.Write(buf[:n])
			tm.mu.Unlock()
			if err != nil {
				close(tm.eof)
				return
			}
		}
	}()
	go func() {
		tm.err = cmd.Wait()
		close(tm.done)
	}()
	t.Cleanup(func() {
		select {
		case <-tm.done:
		default:
			cmd.Process.Kill()
			<-tm.done
		}
		f.Close()
		if t.Failed() {
			t.Logf("terminal transcript:\n%s", tm.transcript())
		}
	})
	return tm
}

func (tm *ptyTerm) transcript() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return strings.ReplaceAll(tm.out.String(), "\r", "")
}

// send types s.
func (tm *ptyTerm) send(s string) {
	tm.t.Helper()
	if _, err := tm.pty.Write([]byte(s)); err != nil {
		tm.t.Fatalf("typing %q: %v", s, err)
	}
}

// expect waits until the output after the last match matches re, and
// returns the match; the next expect starts after it.
func (tm *ptyTerm) expect(re string) string {
	tm.t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(hangDeadline)
	for {
		tm.mu.Lock()
		rest := tm.out.Bytes()[tm.mark:]
		if loc := rx.FindIndex(rest); loc != nil {
			m := string(rest[loc[0]:loc[1]])
			tm.mark += loc[1]
			tm.mu.Unlock()
			return m
		}
		tm.mu.Unlock()
		if time.Now().After(deadline) {
			tm.t.Fatalf("no %q on the terminal after %v", re, hangDeadline)
		}
		select {
		case <-tm.eof:
			// One last look after the end of output.
			tm.mu.Lock()
			loc := rx.FindIndex(tm.out.Bytes()[tm.mark:])
			tm.mu.Unlock()
			if loc == nil {
				tm.t.Fatalf("terminal closed without %q", re)
			}
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// wait waits for plumb to exit and returns its wait status.
func (tm *ptyTerm) wait() syscall.WaitStatus {
	tm.t.Helper()
	select {
	case <-tm.done:
	case <-time.After(hangDeadline):
		tm.t.Fatalf("plumb did not exit")
	}
	return tm.cmd.ProcessState.Sys().(syscall.WaitStatus)
}

// waitProc waits until a descendant of plumb runs argv (as
// /proc/PID/cmdline says) and returns its pid.
func (tm *ptyTerm) waitProc(argv ...string) int {
	tm.t.Helper()
	return waitDescendant(tm.t, tm.cmd.Process.Pid, argv...)
}

// procState returns the state letter of /proc/PID/stat (R, S, T, Z), or
// "" when the process is gone (reaped).
func procState(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return ""
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 || i+2 >= len(s) {
		return ""
	}
	return s[i+2 : i+3]
}

func ppid(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	p, _ := strconv.Atoi(f[1])
	return p
}

func descends(pid, ancestor int) bool {
	for i := 0; i < 10 && pid > 1; i++ {
		pid = ppid(pid)
		if pid == ancestor {
			return true
		}
	}
	return false
}

// waitGone waits until pid has been reaped.
func waitGone(t *testing.T, pid int) {
	t.Helper()
	waitUntil(t, func() bool { return procState(pid) == "" },
		func() string { return fmt.Sprintf("process %d still there (state %s)", pid, procState(pid)) })
}

// waitState waits until pid is in state st (T: stopped).
func waitState(t *testing.T, pid int, st string) {
	t.Helper()
	waitUntil(t, func() bool { return procState(pid) == st },
		func() string { return fmt.Sprintf("process %d in state %q, want %q", pid, procState(pid), st) })
}

// waitInputWait waits until a thread of pid is blocked waiting for input:
// in read(2), or in poll(2) or ppoll(2), which the read builtin uses to
// wait for input and a signal at once (Go's runtime itself waits in
// epoll_pwait and futex, never in these). It is how a test knows that
// `read` waits before it types or sends a signal.
func waitInputWait(t *testing.T, pid int) {
	t.Helper()
	waitUntil(t, func() bool { return inInputWait(pid) },
		func() string { return fmt.Sprintf("process %d never waited for input", pid) })
}

func inInputWait(pid int) bool {
	nrs := map[string]bool{strconv.Itoa(unix.SYS_READ): true, strconv.Itoa(unix.SYS_PPOLL): true}
	if runtime.GOARCH == "amd64" {
		nrs["7"] = true // poll(2), which unix.Poll calls on amd64 (arm64 has only ppoll)
	}
	tasks, _ := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	for _, task := range tasks {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/syscall", pid, task.Name()))
		if f := strings.Fields(string(b)); err == nil && len(f) > 0 && nrs[f[0]] {
			return true
		}
	}
	return false
}

// cpuTicks is the CPU time (user and system) pid has used, in clock
// ticks, or -1 when it is gone.
func cpuTicks(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return -1
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	utime, _ := strconv.Atoi(f[11])
	stime, _ := strconv.Atoi(f[12])
	return utime + stime
}

// waitBusy waits until pid has used n more clock ticks of CPU than from:
// a loop that never blocks is running.
func waitBusy(t *testing.T, pid, from, n int) {
	t.Helper()
	waitUntil(t, func() bool { return cpuTicks(pid) >= from+n },
		func() string {
			return fmt.Sprintf("process %d used %d ticks, want %d more than %d", pid, cpuTicks(pid), n, from)
		})
}

func TestPromptPipeline(t *testing.T) {
	tm := startPty(t, t.TempDir(), nil)
	tm.expect(`P0 `)
	tm.send("echo hello world | tr a-z A-Z\r")
	tm.expect(`\nHELLO WORLD\r?\n`)
	tm.expect(`P0 `)
	tm.send("false\r")
	tm.expect(`P1 `)
	tm.send("exit 3\r")
	if ws := tm.wait(); ws.ExitStatus() != 3 {
		t.Errorf("exit status %v, want 3", ws)
	}
}

func TestPromptDefaultShowsDirAndStatus(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	// The environment sets PS1; the session unsets it first.
	tm2 := startPty(t, dir, nil)
	tm2.expect(`P0 `)
	tm2.send("unset PS1; cd sub; false\r")
	tm2.expect(`~/sub \[1\][$#] `)
	tm2.send("true\r")
	tm2.expect(`~/sub[$#] `)
}

func TestPromptContinuation(t *testing.T) {
	tm := startPty(t, t.TempDir(), nil)
	tm.expect(`P0 `)
	tm.send("echo abc |\r")
	tm.expect(`> `)
	tm.send("tr a-z A-Z\r")
	tm.expect(`\nABC\r?\n`)
	tm.expect(`P0 `)
	tm.send("for i in 1 2\r")
	tm.expect(`> `)
	tm.send("do echo n$i\r")
	tm.expect(`> `)
	tm.send("done\r")
	tm.expect(`n1\r?\nn2\r?\n`)
	tm.expect(`P0 `)
	tm.send("exit\r")
	tm.wait()
	hist, err := os.ReadFile(filepath.Join(tm.dir, "history"))
	if err != nil {
		t.Fatal(err)
	}
	want := "echo abc |\\ntr a-z A-Z\nfor i in 1 2\\ndo echo n$i\\ndone\nexit\n"
	if string(hist) != want {
		t.Errorf("history file:\n%q\nwant\n%q", hist, want)
	}
}

// Ctrl-D inside a continuation ends that command with bash's message,
// not the shell; a here-document typed at the prompt takes its lines.
func TestPromptContinuationEOFAndHeredoc(t *testing.T) {
	tm := startPty(t, t.TempDir(), nil)
	tm.expect(`P0 `)
	tm.send("if true; then\r")
	tm.expect(`> `)
	tm.send("\x04")
	tm.expect(`syntax error: unexpected end of file`)
	tm.expect(`P\d+ `)
	tm.send("cat <<E | tr a-z A-Z\r")
	tm.expect(`> `)
	tm.send("typed\r")
	tm.expect(`> `)
	tm.send("E\r")
	tm.expect(`\nTYPED\r?\n`)
	tm.expect(`P0 `)
	tm.send("exit\r")
	if ws := tm.wait(); ws.ExitStatus() != 0 {
		t.Errorf("exit status %v, want 0", ws)
	}
}

func TestPromptHistoryRestartAndSearch(t *testing.T) {
	dir := t.TempDir()
	tm := startPty(t, dir, nil)
	tm.expect(`P0 `)
	tm.send("echo first-entry\r")
	tm.expect(`P0 `)
	tm.send("echo second-entry\r")
	tm.expect(`P0 `)
	tm.send("echo first-entry\r") // a duplicate: collapsed
	tm.expect(`P0 `)
	tm.send("exit\r")
	tm.wait()

	tm = startPty(t, dir, nil)
	tm.expect(`P0 `)
	// Ctrl-R, a search string, Enter: runs the entry found.
	tm.send("\x12second")
	tm.expect(`echo second-entry`)
	tm.send("\r")
	tm.expect(`\nsecond-entry\r?\n`)
	tm.expect(`P0 `)
	// Up three times: before second-entry (moved to the end when run
	// again) come exit and first-entry.
	tm.send("\x1b[A\x1b[A\x1b[A\r")
	tm.expect(`\nfirst-entry\r?\n`)
	tm.expect(`P0 `)
	tm.send("exit\r")
	tm.wait()
	hist, _ := os.ReadFile(filepath.Join(dir, "history"))
	lines := strings.Split(strings.TrimSpace(string(hist)), "\n")
	n := 0
	for _, l := range lines {
		if l == "echo first-entry" {
			n++
		}
	}
	if n == 0 {
		t.Errorf("history lost the entry: %q", hist)
	}
}

// HISTFILE is the history file, as in bash: set at start, followed when
// it changes, and `unset HISTFILE` saves nothing more (typed secrets).
func TestPromptHISTFILE(t *testing.T) {
	dir := t.TempDir()
	def := filepath.Join(dir, "history")
	other := filepath.Join(dir, "other")
	// An inherited HISTFILE names another shell's file: not plumb's.
	tm := startPty(t, dir, []string{"HISTFILE=" + filepath.Join(dir, "bash_history")})
	tm.expect(`P0 `)
	tm.send("echo \"[$HISTFILE]\"\r")
	tm.expect(`\[` + regexp.QuoteMeta(def) + `\]`)
	tm.expect(`P0 `)
	tm.send("HISTFILE=" + other + "\r")
	tm.expect(`P0 `)
	tm.send("echo to-other\r")
	tm.expect(`P0 `)
	tm.send("unset HISTFILE\r")
	tm.expect(`P0 `)
	tm.send("echo secret-entry\r")
	tm.expect(`P0 `)
	tm.send("exit\r")
	tm.wait()
	read := func(p string) string { b, _ := os.ReadFile(p); return string(b) }
	if h := read(def); !strings.Contains(h, "echo \"[$HISTFILE]\"\n") || strings.Contains(h, "to-other") {
		t.Errorf("default history file: %q", h)
	}
	if h := read(other); !strings.Contains(h, "echo to-other\n") || !strings.Contains(h, "unset HISTFILE\n") {
		t.Errorf("history file named by HISTFILE: %q", h)
	}
	if h := read(def) + read(other); strings.Contains(h, "secret") {
		t.Errorf("saved after unset HISTFILE: %q", h)
	}
	if _, err := os.Stat(filepath.Join(dir, "bash_history")); err == nil {
		t.Errorf("wrote the inherited HISTFILE")
	}
}

func TestPromptTabCompletion(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "some file.txt"), []byte("content of the file\n"), 0o644)
	os.Mkdir(filepath.Join(dir, "subdir"), 0o755)
	tm := startPty(t, dir, nil)
	tm.expect(`P0 `)
	// A command name: "ech" completes to "echo ".
	tm.send("ech\t")
	tm.expect(`echo `)
	// A file name with a space is quoted.
	tm.send("som\t")
	tm.expect(`some\\ file\.txt `)
	tm.send("\r")
	tm.expect(`\nsome file\.txt\r?\n`)
	tm.expect(`P0 `)
	tm.send("cat 'so\t")
	tm.expect(`'some file\.txt' `)
	tm.send("\r")
	tm.expect(`content of the file`)
	tm.expect(`P0 `)
	// Only directories after cd.
	tm.send("cd s\t")
	tm.expect(`cd subdir/`)
	tm.send("\r")
	tm.expect(`P0 `)
	tm.send("echo $HOM\t")
	tm.expect(`echo \$HOME `)
	tm.send("\r")
	tm.expect(regexp.QuoteMeta(dir))
	tm.expect(`P0 `)
}

func TestPromptCtrlCPipeline(t *testing.T) {
	tm := startPty(t, t.TempDir(), nil)
	tm.expect(`P0 `)
	tm.send("sleep 100 | cat\r")
	sleep := tm.waitProc("sleep", "100")
	cat := tm.waitProc("cat")
	start := time.Now()
	tm.send("\x03")
	tm.expect(`P130 `)
	elapsed := time.Since(start)
	waitGone(t, sleep)
	waitGone(t, cat)
	t.Logf("prompt back %v after Ctrl-C", elapsed)
	if elapsed > 2*time.Second {
		t.Errorf("prompt came back after %v", elapsed)
	}
	// The shell is still alive and well.
	tm.send("echo alive\r")
	tm.expect(`\nalive\r?\n`)
}

func TestPromptCtrlCInProcessLoop(t *testing.T) {
	tm := startPty(t, t.TempDir(), nil)
	tm.expect(`P0 `)
	// A loop of builtins and externals: Ctrl-C ends all of it.
	tm.send("while :; do sleep 100; done | cat\r")
	sleep := tm.waitProc("sleep", "100")
	tm.send("\x03")
	tm.expect(`P130 `)
	waitGone(t, sleep)
	// Ctrl-C only once the loop runs: 20 ticks (200ms) of CPU is more
	// than reading and parsing the line costs.
	busy := cpuTicks(tm.cmd.Process.Pid)
	tm.send("while :; do :; done\r")
	waitBusy(t, tm.cmd.Process.Pid, busy, 20)
	tm.send("\x03")
	tm.expect(`P130 `)
	tm.send("echo alive\r")
	tm.expect(`\nalive\r?\n`)
}

// Ctrl-C while the builtin read waits on the terminal abandons the read
// and the rest of the line at once, as in bash, also inside a while-read
// loop; the shell goes on reading commands.
func TestPromptCtrlCRead(t *testing.T) {
	tm := startPty(t, t.TempDir(), nil)
	tm.expect(`P0 `)
	tm.send("echo reading; read x; echo not-reached\r")
	tm.expect(`\nreading\r?\n`)
	start := time.Now()
	tm.send("\x03")
	tm.expect(`P130 `)
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("prompt came back %v after Ctrl-C", elapsed)
	}
	// (Typed only once read waits: what is typed while the line editor
	// has the terminal in raw mode keeps its \r.)
	tm.send("while echo ready; read l; do echo \"got $l\"; done; echo not-reached\r")
	tm.expect(`\nready\r?\n`)
	tm.send("one\r")
	tm.expect(`got one\r?\n`)
	tm.expect(`ready\r?\n`)
	start = time.Now()
	tm.send("\x03")
	tm.expect(`P130 `)
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("prompt came back %v after Ctrl-C in the loop", elapsed)
	}
	tm.send("echo \"alive [$x]\"\r")
	tm.expect(`\nalive \[\]\r?\n`)
	if strings.Contains(tm.transcript(), "\nnot-reached") {
		t.Errorf("the line went on after Ctrl-C")
	}
}

// A trapped signal that comes while read waits on the terminal runs its
// handler at once, and read goes on with the line typed after (bash).
func TestPromptTrapDuringRead(t *testing.T) {
	tm := startPty(t, t.TempDir(), nil)
	tm.expect(`P0 `)
	tm.send("trap 'echo got-usr1' USR1; echo reading; read x; echo \"read $? $x\"\r")
	tm.expect(`\nreading\r?\n`)
	waitInputWait(t, tm.cmd.Process.Pid) // into read (the trap runs at the next command otherwise)
	syscall.Kill(tm.cmd.Process.Pid, syscall.SIGUSR1)
	tm.expect(`got-usr1\r?\n`)
	tm.send("typed\r")
	tm.expect(`read 0 typed\r?\n`)
	tm.expect(`P0 `)
}

func TestPromptCtrlZJobsFg(t *testing.T) {
	tm := startPty(t, t.TempDir(), nil)
	tm.expect(`P0 `)
	tm.send("sleep 100\r")
	pid := tm.waitProc("sleep", "100")
	tm.send("\x1a")
	tm.expect(`\[1\]\+\s+Stopped\s+sleep 100`)
	tm.expect(`P148 `)
	waitState(t, pid, "T")
	tm.send("jobs\r")
	tm.expect(`\[1\]\+\s+Stopped\s+sleep 100`)
	tm.expect(`P0 `)
	tm.send("fg\r")
	tm.expect(`sleep 100\r?\n`)
	waitState(t, pid, "S")
	tm.send("\x03")
	tm.expect(`P130 `)
	waitGone(t, pid)
	tm.send("jobs\r")
	tm.expect(`P0 `)
	if strings.Contains(tm.transcript()[strings.LastIndex(tm.transcript(), "jobs"):], "sleep") {
		t.Errorf("job still listed")
	}
}

func TestPromptBgKillWaitDisown(t *testing.T) {
	tm := startPty(t, t.TempDir(), nil)
	tm.expect(`P0 `)
	tm.send("sleep 0.1 &\r")
	tm.expect(`\[1\] \d+`)
	tm.expect(`P0 `)
	tm.waitGoneByName("sleep", "0.1")
	// Reported before a prompt once plumb has reaped it: press Enter
	// until it is.
	tm.expectPoking(`\[1\]\+\s+Done\s+sleep 0\.1`)
	tm.expect(`P0 `)

	tm.send("sleep 100\r")
	pid := tm.waitProc("sleep", "100")
	tm.send("\x1a")
	tm.expect(`P148 `)
	tm.send("bg %1\r")
	tm.expect(`\[1\]\+ sleep 100 &`)
	waitState(t, pid, "S")
	tm.send("kill %1; wait %1; echo st=$?\r")
	tm.expect(`st=143`)
	waitGone(t, pid)

	tm.send("sleep 100 &\r")
	tm.expect(`P0 `)
	pid = tm.waitProc("sleep", "100")
	tm.send("disown %1; jobs; echo listed\r")
	tm.expect(`listed`)
	syscall.Kill(pid, syscall.SIGKILL)
}

func (tm *ptyTerm) waitGoneByName(argv ...string) {
	tm.t.Helper()
	waitUntil(tm.t, func() bool { return findDescendant(tm.cmd.Process.Pid, argv...) == 0 },
		func() string { return fmt.Sprintf("%q still running", argv) })
}

func TestPromptForegroundCatGetsTypedLines(t *testing.T) {
	tm := startPty(t, t.TempDir(), nil)
	tm.expect(`P0 `)
	tm.send("cat > got\r")
	tm.waitProc("cat")
	tm.send("one\r")
	tm.send("two\r")
	tm.send("three\r")
	tm.expect(`three\r?\n`)
	tm.send("\x04")
	tm.sync()
	got, _ := os.ReadFile(filepath.Join(tm.dir, "got"))
	if string(got) != "one\ntwo\nthree\n" {
		t.Errorf("cat got %q", got)
	}
}

func TestPromptTerminalReaderInPipeline(t *testing.T) {
	tm := startPty(t, t.TempDir(), nil)
	tm.expect(`P0 `)
	tm.send("head -n1 /dev/tty | tr a-z A-Z\r")
	tm.waitProc("head", "-n1", "/dev/tty")
	tm.send("from the tty\r")
	tm.expect(`FROM THE TTY`)
	tm.expect(`P0 `)
}

func TestPromptAfterRawModeProgram(t *testing.T) {
	tm := startPty(t, t.TempDir(), nil)
	tm.expect(`P0 `)
	// stty leaves the terminal raw, without echo, and exits.
	tm.send("stty raw -echo\r")
	tm.expect(`P0 `)
	// The prompt still edits: a typo, backspaces, a word deleted.
	tm.send("echo typo\x7f\x7f\x7f\x7fxyz-edited\r")
	tm.expect(`\nxyz-edited\r?\n`)
	tm.expect(`P0 `)
	// And a command gets sane modes again.
	tm.send("stty -a\r")
	tm.sync()
	tr := tm.transcript()
	tr = tr[strings.LastIndex(tr, "stty -a"):]
	// (raw mode taken back, echo off as the user set it)
	if !strings.Contains(tr, " icanon ") || strings.Contains(tr, "-isig") || !strings.Contains(tr, " -echo ") {
		t.Errorf("terminal modes after a raw-mode program:\n%s", tr)
	}
	// A full-screen program: less, quit with q.
	tm.send("seq 1 200 | less\r")
	tm.expect(`\b1\b`)
	tm.send("q")
	tm.expect(`P0 `)
	tm.send("echo still-fine\r")
	tm.expect(`\nstill-fine\r?\n`)
}

func TestPromptCtrlCClearsLineCtrlDExits(t *testing.T) {
	tm := startPty(t, t.TempDir(), nil)
	tm.expect(`P0 `)
	tm.send("echo never-run\x03")
	tm.expect(`P130 `)
	tm.send("sleep 100\r")
	tm.waitProc("sleep", "100")
	tm.send("\x1a")
	tm.expect(`P148 `)
	tm.send("\x04")
	tm.expect(`There are stopped jobs`)
	tm.expect(`P148 `)
	tm.send("\x04")
	ws := tm.wait()
	if !ws.Exited() {
		t.Errorf("plumb: %v", ws)
	}
	if strings.Contains(tm.transcript(), "\nnever-run") {
		t.Errorf("the interrupted line ran")
	}
}

func TestPromptDumbTerminal(t *testing.T) {
	tm := startPty(t, t.TempDir(), []string{"TERM=dumb"})
	tm.expect(`P0 `)
	tm.send("echo plain | tr a-z A-Z\r")
	tm.expect(`PLAIN`)
	tm.send("echo a |\r")
	tm.expect(`> `)
	tm.send("cat\r")
	tm.expect(`\na\r?\n`)
	tm.send("exit\r")
	tm.wait()
}

func TestPromptColour(t *testing.T) {
	tm := startPty(t, t.TempDir(), []string{"NO_COLOR="})
	tm.expect(`P0 `)
	tm.send("nosuchcommand-xyz 'q' | cat")
	tm.expect(regexp.QuoteMeta("\x1b[1;31mnosuchcommand-xyz\x1b[0m"))
	tm.expect(regexp.QuoteMeta("\x1b[33m'q'\x1b[0m"))
	tm.expect(regexp.QuoteMeta("\x1b[36m|\x1b[0m"))
	tm.send("\x03")
	tm.expect(`P130 `)
}

// A script run from a terminal: its commands are in plumb's group, the
// terminal's foreground group, and read the terminal.
func TestScriptTerminalHandoff(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "s.sh")
	os.WriteFile(script, []byte("head -n1 /dev/tty | tr a-z A-Z\necho script-done\n"), 0o755)
	tm := startPty(t, dir, nil, script)
	tm.waitProc("head", "-n1", "/dev/tty")
	tm.send("typed line\r")
	tm.expect(`TYPED LINE`)
	tm.expect(`script-done`)
	if ws := tm.wait(); ws.ExitStatus() != 0 {
		t.Errorf("script: %v", ws)
	}
}

func TestScriptCtrlC(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "s.sh")
	os.WriteFile(script, []byte("sleep 100\necho not-reached\n"), 0o755)
	tm := startPty(t, dir, nil, script)
	pid := tm.waitProc("sleep", "100")
	tm.send("\x03")
	ws := tm.wait()
	waitGone(t, pid)
	if !(ws.Signaled() && ws.Signal() == syscall.SIGINT) && ws.ExitStatus() != 130 {
		t.Errorf("script ended with %v, want SIGINT or 130", ws)
	}
	if strings.Contains(tm.transcript(), "not-reached") {
		t.Errorf("the script went on after Ctrl-C")
	}

	// With a trap on INT the script goes on.
	os.WriteFile(script, []byte("trap 'echo trapped' INT\nsleep 100\necho went-on\n"), 0o755)
	tm = startPty(t, dir, nil, script)
	tm.waitProc("sleep", "100")
	tm.send("\x03")
	tm.expect(`trapped`)
	tm.expect(`went-on`)
	if ws := tm.wait(); ws.ExitStatus() != 0 {
		t.Errorf("trapping script: %v", ws)
	}
}

// Ctrl-C while a script's read waits on the terminal ends the script by
// SIGINT; with a trap on INT the handler runs and read goes on (bash).
func TestScriptCtrlCRead(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "s.sh")
	os.WriteFile(script, []byte("echo reading\nread x\necho not-reached\n"), 0o755)
	tm := startPty(t, dir, nil, script)
	tm.expect(`reading\r?\n`)
	tm.send("\x03")
	ws := tm.wait()
	if !ws.Signaled() || ws.Signal() != syscall.SIGINT {
		t.Errorf("script ended with %v, want SIGINT", ws)
	}
	if strings.Contains(tm.transcript(), "not-reached") {
		t.Errorf("the script went on after Ctrl-C")
	}

	os.WriteFile(script, []byte("trap 'echo trapped' INT\necho reading\nread x\necho \"read $? $x\"\n"), 0o755)
	tm = startPty(t, dir, nil, script)
	tm.expect(`reading\r?\n`)
	waitInputWait(t, tm.cmd.Process.Pid) // into read (the trap runs at the next command otherwise)
	tm.send("\x03")
	tm.expect(`trapped\r?\n`)
	tm.send("more\r")
	tm.expect(`read 0 more\r?\n`)
	if ws := tm.wait(); ws.ExitStatus() != 0 {
		t.Errorf("trapping script: %v", ws)
	}
}

var syncN int

// sync runs an echo at the prompt and waits for its output: everything
// typed before has been run.
func (tm *ptyTerm) sync() {
	tm.t.Helper()
	syncN++
	tm.send(fmt.Sprintf("echo sync-$((%d+1))\r", syncN))
	tm.expect(fmt.Sprintf(`\nsync-%d\r?\n`, syncN+1))
}

// expectPoking is expect for a report that comes with the next prompt:
// it presses Enter every 100ms until re appears.
func (tm *ptyTerm) expectPoking(re string) {
	tm.t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(hangDeadline)
	for time.Now().Before(deadline) {
		tm.mu.Lock()
		ok := rx.Match(tm.out.Bytes()[tm.mark:])
		tm.mu.Unlock()
		if ok {
			tm.expect(re)
			return
		}
		tm.send("\r")
		time.Sleep(100 * time.Millisecond)
	}
	tm.t.Fatalf("no %q on the terminal after %v", re, hangDeadline)
}

// At the prompt an alias applies from the next line, completes as a
// command name and is not painted as an unknown command.
func TestPromptAlias(t *testing.T) {
	tm := startPty(t, t.TempDir(), []string{"NO_COLOR="})
	tm.expect(`P0 `)
	tm.send("alias zzgreet='echo hello | tr a-z A-Z'; zzgreet 2>/dev/null\r")
	tm.expect(`P127 `)
	tm.send("zzgr\t")
	tm.expect(regexp.QuoteMeta("P127 zzgreet ")) // no red around it
	tm.send("\r")
	tm.expect(`HELLO`)
	tm.expect(`P0 `)
}

// read -s turns the terminal's echo off while it reads, and back on
// after: also when Ctrl-C ends a script in the middle of it.
func TestScriptReadSilent(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "s.sh")
	os.WriteFile(script, []byte("echo reading\nread -s x\necho \"got [$x]\"\nstty -a | grep -o -- ' -*echo ' | head -n1\n"), 0o755)
	tm := startPty(t, dir, nil, script)
	tm.expect(`reading\r?\n`)
	waitInputWait(t, tm.cmd.Process.Pid) // into read, echo off
	tm.send("hidden\r")
	tm.expect(`got \[hidden\]\r?\n`)
	tm.expect(` echo \r?\n`)
	if strings.Count(tm.transcript(), "hidden") != 1 {
		t.Errorf("the typed text was echoed")
	}
	tm.wait()

	os.WriteFile(script, []byte("echo reading\nread -s x\necho not-reached\n"), 0o755)
	tm = startPty(t, dir, nil, script)
	tm.expect(`reading\r?\n`)
	waitInputWait(t, tm.cmd.Process.Pid) // into read, echo off
	tm.send("\x03")
	if ws := tm.wait(); !ws.Signaled() || ws.Signal() != syscall.SIGINT {
		t.Errorf("script ended with %v, want SIGINT", ws)
	}
	n, err := unix.IoctlGetInt(int(tm.pty.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	slave, err := os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer slave.Close()
	tio, err := unix.IoctlGetTermios(int(slave.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	if tio.Lflag&unix.ECHO == 0 {
		t.Errorf("Ctrl-C left the terminal without echo")
	}
}

// History expansion, history and fc at the prompt.
func TestPromptHistoryExpansionAndFc(t *testing.T) {
	dir := t.TempDir()
	tm := startPty(t, dir, []string{"FCEDIT=sed -i s/two/2/"})
	tm.expect(`P0 `)
	tm.send("echo one two three\r")
	tm.expect(`\none two three\r?\n`)
	tm.send("echo !$ !^\r")
	tm.expect(`\necho three one\r?\nthree one\r?\n`)
	tm.send("echo '!!' \\!!\r")
	tm.expect(`\n!! !!\r?\n`)
	tm.send("!ech:0 again\r")
	tm.expect(`\necho again\r?\nagain\r?\n`)
	tm.send("!nope\r")
	tm.expect(`plumb: !nope: event not found`)
	tm.send("^again^AGAIN\r")
	tm.expect(`\necho AGAIN\r?\nAGAIN\r?\n`)
	tm.send("fc -s AGAIN=more\r")
	tm.expect(`\necho more\r?\nmore\r?\n`)
	tm.send("fc -l -3\r")
	tm.expect(`\n\d+\t echo AGAIN\r?\n\d+\t fc -s AGAIN=more\r?\n\d+\t echo more\r?\n`)
	tm.send("fc 1\r") // FCEDIT edits "echo one two three"
	tm.expect(`\necho one 2 three\r?\none 2 three\r?\n`)
	tm.send("history | tail -n 2\r")
	tm.expect(`\n +\d+  echo one 2 three\r?\n +\d+  history \| tail -n 2\r?\n`)
	tm.send("history -c; set +H\r")
	tm.send("history; echo !!\r")
	tm.expect(`\n +1  history; echo !!\r?\n!!\r?\n`)
	tm.send("exit\r")
	tm.wait()
	if strings.Contains(tm.transcript(), "\nnope") {
		t.Errorf("a failed expansion ran")
	}
}

// PROMPT_COMMAND runs before each prompt and keeps $? for PS1; exit in it
// ends the shell, as in bash.
func TestPromptCommand(t *testing.T) {
	tm := startPty(t, t.TempDir(), []string{`PROMPT_COMMAND=echo "pc $?"`})
	tm.expect(`pc 0\r?\n[^\n]*P0 `)
	tm.send("false\r")
	tm.expect(`pc 1\r?\n[^\n]*P1 `)
	tm.send("PROMPT_COMMAND=('echo one' 'echo two')\r")
	tm.expect(`one\r?\ntwo\r?\n[^\n]*P0 `)
	tm.send("PROMPT_COMMAND='exit 4'\r")
	if ws := tm.wait(); ws.ExitStatus() != 4 {
		t.Errorf("exit status %v, want 4", ws)
	}
}

// What `stty` sets at the prompt stays, as in bash (an rc file's
// `stty -ixon`), except the line discipline the prompt needs.
func TestPromptSttySettingsStay(t *testing.T) {
	tm := startPty(t, t.TempDir(), nil)
	tm.expect(`P0 `)
	tm.send("stty -ixon intr ^X\r")
	tm.expect(`P0 `)
	tm.send("stty -icanon -echo\r")
	tm.expect(`P0 `)
	tm.send("stty -a | tr ' ;' '\\n\\n' | grep -E -x -e '-?ixon' -e '-?icanon' -e '-?echo' | tr '\\n' ,; echo\r")
	tm.expect(`\n-ixon,icanon,-echo,\r?\n`)
	tm.send("stty -a | grep -o 'intr = [^;]*'\r")
	tm.expect(`\nintr = \^X\r?\n`)
}
