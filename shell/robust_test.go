package shell_test

import (
	"bytes"
	osexec "os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/plumbsh/plumb/shell"
)

// A row of the robustness checks (issue 12): a -c script and what it
// prints and exits with, checked against bash too (stdout, status and
// stderr, with bash's name for itself read as plumb's) unless -short.
type robustCase struct {
	name, script   string
	stdout, stderr string
	status         int
	ownErr         bool // stderr in plumb's words: compared for plumb only
}

// bashLineRe is bash's prefix of a message, with the line number it adds
// to some messages of a -c script and plumb does not.
var bashLineRe = regexp.MustCompile(`(?m)^bash: (line [0-9]+: )?`)

func runRobust(t *testing.T, cases []robustCase) {
	t.Helper()
	bin := plumbBinary(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			shells := []string{bin}
			if !testing.Short() {
				shells = append(shells, "bash")
			}
			for _, sh := range shells {
				out, errText, st := runScriptAll(t, sh, c.script)
				errText = bashLineRe.ReplaceAllString(errText, "plumb: ")
				if c.ownErr && sh == "bash" {
					errText = c.stderr
				}
				if out != c.stdout || errText != c.stderr || st != c.status {
					t.Errorf("%s: got stdout %q stderr %q status %d; want %q %q %d", sh, out, errText, st, c.stdout, c.stderr, c.status)
				}
			}
		})
	}
}

// NUL bytes from $(…) are dropped with bash's warning, once per
// substitution, so the value can be an argument of an external command.
func TestCmdSubstNulDropped(t *testing.T) {
	warn := "plumb: warning: command substitution: ignored null byte in input\n"
	runRobust(t, []robustCase{
		{"external argument", `x=$(printf 'a\0b'); /bin/echo "$x"`, "ab\n", warn, 0, false},
		{"backquotes", "y=`printf 'c\\0d\\0\\0'`; echo \"$y\" ${#y}", "cd 2\n", warn, 0, false},
		{"one warning each", `echo "$(printf '\0')$(printf 'x\0')" end`, "x end\n", warn + warn, 0, false},
		{"no NUL no warning", `x=$(printf 'a\nb\n\n'); echo "$x"`, "a\nb\n", "", 0, false},
	})
}

// `set` with no arguments lists each variable as bash does, name=value
// at the start of the line, quoted so that the shell reads it back.
func TestSetListsVariables(t *testing.T) {
	vars := `x='a b'; y=abc; z=$'a\nb'; w="it's"; e=; t=$'\t\e\x7f'; d='$HOME'; h='#x'; h2=a#b; ti='~x'; ti2=a:~b; ti3=a~; ` +
		`a=(1 '2 "3" $x'); a[5]=q; b=(); declare -A m=(["x y"]=z); declare -a n; `
	pick := `set | grep -E '^(x|y|z|w|e|t|d|h|h2|ti|ti2|ti3|a|b|m|n)='`
	listing := "a=([0]=\"1\" [1]=\"2 \\\"3\\\" \\$x\" [5]=\"q\")\nb=()\nd='$HOME'\ne=\nh='#x'\nh2=a#b\n" +
		"m=([\"x y\"]=\"z\" )\nt=$'\\t\\E\\177'\nti='~x'\nti2='a:~b'\nti3=a~\nw='it'\\''s'\nx='a b'\ny=abc\nz=$'a\\nb'\n"
	runRobust(t, []robustCase{
		{"listing", vars + pick, listing, "", 0, false},
		{"read back", vars + pick + ` > saved; unset x y z w e t d h h2 ti ti2 ti3 a b m n; declare -A m; . ./saved; ` + pick,
			listing, "", 0, false},
	})
}

