package shell_test

import (
	"os"
	osexec "os/exec"
	"strconv"
	"testing"
)

// compatCompleteCases are bash-checked rows (see compatCase) of the
// programmable-completion builtins: complete and compopt store, list,
// change and remove specs in bash's format and order, with its
// messages and statuses; compgen generates as a spec does (-W split at
// IFS, -C, -X with &, the -A actions bash has).
var compatCompleteCases = []compatCase{
	{"complete lists specs as bash", `complete; complete -W 'foo bar' mycommand; complete -p; complete -F myfunc other; complete; complete -W "it's" -o nospace -o filenames -P pre -S suf -X '!*.x' -G '*.c' -C 'cmd x' -A setopt -a -b -c -d -e -f -g -j -k -s -u -v -A function -A arrayvar x y; complete -p x y; complete -A hostname -A signal -A running -A stopped -A enabled -A disabled -A binding -A helptopic -A shopt -A export -A user -A group -A service z; complete -p z; complete -o bashdefault -o default -o dirnames -o noquote -o nosort -o plusdirs "a b"; complete -p "a b"; complete -D -F f; complete -E -W a; complete -p -D -E; (complete -r; complete -p); complete -p mycommand`, "complete -W 'foo bar' mycommand\ncomplete -W 'foo bar' mycommand\ncomplete -F myfunc other\ncomplete -o filenames -o nospace -a -b -c -d -e -f -g -j -k -s -u -v -A arrayvar -A function -A setopt -G '*.c' -W 'it'\\''s' -P 'pre' -S 'suf' -X '!*.x' -C 'cmd x' x\ncomplete -o filenames -o nospace -a -b -c -d -e -f -g -j -k -s -u -v -A arrayvar -A function -A setopt -G '*.c' -W 'it'\\''s' -P 'pre' -S 'suf' -X '!*.x' -C 'cmd x' y\ncomplete -e -g -s -u -A binding -A disabled -A enabled -A helptopic -A hostname -A running -A shopt -A signal -A stopped z\ncomplete -o bashdefault -o default -o dirnames -o noquote -o nosort -o plusdirs 'a b'\ncomplete -F f -D\ncomplete -W 'foo bar' mycommand\n", "", 0},
	{"complete errors and statuses", `complete -F f; echo $?; complete -p nosuch; echo $?; complete -Z; echo $?; complete -A bogus x; echo $?; complete -o bogus x; echo $?; complete -W; echo $?; complete -r nosuch; echo $?; complete -W a x y; complete -r x; complete -p; complete -r; complete; echo $?; complete foo; echo $?; complete -F nofunc -D; echo $?; complete -p foo`, "2\n1\n2\n2\n2\n2\n0\ncomplete -W 'a' y\n0\n0\n0\ncomplete foo\n", "complete: usage: complete [-abcdefgjksuv] [-pr] [-DEI] [-o option] [-A action] [-G globpat] [-W wordlist] [-F function] [-C command] [-X filterpat] [-P prefix] [-S suffix] [name ...]\nplumb: complete: nosuch: no completion specification\nplumb: complete: -Z: invalid option\ncomplete: usage: complete [-abcdefgjksuv] [-pr] [-DEI] [-o option] [-A action] [-G globpat] [-W wordlist] [-F function] [-C command] [-X filterpat] [-P prefix] [-S suffix] [name ...]\nplumb: complete: bogus: invalid action name\nplumb: complete: bogus: invalid option name\nplumb: complete: -W: option requires an argument\ncomplete: usage: complete [-abcdefgjksuv] [-pr] [-DEI] [-o option] [-A action] [-G globpat] [-W wordlist] [-F function] [-C command] [-X filterpat] [-P prefix] [-S suffix] [name ...]\n", 0},
	{"compopt", `compopt -o nospace; echo $?; complete -W a x; compopt -o nospace x; echo $?; complete -p x; compopt +o nospace -o filenames x; complete -p x; compopt x; compopt -D -o nospace; echo $?; compopt -o bogus x; echo $?; compopt -A x; echo $?; compopt -o nospace nosuch x; echo $?; f() { compopt -o nospace 2>/dev/null; echo in=$?; COMPREPLY=(a); }; compgen -F f x 2>/dev/null`, "1\n0\ncomplete -o nospace -W 'a' x\ncomplete -o filenames -W 'a' x\ncompopt +o bashdefault +o default +o dirnames -o filenames +o noquote +o nosort +o nospace +o plusdirs x\n1\n2\n2\n1\nin=1\na\n", "plumb: compopt: not currently executing completion function\nplumb: compopt: _DefaultCmD_: no completion specification\nplumb: compopt: bogus: invalid option name\nplumb: compopt: -A: invalid option\ncompopt: usage: compopt [-o|+o option] [-DEI] [name ...]\nplumb: compopt: nosuch: no completion specification\n", 0},
	{"compgen -W splits at IFS", `compgen -W "a\\ b c\\\\d \"e f\" 'g h' \$HOME" | sed "s|$HOME|HOME|"; x='1 2'; compgen -W '$x *'; IFS=':%'; compgen -W 'spam:eggs%ham cheese\:colon'; compgen -W '$(echo "spam:eggs%ham cheese")'; compgen -W 'a:b' c; echo st=$?
compgen -W '${'
echo st=$?; complete -W '${' foo; echo st=$?`, "a b\nc\\d\ne f\ng h\nHOME\n1\n2\n*\nspam\neggs\nham cheese:colon\nspam\neggs\nham cheese\nst=1\nst=1\nst=0\n", "plumb: ${: bad substitution\n", 0},
	{"compgen -C and -X", `f() { echo foo; echo "$1|$2|$3|$COMP_LINE|$COMP_POINT|${COMP_CWORD-u}"; }; compgen -C f b 2>/dev/null; complete -C f b; echo $?; complete -p b; compgen -W 'a ab abc' -X '&b' a; compgen -W 'a ab a&b' -X '\&b' a; shopt -s extglob; compgen -X '@(two|bin)' -W 'one two three bin'; fun() { COMPREPLY=(one two three bin); echo "$1|$2|$3|${COMP_WORDS[*]}|$COMP_CWORD|$COMP_LINE|$COMP_POINT" >&2; }; compgen -X '!@(two|bin)' -F fun x; echo "[${COMP_LINE-unset}]" `, "foo\ncompgen|b|||0|u\n0\ncomplete -C 'f' b\na\nabc\na\nab\na&b\none\nthree\ntwo\nbin\n[unset]\n", "plumb: compgen: warning: -F option may not work as you expect\ncompgen|x|||-1||0\n", 0},
	{"compgen actions setopt shopt helptopic user", `compgen -A setopt v; compgen -A alias -A setopt -A shopt xt; compgen -A shopt -P [ -S ] nu; compgen -A helptopic -S ___ fal; compgen -A user root; compgen -g roo; compgen -o filenames -o nospace -W 'bin build'; compgen -A signal SIGHU; compgen -o bogus; echo $?; mkdir d1; touch f1; compgen -o plusdirs -W 'd dd' d; compgen -o dirnames; compgen -o default f`, "verbose\nvi\nxtrace\n[nullglob]\nfalse___\nroot\nroot\nbin\nbuild\nSIGHUP\n2\nd\ndd\nd1\nd1\nf1\n", "plumb: compgen: bogus: invalid option name\n", 0},
}

