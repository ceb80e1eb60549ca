package shell_test

import (
	"regexp"
	"strings"
	"testing"
)

// signalRow is a script with what it prints and its status, the same
// under plumb and bash.
type signalRow struct {
	name, script   string
	stdout, stderr string
	status         int
}

// An in-process stage that writes to a broken pipe ends as if SIGPIPE
// had killed it (141, the rest of its work skipped) and never runs the
// shell's PIPE trap; a SIGPIPE sent to the shell does (issue 17). Each
// stage below writes until its reader has gone, so every run meets the
// broken pipe. Each row also runs under bash: stdout, stderr and status.
var sigpipeRows = []signalRow{
	{"autoconf's loop (the report)",
		`trap "echo TRAPPED; exit 1" 13; i=0; while [ $i -lt 200 ]; do x=` + "`echo hello | grep -v \"\"`" + `; i=$((i+1)); done; echo done`,
		"done\n", "", 0},
	{"builtin",
		`trap "echo TRAPPED; exit 1" PIPE; printf '%08000000d' 0 | head -c 3; echo " ${PIPESTATUS[*]}"`,
		"000 141 0\n", "", 0},
	{"loop",
		`trap "echo TRAPPED; exit 1" PIPE; while :; do echo y; done | head -n1; echo "${PIPESTATUS[*]}"`,
		"y\n141 0\n", "", 0},
	{"function",
		`trap "echo TRAPPED; exit 1" PIPE; f() { while :; do echo f; done; echo after >&2; }; f | head -n1; echo "${PIPESTATUS[*]}"`,
		"f\n141 0\n", "", 0},
	{"subshell",
		`trap "echo TRAPPED; exit 1" PIPE; (while :; do echo s; done; echo after >&2) | head -n1; echo "${PIPESTATUS[*]}"`,
		"s\n141 0\n", "", 0},
	{"brace group, the rest skipped",
		`trap "echo TRAPPED; exit 1" PIPE; { while :; do echo b; done; echo after >&2; } | head -n1; echo "${PIPESTATUS[*]}"`,
		"b\n141 0\n", "", 0},
	{"inside a command substitution",
		`trap "echo TRAPPED; exit 1" PIPE; x=$(while :; do echo c; done | head -n1; echo "${PIPESTATUS[*]}"); echo "$x"`,
		"c\n141 0\n", "", 0},
	{"process substitution",
		`trap "echo TRAPPED; exit 1" PIPE; head -n1 <(while :; do echo p; done); echo end`,
		"p\nend\n", "", 0},
	{"here-document larger than a pipe",
		`trap "echo TRAPPED; exit 1" PIPE; i=0; while [ $i -lt 20000 ]; do echo "line $i"; i=$((i+1)); done > big; head -c 4 <<E; echo " $?"
$(cat big)
E`,
		"line 0\n", "", 0},
	{"stage's stderr on the broken pipe",
		`trap "echo TRAPPED; exit 1" PIPE; { while :; do echo e >&2; done; } 2>&1 | head -n1; echo "${PIPESTATUS[*]}"`,
		"e\n141 0\n", "", 0},
	// A SIGPIPE sent to the shell runs the trap, once the command that
	// was running when it came has ended.
	{"kill -PIPE $$",
		`trap 'echo TRAPPED' PIPE; kill -PIPE $$; echo after`,
		"TRAPPED\nafter\n", "", 0},
	{"SIGPIPE from another process",
		`trap 'echo TRAPPED; t=1' PIPE; t=0; sh -c 'kill -PIPE $PPID'; while [ $t = 0 ]; do :; done; echo after`,
		"TRAPPED\nafter\n", "", 0},
	{"trap then kill from a stage",
		`trap 'echo TRAPPED' PIPE; { while :; do echo y; done | head -n1; kill -PIPE $$; } ; echo after`,
		"y\nTRAPPED\nafter\n", "", 0},
	// Not a SIGPIPE case, found with it: bash refuses ${!#…} followed
	// by anything but an operator, when the word is expanded.
	{"${!#3442} is a bad substitution",
		"set -- a b; echo ${!#} ${!##} ${!#:-x}; echo ${!#3442}; echo same-line\necho \"next $?\"",
		"b b b\nnext 1\n", "plumb: ${!#3442}: bad substitution\n", 0},
}

