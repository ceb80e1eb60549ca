package shell_test

import "testing"

// bashExtBehaviour covers the bash extensions scripts use most: pattern
// substitution, substrings, case conversion, indirection, [[ ]], (( )),
// C-style for, indexed arrays, declare and let. Every case also runs
// under bash 5.2 (skipped with -short).
var bashExtBehaviour = []behaviour{
	// ${x/p/r} and friends.
	{"replace first", "x=banana; echo ${x/an/AN} ${x//an/AN} ${x/#b/B} ${x/%a/A} ${x/#a/A} ${x/%n/N}", "bANana bANANa Banana bananA banana banana\n", 0, true},
	{"replace pattern", "x=a.b.c; echo ${x//[.]/_} ${x/.*/} ${x//?/x} ${x/*./}", "a_b_c a xxxxx c\n", 0, true},
	{"replace delete", "x=abcabc; echo ${x/b} ${x//b} ${x//b/}", "acabc acac acac\n", 0, true},
	{"replace quoted pattern", "x='a*b*c'; echo ${x//\"*\"/-} ${x//'*'/+} ${x//\\*/.}", "a-b-c a+b+c a.b.c\n", 0, true},
	{"replace pattern from var", "x=hello; p='l*'; q=l; echo ${x/$p/L} ${x//$q/L} \"${x/$p/L}\"", "heL heLLo heL\n", 0, true},
	{"replace expands replacement", "HOME=/h; x=ab; y=Z; echo ${x/a/$y} \"${x/b/$(echo Q)}\" ${x/a/~}", "Zb aQ /hb\n", 0, true},
	{"replace amp", "x=abc; r='<&>'; echo ${x/b/[&]} \"${x/b/[&]}\" ${x/b/\\&} \"${x/b/\\&}\" ${x/b/\"&\"} ${x/b/$r} ${x//?/&&}", "a[b]c a[b]c a&c a&c a&c a<b>c aabbcc\n", 0, true},
	{"replace slash", "x=a/b/c; echo ${x//\\//_} \"${x//\\//:}\" ${x/\"/\"/-} ${x/b/x/y}", "a_b_c a:b:c a-b/c a/x/y/c\n", 0, true},
	{"replace empty", "x=abc; e=; echo ${x//} ${x/$e/X} ${x/#/X} ${x/%/X}", "abc abc Xabc abcX\n", 0, true},
	{"replace utf8", "x=héhé; echo ${x//é/e} ${x/%é/E}", "hehe héhE\n", 0, true},
	{"replace on list", "set -- aa ba; echo ${@/a/x} \"${@//a/y}\"; for w in \"${@/#b/B}\"; do echo \"[$w]\"; done", "xa bx yy by\n[aa]\n[Ba]\n", 0, true},
	{"replace unset nounset", "set -u; unset u; echo ${u/a/b}; echo no", "", 1, false},

	// ${x:off:len}.
	{"substring", "x=abcdef; echo ${x:2} ${x:1:3} ${x: -2} ${x: -3:2} ${x:(-1)} ${x:1:-1} ${x::2} \"${x:6}\" \"${x:9}\"", "cdef bcd ef de f bcde ab  \n", 0, true},
	{"substring arithmetic", "x=abcdef; i=1; n=2; echo ${x:i+1:n*2} ${x:$i:$n}", "cdef bc\n", 0, true},
	{"substring conditional offset", "x=abcdef; echo ${x: 0 < 1 ? 2 : 0 : 1} ${x:1?2:0?1:2} ${x:0?1:2:1?1:3}", "c cdef c\n", 0, true},
	{"substring positional", "set -- a b c d; echo ${@:2} ${@:2:2} ${*:3} ${@: -1}", "b c d b c c d d\n", 0, true},
	{"substring negative length error", "x=abc; echo ${x:2:-2}; echo after", "", 1, false},

	// Case conversion and indirection.
	{"case conversion", "x='hello World'; echo ${x^} ${x^^} ${x,} ${x,,} ${x^^[lo]}", "Hello World HELLO WORLD hello World hello world heLLO WOrLd\n", 0, true},
	{"case on list", "set -- ab cd; echo ${@^}", "Ab Cd\n", 0, true},
	{"indirect", "x=val; r=x; echo ${!r} ${!r:-d}; unset x; echo ${!r:-d}; set -- p q; n=2; echo ${!n}", "val val\nd\nq\n", 0, true},
	{"indirect array element", "a=(x y); r='a[1]'; echo ${!r}; r='a[@]'; echo ${!r}", "y\nx y\n", 0, true},

	// [[ ]].
	{"test string ops", "[[ abc == a* ]] && echo 1; [[ abc == \"a*\" ]] || echo 2; [[ abc != b* ]] && echo 3; [[ a < b ]] && echo 4; [[ b > a ]] && echo 5; [[ abc = abc ]] && echo 6", "1\n2\n3\n4\n5\n6\n", 0, true},
	{"test no split no glob", "touch f1 f2; x='a b'; [[ $x == 'a b' ]] && echo 1; [[ f* == f* ]] && echo 2; e=; [[ -z $e && -n $x ]] && echo 3; [[ $x ]] && echo 4; [[ $e ]] || echo 5", "1\n2\n3\n4\n5\n", 0, true},
	{"test logic", "[[ ! -e /nonexist && ( -d / || -f /nonexist ) ]] && echo 1; [[ -n x && -z x || -d / ]] && echo 2; [[ ! ( a == a ) ]] || echo 3", "1\n2\n3\n", 0, true},
	{"test arithmetic", "x=3; [[ x+1 -eq 4 ]] && echo 1; [[ 010 -eq 8 ]] && echo 2; [[ -1 -lt 0 && 5 -ge 5 && $x -ne 4 ]] && echo 3", "1\n2\n3\n", 0, true},
	{"test status", "[[ a == b ]]; echo $?; [[ a == a ]]; echo $?", "1\n0\n", 0, true},
	{"test files", "touch f; mkdir d; ln -s f l; [[ -f f && -d d && -L l && -e l && ! -s f && -r f ]] && echo ok; [[ f -ef l ]] && echo same", "ok\nsame\n", 0, true},
	{"test regex", "[[ foo123 =~ ^([a-z]+)([0-9]+)$ ]] && echo \"${BASH_REMATCH[0]} ${BASH_REMATCH[1]} ${BASH_REMATCH[2]} ${#BASH_REMATCH[@]}\"", "foo123 foo 123 3\n", 0, true},
	{"test regex quoted literal", "re='a.c'; [[ abc =~ $re ]] && echo 1; [[ abc =~ \"$re\" ]] || echo 2; [[ a.c =~ \"a.c\" ]] && echo 3; [[ x+y =~ x\\+y ]] && echo 4", "1\n2\n3\n4\n", 0, true},
	{"test regex no match clears", "[[ ab =~ (a) ]]; [[ zz =~ (a) ]]; echo $? ${#BASH_REMATCH[@]}", "1 0\n", 0, true},
	{"test regex bracket and alternation", "[[ 'a b' =~ ^a[[:space:]](b|c)$ ]] && echo ${BASH_REMATCH[1]}", "b\n", 0, true},
	{"test bad regex", "re='('; [[ a =~ $re ]]; echo $?", "2\n", 0, true},
	{"test set -e", "set -e; [[ a == b ]] || echo ok; [[ a == b ]]; echo no", "ok\n", 1, true},
	{"test -v", "x=1; a=(p); [[ -v x ]] && echo 1; [[ -v nope ]] || echo 2; [[ -v a[0] ]] && echo 3; [[ -v a[1] ]] || echo 4", "1\n2\n3\n4\n", 0, true},
	{"test in pipeline and function", "f() [[ $1 == y* ]]; f yes && echo 1; f no || echo 2; [[ a ]] | cat; echo ${PIPESTATUS[0]}", "1\n2\n0\n", 0, true},

	// (( )) and for (( )).
	{"arith command", "(( 1 + 1 )); echo $?; (( 0 )); echo $?; ((x = 5, y = x * 2)); echo $x $y; (( x > 3 )) && echo big", "0\n1\n5 10\nbig\n", 0, true},
	{"arith command increments", "i=0; ((i++)); echo $? $i; ((++i)); echo $? $i", "1 1\n0 2\n", 0, true},
	{"arith command error goes on", "((1/0)) 2>/dev/null; echo $?", "1\n", 0, true},
	{"arith command set -e", "set -e; ((1)); (( 0 )) || echo ok; ((0)); echo no", "ok\n", 1, true},
	{"arith nested subshells", "((echo a) )", "a\n", 0, true},
	{"arith for", "for ((i = 0; i < 3; i++)); do echo $i; done", "0\n1\n2\n", 0, true},
	{"arith for empty parts", "i=0; for ((;;)); do ((i++ >= 2)) && break; done; echo $i; for ((; i < 5;)); do ((i++)); done; echo $i", "3\n5\n", 0, true},
	{"arith for continue and status", "for ((i=0; i<4; i++)); do ((i % 2)) && continue; echo $i; done; echo $?", "0\n2\n0\n", 0, true},
	{"arith for newline do", "for (( i=2; i>0; i-- ))\ndo\n echo $i\ndone", "2\n1\n", 0, true},
	{"let", "let x=2*3 'y = x + 1'; echo $? $x $y; let z=0; echo $?", "0 6 7\n1\n", 0, true},

	// help.
	{"help synopsis", "help -s read getopts", "read: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\ngetopts: getopts optstring name [arg ...]\n", 0, true},
	{"help description", "help -d echo true", "echo - Write arguments to the standard output.\ntrue - Return a successful result.\n", 0, true},
	{"help unknown", "help nosuch 2>&1 >/dev/null | grep -o \"no help topics match [^ ]*\"; help nosuch 2>/dev/null; echo $?; help -s cd nosuch >/dev/null; echo $?", "no help topics match `nosuch'.\n1\n0\n", 0, true},
	{"help topic", "help true 'unal*'", "true: true\n    Return a successful result.\nunalias: unalias [-a] name [name ...]\n    Remove each NAME from the list of defined aliases.\n", 0, false},
	{"help lists builtins", "help | sort -c && echo sorted; help | grep -x 'help \\[-ds\\] \\[pattern ...\\]'; help -q 2>/dev/null; echo $?", "sorted\nhelp [-ds] [pattern ...]\n2\n", 0, false},
	{"help unknown message", "help nosuch 2>&1", "plumb: help: no help topics match `nosuch'.\n", 1, false},

	// The call stack arrays (script files: callstack_test.go).
	{"funcname", "f() { echo \"${FUNCNAME[@]} $FUNCNAME ${#FUNCNAME[@]} ${FUNCNAME[-1]}\"; }; g() { f; }; g; echo \"[${FUNCNAME[@]}] ${#FUNCNAME[@]} [${FUNCNAME-unset}]\"", "f g f 2 g\n[] 0 [unset]\n", 0, true},
	{"bash_lineno and bash_source", "f() { echo \"${BASH_LINENO[@]} ${BASH_SOURCE[@]}\"; }\ng() {\n  f\n}\ng; echo \"[${BASH_LINENO[@]}] [${BASH_SOURCE[@]}]\"", "3 5 environment environment\n[] []\n", 0, true},
	{"call stack in sourced file", "printf 'echo \"${FUNCNAME[*]}|${BASH_SOURCE[*]}|${BASH_LINENO[*]}\"\\nh() { echo \"${FUNCNAME[*]}|${BASH_SOURCE[*]}|${BASH_LINENO[*]}\"; }\\nh\\n' > lib.sh\n. ./lib.sh; f() {\n  . ./lib.sh\n}\nf", "|./lib.sh|2\nh source|./lib.sh ./lib.sh|3 2\nsource f|./lib.sh environment|3 5\nh source f|./lib.sh ./lib.sh environment|3 3 5\n", 0, true},
	{"call stack arrays declare -p", "f() { declare -p FUNCNAME BASH_LINENO; }; f; declare -p FUNCNAME BASH_SOURCE", "declare -a FUNCNAME=([0]=\"f\")\ndeclare -a BASH_LINENO=([0]=\"1\")\ndeclare -a FUNCNAME\ndeclare -a BASH_SOURCE=()\n", 0, true},

	// select.
	{"select menu and choice", "select x in a b c; do echo \"[$x] $REPLY\"; break; done <<< 2 2>&1; echo $?", "1) a\n2) b\n3) c\n#? [b] 2\n0\n", 0, true},
	{"select invalid empty and eof", "PS3='> '; select x in a b; do echo \"[$x] [$REPLY]\"; done <<< $'9\\n\\nzz\\n 1 ' 2>&1; echo status $?", "1) a\n2) b\n> [] [9]\n> 1) a\n2) b\n> [] [zz]\n> [a] [ 1 ]\n> \nstatus 1\n", 0, true},
	{"select eof newline on stdout", "select x in a; do :; done </dev/null 2>/dev/null; echo \"status $? [$x]\"", "\nstatus 1 []\n", 0, true},
	{"select menu again when reply emptied", "select x in a; do echo $x; REPLY=; done <<< $'1\\n1' 2>&1", "1) a\n#? a\n1) a\n#? a\n1) a\n#? \n", 1, true},
	{"select columns", "COLUMNS=40; select x in alpha beta gamma delta epsilon zeta eta theta iota kappa lambda; do break; done <<< 11 2>&1; echo $x", "1) alpha      5) epsilon   9) iota\n2) beta\t      6) zeta\t  10) kappa\n3) gamma      7) eta\t  11) lambda\n4) delta      8) theta\n#? lambda\n", 0, true},
	{"select columns 80", "COLUMNS=80; select x in $(seq 12); do break; done </dev/null 2>&1", "1) 1\t 3) 3\t 5) 5\t 7) 7\t 9) 9\t11) 11\n2) 2\t 4) 4\t 6) 6\t 8) 8\t10) 10\t12) 12\n#? \n", 1, true},
	{"select positional and continue", "set -- p q; for i in 1; do select y; do [ \"$y\" = p ] && continue; echo $y; break 2; done; echo no; done <<< $'1\\n2' 2>/dev/null; echo $?", "q\n0\n", 0, true},
	{"select empty list", "false; select x in; do echo no; done; echo $?", "0\n", 0, true},
	{"select body status", "select x in a; do (exit 3); break; done <<< 1 2>/dev/null; echo $?", "0\n", 0, true},

	// Indexed arrays.
	{"array basics", "a=(x y z); echo ${a[1]} ${a[@]} ${#a[@]} ${#a[*]} $a ${a[-1]}", "y x y z 3 3 x z\n", 0, true},
	{"array quoted at", "a=('p q' r ''); for e in \"${a[@]}\"; do echo \"[$e]\"; done; echo \"${a[*]}\" ${#a[@]}", "[p q]\n[r]\n[]\np q r  3\n", 0, true},
	{"declare array value", "declare -a a=(x 'y z' \"$HOME-q\" $(echo 1 2)) b=1; echo ${#a[@]} \"${a[1]}\" ${a[3]} $b; typeset t=(t1); t+=(t2); declare g+=(c); readonly r=(r1 r2); echo ${t[@]} $g ${r[1]}", "5 y z 1 1\nt1 t2 c r2\n", 0, true},
	{"local array value", "a=(1 2 3); f() { local a=(x \"y z\") c='(copy)'; local -a d='(p q)'; echo ${#a[@]} \"${a[1]}\" $c ${#c[@]} ${#d[@]}; }; f; echo ${a[@]}", "2 y z (copy) 1 2\n1 2 3\n", 0, true},
	{"array element assign", "a=(x); a[2]=z; a[1]+=y; echo ${a[@]} ${!a[@]}; i=0; a[i+3]=w; echo ${a[3]} ${a[i+3]}", "x y z 0 1 2\nw w\n", 0, true},
	{"array element spaced subscript", "a[1 * 1]=x; a[ 1 + 2 ]=z b[2 + 0]=~/s; i=(0 1); a[ i[1]+2 ]+=w; a[1 +\n1]=y; echo ${!a[@]} ${a[@]} ${b[2]#$HOME}; a[5 + 3]; echo $?; declare a[1 + 2]=x; echo $?", "1 2 3 x y zw /s\n127\n1\n", 0, true},
	{"array before a command", "x=0; a=(1); a[$x]=2 true; echo $?; B+=(x  \"$x\"  [$x]=* [1]+=) printenv B; B=3; B+=(y) printenv B; declare -p a; a[0 + 1]=x eval 'echo $?'; b=(1 2) | cat; echo ${#b[@]}", "0\n(x 0 [0]=* [1]+=)\n3(y)\ndeclare -a a=([0]=\"1\")\n0\n0\n", 0, true},
	{"let and eval array text", "let x=( 1 ); let y=( x + 2 ) z=(y*3); echo $x $y $z; v=5; eval a=(1 \"2 3\" $v [5]=\\$v); declare -p a", "1 3 9\ndeclare -a a=([0]=\"1\" [1]=\"2\" [2]=\"3\" [3]=\"5\" [5]=\"5\")\n", 0, true},
	{"declare array element", "declare a[a[0]=1]=X; declare a[ a[2]=3 ]=Y; echo $?; declare -p a; f(){ local a[1]=z; declare -p a; }; f; declare -A m; declare m[k]=v m[k]+=w m[]=e; echo $?; declare -p m; declare e[2] n[-5]=1 h[1; echo $?; declare -p e; readonly -a r[1]=2; declare -n n[1]=x; echo $?; declare g[1+]=3; echo no", "1\ndeclare -a a=([0]=\"1\" [1]=\"X\" [2]=\"3\")\ndeclare -a a=([1]=\"z\")\n1\ndeclare -A m=([k]=\"vw\" )\n1\ndeclare -a e\n1\n", 1, true},
	{"declare -i arithmetic error", "declare -i x=1+ y=2; echo $?", "", 1, true},
	{"array sparse and unset", "a=(a b c d); unset 'a[1]'; echo ${a[@]} ${!a[@]} ${#a[@]}; a[9]=j; echo ${!a[*]}; unset a; echo ${#a[@]}", "a c d 0 2 3 3\n0 2 3 9\n0\n", 0, true},
	{"array append", "a=(1); a+=(2 3); a+=('4 5'); echo ${#a[@]} \"${a[3]}\"; s=x; s+=(y); echo ${s[@]}", "4 4 5\nx y\n", 0, true},
	{"array from glob and subst", "touch b1 b2; a=(b* $(echo c d)); echo ${#a[@]} ${a[@]}", "4 b1 b2 c d\n", 0, true},
	{"array multiline", "a=(\n  one # comment\n  two\n)\necho ${a[@]}", "one two\n", 0, true},
	{"array in arithmetic", "a=(5 6); i=1; echo $((a[0] + a[i])); ((a[1] += 10)); echo ${a[1]}; ((a[2] = 7)); echo ${a[@]}", "11\n16\n5 16 7\n", 0, true},
	{"array length of element", "a=(abc de); echo ${#a[0]} ${#a[1]} ${#a}", "3 2 3\n", 0, true},
	{"array slices and ops", "a=(ab cd ef gh); echo ${a[@]:1:2} ${a[@]: -1} ${a[@]/#?/X} ${a[@]^}", "cd ef gh Xb Xd Xf Xh Ab Cd Ef Gh\n", 0, true},
	{"array empty", "a=(); echo ${#a[@]}; for e in \"${a[@]}\"; do echo x; done; set -- \"${a[@]}\"; echo $#", "0\n0\n", 0, true},
	{"array not exported", "a=(1 2); export a; sh -c 'echo \"[${a-unset}]\"'", "[unset]\n", 0, true},
	{"array subshell copy", "a=(1 2); (a[0]=9; echo ${a[@]}); echo ${a[@]}; echo $(a+=(3); echo ${a[@]}); echo ${#a[@]}", "9 2\n1 2\n1 2 3\n2\n", 0, true},
	{"array local", "f() { local -a l; l=(1 2); l[5]=x; echo ${#l[@]}; }; l=(g); f; echo ${l[@]}", "3\ng\n", 0, true},
	{"pipestatus array", "true | false | true; s=(\"${PIPESTATUS[@]}\"); echo ${s[@]} ${#s[@]}; echo ${PIPESTATUS[@]: -1}", "0 1 0 3\n0\n", 0, true},

	// Process substitution: <(list) and >(list) name a pipe as /dev/fd/N.
	{"procsubst path", "echo <(true) x<(true)y; echo --file=<(true) 2<(true)", "/dev/fd/63 x/dev/fd/62y\n--file=/dev/fd/63 2/dev/fd/62\n", 0, true},
	{"procsubst quoted or spaced is not one", "echo \"<(x)\" '>(y)'; echo a\\<b", "<(x) >(y)\na<b\n", 0, true},
	{"procsubst diff", "diff <(printf 'a\\nb\\n') <(printf 'a\\nc\\n'); echo $?", "2c2\n< b\n---\n> c\n1\n", 0, true},
	{"procsubst cat two", "cat <(echo a) <(echo b)", "a\nb\n", 0, true},
	{"procsubst paste", "paste <(seq 3) <(seq 4 6)", "1\t4\n2\t5\n3\t6\n", 0, true},
	{"procsubst while read keeps variables", "n=0; while read l; do n=$((n+l)); last=$l; done < <(printf '1\\n2\\n3\\n'); echo $n $last", "6 3\n", 0, true},
	{"procsubst tee", "{ echo abc | tee >(wc -l) >(tr a-z A-Z) >/dev/null; } | sort", "1\nABC\n", 0, true},
	{"procsubst builtins read it", "read x < <(echo hi); echo $x; source <(echo 'y=1; echo sourced'); echo $y; . <(echo 'z=2'); echo $z", "hi\nsourced\n1\n2\n", 0, true},
	{"procsubst exec", "exec 3< <(printf 'l1\\nl2\\n'); read a <&3; read b <&3; echo $a $b; exec 3<&-", "l1 l2\n", 0, true},
	{"procsubst is a fifo", "stat -L -c %F <(true); [[ -p <(true) ]] && echo p1; [ -p <(true) ] && test -r <(true) && echo p2", "fifo\np1\np2\n", 0, true},
	{"procsubst head of yes", "head -n1 <(yes); echo $?", "y\n0\n", 0, true},
	{"procsubst write to it", "echo x > >(tr x y); wait; tee >(cat >o) >/dev/null <<< hi; wait; cat o", "y\nhi\n", 0, true},
	{"procsubst in function and loop words", "f() { cat \"$1\"; }; f <(echo fn); for p in <(echo loop); do cat $p; done", "fn\nloop\n", 0, true},
	{"procsubst nested and in command substitution", "cat <(cat <(echo deep)); echo $(cat <(echo cs))", "deep\ncs\n", 0, true},
	{"procsubst closed after its command", "x=<(echo hi); cat $x 2>/dev/null; echo $?", "1\n", 0, true},
	{"procsubst status is not the command's", "cat <(exit 3); echo $?", "0\n", 0, true},
	{"procsubst in a pipeline stage", "cat <(echo a) | tr a b; echo x | cat - <(echo y) | sort -r", "b\ny\nx\n", 0, true},
	{"procsubst wait", "echo x > >(sleep 0.2; cat); wait $!; echo after $?", "x\nafter 0\n", 0, true},
	{"procsubst children see only their descriptors", "a=$(ls /proc/self/fd | wc -l); b=$(cat <(ls /proc/self/fd | wc -l)); d=$(ls /proc/self/fd/ <(true) | grep -c '^63$'); echo $((b - a)) $d", "0 1\n", 0, true},

	{"array explicit subscripts", "a=([3]=x [7]=y z); echo ${!a[@]} ${a[@]}; i=2; b=(p [i*2]=q r [0]+=s); declare -p b; a+=([3]+=w [1]=o); echo ${a[@]}", "3 7 8 x y z\ndeclare -a b=([0]=\"ps\" [4]=\"q\" [5]=\"r\")\no xw y z\n", 0, true},
	{"array element value not split", "x='p q'; a=([0]=$x *); echo ${#a[@]} \"${a[0]}\"", "2 p q\n", 0, true},
	{"array element assign in pipeline stage", "a=(1); a[1]=2 | cat; a+=(3) | cat; echo ${#a[@]}; declare -A m=([k]=v); m[j]=w | cat; echo ${#m[@]}", "1\n1\n", 0, true},
	{"declare -a without value", "declare -a x; declare -p x; echo ${#x[@]} ${x[@]-unset}; x+=(1); declare -p x", "declare -a x\n0 unset\ndeclare -a x=([0]=\"1\")\n", 0, true},

	// Associative arrays. bash lists their elements in its hash
	// table's order, plumb in the order keys were first assigned
	// (assoc.go): rows with more than one key sort what they list.
	{"assoc basics", "declare -A m=([k1]=v1 [k2]=\"v 2\"); echo \"${m[k1]}|${m[k2]}\" ${#m[@]}; k=k2; echo \"${m[$k]}\" ${#m[$k]} ${#m[k1]}", "v1|v 2 2\nv 2 3 2\n", 0, true},
	{"assoc list keys and values", "declare -A m=([b]=2 [a]='x y' [c]=); printf '<%s>\\n' \"${m[@]}\" | sort; printf '%s\\n' \"${!m[@]}\" | sort; for k in \"${!m[@]}\"; do echo \"$k=${m[$k]}\"; done | sort", "<2>\n<>\n<x y>\na\nb\nc\na=x y\nb=2\nc=\n", 0, true},
	{"assoc key is a string", "declare -A m; m[a+b]=1; m[1+1]=2; a=5 b=6; echo ${m[a+b]} ${m[1+1]} ${m[2]-none} ${!m[@]} | tr ' ' '\\n' | sort | tr '\\n' ' '; echo", "1 1+1 2 a+b none \n", 0, true},
	{"assoc quoted and spaced keys", "declare -A m=([\"a b\"]=1 ['$k']=lit [v]=exp); k=v; echo ${m[\"a b\"]} ${m['a b']} ${m[a b]} ${m['$k']} ${m[$k]} ${m[\"$k\"]}", "1 1 1 lit exp exp\n", 0, true},
	{"assoc element assign and append", "declare -A m; m[k]=v; m[$((1+1))]+=x; m[k]+=w; k=n; m[$k]=z; m+=([j]=1); m+=([j]+=2); echo ${m[k]} ${m[2]} ${m[n]} ${m[j]} ${#m[@]}", "vw x z 12 4\n", 0, true},
	{"assoc compound replaces", "declare -A m=([a]=1 [b]=2); m=([c]=3); echo ${#m[@]} ${m[c]} ${m[a]-gone}; m=(); echo ${#m[@]}", "1 3 gone\n0\n", 0, true},
	{"assoc key value pairs", "declare -A m; x='p q'; m=(k $x k2); echo \"${m[k]}\" \"[${m[k2]}]\" ${#m[@]}; declare -A n=(a 1); n+=(b 2); echo ${n[a]}${n[b]}", "p q [] 2\n12\n", 0, true},
	{"assoc must use subscript", "declare -A m; m=([a]=1 x [b]=2) 2>/dev/null; echo $? ${#m[@]} ${m[b]}; { m=([a]=1 x); } 2>&1 | sed 's/^.*m: x:/m: x:/'", "0 2 2\nm: x: must use subscript when assigning associative array\n", 0, true},
	{"assoc scalar forms", "declare -A m=([0]=z [k]=v); echo $m ${m}; m=q; echo ${m[0]} ${#m[@]}; x=1; declare -A x; echo ${x[0]}", "z z\nq 2\n1\n", 0, true},
	{"assoc unset", "declare -A m=([a]=1 [b]=2 [c]=3); unset 'm[a]'; k=b; unset 'm[$k]'; echo ${!m[@]} ${#m[@]}; unset 'm[c]'; declare -p m; unset m; echo ${#m[@]} ${m[c]-unset}", "c 1\ndeclare -A m=()\n0 unset\n", 0, true},
	{"assoc test -v", "declare -A m=([a]=1 [e]=); [[ -v m[a] ]] && echo a; [[ -v m[e] ]] && echo e; [[ -v m[z] ]] || echo no-z; [[ -v m ]] || echo no-m; k=a; [[ -v m[$k] ]] && echo k; [[ -v m[@] ]] || echo no-at; m[0]=x; [[ -v m ]] && echo m", "a\ne\nno-z\nno-m\nk\nno-at\nm\n", 0, true},
	{"assoc element operators", "declare -A m=([k]=value); echo ${m[k]:-d} ${m[z]:-d} ${m[z]-u} ${m[k]:+alt} ${m[k]/al/AL} ${m[k]^} ${m[k]#v} ${m[k]%e} ${m[k]:1:3}; : ${m[n]:=new}; echo ${m[n]}; a=(); : ${a[2]=x}; echo ${!a[@]}", "value d u alt vALue Value alue valu alu\nnew\n2\n", 0, true},
	{"assoc list operators", "declare -A m=([k]=ab); echo ${m[@]^^} ${m[*]/a/x} \"${m[@]:0:1}\"", "AB xb ab\n", 0, true},
	{"assoc in arithmetic", "declare -A m=([k]=5); echo $((m[k] + 1)); ((m[k] += 2)); ((m[new] = 3)); echo ${m[k]} ${m[new]}", "6\n7 3\n", 0, true},
	{"assoc indirect", "declare -A m=([k]=v); r='m[k]'; echo ${!r}; r='m[@]'; echo ${!r}", "v\nv\n", 0, true},
	{"assoc declare -p", "declare -A m=([k1]='v \"1\"'); declare -p m; declare -A e; declare -p e; declare -A f=(); declare -p f; declare -A q=([\"a b\"]=1); declare -p q; unset q; declare -A q=(['$x']=1); declare -p q", "declare -A m=([k1]=\"v \\\"1\\\"\" )\ndeclare -A e\ndeclare -A f=()\ndeclare -A q=([\"a b\"]=\"1\" )\ndeclare -A q=([\"\\$x\"]=\"1\" )\n", 0, true},
	{"assoc typeset and local", "typeset -A t=([a]=1); echo ${t[a]}; f() { local -A l=([q]=1); l[z]=2; echo ${#l[@]}; declare -A d; d[x]=y; echo ${d[x]}; }; l=g; f; echo $l ${d-unset}", "1\n2\ny\ng unset\n", 0, true},
	{"assoc local restores", "declare -A m=([k]=outer); f() { local -A m; m[k]=inner; echo ${m[k]}; }; f; echo ${m[k]}", "inner\nouter\n", 0, true},
	{"declare -F with extdebug", "shopt -s extdebug\nprintf 'g() {\\n :\\n}\\n' > lib.sh; . ./lib.sh\nf() { :; }; declare -F f g nope; echo $?; shopt -u extdebug; declare -F f", "f 3 environment\ng 1 ./lib.sh\n1\nf\n", 0, true},
	{"readonly -a without a value", "readonly -a u; readonly -A d; a=(1); y=3; readonly -a a y z=(p q) 1x; echo $?; declare -p u d a y z", "1\ndeclare -r u\ndeclare -r d\ndeclare -ar a=([0]=\"1\")\ndeclare -r y=\"3\"\ndeclare -ar z=([0]=\"p\" [1]=\"q\")\n", 0, true},
	{"assoc readonly", "readonly -A r=([a]=1); declare -rA r2=([b]=2); declare -p r r2; (r[c]=3) 2>/dev/null || echo denied; (unset 'r[a]') 2>/dev/null || echo denied2; readonly -p | grep ' r='", "declare -Ar r=([a]=\"1\" )\ndeclare -Ar r2=([b]=\"2\" )\ndenied\ndenied2\ndeclare -Ar r=([a]=\"1\" )\n", 0, true},
	{"assoc not exported", "declare -A m=([a]=1); export m; declare -xA n=([b]=2); sh -c 'echo \"[${m-unset}] [${n-unset}]\"'; declare -p m", "[unset] [unset]\ndeclare -Ax m=([a]=\"1\" )\n", 0, true},
	{"assoc subshell copy", "declare -A m=([a]=1); (m[b]=2; echo ${#m[@]}); echo ${#m[@]}; echo $(m[c]=3; echo ${#m[@]}); m[d]=4 | cat; { m[e]=5; echo ${#m[@]}; } | cat; echo ${#m[@]} ${m[a]}", "2\n1\n2\n2\n1 1\n", 0, true},
	{"assoc convert errors", "a=(1); declare -A a 2>/dev/null; echo $?; declare -A a 2>&1 | sed 's/^.*declare:/declare:/'; declare -A m; declare -a m 2>&1 | sed 's/^.*declare:/declare:/'; declare -p a m", "1\ndeclare: a: cannot convert indexed to associative array\ndeclare: m: cannot convert associative to indexed array\ndeclare -a a=([0]=\"1\")\ndeclare -A m\n", 0, true},
	{"assoc bad subscript", "declare -A m; m[\"\"]=x; echo no", "", 1, false},
	{"assoc element on undeclared is indexed", "c[k]=v; declare -p c; k=2; d[k]=w; echo ${!d[@]}", "declare -a c=([0]=\"v\")\n2\n", 0, true},

	// ${!prefix*} and ${!prefix@}.
	{"names by prefix", "x_b=1; x_a=2; x_c=(); declare x_u; declare -A x_d; echo \"${!x_*}|\"; for n in \"${!x_@}\"; do echo \"[$n]\"; done; set -- \"${!nomatch@}\"; echo $# \"${!nomatch*}|\"; IFS=,; echo \"${!x_*}\"", "x_a x_b x_c|\n[x_a]\n[x_b]\n[x_c]\n0 |\nx_a,x_b,x_c\n", 0, true},

	// declare / typeset.
	{"declare", "declare -a a; a=(x y); declare -p a; declare -x e=1; sh -c 'echo $e'; declare -r r=2; echo $r; readonly -p | grep -c ' r='", "declare -a a=([0]=\"x\" [1]=\"y\")\n1\n2\n1\n", 0, true},
	{"declare integer and local", "declare -i n=2+3; echo $n; f() { declare v=in; typeset w=in2; echo $v $w; }; v=out; f; echo $v ${w-unset}", "5\nin in2\nout unset\n", 0, true},

	// Extended patterns: shopt -s extglob must come on a line before the
	// one that uses them (bash reads them while parsing), except after ==
	// in [[ ]]; patterns that come from expansions need it when they run.
	{"extglob glob", "touch a.go b.c c.txt; shopt -s extglob\necho !(*.go); echo *.@(go|c); echo @(a|b).*; echo +(?).go ?(a).go", "b.c c.txt\na.go b.c\na.go b.c\na.go a.go\n", 0, true},
	{"extglob glob no match stays", "touch a.go; shopt -s extglob\necho a@(b|c)d !(*) x*(y)", "a@(b|c)d !(*) x*(y)\n", 0, true},
	{"extglob glob nullglob", "touch a.go; shopt -s extglob nullglob\necho [ @(x|y) ] [ !(a.go) ] [ *(a.go) ]", "[ ] [ ] [ a.go ]\n", 0, true},
	{"extglob glob hidden names", "touch .h .x a b; shopt -s extglob\necho !(a); echo @(.h|a); echo ?(.)h; echo .!(h); echo !(.h); shopt -s dotglob; echo !(a)", "b\n.h a\n.h\n.x\na b\n.h .x b\n", 0, true},
	{"extglob glob in directories", "mkdir -p d1/s d2; touch d1/s/f.go d1/s/g.c d2/x.go; shopt -s extglob\necho @(d1|d2)/*.go; echo d1/!(x)/*; echo !(d1)/*", "d2/x.go\nd1/s/f.go d1/s/g.c\nd2/x.go\n", 0, true},
	{"extglob glob from variable", "touch a.go b.c; shopt -s extglob; p='!(*.go)'; echo $p; echo \"$p\"", "b.c\n!(*.go)\n", 0, true},
	{"extglob glob needs option", "touch a.go; p='@(a.go)'; echo $p; shopt -s extglob; echo $p", "@(a.go)\na.go\n", 0, true},
	{"extglob glob empty and spaces", "touch a.go 'x y'; shopt -s extglob\necho !() | wc -w; echo @(x y|q) @(x\\ y)", "3\nx y x y\n", 0, true},
	{"extglob case", "shopt -s extglob\nfor w in a ab abab xy '' 5.tgz 5.tar.gz; do case $w in @(a|ab)) echo \"one $w\";; +(ab)) echo \"many $w\";; *.@(tgz|tar.gz)) echo \"tar $w\";; !(*y*)) echo \"no-y [$w]\";; *) echo \"other $w\";; esac; done", "one a\none ab\nmany abab\nother xy\nno-y []\ntar 5.tgz\ntar 5.tar.gz\n", 0, true},
	{"extglob case from variable", "p='@(a|b)'; case a in $p) echo on;; *) echo off;; esac; shopt -s extglob; case a in $p) echo on;; *) echo off;; esac", "off\non\n", 0, true},
	{"extglob test", "[[ ab == @(a|ab) ]] && echo 1; [[ abab == +(ab) ]] && echo 2; [[ x == ?(x) && '' == ?(x) ]] && echo 3; [[ aab != *(a)b ]] || echo 4; [[ abc == !(abc) ]] || echo 5; [[ abd == ab!(c) ]] && echo 6; [[ ab == a!(b)b ]] || echo 7", "1\n2\n3\n4\n5\n6\n", 0, true},
	{"extglob test without option", "shopt -u extglob; [[ ab == +(a|b) ]] && echo 1; p='@(x|ab)'; [[ ab == $p ]] && echo 2; [[ 'a b' == @(a b|c) ]] && echo 3; shopt extglob", "1\n2\n3\nextglob        \toff\n", 1, true},
	{"extglob test quoted parts", "[[ '|' == @(a|'|') ]] && echo 1; [[ '*' == @(\"*\") ]] && echo 2; [[ x == @(\"*\") ]] || echo 3; [[ 'a)' == @(\"a)\"|b) ]] && echo 4; [[ '@(a)' == \"@(a)\" ]] && echo 5; [[ a == @(\\a) ]] && echo 6", "1\n2\n3\n4\n5\n6\n", 0, true},
	{"extglob negation", "[[ '' == !(a) ]] && echo 1; [[ '' == !() ]] || echo 2; [[ x == !() ]] && echo 3; [[ foo.go == !(*.go) ]] || echo 4; [[ foo.c == !(*.go) ]] && echo 5; [[ aXb == a!(X)b ]] || echo 6; [[ aXYb == a!(X)b ]] && echo 7; [[ ab == a!(X)b ]] && echo 8", "1\n2\n3\n4\n5\n6\n7\n8\n", 0, true},
	{"extglob nested groups", "[[ abcabd == +(ab@(c|d)) ]] && echo 1; [[ aaa == *(*(a)) ]] && echo 2; [[ ac == @(a!(b)|x)c ]] && echo 3; [[ abc == @(a!(b)|x)c ]] && echo 4; [[ xx == *(@(x)) ]] && echo 5", "1\n2\n3\n5\n", 0, true},
	{"extglob param trim", "shopt -s extglob\nx=000123; echo ${x##*(0)} ${x#*(0)} ${x##+(0|1)}; f=a.tar.gz; echo ${f%@(.tar.gz|.tgz)} ${f%%.@(gz|tar)*} ${f%.!(gz)}; echo ${f#!(a)}", "123 000123 23\na a a\na.tar.gz\n", 0, true},
	{"extglob param replace", "shopt -s extglob\nx=a12b345c; echo ${x//+([0-9])/N} ${x/+([0-9])/N} ${x/#?(a)1/S} ${x/%@(c|5c)/E} ${x//!(b)/-}", "aNbNc aNb345c S2b345c a12b34E -\n", 0, true},
	{"extglob param case conversion", "shopt -s extglob\nx=abcab; echo ${x^^@(a|b)} ${x^@(a|b)}", "ABcAB Abcab\n", 0, true},
	{"extglob param needs option", "x=000123; echo ${x##*(0)}; shopt -s extglob; echo ${x##*(0)}", "000123\n123\n", 0, true},
	{"extglob same line is too late", "touch a.go; shopt -s extglob; echo !(x)", "", 2, true},
	{"extglob bang subshell", "shopt -s extglob\n! (false) && echo neg; (exit 3); echo $?", "neg\n3\n", 0, true},
	{"extglob pathological", "[[ aaaaaaaaaaaaaaaac == *(*(*(a)))b ]] || echo no; [[ aaaaaaaaaaaab == *(*(*(a)))b ]] && echo yes", "no\nyes\n", 0, true},
	{"extglob assignment is not globbed", "touch a.go; shopt -s extglob\nx=@(a.go|\"b|c\"); echo \"$x\"; a=(@(a.go)); echo ${a[@]}", "@(a.go|b|c)\na.go\n", 0, true},
}

func TestBashExtensions(t *testing.T) {
	runBehaviour(t, bashExtBehaviour)
}
