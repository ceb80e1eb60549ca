package shell_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/plumbsh/plumb/shell"
)

// ulimitBehaviour checks `ulimit` by what real commands start with. Every
// case also runs under bash 5.2 (skipped with -short). Values are set
// before they are read, so the cases do not depend on the limits the
// tests start with, except that the hard limits must allow a few hundred
// open files. Messages lose their "bash: line 1: " or "plumb: " prefix.
var ulimitBehaviour = []behaviour{
	{"ulimit -n reaches commands", "ulimit -n 100; sh -c 'ulimit -n'", "100\n", 0, true},
	{"ulimit in a subshell only", "n=$(ulimit -n); (ulimit -n 50; sh -c 'ulimit -n'); sh -c 'ulimit -n' | grep -qx \"$n\" && echo same; x=$(ulimit -n 40; sh -c 'ulimit -n'); echo $x; ulimit -n 30 | cat; [ \"$(ulimit -n)\" = \"$n\" ] && echo kept",
		"50\nsame\n40\nkept\n", 0, true},
	{"ulimit soft and hard", "ulimit -n 200; ulimit -Sn 64; ulimit -Sn; ulimit -Hn; sh -c 'ulimit -Sn; ulimit -Hn'; ulimit -Sn 150; ulimit -n; sh -c 'ulimit -n'",
		"64\n200\n64\n200\n150\n150\n", 0, true},
	{"ulimit hard in a subshell", "ulimit -n 300; (ulimit -Sn 100; ulimit -Hn 100; sh -c 'ulimit -Hn'); ulimit -Hn; sh -c 'ulimit -Sn; ulimit -Hn'",
		"100\n300\n300\n300\n", 0, true},
	{"ulimit hard soft unlimited", "ulimit -n 300; ulimit -Sn 100; ulimit -Sn hard; ulimit -Sn; ulimit -Sn 100; ulimit -Hn soft; ulimit -Hn; ulimit -t unlimited; ulimit -t",
		"300\n100\nunlimited\n", 0, true},
	{"ulimit -c 0", "ulimit -c 0; ulimit -c; sh -c 'ulimit -c; ulimit -Hc'", "0\n0\n0\n", 0, true},
	{"ulimit -f stops a writer", "ulimit -f 2; ulimit -Sf 1; dd if=/dev/zero of=big bs=1024 count=4 2>/dev/null; echo $?; wc -c < big; ulimit -f; ulimit -S 2; ulimit",
		"153\n1024\n1\n2\n", 0, true},
	{"ulimit several at once", "ulimit -c 2 -n 500; ulimit -c -n; ulimit -n -c 1; ulimit -Hc; ulimit -f 3 xx; echo $?",
		"core file size              (blocks, -c) 2\nopen files                          (-n) 500\nopen files                          (-n) 500\n1\n0\n", 0, true},
	{"ulimit errors", "ulimit -n abc 2>e; echo $?; ulimit -n 99999999999 2>>e; echo $?; ulimit -z 2>>e; echo $?; ulimit -p 4 2>>e; echo $?; ulimit -n 200; ulimit -Sn 300 2>>e; echo $?; ulimit -c 0x10 2>>e; ulimit -c 08x 2>>e; ulimit -c 99999999999999999999 2>>e; ulimit -t 1.5 2>>e; ulimit -b 2>>e; ulimit -n -5 2>>e; echo $?; sed 's/.*ulimit: //' e",
		"1\n1\n2\n1\n1\n2\nabc: invalid number\nopen files: cannot modify limit: Operation not permitted\n-z: invalid option\nusage: ulimit [-SHabcdefiklmnpqrstuvxPRT] [limit]\npipe size: cannot modify limit: Invalid argument\nopen files: cannot modify limit: Invalid argument\n0x10: invalid hex number\n08x: invalid octal number\n99999999999999999999: limit out of range\n1.5: invalid number\n-b: invalid option\nusage: ulimit [-SHabcdefiklmnpqrstuvxPRT] [limit]\n-5: invalid option\nusage: ulimit [-SHabcdefiklmnpqrstuvxPRT] [limit]\n", 0, true},
	{"umask and ulimit together", "umask 077; ulimit -n 99; sh -c 'umask; ulimit -n; test $PPID = '$$' && echo child'; :", "0077\n99\nchild\n", 0, true},
	{"ulimit and exec", "ulimit -n 77; ulimit -c 0; exec sh -c 'ulimit -n; ulimit -c'", "77\n0\n", 0, true},
}