// read -t ends after its time even when input keeps coming (bash: 142,
// SIGALRM's status); NUL bytes are dropped from what read takes, as bash
// drops them. runScriptAll's 30 s is the watchdog.
func TestReadTimeoutWithEndlessInput(t *testing.T) {
	runRobust(t, []robustCase{
		{"dev zero", `read -t 0.2 x </dev/zero; echo $? ${#x}`, "142 0\n", "", 0, false},
		{"dev zero counted", `read -t 0.2 -n 3 x </dev/zero; echo $? ${#x}`, "142 0\n", "", 0, false},
		{"line that never ends", `yes | tr -d '\n' | { read -t 0.2 x; echo $?; }`, "142\n", "", 0, false},
		{"NUL dropped", `printf 'a\0b\n' | { read x; echo ${#x}; }; printf 'a\0b\0' | { read -d '' x; echo $x; }`, "2\na\n", "", 0, false},
	})
}

// exec replacing the shell hands the new program exactly the shell's
// descriptor table without touching the Go runtime's own descriptors
// (its epoll and eventfd were fds 6 and 7 of plumb, and a big environment
// gave a poller the time to find them gone: "fatal error: runtime:
// netpoll failed"). A failed exec leaves the shell as it was: a script
// exits 126 or 127 with no EXIT trap, as bash's does; a file without #!
// runs as a script, as it does outside exec.
func TestExecReplace(t *testing.T) {
	noShebang := `printf 'echo "script $# $1"; [ $$ = $x ] && echo same pid\n' > s; chmod +x s; export x=$$; `
	runRobust(t, []robustCase{
		{"cwd and umask", `cd /; umask 027; exec sh -c 'pwd; umask'`, "/\n0027\n", "", 0, false},
		{"not found", `trap 'echo bye' EXIT; exec /nonexistent; echo never`, "", "plumb: exec: /nonexistent: No such file or directory\n", 127, true},
		{"not executable", `touch f; trap 'echo bye' EXIT; exec ./f; echo never`, "", "plumb: exec: ./f: Permission denied\n", 126, true},
		{"no shebang runs as a script", noShebang + `trap 'echo bye' EXIT; exec ./s a; echo never`, "script 1 a\nsame pid\n", "", 0, false},
		{"no shebang in a subshell", noShebang + `(exec ./s a b >out; echo never); echo after; head -n 1 out`, "after\nscript 2 a\n", "", 0, false},
	})
	bin := plumbBinary(t)
	t.Run("exact table", func(t *testing.T) {
		// ls's own directory is the lowest free fd, 4; descriptors
		// this test process inherited (10 and up) are left out.
		script := `exec 6>&1 7>/dev/null 3<&0 4>&-; exec /bin/ls /proc/self/fd`
		for _, sh := range []string{bin, "bash"} {
			out, errText, st := runScriptAll(t, sh, script)
			var low []string
			for _, fd := range strings.Fields(out) {
				if len(fd) == 1 {
					low = append(low, fd)
				}
			}
			if got := strings.Join(low, " "); got != "0 1 2 3 4 6 7" || errText != "" || st != 0 {
				t.Errorf("%s: fds %q, stderr %q, status %d", sh, got, errText, st)
			}
		}
	})
	// A big environment: bash takes too long over it to be compared.
	bigEnv := `export $(seq -f 'V%g=x' 0 19999); `
	for _, script := range []string{
		`exec 7>/dev/null; ` + bigEnv + `exec /bin/echo reached`,
		`exec 3>/dev/null 4>&3 5>&3 6>&1 7>&3 8>&3 9>&3; ` + bigEnv + `exec /bin/echo reached`,
	} {
		if out, errText, st := runScriptAll(t, bin, script); out != "reached\n" || errText != "" || st != 0 {
			t.Errorf("%s: got %q, stderr %.300q, status %d", script, out, errText, st)
		}
	}
}

