package shell_test

import (
	"regexp"
	"testing"
)

// A row of the robustness checks (issue 12): a -c script and what it
// prints and exits with, checked against bash too (stdout, status and
// stderr, with bash's name for itself read as plumb's) unless -short.
type robustCase struct {
	name, script   string
	stdout, stderr string
	status         int
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
				out, errText, st := runWithStderr(t, sh, c.script)
				errText = bashLineRe.ReplaceAllString(errText, "plumb: ")
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
		{"external argument", `x=$(printf 'a\0b'); /bin/echo "$x"`, "ab\n", warn, 0},
		{"backquotes", "y=`printf 'c\\0d\\0\\0'`; echo \"$y\" ${#y}", "cd 2\n", warn, 0},
		{"one warning each", `echo "$(printf '\0')$(printf 'x\0')" end`, "x end\n", warn + warn, 0},
		{"no NUL no warning", `x=$(printf 'a\nb\n\n'); echo "$x"`, "a\nb\n", "", 0},
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
		{"listing", vars + pick, listing, "", 0},
		{"read back", vars + pick + ` > saved; unset x y z w e t d h h2 ti ti2 ti3 a b m n; declare -A m; . ./saved; ` + pick,
			listing, "", 0},
	})
}

// read -t ends after its time even when input keeps coming (bash: 142,
// SIGALRM's status); NUL bytes are dropped from what read takes, as bash
// drops them. runWithStderr's 30 s is the watchdog.
func TestReadTimeoutWithEndlessInput(t *testing.T) {
	runRobust(t, []robustCase{
		{"dev zero", `read -t 0.2 x </dev/zero; echo $? ${#x}`, "142 0\n", "", 0},
		{"dev zero counted", `read -t 0.2 -n 3 x </dev/zero; echo $? ${#x}`, "142 0\n", "", 0},
		{"line that never ends", `yes | tr -d '\n' | { read -t 0.2 x; echo $?; }`, "142\n", "", 0},
		{"NUL dropped", `printf 'a\0b\n' | { read x; echo ${#x}; }; printf 'a\0b\0' | { read -d '' x; echo $x; }`, "2\na\n", "", 0},
	})
}
