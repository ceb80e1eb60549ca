package shell_test

import (
	"bytes"
	osexec "os/exec"
	"testing"
	"time"

	"github.com/plumbsh/plumb/shell"
)

// Process substitutions leave no descriptor open and no process behind,
// in the test process and in the shell's table: the commands after them
// see the descriptors the commands before them saw. `head -n1 <(yes)`
// ends because yes gets SIGPIPE once head and the shell have closed the
// read end (the run's context is only a hang guard).
func TestProcSubstLeavesNothing(t *testing.T) {
	warmUpJobs(t)
	checkFDs(t)
	for _, c := range []struct{ script, want string }{
		{"head -n1 <(yes)", "y\n"},
		{"head -c1 <(cat /dev/zero) | wc -c", "1\n"},
		{"cat <(echo a) <(echo b)", "a\nb\n"},
		{"diff <(seq 3) <(seq 3) && echo same", "same\n"},
		{"echo abc | tee >(tr a-z A-Z) >/dev/null; wait", "ABC\n"},
		{"n=0; while read l; do n=$((n+1)); done < <(yes | head -n 1000); echo $n", "1000\n"},
		{"read x < <(yes); echo $x", "y\n"},
		{"cat <(echo a) | cat; x=$(cat <(echo b)); echo $x", "a\nb\n"},
		{"cat <(echo job) & wait", "job\n"},
		{"f() { cat; }; f < <(echo fn) | cat", "fn\n"},
		// The table after a command is the table before it; the body of
		// a loop reading a substitution does not inherit its descriptor.
		{"a=$(ls /proc/self/fd); cat <(echo x) >/dev/null; echo y > >(cat >/dev/null); : <(true) >(true); b=$(ls /proc/self/fd); [ \"$a\" = \"$b\" ] && echo same", "same\n"},
		{"a=$(ls /proc/self/fd | wc -l); while read l; do b=$(ls /proc/self/fd | wc -l); done < <(echo x); echo $((b - a))", "0\n"},
	} {
		t.Run(c.script, func(t *testing.T) {
			var out bytes.Buffer
			r := &shell.Runner{Stdout: &out, Stderr: &out}
			if _, err := r.Run(hangGuard(t), c.script); err != nil {
				t.Fatalf("%v (output %q)", err, out.String())
			}
			if out.String() != c.want {
				t.Errorf("got %q, want %q", out.String(), c.want)
			}
		})
	}
	assertNoChildren(t)
}

// A substitution's commands are the run's: cancelling the run ends them,
// whichever side of the pipe they are on, and reaps them.
func TestProcSubstCancel(t *testing.T) {
	warmUpJobs(t)
	checkFDs(t)
	for _, script := range []string{
		`cat <(sh -c 'echo pgid=$(ps -o pgid= $$) started >&2; sleep 100')`,
		`sleep 100 > >(sh -c 'echo pgid=$(ps -o pgid= $$) started >&2; sleep 100')`,
	} {
		t.Run(script, func(t *testing.T) {
			cancelEndsGroup(t, &shell.Runner{Grace: 300 * time.Millisecond}, script)
		})
	}
	assertNoChildren(t)
}

// A substitution still running when the script ends gets the grace to
// finish, then is ended and reaped before Run returns; one that finishes
// in time has its output in the run's.
func TestProcSubstAtEndOfRun(t *testing.T) {
	warmUpJobs(t)
	checkFDs(t)
	var out bytes.Buffer
	r := &shell.Runner{Stdout: &out, Grace: 5 * time.Second}
	if _, err := r.Run(hangGuard(t), "seq 3 > >(sleep 0.2; wc -l)"); err != nil {
		t.Fatal(err)
	}
	if out.String() != "3\n" {
		t.Errorf("got %q, want the count written after the script ended", out.String())
	}
	r = &shell.Runner{Grace: 200 * time.Millisecond}
	if _, err := r.Run(hangGuard(t), ": >(sleep 100); : <(sleep 100)"); err != nil {
		t.Fatal(err)
	}
	assertNoChildren(t)
}

// A Session call gives its substitutions the grace as Run does, so their
// output is in the buffer when the call returns.
func TestProcSubstSessionCall(t *testing.T) {
	checkFDs(t)
	var out bytes.Buffer
	r := &shell.Runner{Stdout: &out, Grace: 5 * time.Second}
	se, err := r.Start(hangGuard(t))
	if err != nil {
		t.Fatal(err)
	}
	defer se.Close()
	if _, err := se.Run(hangGuard(t), "seq 4 > >(sleep 0.2; wc -l)"); err != nil {
		t.Fatal(err)
	}
	if out.String() != "4\n" {
		t.Errorf("got %q after the call", out.String())
	}
}

// The list of a process substitution that is the script's last word
// still writes everything after plumb has exited, as sh's forked list
// does: in the plumb command it is a process of its own, started before
// the command that uses it. As a goroutine of plumb, `> >(tac)` lost its
// output whenever plumb exited before the goroutine had started tac.
func TestProcSubstOutlivesShell(t *testing.T) {
	shells := []string{plumbBinary(t)}
	if !testing.Short() {
		shells = append(shells, "bash")
	}
	for _, sh := range shells {
		for i := 0; i < 10; i++ {
			for _, script := range []string{
				`{ echo 1; echo 2; } > >(tac)`,
				`echo out > >(cat)`,
				`f() { echo "in $1"; }; echo fn > >(while read l; do f "$l"; done)`,
			} {
				// Output waits for EOF on the pipe, which the list
				// holds until it ends.
				out, err := osexec.Command(sh, "-c", script).Output()
				want := map[string]string{`{ echo 1; echo 2; } > >(tac)`: "2\n1\n", `echo out > >(cat)`: "out\n"}[script]
				if want == "" {
					want = "in fn\n"
				}
				if string(out) != want || err != nil {
					t.Fatalf("%s, run %d: %s: got %q (%v), want %q", sh, i, script, out, err, want)
				}
			}
		}
	}
}
