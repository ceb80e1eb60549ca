package shell_test

import (
	"testing"
)

// A compatCase is a script whose stdout, stderr and status must be what
// bash 5.2 gives: each row also runs under bash (skipped with -short),
// with bash's message prefix (`bash: line N: `, `bash: `) read as
// plumb's (`plumb: `), since plumb -c names no line. These rows came
// from cases of the Oils spec tests (spec/*.test.sh) that plumb failed.
type compatCase struct {
	name, script   string
	stdout, stderr string
	status         int
}

var compatCases = []compatCase{
	// Unquoted ${x:-word} and friends split their word on IFS (POSIX);
	// its quoted parts stay whole.
	{"default word splits", `f() { echo $#; }; f ${u:-a b c}; f ${u-a  b}; f ${u:-"a b" c}; f "${u:-a b}"`, "3\n2\n2\n1\n", "", 0},
	{"alternative word splits", `f() { echo $#; }; x=1; f ${x:+a b c}; f ${x+--flag $x}; f ${u:+a b}`, "3\n2\n0\n", "", 0},
	{"assigned word splits", `f() { echo $#; }; f ${u:=a b c}; echo "[$u]"`, "3\n[a b c]\n", "", 0},
	{"default word splits on IFS", `f() { echo $#; }; IFS=:; f ${u:-a:b}; f ${u:-a b}`, "2\n1\n", "", 0},
	{"default word globs", `touch a.c b.c; echo ${u:-*.c} ${u:-"*".c}`, "a.c b.c *.c\n", "", 0},

	// Prefix assignments see the ones before them.
	{"prefix assignments in order", `FOO=foo BAR="[$FOO]" sh -c 'echo $BAR'; f() { echo "$B"; }; A=a B=$A f; echo "[$A][$B]"; x=1; x=2 y=$x env | grep '^y='`, "[foo]\na\n[][]\ny=2\n", "", 0},

	// Moving a descriptor: N>&M- is a dup, then M closes.
	{"move fd", `{ echo out; echo err >&2; } 3>&1 1>&2 2>&3- ; echo moved 3>&1 1>&3-; { echo x >&3; } 3>&1 4>&3- 2>/dev/null; echo $?`, "err\nmoved\n1\n", "out\n", 0},
	{"redirect to fd not open", `echo hi >&7; echo "st $?"; /bin/echo hi >&7; echo "st $?"`, "st 1\nst 1\n", "plumb: 7: Bad file descriptor\nplumb: 7: Bad file descriptor\n", 0},

	// cd, $_, hash, PATH.
	{"cd exports OLDPWD", `cd /; cd "$HOME"; env | grep ^OLDPWD; cd - >/dev/null; pwd`, "OLDPWD=/\n/\n", "", 0},
	{"last argument", `: 42; echo $_ ${_}x; x='with spaces'; : $x; echo $_; echo hi && echo "and $_"; echo "after [$_]"; s=1; echo "assign [$_]"; (( 1 )); echo "(( [$_]"`, "42 42x\nspaces\nhi\nand hi\nafter [and hi]\nassign []\n(( [assign []]\n", "", 0},
	{"last argument under set -u", `set -u; : x; echo $_`, "x\n", "", 0},
	{"hash lists", `hash cat; hash; hash -r; hash; echo $?; hash cat; hash | grep -c cat`, "hits\tcommand\n   0\t/usr/bin/cat\nhash: hash table empty\n0\n1\n", "", 0},
	{"prefix PATH finds the command", "mkdir -p bin dir/hello; printf '#!/bin/sh\\necho hi\\n' > bin/hello; chmod +x bin/hello; PATH=$PWD/dir:$PWD/bin:$PATH hello; echo $?", "hi\n0\n", "", 0},

	// LINENO: a function's lines count from where it was defined, also
	// when eval calls it; (( )) and for (( )) see it.
	{"LINENO in function called by eval", "f() {\n  echo $LINENO\n}\n:\neval 'echo a\nf'\nf", "a\n2\n2\n", "", 0},
	{"LINENO in arithmetic", "echo one\n(( x = LINENO ))\necho $x\nfor (( i = 0; i < $LINENO; i++ )); do\n  echo $i\ndone", "one\n2\n0\n1\n2\n3\n", "", 0},

	// Brace expansion (shell/expand): first of the expansions, on
	// command words, for lists and array values; not in assignments,
	// not in quotes; set +B turns it off.
	{"brace lists", `echo {a,b}_{c,d} -{A,={a,b}=,B}- {x}_{a,b} a{X,,Y}b; set -- {X,,Y,}; echo $#`, "a_c a_d b_c b_d -A- -=a=- -=b=- -B- {x}_a {x}_b aXb ab aYb\n2\n", "", 0},
	{"brace sequences", `echo {1..3} {3..1} {1..10..3} {01..03} {a..e..2} {1..3..-1}`, "1 2 3 3 2 1 1 4 7 10 01 02 03 a c e 1 2 3\n", "", 0},
	// A letter sequence has letters at both ends; across Z..a it makes
	// [ \ ] ^ _ `, which bash then reads as syntax: the backslash quotes
	// what follows, a backquote with text after it is an unclosed
	// command substitution (fatal, status 1).
	{"brace letters across cases", "echo {a..Z}; echo -{a..Z} {_..a} {!..%}; echo -{z..A}-; echo no", "a ` _ ^ ]  [ Z\n-a -` -_ -^ -] - -[ -Z {_..a} {!..%}\n", "plumb: bad substitution: no closing \"`\" in `-\n", 1},
	{"brace mkdir", `mkdir -p d/{a,b}/{1..2}; echo d/*/*`, "d/a/1 d/a/2 d/b/1 d/b/2\n", "", 0},
	{"brace not expanded", `x=1; v={a,b}; echo "$v" "{a,b}" '{a,b}' \{a,b} ${x} {1..$x} {1...3} {a}`, "{a,b} {a,b} {a,b} {a,b} 1 {1..1} {1...3} {a}\n", "", 0},
	{"brace before other expansions", `i=0; a=A; echo {a,b}-$((i++)) -{$(echo c),${a}}-; HOME=/h; echo {x~,~}/y`, "a-0 b-1 -c- -A-\nx~/y /h/y\n", "", 0},
	{"brace in for and arrays", `for x in {1..2}{a,b}; do echo -n "$x "; done; a=({x,y}z); echo ${#a[@]} ${a[1]}`, "1a 1b 2a 2b 2 yz\n", "", 0},
	{"brace option", `set +B; echo {a,b} $-; set -o braceexpand; echo {a,b} $-; set -B; echo {1..2}`, "{a,b} hc\na b hBc\n1 2\n", "", 0},

	// Bash's transformations ${x@OP}.
	{"transform Q", `x="a'b c\"d"; eval "y=${x@Q}"; [ "$x" = "$y" ] && echo ok; echo ${x@Q}; t=$'a\tb'; echo ${t@Q}; a=(x 'y z'); echo ${a[@]@Q} ${a@Q}; set -- p 'q r'; echo "${@@Q}"`, "ok\n'a'\\''b c\"d'\n$'a\\tb'\n'x' 'y z' 'x'\n'p' 'q r'\n", "", 0},
	{"transform case and escapes", `x='abc DEF'; echo "${x@u}" "${x@U}" "${x@L}"; e='a\tb\x41'; echo "${e@E}"`, "Abc DEF ABC DEF abc def\na\tbA\n", "", 0},
	{"transform attributes", `a=(1 2); declare -r a; echo ${a@a} ${a[0]@a}; declare -rx P=hi; echo ${P@a}; declare -A m=([k]=v); echo ${m@a} ${m[@]@a}; r=m; echo ${!r@a}; echo "[${?@a}]"`, "ar ar\nrx\nA A\nA\n[]\n", "", 0},
	{"transform assignment", `x=x; e=; echo ${x@A} ${e@A} ${u@A}; declare -r x; echo ${x@A}; a=(1 '2 3'); echo ${a[@]@A}`, "x='x' e=''\ndeclare -r x='x'\ndeclare -a a=([0]=\"1\" [1]=\"2 3\")\n", "", 0},
	{"transform unset", `printf '[%s]' ${u@Q} "${u@Q}" "${u[@]@Q}" "${u[*]@Q}"; echo; set -u; (echo ${u@Q}); echo "st $?"`, "[][]\nst 1\n", "plumb: u: unbound variable\n", 0},

	// Namerefs: declare -n / local -n.
	{"nameref arrays by reference", `show() { local -n arr=$1; echo "${arr[$2]}"; arr[1]=ZZ; }; a=(ga bu zo); show a 2; echo ${a[@]}; declare -A m=([k]=v); show m k; echo ${m[1]}`, "zo\nga ZZ zo\nv\nZZ\n", "", 0},
	{"nameref read write unset", `x=foo; ref=x; echo $ref; typeset -n ref; echo $ref; ref=bar; echo $x ${!ref}; typeset +n ref; echo $ref; declare -n r2=x; unset r2; echo "[${x-unset}]"; declare -p r2; unset -n r2; declare -p r2 2>/dev/null || echo gone`, "x\nfoo\nbar x\nx\n[unset]\ndeclare -n r2=\"x\"\ngone\n", "", 0},
	{"nameref chain and element", `x=1; declare -n a=x b=a; b=2; echo $x; declare -n e='arr[1]'; arr=(p q); echo $e; e=Q; echo ${arr[@]}`, "2\nq\np Q\n", "", 0},
	{"nameref dynamic scope", `f3() { local -n ref=$1; ref=x; }; f2() { f3 "$@"; }; f1() { local F1=F1; f2 F1; echo $F1; }; f1`, "x\n", "", 0},
	{"nameref attributes go to the target", `x=1; declare -n r=x; declare -x r; env | grep '^x='; echo ${r@a}`, "x=1\nx\n", "", 0},
	{"nameref circular", `typeset -n r1=r2; typeset -n r2=r1; echo "[$r1][$r2]"; (r1=z) 2>/dev/null; echo $?`, "[][]\n1\n", "plumb: warning: r1: circular name reference\nplumb: warning: r2: circular name reference\n", 0},
	{"nameref invalid target", `ref=1; typeset -n ref; echo "st $? $ref"; typeset -n r2=@; echo "st $?"`, "st 1 1\nst 1\n", "plumb: typeset: `1': invalid variable name for name reference\nplumb: typeset: `@': invalid variable name for name reference\n", 0},

	// declare's listing options, eval --, unset of a function.
	{"declare -f -F", `declare -f f g; echo $?; f() { echo hi; }; declare -f f >/dev/null; echo $?; declare -F f g; echo $?; g() { :; }; declare -F; ble/x() { :; }; declare -F ble/x`, "1\n0\nf\n1\ndeclare -f f\ndeclare -f g\nble/x\n", "", 0},
	{"declare -p filters", `a=1; readonly r=2; export X=3; declare -n n=a; declare -a arr=(); f() { declare -pr | grep ' r='; declare -px | grep ' X='; declare -pn | grep ' n='; declare -pa | grep ' arr='; declare -pr | grep -c ' X=' || true; }; f`, "declare -r r=\"2\"\ndeclare -x X=\"3\"\ndeclare -n n=\"a\"\ndeclare -a arr=()\n0\n", "", 0},
	{"declare without value", `declare x; declare -p x; f() { local x; declare -p x; }; x=1; f`, "declare -- x\ndeclare -- x\n", "", 0},
	{"eval --", `eval -- 'echo a'; eval -- "$(x=5; declare -p x)"; echo $x`, "a\n5\n", "", 0},
	{"unset falls back to a function", `f() { echo f; }; unset -v f; f; unset f; f; echo $?`, "f\n127\n", "plumb: f: command not found\n", 0},
	{"arithmetic quotes", `echo $(( "1" + "2" )); a=(x y); echo ${a["1"]} ${u["k"]}e; (( "3" > 2 )) && echo yes`, "3\ny e\nyes\n", "", 0},

	// umask: symbolic modes, -p, -S with a mode.
	{"umask symbolic", `umask 0124; umask u-r,g+w; umask; umask =rx; umask; umask 0111; umask u=rwx,u=rw,u=r,u=,g=rwx; umask; umask 0000; umask a-x,o=; umask; touch f; stat -c %a f`, "0504\n0222\n0701\n0117\n660\n", "", 0},
	{"umask -p -S", `umask 0124; umask -p; umask -S; umask -pS; umask -S u=rw; umask -; echo $?`, "umask 0124\nu=rw,g=rx,o=wx\numask -S u=rw,g=rx,o=wx\nu=rw,g=rx,o=wx\n0\n", "", 0},
	{"umask errors", `umask 0124; umask u+r,,u-r; echo $?; umask u+z; echo $?; umask g+s; umask 999; umask -rwx; echo $?; umask`, "1\n1\n2\n0124\n", "plumb: umask: `,': invalid symbolic mode operator\nplumb: umask: `z': invalid symbolic mode character\nplumb: umask: `s': invalid symbolic mode character\nplumb: umask: 999: octal number out of range\nplumb: umask: -r: invalid option\numask: usage: umask [-p] [-S] [mode]\n", 0},

	// Quotes in the pattern of ${x#p} ${x%p} ${x/p/r} inside "…" quote,
	// as bash reads them; elsewhere in "${x-'w'}" they are literal.
	{"pattern quotes in double quotes", `x='a b c d'; echo "${x%'c d'}|${x//'c d'/'z'}|${u-'w'}"; v=abc; echo "${v%$'b'*}"; q="'a'"; echo "${q#'a'}" "${q#\'}"; w="++--''"; echo "${w//['+-']}"`, "a b |a b z|'w'\na\n'a' a'\n''\n", "", 0},
	{"pattern quote unterminated", `x=1; eval 'echo "${x%d'"'"'}"' 2>/dev/null; echo "st $?"`, "st 2\n", "", 0},
	// An empty array is unset to - and +; "$*" is empty when it joins
	// to nothing, unquoted $* and "$@" of two elements are not.
	{"empty array and - +", `e=(); printf '[%s]' "${e[@]-minus}" "${e[@]+plus}" ${e[@]:-x}; echo; set -- "" ""; IFS=; echo "${*:-minus}" ${*:+plus} "${@:+at}"`, "[minus][x]\nminus plus at\n", "", 0},

	// BASH_SUBSHELL counts subshells; BASHPID is a pid.
	{"BASH_SUBSHELL and BASHPID", `(echo $BASH_SUBSHELL; (echo $BASH_SUBSHELL)); echo $BASH_SUBSHELL $(echo $BASH_SUBSHELL); echo $BASH_SUBSHELL | cat; [ "$BASHPID" -gt 1 ] && echo pid`, "1\n2\n0 1\n0\npid\n", "", 0},

	// A redirection's file name is brace-expanded, split and globbed,
	// and must come out as one word.
	{"redirect target expands to one word", `touch two-bar; star='*'; echo hi > two-$star; cat two-bar; file='foo bar'; echo x > $file; echo "st $?"; echo y > a-{1,2}; echo "st $?"; ls`, "hi\nst 1\nst 1\ntwo-bar\n", "plumb: $file: ambiguous redirect\nplumb: a-{1,2}: ambiguous redirect\n", 0},

	// $[…], for (( ; ; )), set - and set +.
	{"arith brackets", `v=1; echo $[1+2] "$[v * 4]"; a[0]=$[1+3]; b[0]=$[b[0]]; echo ${a[0]} ${b[0]}`, "3 4\n4 0\n", "", 0},
	{"for with empty parts", `for (( ; ; )); do echo one; break; done; x=0; for ((; $x; )); do echo no; done; echo ok`, "one\nok\n", "", 0},
	{"set - and +", `set -x -v; set - a b c; echo "$@" $-; set +; echo "$@"; set + -; echo "$@"; set -x + -v x y; set +xv; echo "$@"`, "a b c hBc\na b c\na b c\nx y\n", "+ set - a b c\n+ set +xv\n", 0},

	// source searches PATH for a readable file before the current
	// directory; command -p uses the standard path; -- for builtin.
	{"source along PATH", "mkdir -p d/x.sh p; echo 'echo path' > p/x.sh; echo 'echo cwd' > x.sh; PATH=$PWD/d:$PWD/p:$PATH . x.sh; source -- ./x.sh; . nonesuch 2>/dev/null; echo $?", "path\ncwd\n1\n", "", 0},
	{"command -p and -v path", "mkdir b; printf '#!/bin/sh\necho wrong\n' > b/tr; chmod +x b/tr; touch b/nx; PATH=$PWD/b:$PATH; echo aaa | command -p tr a b; command -v b/tr; command -v b/nx; echo $?; PATH=$PWD/b; command -p nonesuch; echo $?", "bbb\nb/tr\n1\n127\n", "plumb: nonesuch: command not found\n", 0},
	{"builtin --", "builtin --; echo $?; builtin -- false; echo $?", "0\n1\n", "", 0},

	// test -v and -R with the shell's variables; unset of an index
	// before the start.
	{"test -v -R", `a=(1 2 3 ''); declare -A m=([k]=v); x=1; declare -n r=x; for e in 'a[1]' 'a[3]' 'a[4]' 'a[1+1]' 'm[k]' 'm[z]' x nope; do test -v "$e"; echo -n "$? "; done; [ -R r ]; echo -n "$? "; test -R x; echo $?`, "0 0 1 0 0 1 0 1 0 1\n", "", 0},
	{"unset index out of range", `a=(1); unset -v 'a[-2]'; echo $?; unset 'a[-1]'; echo ${#a[@]}`, "1\n0\n", "plumb: unset: [-2]: bad array subscript\n", 0},

	// set -e: a compound command whose status is a failure where set -e
	// was ignored (left of && or ||, a ! pipeline) does not exit; a
	// subshell or a function call with that status does.
	{"errexit ignores compound ending in a condition", "set -e; { test no = yes && echo hi; }; echo \"st $?\"; if :; then false && x; fi; for i in 1; do false || false && x; done; case a in a) ! true;; esac; echo st2 $?; f() { false && x; }; { f; }; echo not", "st 1\nst2 1\n", "", 1},
	{"errexit still exits on subshell", "set -e; { false && x || false; } || echo caught; ( false && x ); echo not", "caught\n", "", 1},

	// set -m in a script: a background job leads a process group of its
	// own and takes SIGINT (bats sends it to the group). bash also
	// reports the job's end on stderr, which plumb does not.
	{"set -m groups background jobs", `set -m; exec 2>/dev/null; sleep 30 & pid=$!; read -r _ _ _ _ pg _ < /proc/$pid/stat; [ "$pg" = "$pid" ] && echo own; kill -INT -- -$pid; wait $pid; echo $?`, "own\n130\n", "", 0},

	// exec N>&- closes a descriptor the shell inherited, in the shell
	// and in a background job (bats #205: a reader waits for EOF). The
	// shell's own descriptors may come and go while ls reads the list.
	{"exec closes an inherited descriptor", `"/proc/$$/exe" -c 'f() { exec 3>&-; ls -l /proc/$BASHPID/fd 2>/dev/null | grep -c marker; }; f & wait; exec 3>&-; ls -l /proc/$$/fd 2>/dev/null | grep -c marker; exit 0' 3>marker`, "0\n0\n", "", 0},

	// `bash NAME` reads NAME from PATH when it is not in the current
	// directory (bats's own suite runs `bash bats`).
	{"script found along PATH", `mkdir d; echo 'echo "$0 ${BASH_SOURCE#$PWD/}"' > d/scr; PATH=$PWD/d:$PATH "/proc/$$/exe" scr; "/proc/$$/exe" nonesuch 2>/dev/null; echo $?`, "scr d/scr\n127\n", "", 0},

	// read: the last name's rest loses one non-white delimiter that ends
	// its only field (POSIX); a backslash quotes an IFS character; -n
	// counts a backslash pair as one; -N does not split.
	{"read trailing delimiter", `IFS='x '; for l in x xx xxx 'x  ' xa xax xaxx 'a b x'; do echo "$l" | { read a b; echo "[$a][$b]"; }; done; echo 'a:b:' | { IFS=: read a b; echo "$b"; }`, "[][]\n[][]\n[][xx]\n[][]\n[][a]\n[][a]\n[][axx]\n[a][b]\nb\n", "", 0},
	{"read backslash and IFS", `IFS='\ '; echo 'hello\ world  test' | { read a b; echo "[$a][$b]"; }; IFS='\'; echo 'hello\ world' | { read a b; echo "[$a][$b]"; }`, "[hello world][test]\n[hello world][]\n", "", 0},
	{"read -n -N count", `echo 'a\b\c\d\e\f' | { read -n 5; echo "$REPLY"; }; echo 'a b c' | { read -N 4 x y; echo "[$x][$y]"; }`, "abcde\n[a b ][]\n", "", 0},

	// getopts: past the end of the arguments OPTIND points after them;
	// a bad name fails after the option is parsed.
	{"getopts OPTIND at the end", `while getopts hc: o -h -c x y; do :; done; echo $OPTIND; set --; getopts h o; echo "$? $OPTIND"; set -- -a -b; getopts ab o; getopts ab o; set -- x; getopts ab o; echo "$? $OPTIND"`, "4\n1 1\n1 2\n", "", 0},
	{"getopts bad name", `set -- -c foo -h; getopts 'hc:' opt-; echo "st=$? [$opt] $OPTARG $OPTIND"`, "st=1 [] foo 3\n", "plumb: getopts: `opt-': not a valid identifier\n", 0},

	// break and continue: a count below 1 leaves every loop, status 1;
	// one that is not a number ends the script, status 128.
	{"break count out of range", `for j in 1; do for i in 1 2; do continue 0; echo no; done; echo no2; done; echo "after $?"`, "after 1\n", "plumb: continue: 0: loop count out of range\n", 0},
	{"break not a number", `while true; do echo hi; break x; done; echo no`, "hi\n", "plumb: break: x: numeric argument required\n", 128},

	// A failed assignment abandons the rest of its line (an eval: the
	// eval), and the script goes on, as in bash; set -o posix finds
	// special builtins before functions and keeps their prefix
	// assignments.
	{"assignment error abandons the line", "readonly x=1; eval 'x=2; echo no'; echo \"st=$?\"\nf() { local y=l; readonly y; eval 'y=2' 2>/dev/null; echo \"f $?\"; }; f\nx=3; echo not\necho next", "st=1\nf 1\nnext\n", "plumb: x: readonly variable\nplumb: x: readonly variable\n", 0},
	{"assignment error under set -e", "set -e; readonly foo=bar\nfoo=eggs\necho no", "", "plumb: foo: readonly variable\n", 1},
	{"set -o posix", `eval() { echo func; }; set -o posix; foo=bar :; echo "foo=$foo"; eval 'echo builtin'; test -o posix; echo $?; set +o posix; eval 'echo x'`, "foo=bar\nbuiltin\n0\nfunc\n", "", 0},
	{"set -o vi and emacs", `set -o vi; echo $?; test -o vi; echo $?; set -o emacs; [[ -o vi ]]; echo $?; set -o | grep -E '^(emacs|vi|posix) '`, "0\n0\n1\nemacs          \ton\nposix          \toff\nvi             \toff\n", "", 0},

	// [[ ]] takes newlines between its terms; for (( )) takes a brace
	// group as its body.
	{"[[ over lines", "[[ foo == foo\n&& bar == bar\n]] && echo true; [[ a == b ||\n\n a == a\n ]] && echo t2", "true\nt2\n", "", 0},
	{"for (( )) with braces", "for ((a=1; a <= 3; a++)) {\n  echo $a\n}; f() { for ((i=0; i<1; i++)) { echo $i; }; }; f", "1\n2\n3\n0\n", "", 0},

	// ${x//PAT/REP}: a slash right after // is the pattern's first
	// character (escaping slashes for sed: ${p////\\/}).
	{"replace a slash", `x=a/b/c; echo ${x////_} ${x///} "${x///_}" ${x////} "${x////\\/}"; x=/a/; echo ${x/#//_} ${x/%//_}`, "a_b_c abc a/b/c abc a\\/b\\/c\n/_/a/ /a//_\n", "", 0},

	// {name} redirections: the shell picks a descriptor from 10 up and
	// sets name; {name}>&- closes the one name holds.
	{"named descriptors", `exec {fd}>f; echo $((fd >= 10)); echo foo >&$fd; exec {fd}>&-; cat f; exec {r}<f {w}>g; echo $((w - r)); read l <&$r; echo $l; echo x={y}>&1 "[$y]"; exec {x}>&-`, "1\nfoo\n1\nfoo\nx={y} []\n", "plumb: x: ambiguous redirect\n", 1},

	// kill -n NUMBER; kill -l 0 is EXIT. (bash also reports the killed
	// job on stderr, which plumb does not: not compared.)
	{"kill -n and -l 0", `kill -l 0 INT 137; sleep 5 & kill -n 9 $!; echo $?; wait $! 2>/dev/null; echo $?; exec 2>/dev/null`, "EXIT\n2\nKILL\n0\n137\n", "", 0},

	// printf -v and read take an array element as the name.
	{"printf -v and read into elements", `printf -v "a[" %s foo; echo st=$?; a=(a b c); printf -v "a[1]" %s X; echo ${a[@]}; declare -A m=([K]=v); k=K; printf -v "m[\$k]" %s Y; printf -v "m[\"K2\"]" %s Z; echo ${m[K]} ${m[K2]}; echo "p q" | { read "a[2]" r; echo ${a[2]}; }; read -a "b[1]" <<< x; echo $?`, "st=2\na X c\nY Z\np\n1\n", "plumb: printf: `a[': not a valid identifier\nplumb: read: `b[1]': not a valid identifier\n", 0},

	// mapfile -d '' splits on NUL, which the elements do not keep.
	{"mapfile -d ''", `printf '%s\0' 1 3 5 | { mapfile -d '' arr; echo "n=${#arr[@]}"; printf '[%s]' "${arr[@]}" | od -An -c; }`, "n=3\n   [   1   ]   [   3   ]   [   5   ]\n", "", 0},

	// failglob abandons the rest of the line (an eval: the eval).
	{"failglob under set -e ends the script", "set -e; shopt -s failglob; echo *.ZZ\necho no", "", "plumb: no match: *.ZZ\n", 1},
	{"failglob abandons the line", "shopt -s failglob; echo *.ZZ; echo no\necho \"st=$?\"; for x in *.ZZ; do echo $x; done; echo no\na=(*.ZZ)\necho st3=$?; eval 'echo *.w; echo no'; echo \"ev $?\"", "st=1\nst3=1\nev 1\n", "plumb: no match: *.ZZ\nplumb: no match: *.ZZ\nplumb: no match: *.ZZ\nplumb: no match: *.w\n", 0},

	// eval reads its string one command at a time: an alias it defines
	// applies to its next lines; the lines before a syntax error run.
	{"eval one command at a time", "shopt -s expand_aliases\neval \"alias sayhi='echo hello'\nsayhi inside\"\nsayhi outside; eval 'echo a\nif' 2>/dev/null; echo \"st $?\"", "hello inside\nhello outside\na\nst 2\n", "", 0},

	// trap with an unknown option is a usage error (status 2), which
	// set -e ends the script on, after the EXIT trap.
	{"trap invalid option", `set -e; trap 'echo trap-exit' EXIT; trap -1 EXIT; echo bad`, "trap-exit\n", "plumb: trap: -1: invalid option\ntrap: usage: trap [-lp] [[arg] signal_spec ...]\n", 2},

	// A backslash from an unquoted expansion quotes the next character
	// of a pattern (bash 5): in globbing and in ${x/pat/}; a word
	// without glob characters keeps it.
	{"backslash in unquoted expansion", `mkdir x; touch 'x/a.txt' 'x/\.txt' 'x/*.txt'; v='*\*.txt'; echo x/$v; v='\a*'; echo x/$v; v='\.t'; echo $v; v='[\f]'; x='\f'; echo ${v/$x/_} ${v/"$x"/_}`, "x/*.txt\nx/a.txt\n\\.t\n[\\_] [_]\n", "", 0},

	// shopt -s lastpipe: the last stage runs in the shell, so what it
	// assigns stays.
	{"lastpipe", `shopt -s lastpipe; seq 2 | mapfile m; echo hi | read x; n=0; printf 'a\nb\n' | while read l; do n=$((n+1)); done; echo ${#m[@]} $x $n; echo z | { read y; f() { :; }; }; echo $y $(type -t f); shopt -u lastpipe; echo q | read x; echo $x`, "2 hi 2\nz function\nhi\n", "", 0},

	// history with an unknown option is a usage error, status 2.
	{"history invalid option", `history -5; echo $?; history f; echo $?`, "2\n1\n", "plumb: history: -5: invalid option\nhistory: usage: history [-c] [-d offset] [n] or history -anrw [filename] or history -ps arg [arg...]\nplumb: history: f: numeric argument required\n", 0},

	// ${!ref:=v} assigns to the variable ref names, which must be a name.
	{"indirect assignment", `z=zz; zz=; echo ${!z:=foo}; echo ${!z:=bar} $zz "[$z]"; z="a[2]"; echo ${!z:=foo}; echo no`, "foo\nfoo foo [zz]\n", "plumb: a[2]: invalid variable name\n", 1},

	// ${!a[@]} followed by an operator is an indirection through a's
	// elements joined by spaces, not a's keys (var-ref #4 #28-#30,
	// var-op-test #35).
	{"indirect through array with operators", `declare -A ref=([k]=v); v=value; a3=(1 2 3); echo "${!ref[@]:2}" "${!ref[@]#?}" "${!ref[@]@Q}" ${!ref[@]}; ref[k]='a3[@]'; echo "${!ref[@]:1}" "${!ref[@]/2/x}" "${!ref[@]@a}"; ref[k]=u; echo "${!ref[@]:=set}" $u; a=(""); r='a[@]'; echo "[${!r:-d}]" [${!r:-d}]; a=(); echo "${!r-unset}"`, "lue alue 'value' k\n2 3 1 x 3 a a a\nset set\n[] [d]\nunset\n", "", 0},
	{"indirect through array errors", `(a=(x y); echo "${!a[@]-d}"); echo $?; x=; (echo ${!x}); echo "${!u[@]-d}"; echo no`, "1\n", "plumb: x y: invalid variable name\nplumb: : invalid variable name\nplumb: u[@]: invalid indirect expansion\n", 1},

	// A subscript that comes from a value (${!r} with r='a[$b]', a
	// nameref to an element, a variable holding 'a[$(f)]' read in
	// arithmetic) expands before its arithmetic, as in bash (var-ref
	// #19 #26, nameref #26, array-assign #4).
	{"subscript text expands", `a=(0 1 2); b=1; r='a[$b]'; echo ${!r}; r='a[$(echo 2)]'; echo ${!r}; declare -n n='a[$((b+1)) - 2]'; echo $n; n=Z; echo ${a[@]}; a=(0 1 2); c=(3 4 5); e='a[$(echo 2)]'; echo ${c[e]}; c[e]=q; echo ${c[@]}; echo $(( e + 1 ))`, "1\n2\n0\nZ 1 2\n5\n3 4 q\n3\n", "", 0},

	// "$ref" with ref a nameref to a[@] is "${a[@]}"; "${ref}" is the
	// elements joined (bash; nameref #27).
	{"nameref to array elements", `typeset -n ref='a[@]'; a=('A B' C ''); printf '<%s>' "$ref" x$ref; a=('A B' C); printf '<%s>' "${ref}" "${ref-d}"; echo; (ref=(X)); echo $?; b=(); typeset -n r3='b[@]'; echo "${r3-unset}"`, "<A B><C><><xA><B><C><A B C><A B C>\n1\nunset\n", "plumb: `a[@]': not a valid identifier\n", 0},

	// Tildes: a ":" ends the prefix; an assignment's ${x-word} expands
	// those after ":" (not ${x:=word}); the right side of =~ expands
	// one, as quoted text (tilde #11, dbracket #44).
	{"tilde colon and regex", `HOME=/h; echo ~:x a:~; x=~:${u-~:~}; echo $x; x=${u:=~:~}; echo $x $u; [[ $HOME =~ ~ ]]; echo $?; HOME='^a$'; [[ $HOME =~ ~ ]]; echo $?; [[ ~ =~ $HOME ]]; echo $?`, "/h:x a:~\n/h:/h:/h\n/h:~ /h:~\n0\n0\n1\n", "", 0},

	// ${s/p/r} tries only texts of the length bash counts for p, which
	// is off for [^]…] and [!]…]: nothing matches (var-op-patsub #23);
	// ${s/*/r} of an empty s is r.
	{"replace with bracket count", `pat='[^]]'; s='ab^cd^'; echo ${s//$pat/z} ${s//[!]]/z} ${s//[^a]/z} ${s//[^]*]/z}; s=; echo "[${s/*/z}]"`, "ab^cd^ ab^cd^ azzzzz zzzzzz\n[z]\n", "", 0},

	// An associative array lists its elements in the order of bash's
	// hash table, through its growth and m=(…) (array-literal #17 #18,
	// sh-options #26, var-op-bash #24).
	{"assoc order", `declare -A A=([a]=hello [b]=world [c]=osh [d]=ysh); echo "${A[@]}" "${!A[@]}"; declare -A s+=([x]=1 [y]=2 [z]=3); declare -p s; unset "A[b]"; A[e]=1; echo ${!A[@]}; declare -A B; for ((i=0;i<5000;i++)); do B[k$i]=1; done; unset "B[k7]"; B[new]=1; B=([p]=1 [q]=2); for ((i=0;i<3000;i++)); do B[j$i]=1; done; printf "%s\n" "${!B[@]}" | cksum`, "ysh osh world hello d c b a\ndeclare -A s=([z]=\"3\" [y]=\"2\" [x]=\"1\" )\ne d c a\n1544821246 16894\n", "", 0},

	// An operator after ${#v is a bad substitution when the word is
	// expanded, not when the script is read (var-op-slice #1).
	{"length with operator", `v=abcde; echo start; (echo ${#v:1:3}); echo $?; echo "${#v/a/b}"; echo no`, "start\n1\n", "plumb: ${#v:1:3}: bad substitution\nplumb: ${#v/a/b}: bad substitution\n", 1},

	// $SHELLOPTS lists the set -o options that are on.
	{"SHELLOPTS", `echo $SHELLOPTS; set -e -o pipefail; echo "$SHELLOPTS"; set +eB +h; echo "${SHELLOPTS}"`, "braceexpand:hashall:interactive-comments\nbraceexpand:errexit:hashall:interactive-comments:pipefail\ninteractive-comments:pipefail\n", "", 0},

	// An interactive shell, even with -c, has a HISTFILE; a script has
	// none (Oils vars-special #4). $sh is the shell running the row.
	{"HISTFILE only when interactive", `sh=$(readlink /proc/$$/exe); HOME=$PWD; export HOME; "$sh" --norc --rcfile /dev/null -i -c 'echo histfile=${HISTFILE:+yes}' 2>/dev/null; "$sh" --norc -c 'echo histfile=${HISTFILE:+yes}'`, "histfile=yes\nhistfile=\n", "", 0},

	// The command line as bash reads it (Oils sh-usage #2 #4 #8 #17 #22
	// #23): -c takes the first argument after all the options, +c is
	// -c, `-` and `--` end the options, words after the string are $0
	// and the arguments even when they look like options, -s reads
	// stdin with arguments.
	{"command line like bash", `sh=$(readlink /proc/$$/exe); echo 'echo f:$#' > f.sh
"$sh" +c 'echo plus'; "$sh" -c -x 'echo x' 2>&1; "$sh" -c -x -e 'zz; true' 2>/dev/null; echo st=$?
"$sh" -c - 'echo one'; "$sh" -c -- 'echo two'; "$sh" -c 'echo "$0|$*"' --help --help -h; "$sh" -c 'echo 0=$0 1=$1' -z
"$sh" -x -- f.sh 2>&1; "$sh" -x - f.sh a 2>&1; echo 'echo "s:$1:$2"' | "$sh" -s a b; "$sh" -c 2>/dev/null; echo st=$?; "$sh" -c -z 2>/dev/null; echo st=$?`,
		"plus\n+ echo x\nx\nst=127\none\ntwo\n--help|--help -h\n0=-z 1=\n+ echo f:0\nf:0\n+ echo f:1\nf:1\ns:a:b\nst=2\nst=2\n", "", 0},

	// bash's strings are C strings: $'…' ends at its first NUL, and so
	// does a line mapfile reads; \u and \U write UTF-8's bit layout even
	// for surrogates and values above U+10FFFF (Oils nul-bytes, unicode).
	{"NUL ends a string", `x=$'a\0b'; echo ${#x} $'c\x00d' $'e\u0000f'; test -n $'\0'; echo $?; touch foo; test -f $'foo\0bar'; echo $?; printf $'x\U0z\n'; echo; printf 'a\0b\nc\n' | { mapfile L; printf '%q\n' "${L[@]}"; }; printf 'a\0b\0c\n' | { mapfile -d '' L; printf '%q\n' "${L[@]}"; }`, "1 c e\n1\n0\nx\na\n$'c\\n'\na\nb\n$'c\\n'\n", "", 0},
	{"loose UTF-8", `export LC_ALL=C.UTF-8
printf '%s|' $'\U110000' $'\udc00' $'\U7fffffff' $'\U80000000' | od -An -tx1 -w32; printf '\U200000|\UFFFFFFFF|\udc00' | od -An -tx1`, " f4 90 80 80 7c ed b0 80 7c fd bf bf bf bf bf 7c 7c\n f8 88 80 80 80 7c 7c ed b0 80\n", "", 0},

	// ${…} that is no expansion (zsh's ${(M)x}, ${=1}, ${a:}) is read
	// to its closing brace and is a bad substitution only when expanded,
	// so bash completion files with zsh-only branches load (git's).
	{"bad substitution when expanded", `f() { echo ${(M)x} ${=1} ${} ${a:} ${!a*b}; }; echo loaded; g() { unset ${(M)${(k)parameters[@]}:#__x*} 2>/dev/null; }; declare -f g; echo ${a[1}; echo not reached`, "loaded\ng () \n{ \n    unset ${(M)${(k)parameters[@]}:#__x*} 2> /dev/null\n}\n", "plumb: ${a[1}: bad substitution\n", 1},

	// $0 of -c without a name, and of stdin, is what the shell was
	// started as (Oils var-num #2 #3; plumb said "plumb").
	{"$0 is how the shell was started", `sh=$(readlink /proc/$$/exe); "$sh" -c 'echo $0' | sed "s|^$sh\$|same|"; echo 'echo $0' | "$sh" | sed "s|^$sh\$|same|"; "$sh" -c 'echo $0' name`, "same\nsame\nname\n", "", 0},

	// Opening a FIFO waits for its other side: both sides in one
	// pipeline, or a reader in the background and the writer after it,
	// meet as in bash, whose children open their own redirections
	// (these hung: plumb opened them one after the other in its own
	// process).
	{"FIFO sides meet", `mkfifo ff; echo hi >ff | cat <ff; cat <ff | tr a-z A-Z & echo hello >ff; wait; f=ff; cat <"$f" & echo x >$f; wait; cat ff & echo y >ff; wait; echo z >ff | { cat <ff; }; for i in 1 2; do echo $i; done >ff | { cat <ff; }; echo done`, "hi\nHELLO\nx\ny\nz\n1\n2\ndone\n", "", 0},

	// Inside ${…} a bare "{" is not counted: the first "}" ends it, as
	// in bash (bash-completion's ${option%%[<{().[]*} failed to parse).
	{"no bare brace counts in ${…}", `echo ${x:-{a}; echo ${x:-{a}}; echo "${x:-a{b}c}"; o=abc{x; echo ${o%%[<{().[]*}; echo ${x:-a{b,c}d}; x=1; echo ${x:+{}}`, "{a\n{a}\na{bc}\nabc\na{b,cd}\n{}\n", "", 0},

	// set -x: PS4 is expanded as a prompt (the usual
	// PS4='+${BASH_SOURCE}:${LINENO}: '), with what it runs untraced;
	// each assignment is its own line, traced before it is made, only
	// its value quoted.
	{"xtrace like bash", "PS4='+${x:-none}:$LINENO:$(echo s): '\nset -x\nx=1 y='a b'\necho $x\nw=2 true; a[1]=z; b+=(q); c+=d; a=(1 '2 3'); e[2]='x y'; PS4='> '; :", "1\n", "+none:3:s: x=1\n+1:3:s: y='a b'\n+1:4:s: echo 1\n+1:5:s: w=2\n+1:5:s: true\n+1:5:s: a[1]=z\n+1:5:s: b+=(q)\n+1:5:s: c+=d\n+1:5:s: a=(1 '2 3')\n+1:5:s: e[2]='x y'\n+1:5:s: PS4='> '\n> :\n", 0},
	{"xtrace quotes control characters as $'…'", "s=$'a\\x03b\\004c'; set -x; echo \"$s\" >/dev/null; : \"a\nb\" \"tab\there\"", "", "+ echo $'a\\003b\\004c'\n+ : 'a\nb' 'tab\there'\n", 0},

	// A declaration builtin's NAME=value arguments are assignments:
	// not split, not globbed; export and readonly take +=.
	{"declaration arguments are assignments", `touch foo=a foo=b; f() { local v=$1 g=*; echo "$v|$g"; }; f 'void *'; x='a  b'; export e=$x; echo "$e"; typeset t=*; echo "$t"; export e+=+; readonly r+=ro; echo "$e" $r`, "void *|*\na  b\n*\na  b+ ro\n", "", 0},
}

func TestCompat(t *testing.T) {
	runCompat(t, compatCases)
}

func runCompat(t *testing.T, cases []compatCase) {
	bin := plumbBinary(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			out, errOut, st := runScriptStderr(t, bin, c.script)
			if out != c.stdout || errOut != c.stderr || st != c.status {
				t.Errorf("plumb: got %q stderr %q status %d; want %q stderr %q status %d", out, errOut, st, c.stdout, c.stderr, c.status)
			}
			if testing.Short() {
				return
			}
			out, errOut, st = runScriptStderr(t, "bash", c.script)
			errOut = bashPrefix.ReplaceAllString(errOut, "plumb: ")
			if out != c.stdout || errOut != c.stderr || st != c.status {
				t.Errorf("bash disagrees with the table: got %q stderr %q status %d", out, errOut, st)
			}
		})
	}
}
