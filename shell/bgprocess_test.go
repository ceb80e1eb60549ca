package shell_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// A background list that runs inside plumb (a subshell, a group, a
// function, an and-or list) is a process of its own, as in sh: $! is
// its pid, which ps, kill and wait know, and it gets the state a forked
// subshell has. Each row runs under bash too (without -short). A
// `sleep` that a killed job leaves behind writes nowhere, so that it
// does not hold the output open (the group is killed after each run).
func TestBackgroundListIsAProcess(t *testing.T) {
	runRobust(t, []robustCase{
		{"$! is a process", `(sleep 5 >/dev/null 2>&1) & ps -o pid= -p $! >/dev/null && echo running; kill $!; wait $!; echo $?`, "running\n143\n", "", 0, false},
		{"kill %1", `{ sleep 5 >/dev/null 2>&1; echo never; } & kill %1; wait %1; echo $?`, "143\n", "", 0, false},
		{"and-or list", `false || { echo or; exit 3; } & wait $!; echo $?`, "or\n3\n", "", 0, false},
		{"$$ $? and $! of the parent", `p=$$; sleep 0 & b=$!; wait; false; (echo $?; test $$ = $p && echo same-pid; test $! = $b && echo same-bg) & wait`, "1\nsame-pid\nsame-bg\n", "", 0, false},
		{"variables and attributes", `declare -a a=(1 "t w" 3); declare -A m=([k]=v); readonly r=ro; y=local; export e=exp; (echo "${a[1]} ${m[k]} $r $y $e"; r=x) & wait $!; echo $?`,
			"t w v ro local exp\n1\n", "plumb: r: readonly variable\n", 0, false},
		{"functions, options and arguments", `f() { echo "f $1 $#"; }; set -- a b; set -u; (f "$2"; echo $undef) & wait $!; echo $?`,
			"f b 1\n1\n", "plumb: undef: unbound variable\n", 0, false},
		{"umask and limits", `umask 027; ulimit -n 100; (umask; ulimit -n) & wait`, "0027\n100\n", "", 0, false},
		{"the job's own descriptors", `exec 3>&1; { (echo to3 >&3) & } | cat; wait`, "to3\n", "", 0, false},
		// The prelude prints such a function with its body (a
		// background list or process substitution failed on it).
		{"a group with a here-document", "{ cat; } <<E &\nbg here-doc\nE\nwait", "bg here-doc\n", "", 0, false},
		{"a function with a here-document", "f() { cat; } <<E\nfrom f\nE\n(f) & wait; g() { diff - <(echo hello); } <<E\nhello\nE\ng; echo st=$?", "from f\nst=0\n", "", 0, false},
		{"exec replaces the job's process", `(exec sh -c 'echo $PPID' >ppid) & wait; test "$(cat ppid)" = $$ && echo replaced`, "replaced\n", "", 0, false},
	})
}

// The job outlives a non-interactive shell that exits before it ends:
// `plumb -c '(…) &'` returns at once and the list still runs to the end
// (it was a goroutine of plumb, killed with it). The test waits for the
// file the job writes.
func TestBackgroundListOutlivesShell(t *testing.T) {
	shells := []string{plumbBinary(t)}
	if !testing.Short() {
		shells = append(shells, "bash")
	}
	for _, sh := range shells {
		dir := t.TempDir()
		out := filepath.Join(dir, "f")
		_, errText, st := runScriptAll(t, sh, `(sleep .2; echo sub > `+out+`) &`)
		if st != 0 || errText != "" {
			t.Fatalf("%s: status %d, stderr %q", sh, st, errText)
		}
		read := func() string { b, _ := os.ReadFile(out); return string(b) }
		waitUntil(t, func() bool { return read() == "sub\n" },
			func() string { return fmt.Sprintf("%s: the background subshell never wrote its file (%q)", sh, read()) })
	}
}

// At the prompt too: the job line shows a real pid, and `kill %1` and
// `wait %1` act on that process.
func TestPromptBackgroundListIsAProcess(t *testing.T) {
	tm := startPty(t, t.TempDir(), nil)
	tm.expect(`P0 `)
	tm.send("(sleep 100; echo never) &\r")
	m := tm.expect(`\[1\] [0-9]+`)
	pid, err := strconv.Atoi(strings.Fields(m)[1])
	if err != nil || !running(pid) {
		t.Fatalf("job line %q: no such process", m)
	}
	tm.expect(`P0 `)
	tm.send("kill %1; wait %1; echo st=$?\r")
	tm.expect(`st=143`)
	waitGone(t, pid)
	tm.send("exit\r")
	tm.wait()
}
