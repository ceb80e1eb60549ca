package interp

import (
	"bytes"
	"context"
	"io"
	"os"
	osexec "os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/plumbsh/plumb/parser"
)

// FuzzRun runs every input that parses, to find panics and hangs in the
// interpreter. Running arbitrary shell text is dangerous, so each input
// runs in a child process (this test binary, see fuzzHelperEnv) that
// first chroots into an empty temporary directory: no program exists
// there to be run, no file outside it can be written, /proc is not there
// for the trampoline. PATH is empty and `kill` is a no-op, so
// `kill -9 -1` cannot reach the machine's processes. The child gives the
// script fuzzRunLimit and then cancels it; a child still running well
// after that is a hang. chroot needs root; elsewhere the target skips.
//
//	go test -run '^$' -fuzz FuzzRun -fuzztime 3m ./shell/
func FuzzRun(f *testing.F) {
	if os.Geteuid() != 0 {
		f.Skip("FuzzRun chroots each input: run it as root")
	}
	for _, seed := range []string{
		"echo hi | while read x; do echo $x; done",
		"f() { local a=$1; [ $a -gt 0 ] && f $((a-1)); echo $a; }; f 3",
		"x=$(echo a; echo b) y=`echo c`; case $x in a*) echo $y;; esac",
		"cat <<E\n$x ${y:-d} $((1+2))\nE\n",
		"trap 'echo t' EXIT; set -eu; : ${u:=v}; echo $u",
		"i=0; while [ $i -lt 5 ]; do i=$((i+1)); [ $i = 3 ] && continue; done; echo $i",
		"for a in 1 2; do for b in x y; do break 2; done; done",
		"getopts ab: o -a -b 1; echo $o $OPTIND",
		"eval 'echo $((1/0))'; echo $?",
		"(exit 3) | { read x; echo $?; } |> cat",
		"exec 3>f; echo a >&3; exec 3>&-; read l <f; echo $l",
		"while :; do :; done",
		"f() { f; }; f",
		"set -- a b c; shift; echo $# \"$@\" ${#1}",
		"umask 077; echo > g; read x <<< 'a b'",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if _, err := parser.Parse([]byte(src), "fuzz"); err != nil {
			return
		}
		runFuzzChild(t, src)
	})
}

// fuzzRunLimit is how long the child lets a script run before it
// cancels it; fuzzHang is how long the parent waits for the child.
const (
	fuzzRunLimit  = 2 * time.Second
	fuzzHang      = 20 * time.Second
	fuzzHelperEnv = "PLUMB_FUZZ_RUN_ROOT"
)

func runFuzzChild(t *testing.T, src string) {
	root := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), fuzzHang)
	defer cancel()
	cmd := osexec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = []string{fuzzHelperEnv + "=" + root}
	cmd.Stdin = strings.NewReader(src)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	// Its own process group: what it starts dies with it on a hang.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("script hung (still running after %v):\n%q", fuzzHang, src)
	}
	if err != nil {
		t.Fatalf("script %q: child failed: %v\n%s", src, err, out.String())
	}
}

func init() {
	if root := os.Getenv(fuzzHelperEnv); root != "" {
		os.Exit(fuzzChild(root))
	}
}

// fuzzChild is the child's side: read the script, lock itself into root,
// run the script with a deadline. A panic crashes the process, which the
// parent reports with the stack.
func fuzzChild(root string) int {
	src, err := io.ReadAll(os.Stdin)
	if err != nil {
		return 3
	}
	null, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	if err != nil {
		return 3
	}
	if err := syscall.Chroot(root); err != nil {
		os.Stderr.WriteString("chroot: " + err.Error() + "\n")
		return 3
	}
	if err := syscall.Chdir("/"); err != nil {
		return 3
	}
	builtins["kill"] = func(*Shell, []string) (int, error) { return 0, nil }
	s := newShell("/", []string{"PATH=", "HOME=/"}, null, null, null)
	s.source = "fuzz"
	ctx, cancel := context.WithTimeout(context.Background(), fuzzRunLimit)
	defer cancel()
	s.ctx = ctx
	err = s.runSource(src, "fuzz")
	st, _ := s.endStatus(err)
	s.finish(st)
	return 0
}
