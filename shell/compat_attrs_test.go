package shell_test

import "testing"

// compatAttrCases are bash-checked rows (see compatCase) of the
// attributes that convert what is assigned to a variable — declare -i,
// -l, -u, -c — and of the small builtins around them, from Oils spec
// cases outside the @bash group that plumb failed.
var compatAttrCases = []compatCase{
	// declare -l, -u and -c convert every later assignment: +=, read,
	// for, local, ${x:=v}, an array's elements (Oils type-compat #6).
	// declare -p shows the letter; +l takes it away; -l -u together is
	// neither.
	{"declare -l -u -c convert every assignment", `declare -l l=ABC; l+=DEF; declare -u u; u=abc; u+=Def; read u2 <<< xyz; typeset -u u2; read u2 <<< xyz; f() { local -l x=MiXed; echo $x; }; f; declare -c c=hello; c+=WORLD; a=(Ab); declare -u a; a+=(cd); a[5]=ef; declare -A m; declare -l m; m[K]=VaL; for u in x y; do :; done; echo $l $u $u2 $c ${a[@]} ${m[K]} ${U:=abc}; declare -p l u c a; declare +l l; l=XY; declare -lu both=aBc; declare -p l both`,
		"mixed\nabcdef Y XYZ Helloworld Ab CD EF val abc\ndeclare -l l=\"abcdef\"\ndeclare -u u=\"Y\"\ndeclare -c c=\"Helloworld\"\ndeclare -au a=([0]=\"Ab\" [1]=\"CD\" [5]=\"EF\")\ndeclare -- l=\"XY\"\ndeclare -- both=\"aBc\"\n", "", 0},

	// declare -i keeps the attribute: every assignment is arithmetic
	// ('array[1+1]' is the element) and += adds (Oils type-compat #1,
	// #2); +i takes it away.
	{"declare -i evaluates every assignment", `declare -i i; i='1 + 2'; declare -a array=(1 2 3); declare -i item; item='array[1+1]'; echo $i $item; i+=' 2 '; declare -i j=x; j+=' 2 '; s='1 '; s+=' 2 '; echo "$i $j [$s]"; read i <<< '2*3'; echo $i; for i in 1+1 3*3; do echo -n "$i "; done; f() { local -i x=4+4; x+=2; echo $x; }; f; declare -i a=(1+1 2*3); a+=(4+4); a[1]+=10; echo ${a[@]} ${k:=2+3}; declare -i k; echo ${k:=2+3} ${n:=2+3}; declare -ai b; b[0]=7*6; declare -p a b i j; declare +i i; i=1+1; echo $i`,
		"3 3\n5 2 [1  2 ]\n6\n2 9 10\n2 16 8 2+3\n2+3 2+3\ndeclare -ai a=([0]=\"2\" [1]=\"16\" [2]=\"8\")\ndeclare -ai b=([0]=\"42\")\ndeclare -i i=\"9\"\ndeclare -i j=\"2\"\n1+1\n", "", 0},

	// A bad value for an integer variable is reported as $((…)) reports
	// it and abandons the line; the script goes on with the next one.
	// (bash -c would end there: the last command shows it.)
	{"declare -i bad value abandons the line", `sh=$(readlink /proc/$$/exe); printf '%s\n' 'declare -i i; i="1 +"; echo same line' 'echo next $?; read i <<< "2 +"; echo same' 'for i in 1 "3 +" 4; do echo $i; done; echo same' 'echo end $i; i="4 +"' 'echo next line' > s; "$sh" s 2>&1 | sed 's/^s: line \([0-9]\): /s:\1: /; s/^plumb: //'; "$sh" -c 'declare -i i; i=1+; echo same' 2>/dev/null; echo $?`,
		"s:1: 1 +: syntax error: operand expected (error token is \"+\")\nnext 1\ns:2: read: 2 +: syntax error: operand expected (error token is \"+\")\n1\ns:3: 3 +: syntax error: operand expected (error token is \"+\")\nend 1\ns:4: 4 +: syntax error: operand expected (error token is \"+\")\nnext line\n1\n", "", 0},

	// A prefix assignment makes a temporary variable without the
	// attributes. declare +a keeps 'x=(2 3)' a string (Oils type-compat
	// #4), and cannot make an array a scalar. declare -pi lists the
	// integers; bash's OPTIND is one.
	{"prefix assignment, +a, declare -pi", `declare -i i=1 u; declare -u u=x; export i u; i=1+2 u=abc env | sort | grep -E '^(i|u)='; f() { echo $i $u; i=2+2; echo $i; }; i=3+3 u=def f; declare -p i u; declare +a 'x1=(2 3)'; declare -a 'x2=(5 6)'; declare 'x3=(7 8)'; echo "$x1|${x2[1]}|$x3"; declare -a z; declare +a z=1; echo $?; declare -p z OPTIND; declare -pi | grep -c -e '-i.* i='; declare -cx c=hello; echo ${c@a}`,
		"i=1+2\nu=abc\n3+3 def\n2+2\ndeclare -ix i=\"1\"\ndeclare -ixu u=\"0\"\n(2 3)|6|(7 8)\n1\ndeclare -a z\ndeclare -i OPTIND=\"1\"\n1\nxc\n", "plumb: declare: z: cannot destroy array variables in this way\n", 0},
	// SHELLOPTS and BASHOPTS are set, read-only, and list the set -o
	// and shopt options that are on (Oils sh-options-bash #2).
	{"SHELLOPTS and BASHOPTS are read-only lists", "test -v SHELLOPTS && test -v BASHOPTS && echo set; shopt -s nullglob; echo ${BASHOPTS:?} | tr : '\\n' | grep -e nullglob -e extglob; declare -p BASHOPTS | grep -o '^declare -r'; set -o noglob; echo $SHELLOPTS | grep -o noglob\nBASHOPTS=x\necho $?",
		"set\nnullglob\ndeclare -r\nnoglob\n1\n", "plumb: BASHOPTS: readonly variable\n", 0},

	// Exported, they carry the options into a child shell, which turns
	// on what they name after its own command line (Oils
	// sh-options-bash #4, #5); dash (sh) ignores them.
	{"exported SHELLOPTS and BASHOPTS set a child's options", `sh=$(readlink /proc/$$/exe); export SHELLOPTS BASHOPTS; shopt -s nullglob; { set -x; "$sh" -c 'echo *.none $-; sh -c "echo 2"'; set +x; } 2>&1 | sed "s|$sh|SH|"; env SHELLOPTS=xtrace "$sh" +x -c 'echo $-' 2>&1; env SHELLOPTS=foo:noglob BASHOPTS=bogus:dotglob "$sh" -c 'echo $- $SHELLOPTS; shopt dotglob; declare -p SHELLOPTS | cut -c1-12' 2>&1 | sed 's/^.*: foo:/foo:/'`,
		"+ SH -c 'echo *.none $-; sh -c \"echo 2\"'\n+ echo hxBc\nhxBc\n+ sh -c 'echo 2'\n2\n+ set +x\n+ echo hxBc\nhxBc\nfoo: invalid option name\nfhBc braceexpand:hashall:interactive-comments:noglob\ndotglob        \ton\ndeclare -rx \n", "", 0},
	// A script file with a NUL byte in its first line is refused as
	// binary (status 126); a NUL anywhere else is dropped, as bash's
	// reader drops it, from a file or stdin (Oils bugs #10).
	{"a NUL byte in a script", `sh=$(readlink /proc/$$/exe); printf 'echo one \0 echo two\n' > a; printf 'echo one\necho \0two\n' > b; printf '#!/bin/sh\necho \0x\n' > c; "$sh" a 2>&1 | grep -c 'a: cannot execute binary file'; "$sh" b; "$sh" < a; "$sh" c 2>/dev/null; echo $?`,
		"1\none\ntwo\none echo two\n126\n", "", 0},

	// unset 'a[$i]' expands the subscript's $i, ${…} and $(…) before
	// the arithmetic, as bash does (Oils bugs #21, where bash's
	// behaviour is marked BUG: the command substitution runs).
	{"unset expands an element's subscript", `a=(1 2 3); i=1; unset 'a[$i]' 'a[${i}+1]'; echo ${!a[@]}; a=(42); unset -v 'a[$(echo 0 | tee PWNED)]'; echo len=${#a[@]}; cat PWNED`,
		"0\nlen=0\n0\n", "", 0},
	// type -t knows time and coproc as keywords (Oils builtin-type-bash
	// #3); fc -l without history lists nothing, status 0 (Oils
	// builtin-fc #13); in arithmetic, a dynamic array's name is its
	// element 0, as $BASH_LINENO is (Oils introspect #6).
	{"type -t keywords, fc -l, $((BASH_LINENO))", "type -t time coproc ]] } '!'; fc -l; echo fc=$?; fc -l 1 5; echo fc=$?; check() {\n  echo $((BASH_LINENO)) $((FUNCNAME+1)) $((BASH_LINENO[0] + 0))\n}\ncheck",
		"keyword\nkeyword\nkeyword\nkeyword\nkeyword\nfc=0\nfc=0\n4 1 4\n", "", 0},

	// Under set -E a background list's process has the ERR trap, with
	// $LINENO as in the script; the status of a list that is one
	// pipeline (false &, g &, a | b &) runs no trap, as in bash's
	// forked child (Oils builtin-trap-err #12).
	{"ERR trap in a background list", "set -o errtrace\ntrap 'echo line=$LINENO' ERR\nfalse & wait\n{ false; echo async; } & wait\ng() { return 1; }; g & wait\nfalse | false & wait\nfalse || false & wait\n{ echo a; false; } 2>/dev/null & wait",
		"line=4\nasync\nline=7\na\nline=8\n", "", 0},
	// A bad subscript or integer value ends more than the line: as in
	// bash, also the eval, sourced file, -c string, subshell or command
	// substitution around it; a script file goes on with its next line.
	{"a bad subscript ends the -c string", `sh=$(readlink /proc/$$/exe); printf 'declare -i x; x=1+; echo same\necho next\n' > s; "$sh" s 2>/dev/null; "$sh" -c 'a=(1); a[1+]=2; echo same
echo next' 2>/dev/null; echo c=$?; echo 'x=(1); x[1+]=1; echo in-source' > src; printf 'source ./src; echo same\necho next\n' > t; "$sh" t 2>/dev/null; printf 'eval "a[1+]=1"; echo same\necho next\n(a[1+]=1; echo in); echo sub=$?\nx=$(a[1+]=1; echo in); echo cs=$? $x\n' > e; "$sh" e 2>&1 | sed -E 's/^(plumb: )?e(: line [0-9]+|:[0-9]+)?: /e: /'`,
		"next\nc=1\nnext\ne: 1+: syntax error: operand expected (error token is \"+\")\nnext\ne: 1+: syntax error: operand expected (error token is \"+\")\nsub=1\ne: 1+: syntax error: operand expected (error token is \"+\")\ncs=1\n", "", 0},
	// So does a bad subscript of an element named in arithmetic, which
	// read as 0 without a message; bad arithmetic itself abandons only
	// the line.
	{"a bad subscript in arithmetic", `sh=$(readlink /proc/$$/exe); for c in 'a=(1); echo $((a[1+]))' '(( a[1+]=3 ))' 'x="a[1+]"; echo $((x))' 'let "a[1+]=1"' 'for ((i=0; a[1+]; i++)); do :; done' 'echo $((1+))' '((1+))' 'let 1+'; do "$sh" -c "$c; echo same
echo next" 2>/dev/null; echo "$c: $?"; done`,
		"a=(1); echo $((a[1+])): 1\n(( a[1+]=3 )): 1\nx=\"a[1+]\"; echo $((x)): 1\nlet \"a[1+]=1\": 1\nfor ((i=0; a[1+]; i++)); do :; done: 1\nnext\necho $((1+)): 0\nsame\nnext\n((1+)): 0\nsame\nnext\nlet 1+: 0\n", "", 0},
	// bash names (( in the message of its bad expression, not of a bad
	// subscript in it.
	{"(( )) names itself in its error", "((1+)); for ((i=0; 1+; i++)); do :; done; echo $?\n(( a[1+]=1 ))",
		"1\n", "plumb: ((: 1+: syntax error: operand expected (error token is \"+\")\nplumb: ((: 1+: syntax error: operand expected (error token is \"+\")\nplumb: 1+: syntax error: operand expected (error token is \"+\")\n", 1},
	// In a background list's process $LINENO counts as in the script:
	// statements of one line stay on one line.
	{"$LINENO in a background list", "set -E; trap 'echo ERR $LINENO' ERR\n( echo $LINENO; false; echo $LINENO\n\n  false ) & wait\n{ echo $LINENO; false; } & wait",
		"2\nERR 2\n2\nERR 4\n5\nERR 5\n", "", 0},
}

func TestCompatAttrs(t *testing.T) {
	runCompat(t, compatAttrCases)
}
