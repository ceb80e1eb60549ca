package shell_test

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	osexec "os/exec"
)

// Prompt escapes as ${x@P} expands them (Oils prompt #2 #6-#8 #12
// #19-#29), checked against bash as compatCases are. The time escapes
// are checked by their format, or against date(1) for the year only, so
// that no row races the clock; a pinned TZ shows whose zone they use.
var promptCases = []compatCase{
	{"prompt character escapes", `x='[\a\e\r\n\\]'; echo "${x@P}" | od -An -c`,
		"   [  \\a 033  \\r  \\n   \\   ]  \\n\n", "", 0},
	// Three octal digits at most, the byte modulo 256; fewer than three
	// before another character are no escape.
	{"prompt octal escapes", `x='\1004$ [\045] \555$ [\0455] [\x55] \12x \8 \1'; echo "${x@P}" | od -An -c`,
		"   @   4   $       [   %   ]       m   $       [   %   5   ]    \n   [   \\   x   5   5   ]       \\   1   2   x       \\   8     001\n  \\n\n", "", 0},
	// What the escapes give is quoted for the expansion after them; what
	// the user wrote is expanded, \\ and an octal $ included.
	{"prompt escapes then expansion", `mkdir '$foo' && cd '$foo'; foo=val; x='\W $foo [\\$] \044foo \D{$foo}'; echo "${x@P}"; x='\$'; [ "${x@P}" = "$([ "$(id -u)" = 0 ] && echo '#' || echo '$')" ] && echo dollar`,
		"$foo val [$] val $foo\ndollar\n", "", 0},
	// Quotes inside $(…) and ${…} are the substitution's own, as in the
	// common PS1='…$(__git_ps1 " (%s)")…'.
	{"prompt substitutions with quotes", `x='$(echo "hi") a"b \"c\" ${y:-"d"} ` + "`echo \"e\"`" + ` $(echo "(" ")") $(echo "x)y") \'; echo "${x@P}"; git_ps1() { printf "$1" main; }; cd /; PS1='\W$(git_ps1 " (%s)")> '; echo "${PS1@P}"; PS1='$(s=$?; [ $s = 0 ] || echo "[$s]")> '; false; echo "${PS1@P}"`,
		"hi a\"b \"c\" d e ( ) x)y \\\n/ (main)> \n[1]> \n", "", 0},
	{"prompt time escapes", `sh=$(readlink /proc/$$/exe); TZ=XYZ-3 "$sh" -c 'x="\D{%Z %z}|\D{%%}|\D|\Dx"; echo "${x@P}"'; x='\t|\T|\@|\A|\d|\D{%H:%M}|\D{}'; re='^[0-2][0-9]:[0-5][0-9]:[0-5][0-9]\|[01][0-9]:[0-5][0-9]:[0-5][0-9]\|[01][0-9]:[0-5][0-9] [AP]M\|[0-2][0-9]:[0-5][0-9]\|[A-Z][a-z]{2} [A-Z][a-z]{2} [0-3][0-9]\|[0-2][0-9]:[0-5][0-9]\|[0-2][0-9]:[0-5][0-9]:[0-5][0-9]$'; [[ ${x@P} =~ $re ]] && echo formats; x='\D{%Y}'; [ "${x@P}" = "$(date +%Y)" ] && echo year; x='\D{%Y'; [ "${x@P}" = "$(date +%Y)" ] && echo unclosed`,
		"XYZ +0300|%|\\D|\\Dx\nformats\nyear\nunclosed\n", "", 0},
	{"prompt shell name and version", `x='\s'; [ "${x@P}" = "${0##*/}" ] && echo name; v='\v' V='\V'; [[ ${v@P} =~ ^[0-9]+\.[0-9]+$ ]] && echo v; [[ ${V@P} =~ ^[0-9]+\.[0-9]+\.[0-9]+$ && ${V@P} == "${v@P}".* ]] && echo V`,
		"name\nv\nV\n", "", 0},
	// Without history (a script) \! is 1 and \# 0; there is no terminal.
	{"prompt jobs, tty, history and command numbers", `x='\j \l \! \#'; echo "${x@P}"; sleep 5 & echo "${x@P}"; kill %1; wait; echo "${x@P}"`,
		"0 tty 1 0\n1 tty 1 0\n0 tty 1 0\n", "", 0},
	// \j counts the jobs not yet ended; fg works in a script under set
	// -m, as in bash (Oils prompt #27): it names the job, continues it
	// and waits for it. The job stops itself and the script waits for
	// that state before fg, so that fg finds it whatever the timing.
	{"prompt jobs and fg under set -m", `exec 2>/dev/null; set -m; x='\j'; sh -c 'kill -STOP $$; echo resumed; exit 3' & until [ "$(cut -d' ' -f3 /proc/$!/stat)" = T ]; do :; done; echo ${x@P}; fg; echo st=$? ${x@P}; fg; echo st=$?`,
		"1\nsh -c 'kill -STOP $$; echo resumed; exit 3'\nresumed\nst=3 0\nst=1\n", "", 0},
	// set -o history in a script saves each command as it is read,
	// before it runs (Oils prompt #29); \! in ${x@P} is the number of
	// the running one (1 with history off); a sourced file's lines are
	// not saved.
	{"script history", "x='\\!'\necho a ${x@P}\nset -o history\necho b ${x@P}; echo c\necho 'echo sourced' > f; . ./f\nhistory\nhistory -c\necho d ${x@P}\necho e ${x@P}\nset -o | grep -w history; set +o history\necho f ${x@P}\nhistory",
		"a 1\nb 1\nc\nsourced\n    1  echo b ${x@P}; echo c\n    2  echo 'echo sourced' > f; . ./f\n    3  history\nd 1\ne 2\nhistory        \ton\nf 1\n    1  echo d ${x@P}\n    2  echo e ${x@P}\n    3  set -o | grep -w history; set +o history\n", "", 0},
}

