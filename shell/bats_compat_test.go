package shell_test

import (
	"bytes"
	osexec "os/exec"
	"testing"
)

// batsCompatCases are what bats-core (its own suite run with plumb as the
// bash on PATH) needed of plumb: export -f, the ERR, DEBUG and RETURN
// traps, set -E and -T. Each row also runs under bash, as in compatCases.
var batsCompatCases = []compatCase{
	// export -f writes bash's BASH_FUNC_name%% entries, which a bash
	// child imports; -n takes the function back out; redefining keeps it
	// exported.
	{"export -f to bash", `f() { echo "f $1"; }; g() ( echo g ); export -f f g; env | grep -c '^BASH_FUNC_'; bash -c 'f x; g'; export -fn g; bash -c g 2>/dev/null || echo "no g"; f() { echo new f; }; bash -c f`, "2\nf x\ng\nno g\nnew f\n", "", 0},
	{"export -f errors and listing", `export -f nope; echo "st $?"; h() { echo h; }; declare -fx h; export -f | grep -c 'declare -fx h'; unset -f h; bash -c h 2>/dev/null || echo gone`, "st 1\n1\ngone\n", "plumb: export: nope: not a function\n", 0},
}

func TestBatsCompat(t *testing.T) {
	runCompat(t, batsCompatCases)
}

// TestImportFuncs checks the other direction of export -f: functions
// that arrive in the environment in bash's format are defined, stay
// exported to the next child, and a malformed one is dropped.
func TestImportFuncs(t *testing.T) {
	shells := []string{plumbBinary(t)}
	if !testing.Short() {
		shells = append(shells, "bash")
	}
	const script = `f x; type g >/dev/null 2>&1 || echo "no g"; bash -c 'f y'`
	const want = "imported x\nno g\nimported y\n"
	for _, sh := range shells {
		cmd := osexec.Command(sh, "-c", script)
		cmd.Env = []string{"PATH=/usr/local/bin:/usr/bin:/bin", "LC_ALL=C",
			"BASH_FUNC_f%%=() {  echo \"imported $1\"\n}",
			"BASH_FUNC_g%%=echo not a function"}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if string(out) != want || err != nil {
			t.Errorf("%s: got %q (%v, stderr %q), want %q", sh, out, err, stderr.String(), want)
		}
	}
}