func TestCompatComplete(t *testing.T) {
	runCompat(t, compatCompleteCases)
}

// bash-completion, the completion most bash users load, works with
// plumb's functions and scoping: its loader, _filedir under _longopt,
// and git's completion (whose _get_comp_words_by_ref assigns one scope
// up through _upvars: unset of a caller's local drops that binding, as
// in bash). Each row also runs under bash. .ci/run installs
// bash-completion and git.
func TestBashCompletionFunctions(t *testing.T) {
	const bc = "/usr/share/bash-completion/bash_completion"
	if _, err := os.Stat(bc); err != nil {
		t.Skip("bash-completion is not installed (.ci/run installs it)")
	}
	if _, err := osexec.LookPath("git"); err != nil {
		t.Skip("git is not installed (.ci/run installs it)")
	}
	comp := func(words string, point int) string {
		return `COMP_WORDS=(` + words + `); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=` + strconv.Itoa(point) + `; ` +
			`_completion_loader "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[0]}"; ` +
			`f=$(complete -p "${COMP_WORDS[0]}" | sed 's/.*-F \([^ ]*\).*/\1/'); COMPREPLY=(); $f "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"; echo "[${COMPREPLY[*]}]"; `
	}
	runCompat(t, []compatCase{
		{"bash_completion loads and completes", "source " + bc + "; echo loaded=$?; " +
			comp("ls /us", 6) + comp("git chec", 8) + comp("git --vers", 10) + comp("git log --onel", 14),
			"loaded=0\n[/usr]\n[checkout ]\n[--version ]\n[--oneline ]\n", "", 0},
		{"unset of a caller's local", `x=G; f() { local x=1; g; echo "f:[$x]"; }; g() { unset -v x; echo "g:[$x]"; x=2; }; f; echo "top:[$x]"; a() { local z=A; b; echo "a:[$z]"; }; b() { local z=B; c; echo "b:[$z]"; }; c() { unset z; echo "c:[${z-unset}]"; }; z=G; a; f2() { local y=1; unset y; echo "f2:[${y-unset}]"; y=2; }; y=T; f2; echo "y:[$y]"`,
			"g:[G]\nf:[2]\ntop:[2]\nc:[A]\nb:[A]\na:[A]\nf2:[unset]\ny:[T]\n", "", 0},
	})
}
