package shell_test

import (
	"bytes"
	"os"
	osexec "os/exec"
	"path/filepath"
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

	// ERR runs where set -e would end the shell, before it does; a
	// function inherits it only under set -E, and so does a subshell.
	{"ERR trap", `trap 'echo "ERR $?"' ERR; false; f() { false; echo inf; }; f; set -E; f; (false); { false; }; if false; then :; fi; false || true; ! true; g() { return 3; }; g; trap; set -e; h() { false; echo no; }; h`, "ERR 1\ninf\nERR 1\ninf\nERR 1\nERR 1\nERR 1\nERR 3\ntrap -- 'echo \"ERR $?\"' ERR\nERR 1\n", "", 1},
	// DEBUG runs before each simple command, (( )) and [[ ]] (plumb
	// shows [[ ]] as written, bash normalised: not tested here), with
	// $BASH_COMMAND; a function inherits it only under set -T.
	{"DEBUG trap", `trap 'echo "D $BASH_COMMAND"' DEBUG; echo a; f() { echo inf; }; f; x=1; (( x )); set -T; f; trap - DEBUG; echo end`, "D echo a\na\nD f\ninf\nD x=1\nD (( x ))\nD set -T\nD f\nD f\nD echo inf\ninf\nD trap - DEBUG\nend\n", "", 0},
	// RETURN runs when a function or a sourced file returns; a function
	// that sets it leaves it set.
	{"RETURN trap", `trap 'echo R' RETURN; f() { :; }; f; g() { trap 'echo "RG $FUNCNAME"' RETURN; }; g; f; echo : > s.sh; . ./s.sh; trap -p RETURN; set -T; f`, "RG g\nRG \ntrap -- 'echo \"RG $FUNCNAME\"' RETURN\nRG f\n", "", 0},
	{"errtrace and functrace options", `set -E; set -T; echo $-; set -o | grep -E 'errtrace|functrace'; set +ET; echo $-`, "hBETc\nerrtrace       \ton\nfunctrace      \ton\nhBc\n", "", 0},
	// $(< file) is the file's contents (bats-preprocess reads each
	// test file so).
	{"substitution of a file", `printf 'a\nb\n\n' > f; x=$(<f); echo "[$x]"; y=$( < f ); echo "$y" | wc -l; z=$(<nofile); echo "st $? [$z]"`, "[a\nb]\n2\nst 1 []\n", "plumb: nofile: No such file or directory\n", 0},
	// set takes back the letters $- shows (bats: set "-$origFlags"),
	// and -h, -m, -P, which help set lists.
	{"set takes the letters of $-", `set -eET; f=$-; set +eET; echo $-; set "-${f%c}"; echo $-; set +eET; set +h; echo $-; set -m; echo $-; set +m; mkdir -p r; ln -sfn r l; set -P; cd l; pwd | sed 's,.*/,,'; set -o | grep -E '^(hashall|monitor|physical) '`, "hBc\nehBETc\nBc\nmBc\nr\nhashall        \toff\nmonitor        \toff\nphysical       \ton\n", "", 0},
	// kill's operands may follow --, as a negative pid (a group) must.
	{"kill --", `sleep 5 & kill -s TERM -- $!; wait $!; echo $?; sleep 5 & kill -- $!; wait $!; echo $?; sleep 5 & kill -TERM -- $!; wait $!; echo $?`, "143\n143\n143\n", "", 0},
	// A script that dies inside a function runs its EXIT trap there:
	// FUNCNAME, locals and parameters are the function's; inside a trap
	// $BASH_COMMAND stays the command the trap interrupted.
	{"EXIT trap where the shell died", `trap 'echo "EXIT ${FUNCNAME[*]} [$x] $* $BASH_COMMAND"' EXIT; f() { local x=inside; set -- a b; exit 3; }; x=global; trap ': $BASH_COMMAND' DEBUG; f`, "EXIT f [inside] a b exit 3\n", "", 3},
	{"set -u inside a function", `exec 2>/dev/null; set -eET; trap 'echo "D $BASH_COMMAND ${FUNCNAME[*]}"' DEBUG; trap 'echo "EXIT $?"' EXIT; g() { set -u; echo "$nope"; }; g`, "D trap 'echo \"EXIT $?\"' EXIT \nD g \nD g g\nD set -u g\nD echo \"$nope\" g\nD echo \"$nope\" g\nEXIT 1\n", "", 1},
	{"host variables", `set -u; echo $OSTYPE $MACHTYPE $HOSTTYPE; env | grep -c TYPE=`, "linux-gnu x86_64-pc-linux-gnu x86_64\n0\n", "", 1},
	// A declaration builtin's name=value argument is not split nor
	// globbed (bats_trim: local -r v=${2#…}); other arguments are.
	{"declaration arguments", `f() { local -r a=${2#x}; local b=$2 d=* e="$2"; echo "[$a][$b][$d][$e]"; }; f _ "x a  b "; y="p  q"; declare z=$y; export w=$y u=a$y; echo "[$z][$w][$u]"; declare -a arr=($y) n=$y; echo "${#arr[@]} [$n]"; x=1; declare "x"=$y; echo "[$x]"`, "[ a  b ][x a  b ][*][x a  b ]\n[p  q][p  q][ap  q]\n2 [p  q]\n[p]\n", "", 0},
	{"shift past the end", `f() { shift; echo "st $? $#"; }; f; set -- a; shift 2; echo $?; shopt -s shift_verbose; shift 2; echo $?; shift -1; echo $?`, "st 1 0\n1\n1\n1\n", "plumb: shift: 2: shift count out of range\nplumb: shift: -1: shift count out of range\n", 0},
	// $_ after a function call is the call's last argument (bats's
	// DEBUG trap, f "$_", keeps $_ so).
	{"$_ after a function call", `f() { : inner; }; f outer; echo $_; trap 'f "$_"' DEBUG; : '<last>'; echo "$_"`, "outer\n<last>\n", "", 0},
	// source NAME reads a file found in PATH, executable or not; type
	// and command -v name such a file (bats: load from PATH).
	{"source and type find plain files in PATH", `mkdir d; echo 'echo "sourced $1"' > d/lib; PATH=$PWD/d:$PATH; source lib x; type -P lib | sed 's,.*/,,'; command -v lib | sed 's,.*/,,'; type -P nope; echo $?`, "sourced x\nlib\nlib\n1\n", "", 0},
	// After a function returns, the rest of the caller's command is on
	// the caller's line.
	{"LINENO after a function call", "f() {\n  :\n}\n\nf && echo $LINENO && nosuch", "5\n", "plumb: nosuch: command not found\n", 127},
	{"DEBUG at function entry", "set -T\nf() {\n  :\n}\ntrap 'echo \"$BASH_COMMAND $LINENO ${BASH_LINENO[*]}\"' DEBUG\n\nf", "f 7 \nf 2 7\n: 3 7\n", "", 0},
	// A read-only local of a caller may be shadowed by a local; a
	// read-only global may not.
	{"local shadows a caller's read-only local", `g() { local x=$1; echo "g $x"; x=3; echo "g $x"; }; f() { local -r x=1; g 2; echo "f $x"; }; f; readonly y=1; h() { local y=2; echo "h $y"; }; h 2>/dev/null`, "g 2\ng 3\nf 1\nh 1\n", "", 0},
	// A failure inside the DEBUG trap runs ERR, whose commands run
	// DEBUG; neither starts while one of its kind runs (Oils
	// builtin-trap-bash: this hung).
	{"DEBUG and ERR traps together", "trap 'false; echo $LINENO err' ERR\ntrap 'false; echo $LINENO debug' DEBUG\nfalse\necho after=$?", "3 err\n3 debug\n3 debug\n3 debug\n3 err\n4 err\n4 debug\nafter=1\n", "", 0},
	// DEBUG also runs before each item of a for loop, each expression
	// of for (( )) and a case.
	{"DEBUG before loops and case", "trap 'echo \"  [$LINENO]\"' DEBUG\nfor x in 1 2; do\n  :\ndone\nfor (( i = 0; i < 1; i++ )); do :; done\ncase a in\n  a) echo a ;;\nesac", "  [2]\n  [3]\n  [2]\n  [3]\n  [5]\n  [5]\n  [5]\n  [5]\n  [5]\n  [6]\n  [7]\na\n", "", 0},
	{"trap -l", `trap -l >/dev/null; echo $?; trap -l | grep -c ' 2) SIGINT'`, "0\n1\n", "", 0},
	// In a pipeline DEBUG runs for each simple command stage, on its
	// line, before the pipeline starts; not for a compound stage.
	{"DEBUG in pipelines", "trap 'echo \"  [$LINENO]\"' DEBUG\necho a |\n  cat\n{ echo b; } | cat\ntrue | false | false", "  [2]\n  [3]\na\n  [4]\nb\n  [5]\n  [5]\n  [5]\n", "", 1},
	// A signal's handler counts its lines from 1; DEBUG and ERR run
	// inside it.
	{"LINENO in a signal trap", "trap 'false; echo \"$LINENO usr1\"' USR1\ntrap 'echo \"$LINENO err\"' ERR\n:\nkill -USR1 $$\necho \"$LINENO after\"", "1 err\n1 usr1\n5 after\n", "", 0},
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

// TestAsBash runs a script file through a link named bash to plumb and
// through bash itself: started so, plumb says it is bash 5 and words the
// place in its messages as bash does (the file of the function that
// runs, "line N").
func TestAsBash(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "bash")
	if err := os.Symlink(plumbBinary(t), link); err != nil {
		t.Fatal(err)
	}
	lib := filepath.Join(dir, "lib.sh")
	script := filepath.Join(dir, "script.sh")
	os.WriteFile(lib, []byte("g() {\n  nosuch1\n}\n"), 0o644)
	os.WriteFile(script, []byte(". "+lib+"\nf() {\n  nosuch2\n}\nf; g\nnosuch3\ncd /nonexistent\necho \"${BASH_VERSINFO[0]} $OSTYPE\"\n"), 0o644)
	want := lib + ": line 2: nosuch1: command not found\n"
	want = script + ": line 3: nosuch2: command not found\n" + want +
		script + ": line 6: nosuch3: command not found\n" +
		script + ": line 7: cd: /nonexistent: No such file or directory\n5 linux-gnu\n"
	shells := []string{link}
	if !testing.Short() {
		shells = append(shells, "bash")
	}
	for _, sh := range shells {
		out, err := osexec.Command(sh, script).CombinedOutput()
		if string(out) != want || err != nil {
			t.Errorf("%s: got %q (%v), want %q", sh, out, err, want)
		}
	}
	// A file that ends inside a construct, with and without its last
	// newline.
	for _, src := range []string{"if true; then\n echo x\n", "f() {\n  :"} {
		os.WriteFile(script, []byte(src), 0o644)
		want := script + ": line 3: syntax error: unexpected end of file\n"
		for _, sh := range shells {
			out, _ := osexec.Command(sh, script).CombinedOutput()
			if string(out) != want {
				t.Errorf("%s %q: got %q, want %q", sh, src, out, want)
			}
		}
	}
	// $BASH is the path the shell was started by, not the file a link
	// points to, so that "$BASH" -c starts a bash again (bats does).
	for _, sh := range shells {
		out, err := osexec.Command(sh, "-c", `"$BASH" -c 'echo ${BASH_VERSINFO[0]}'; echo "${BASH##*/}"`).CombinedOutput()
		if string(out) != "5\nbash\n" || err != nil {
			t.Errorf("%s: $BASH: got %q (%v)", sh, out, err)
		}
	}
}