func TestUlimit(t *testing.T) {
	runBehaviour(t, ulimitBehaviour)
}

// `ulimit -a` prints what bash prints, in bash's layout, when both start
// with the same limits: as the test binary's children, and with a soft
// RLIMIT_NOFILE below the hard limit, which Go's runtime raises in plumb
// but not in the commands plumb starts.
func TestUlimitAllLikeBash(t *testing.T) {
	if testing.Short() {
		t.Skip("runs bash")
	}
	bin := plumbBinary(t)
	script := "ulimit -a; ulimit -Ha; ulimit -n 300; ulimit -Sn 100; ulimit -a"
	for _, start := range []string{"", "ulimit -Sn 512; "} {
		var got [2]string
		for i, sh := range []string{"bash", bin} {
			out, st := runScript(t, "bash", start+"exec "+sh+" -c '"+script+"'")
			if st != 0 {
				t.Fatalf("%s: status %d", sh, st)
			}
			got[i] = out
		}
		if got[0] != got[1] {
			t.Errorf("start %q: plumb's ulimit -a\n%s\nbash's\n%s", start, got[1], got[0])
		}
		if !strings.Contains(got[1], "open files                          (-n) 100\n") {
			t.Errorf("start %q: no open files line in\n%s", start, got[1])
		}
	}
}

// A soft RLIMIT_NOFILE that Go's runtime raised in plumb is reported, and
// kept, as the one commands start with.
func TestUlimitNofileSeenByChildren(t *testing.T) {
	bin := plumbBinary(t)
	out, st := runScript(t, "bash", "ulimit -Sn 512; exec "+bin+" -c 'ulimit -n; sh -c \"ulimit -n\"; ulimit -c 0; sh -c \"ulimit -n\"; exec sh -c \"ulimit -n\"'")
	if out != "512\n512\n512\n512\n" || st != 0 {
		t.Errorf("got %q status %d", out, st)
	}
}

// ulimit in a program that embeds plumb reaches the commands it runs and
// leaves the program's own limits alone, also for the descriptors plumb
// uses itself.
func TestUlimitLeavesProcessAlone(t *testing.T) {
	resources := []int{unix.RLIMIT_NOFILE, unix.RLIMIT_CORE, unix.RLIMIT_FSIZE, unix.RLIMIT_CPU, unix.RLIMIT_STACK}
	before := make([]unix.Rlimit, len(resources))
	for i, res := range resources {
		if err := unix.Getrlimit(res, &before[i]); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	r := &shell.Runner{Dir: t.TempDir(), Stdout: &out, Env: []string{"PATH=/usr/bin:/bin"}}
	script := "ulimit -n 20; ulimit -c 0; ulimit -f 1; ulimit -t 5; ulimit -s 1024; sh -c 'ulimit -n; ulimit -c; ulimit -f; ulimit -t; ulimit -s'; " +
		"exec 3>a 4>b 5>c 6>d 7>e 8>f 9>g; for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22; do echo $i; done | cat | cat | cat | wc -l"
	res, err := r.Run(context.Background(), script)
	if err != nil {
		t.Fatalf("%v (%v)", err, res)
	}
	// sh (dash) counts -f in 512-byte blocks, bash in 1024-byte ones.
	if want := "20\n0\n2\n5\n1024\n22\n"; out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
	for i, res := range resources {
		var now unix.Rlimit
		if err := unix.Getrlimit(res, &now); err != nil {
			t.Fatal(err)
		}
		if now != before[i] {
			t.Errorf("resource %d: the process's limit went from %v to %v", res, before[i], now)
		}
	}
}