func TestCompatPrompt(t *testing.T) {
	runCompat(t, promptCases)
}

// TestPromptVersion checks \v and \V against what plumb says it is:
// started as bash, the release $BASH_VERSINFO gives; started as plumb,
// plumb's own version, which `plumb --version` prints.
func TestPromptVersion(t *testing.T) {
	link := filepath.Join(t.TempDir(), "bash")
	if err := os.Symlink(plumbBinary(t), link); err != nil {
		t.Fatal(err)
	}
	out, err := osexec.Command(link, "-c", `x='\v \V'; echo "${x@P}"; echo "${BASH_VERSINFO[0]}.${BASH_VERSINFO[1]} ${BASH_VERSINFO[0]}.${BASH_VERSINFO[1]}.${BASH_VERSINFO[2]}"`).Output()
	if m := regexp.MustCompile(`^(5\.\d+ \S+)\n(\S+ \S+)\n$`).FindStringSubmatch(string(out)); m == nil || m[1] != m[2] || err != nil {
		t.Errorf("as bash: %q (%v)", out, err)
	}
	out, err = osexec.Command(plumbBinary(t), "-c", `x='\v \V'; echo "${x@P}"; "$(readlink /proc/$$/exe)" --version`).Output()
	m := regexp.MustCompile(`^(\d+\.\d+) (\d+\.\d+\.\d+)\nplumb (\S+)\n$`).FindStringSubmatch(string(out))
	if m == nil || m[2] != m[3] || m[2][:len(m[1])+1] != m[1]+"." || err != nil {
		t.Errorf("as plumb: %q (%v)", out, err)
	}
}

// TestPromptEscapesAtPrompt checks the escapes that count at a real
// prompt, as bash 5.2 shows them there: \! the history number of the
// line about to be typed and \# its command number (the running line's
// in ${x@P}), \j the jobs not yet ended, \l the terminal's name;
// with set +o history no line is saved.
func TestPromptEscapesAtPrompt(t *testing.T) {
	dir := t.TempDir()
	tm := startPty(t, dir, []string{`PS1=<\! \# \j \l> `})
	tm.expect(`<1 1 0 \d+> `)
	tm.send("echo one\r")
	tm.expect(`<2 2 0 \d+> `)
	tm.send("sleep 100 &\r")
	tm.expect(`<3 3 1 \d+> `)
	tm.send(`x='\! \#'; echo "[${x@P}]"` + "\r")
	tm.expect(`\[3 3\]`)
	tm.expect(`<4 4 1 \d+> `)
	tm.send("kill %1; wait\r")
	tm.expect(`<5 5 0 \d+> `)
	tm.send(`x='\l'; [ "${x@P}" = "$(basename "$(tty)")" ] && echo same-tty` + "\r")
	tm.expect(`same-tty`)
	tm.expect(`<6 6 0 \d+> `)
	// set +o history: lines are not saved, and \! is 1, as in bash.
	tm.send("set +o history\r")
	tm.expect(`<1 7 0 \d+> `)
	tm.send("echo two\r")
	tm.expect(`<1 8 0 \d+> `)
	tm.send("set -o history\r")
	tm.expect(`<7 9 0 \d+> `)
	tm.send("exit\r")
	tm.wait()
}
