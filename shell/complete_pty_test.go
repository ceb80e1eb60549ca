package shell_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/creack/pty"
)

// Programmable completion at the prompt: specs an rc file made with
// complete are used on Tab. The completion function gets bash's
// arguments and COMP_ variables and may set the shell's variables; -W
// word lists, -o nospace and -o filenames shape what is inserted; a
// function that fails, loops, or runs a slow command leaves the prompt
// and the line being edited working, and Ctrl-C ends it.
func TestPromptProgrammableCompletion(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "dir1"), 0o755)
	rc := `
for c in fruit svc cfg fl slow spin bad optc cc rep lazy; do eval "$c() { echo \"$c:[\$*]\"; }"; done
_fruit() {
  COMPREPLY=($(compgen -W "apple apricot banana" -- "$2"))
  LASTCOMP="$1|$2|$3|${COMP_WORDS[*]}|$COMP_CWORD|$COMP_LINE|$COMP_POINT|$COMP_TYPE|$COMP_KEY"
}
complete -F _fruit fruit
complete -W "start stop status" svc
complete -o nospace -W "key= value" cfg
complete -o filenames -W "dir1 plain" fl
_slow() { sleep 100; COMPREPLY=(never); }
complete -F _slow slow
_spin() { echo spinning >&2; while :; do :; done; }
complete -F _spin spin
_bad() { echo "oops from _bad" >&2; return 1; }
complete -F _bad bad
_opt() { compopt -o nospace; COMPREPLY=(optval); }
complete -F _opt optc
ccomp() { echo "${2}_${COMP_LINE// /_}_${COMP_POINT}_${1}_$3"; }
complete -C ccomp cc
_rep() { COMPREPLY=(replaced); }
complete -F _rep rep
_loader() { [ "$1" = lazy ] && complete -W "lazyword other" lazy && return 124; }
complete -D -F _loader
`
	os.WriteFile(filepath.Join(dir, ".plumbrc"), []byte(rc), 0o644)
	tm := startPty(t, dir, nil)
	tm.expect(`P0 `)

	// -F: the function's COMPREPLY, one match: inserted with a space.
	tm.completeAndRun("fruit ban", `fruit banana `, `fruit:\[banana\]`)
	// It ran in the shell: the variables it set are there.
	tm.send("echo \"$LASTCOMP\"\r")
	tm.expect(`fruit\|ban\|fruit\|fruit ban\|1\|fruit ban\|9\|9\|9`)
	tm.expect(`P0 `)
	tm.completeAndRun("fruit apr", `fruit apricot `, `fruit:\[apricot\]`)

	// A -D function that installs a spec and returns 124 (bash-
	// completion's loader): completion starts again with that spec.
	tm.completeAndRun("lazy lazyw", `lazy lazyword `, `lazy:\[lazyword\]`)

	// -W: "sta" is the common prefix of start and status; one more
	// letter makes one match.
	tm.send("svc sta\t")
	tm.completeAndRun("r", `svc start `, `svc:\[start\]`)

	// -o nospace: no space after the match.
	tm.send("cfg k\t")
	tm.expect(`cfg key=`)
	tm.send("x\r")
	tm.expect(`cfg:\[key=x\]`)
	tm.expect(`P0 `)

	// -o filenames: a directory gets a slash and no space, a word that
	// is no directory a space.
	tm.completeAndRun("fl d", `fl dir1/`, `fl:\[dir1/\]`)
	tm.completeAndRun("fl p", `fl plain `, `fl:\[plain\]`)

	// compopt in the function changes this completion, not the spec.
	tm.send("optc o\t")
	tm.expect(`optc optval`)
	tm.send("X\r")
	tm.expect(`optc:\[optvalX\]`)
	tm.expect(`P0 `)
	tm.send("complete -p optc\r")
	tm.expect(`\ncomplete -F _opt optc\r?\n`)
	tm.expect(`P0 `)

	// -C: the command's line, as it printed it (bash does not match it
	// against the word), with COMP_LINE and COMP_POINT in its
	// environment and the three arguments.
	tm.completeAndRun("cc x", `cc x_cc_x_4_cc_cc `, `cc:\[x_cc_x_4_cc_cc\]`)

	// The only completion, not starting with the word typed, replaces
	// it, as in bash.
	tm.completeAndRun("rep xyz", `rep replaced `, `rep:\[replaced\]`)

	// A failing function: its error shows, nothing is inserted, the
	// line stays.
	tm.send("bad \t")
	tm.expect(`oops from _bad`)
	tm.send("x\r")
	tm.expect(`bad:\[x\]`)
	tm.expect(`P0 `)

	// A slow command in the function: Ctrl-C ends it and the
	// completion; the line is still there to finish.
	tm.send("slow \t")
	sleep := tm.waitProc("sleep", "100")
	tm.send("\x03")
	waitGone(t, sleep)
	tm.send("ok\r")
	tm.expect(`slow:\[ok\]`)
	tm.expect(`P0 `)

	// A loop in the function itself: Ctrl-C ends it too.
	tm.send("spin \t")
	tm.expect(`spinning`)
	tm.send("\x03")
	tm.send("ok\r")
	tm.expect(`spin:\[ok\]`)
	tm.expect(`P0 `)
}

// A terminal that reports no size (0×0: a pty nobody sized, a serial
// line) still completes: the line editor takes it as $COLUMNS or 80
// wide, as bash's readline does (it completed nothing before).
func TestPromptCompletesOnUnsizedTerminal(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, ".plumbrc"), []byte(`complete -W "alpha beta" foo`+"\n"), 0o644)
	tm := startPty(t, dir, nil)
	if err := pty.Setsize(tm.pty, &pty.Winsize{}); err != nil {
		t.Fatal(err)
	}
	tm.expect(`P0 `)
	tm.send("foo a\t")
	tm.expect(`foo alpha `)
	tm.send("\r")
	tm.expect(`P127 `)
	tm.send("ls /us\t")
	tm.expect(`ls /usr/`)
	tm.send("\x03exit\r")
	tm.wait()
}

// completeAndRun types line and Tab, waits for shown (the line as
// completed), runs it, and waits for its output ran and the next prompt.
func (tm *ptyTerm) completeAndRun(line, shown, ran string) {
	tm.t.Helper()
	tm.send(line + "\t")
	tm.expect(shown)
	tm.send("\r")
	tm.expect(ran)
	tm.expect(`P0 `)
}