func TestSIGPIPEOfInProcessStages(t *testing.T) {
	runSignalRows(t, sigpipeRows)
}

// `trap "" CHLD` is for the commands only: the shell that ignored SIGCHLD
// itself would have its children reaped by the kernel, and every wait
// would fail with ECHILD (issue 12). Commands start with it ignored, as
// from bash.
func TestTrapIgnoreCHLD(t *testing.T) {
	runSignalRows(t, []signalRow{
		{"commands run and are waited for",
			`trap "" CHLD; /bin/echo hi; echo "st=$?"; /bin/true | cat; echo "${PIPESTATUS[*]}"; sleep 0 & wait $!; echo "wait=$?"; x=$(/bin/echo sub); echo "$x"`,
			"hi\nst=0\n0 0\nwait=0\nsub\n", "", 0},
		{"commands inherit it ignored",
			`trap "" CHLD; grep SigIgn /proc/self/status; trap - CHLD; grep SigIgn /proc/self/status`,
			"SigIgn:\t0000000000010000\nSigIgn:\t0000000000000000\n", "", 0},
		{"listed",
			`trap "" CHLD; trap`,
			"trap -- '' SIGCHLD\n", "", 0},
	})
}

func runSignalRows(t *testing.T, rows []signalRow) {
	bin := plumbBinary(t)
	for _, c := range rows {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			shells := []string{bin}
			if !testing.Short() {
				shells = append(shells, "bash")
			}
			for _, sh := range shells {
				out, errOut, st := runScriptStderr(t, sh, c.script)
				if out != c.stdout || errOut != c.stderr || st != c.status {
					t.Errorf("%s: got stdout %q stderr %q status %d; want %q %q %d", sh, out, errOut, st, c.stdout, c.stderr, c.status)
				}
			}
		})
	}
}

// bashPrefix is how bash starts an error message of `bash -c`.
var bashPrefix = regexp.MustCompile(`(?m)^bash: (line \d+: )?`)

// runScriptStderr is runScriptAll with bash's "bash: line N: " at the
// start of an error message written as plumb's "plumb: ".
func runScriptStderr(t *testing.T, shell, script string) (string, string, int) {
	t.Helper()
	out, errOut, st := runScriptAll(t, shell, script)
	if strings.HasSuffix(shell, "bash") {
		errOut = bashPrefix.ReplaceAllString(errOut, "plumb: ")
	}
	return out, errOut, st
}

// A signal that a command sent the shell before it ended is trapped
// before the next command runs, as in sh (Oils builtin-trap #24): the
// runtime passes signals on from a goroutine of its own, so the shell
// reads its signals up to a marker after each command (sigsync.go).
// Before that, under load, "late" rows printed and a trap could run
// after the script's last command or never. Trapped signals above
// SIGWINCH (real-time ones) are synced on a best-effort basis only, so
// no row here counts on them.
func TestTrapOfSignalFromCommand(t *testing.T) {
	loop := func(sig string) string {
		return `trap 'n=$((n+1))' ` + sig + `; n=0; i=0; while [ $i -lt 200 ]; do sh -c "kill -` + sig + ` $$"; [ $n = $((i+1)) ] || { echo "late at $i"; n=$((i+1)); }; i=$((i+1)); done; echo n=$n`
	}
	runSignalRows(t, []signalRow{
		{"exit codes of traps are isolated (Oils)",
			`trap 'echo USR1 trap status=$?; ( exit 42 )' USR1; echo before=$?; sh -c "kill -USR1 $$"; echo after=$?`,
			"before=0\nUSR1 trap status=0\nafter=0\n", "", 0},
		{"every time, before the next command", loop("USR1"), "n=200\n", "", 0},
		{"SIGTERM too, with another trap above the marker's number", "trap 'echo io' IO; " + loop("TERM"), "n=200\n", "", 0},
		{"SIGRTMAX from outside still ends the shell",
			`trap 'echo usr2' USR2; sh -c "kill -64 $$"; echo not reached`,
			"", "", 128 + 64},
		{"SIGWINCH from outside changes nothing",
			`trap 'echo usr1' USR1; sh -c "kill -WINCH $$"; echo after`,
			"after\n", "", 0},
	})
}