// At the prompt a failed exec leaves the shell as it was (bash goes on
// too): the same descriptors, cwd, umask and limits for its children,
// and a runtime that still runs jobs.
func TestExecFailedAtPrompt(t *testing.T) {
	script := `exec 7>/dev/null
export $(seq -f 'V%g=x' 0 2999)
cd /; umask 027
/bin/ls /proc/$$/fd >"$HOME"/f1; n1=$(sh -c 'ulimit -Sn')
exec /nonexistent
echo "status $?"
/bin/ls /proc/$$/fd >"$HOME"/f2; n2=$(sh -c 'ulimit -Sn')
cmp -s "$HOME"/f1 "$HOME"/f2 && echo same fds
[ "$n1" = "$n2" ] && echo same nofile
umask; pwd
sleep 0.1 & wait; echo "job $?"
echo x | cat
`
	want := "status 127\nsame fds\nsame nofile\n0027\n/\njob 0\nx\n"
	shells := []string{plumbBinary(t)}
	if !testing.Short() {
		shells = append(shells, "bash")
	}
	for _, sh := range shells {
		cmd := osexec.Command(sh, "-i")
		dir := t.TempDir()
		cmd.Dir = dir
		cmd.Env = []string{"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + dir, "LC_ALL=C", "PS1=$ "}
		cmd.Stdin = strings.NewReader(script)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if string(out) != want || err != nil {
			t.Errorf("%s -i: got %q (%v), want %q; stderr %.300q", sh, out, err, want, stderr.String())
		}
	}
}

// A background job started inside an in-process stage or a command
// substitution owns duplicates of the descriptors it was started with,
// as a forked job does: the stage closing its own when it returns
// neither loses the job's output nor races with the job (run in-process
// by a Runner too, so that `go test -race` sees the descriptors' use).
func TestBackgroundJobOwnsDescriptors(t *testing.T) {
	cases := []robustCase{
		{"job in a piped group", `{ (sleep .1; echo late) & } | cat`, "late\n", "", 0, false},
		{"job in a substitution", `x=$( { sleep .1; echo late; } & ); echo "[$x]"`, "[late]\n", "", 0, false},
		{"job in a piped function", `f() { (sleep .1; echo in-func) & }; f | cat`, "in-func\n", "", 0, false},
		{"descriptor closed by the shell", `exec 3>&1; { sleep .1; echo late3 >&3; } & exec 3>&-; wait`, "late3\n", "", 0, false},
		{"job in a redirected group", `{ (sleep .1; echo in-file) & } >f; wait; cat f`, "in-file\n", "", 0, false},
	}
	runRobust(t, cases)
	// The jobs' duplicates are shared: 300 in-process jobs fit in 256
	// descriptors, as bash's do.
	many := `for i in $(seq 300); do { sleep 0.5; } & done; wait; echo ok`
	for _, sh := range []string{plumbBinary(t), "bash"} {
		out, errText, st := runWithStderr(t, "bash", "ulimit -n 256; exec "+sh+" -c '"+many+"'")
		if out != "ok\n" || errText != "" || st != 0 {
			t.Errorf("%s: got %q, stderr %.300q, status %d", sh, out, errText, st)
		}
	}
	// A descriptor inherited high in the table, under a low limit (a CI
	// runner's fd 251 under `ulimit -n 256`): background lists and
	// commands still start, as in bash.
	high := `{ echo list; } & wait; (echo sub) & wait; cat /dev/null & wait; echo ok`
	for _, sh := range []string{plumbBinary(t), "bash"} {
		out, errText, st := runWithStderr(t, "bash", "ulimit -n 64; exec 60>/dev/null 61>&2; exec "+sh+" -c '"+high+"'")
		if out != "list\nsub\nok\n" || errText != "" || st != 0 {
			t.Errorf("%s, fd 61 inherited under ulimit -n 64: got %q, stderr %.300q, status %d", sh, out, errText, st)
		}
	}
	warmUpJobs(t) // opens the /dev/null that stays open for background jobs' stdin
	checkFDs(t)
	for _, c := range cases {
		out, _, err := run(t, &shell.Runner{Dir: t.TempDir()}, c.script)
		if out != c.stdout || err != nil {
			t.Errorf("Runner, %s: got %q (%v), want %q", c.name, out, err, c.stdout)
		}
	}
}
