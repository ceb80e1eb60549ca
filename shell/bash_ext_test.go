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

	// Indexed arrays.
	{"array basics", "a=(x y z); echo ${a[1]} ${a[@]} ${#a[@]} ${#a[*]} $a ${a[-1]}", "y x y z 3 3 x z\n", 0, true},
	{"array quoted at", "a=('p q' r ''); for e in \"${a[@]}\"; do echo \"[$e]\"; done; echo \"${a[*]}\" ${#a[@]}", "[p q]\n[r]\n[]\np q r  3\n", 0, true},
	{"declare array value", "declare -a a=(x 'y z' \"$HOME-q\" $(echo 1 2)) b=1; echo ${#a[@]} \"${a[1]}\" ${a[3]} $b; typeset t=(t1); t+=(t2); declare g+=(c); readonly r=(r1 r2); echo ${t[@]} $g ${r[1]}", "5 y z 1 1\nt1 t2 c r2\n", 0, true},
	{"local array value", "a=(1 2 3); f() { local a=(x \"y z\") c='(copy)'; local -a d='(p q)'; echo ${#a[@]} \"${a[1]}\" $c ${#c[@]} ${#d[@]}; }; f; echo ${a[@]}", "2 y z (copy) 1 2\n1 2 3\n", 0, true},
	{"array element assign", "a=(x); a[2]=z; a[1]+=y; echo ${a[@]} ${!a[@]}; i=0; a[i+3]=w; echo ${a[3]} ${a[i+3]}", "x y z 0 1 2\nw w\n", 0, true},
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

	// declare / typeset.
	{"declare", "declare -a a; a=(x y); declare -p a; declare -x e=1; sh -c 'echo $e'; declare -r r=2; echo $r; readonly -p | grep -c ' r='", "declare -a a=([0]=\"x\" [1]=\"y\")\n1\n2\n1\n", 0, true},
	{"declare integer and local", "declare -i n=2+3; echo $n; f() { declare v=in; typeset w=in2; echo $v $w; }; v=out; f; echo $v ${w-unset}", "5\nin in2\nout unset\n", 0, true},
}

func TestBashExtensions(t *testing.T) {
	runBehaviour(t, bashExtBehaviour)
}
