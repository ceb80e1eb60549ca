package shell_test

import "testing"

// bashBuiltinBehaviour covers the bash builtins and options that
// scripts and people at a prompt reach for beyond POSIX: read's -a -t -u
// -N -s, mapfile, wait -n, type's flags, shopt and the glob options,
// the directory stack, logout, caller and help. Rows with posix set run
// under bash 5.2 too (skipped with -short).
var bashBuiltinBehaviour = []behaviour{
	{"compgen", "abc=1; abd=2; touch f1 f2 .h; mkdir d1; f(){ COMPREPLY=(0 1 2 3); unset -v 'COMPREPLY[2]'; echo \"$1|$2|$3\"; }; compgen -F f x; echo st=$?; [ -z \"${COMPREPLY+x}\" ] && echo unset; compgen -W 'b a  ab$abc \"a c\"' -P '<' -S '>' a; compgen -W 'x y' z; echo st=$?; compgen -v -X '!*d' ab; compgen -A function -k i; compgen -A function; compgen -f f2; compgen -d; compgen -G 'f1*'; compgen -A nope; echo st=$?; compgen -F nope; echo st=$?; compgen; echo st=$?", "compgen|x|\n0\n1\n3\nst=0\nunset\n<a>\n<ab1>\n<a c>\nst=1\nabd\nif\nin\nf\nf2\nd1\nf1\nst=2\nst=1\nst=0\n", 0, true},
	// read.
	{"read -a", `read -a a <<< "  x  y\ z w "; echo ${#a[@]} "${a[1]}"; IFS=: read -a b <<< "a::b:"; echo ${#b[@]} "[${b[1]}]" ${b[2]}`, "3 y z\n3 [] b\n", 0, true},
	{"read -a replaces array", `a=(1 2 3 4); read -a a <<< "p q"; echo ${#a[@]} ${a[@]}; read -ra r <<< 'x\y'; echo "${r[0]}"`, "2 p q\nx\\y\n", 0, true},
	{"read -a errors", `read -a 1x <<< a; echo $?; readonly ro; read -a ro <<< x; echo $?`, "1\n1\n", 0, true},
	{"read -t timeout", `sleep 2 | read -t 0.2 x; echo $?; (printf ab; sleep 2) | { read -t 0.3 v; echo $? "[$v]"; }; (sleep 0.1; echo z) | { read -t 5 x; echo $? $x; }`, "142\n142 [ab]\n0 z\n", 0, true},
	{"read -t 0 polls", `read -t 0 x < /dev/null; echo $?; echo hi > f; read -t 0 x < f; echo $? "[$x]"; sleep 1 | { read -t 0; echo $?; }`, "0\n0 []\n1\n", 0, true},
	{"read -t bad", `read -t abc x; echo $?; read -t -1 x; echo $?; read -t 1.2.3 x; echo $?`, "1\n1\n1\n", 0, true},
	{"read -u", `echo hi > f; read -u 5 x 5<f; echo $x; read -u 7 x 2>/dev/null; echo $?; read -u x v 2>/dev/null; echo $?`, "hi\n1\n1\n", 0, true},
	{"read -N", "read -N 3 x <<< \"a\nbcd\"; echo \"[$x]\"", "[a\nb]\n", 0, true},
	{"read -N keeps rest", "printf 'abcdef' | { read -n 2 a; read -N 2 b; cat; echo; echo $a $b; }", "ef\nab cd\n", 0, true},
	{"read bad option", `read -z x; echo $?; read -n; echo $?`, "2\n2\n", 0, true},
	{"read -s off a terminal", `read -s x <<< secret; echo $x`, "secret\n", 0, true},

	// mapfile / readarray.
	{"mapfile", `printf 'a\nb\nc\n' > f; mapfile x < f; printf '[%s]' "${x[@]}"; echo; mapfile < f; echo ${#MAPFILE[@]}; readarray -t r < f; echo ${r[@]}`, "[a\n][b\n][c\n]\n3\na b c\n", 0, true},
	{"mapfile -n leaves the rest", `printf 'a\nb\nc\n' | { mapfile -n 1 -t x; echo ${x[@]}; cat; }; seq 5 | { mapfile -n 2 -t a; mapfile -t b; echo ${a[@]} / ${b[@]}; }`, "a\nb\nc\n1 2 / 3 4 5\n", 0, true},
	{"mapfile -s -n -O", `seq 10 > f; mapfile -t -s 3 -n 2 q < f; echo ${q[@]}; x=(1 2 3 4); mapfile -O 1 -t x <<< p; echo ${x[@]}; mapfile -t x <<< p; echo ${x[@]}`, "4 5\n1 p 3 4\np\n", 0, true},
	{"mapfile -d", `printf 'a:b:' | { mapfile -d : -t y; echo ${#y[@]} ${y[1]}; }; printf 'a\0b\0' | { mapfile -d '' -t y; echo ${y[@]}; }; printf 'x:y' | { mapfile -d : z; echo "${z[0]}" "${z[1]}"; }`, "2 b\na b\nx: y\n", 0, true},
	{"mapfile no final delimiter", `printf 'a\nb' | { mapfile -t x; echo ${#x[@]} ${x[1]}; }; mapfile -t e < /dev/null; echo ${#e[@]}`, "2 b\n0\n", 0, true},
	{"mapfile callback", `seq 3 | { mapfile -C 'echo cb' -c 2 -t w; echo ${w[@]}; }`, "cb 1 2\n1 2 3\n", 0, true},
	{"mapfile scalar becomes array", `s=str; mapfile -t s <<< a; echo ${#s[@]} $s; readonly ro=1; mapfile ro <<< x 2>/dev/null; echo $?`, "1 a\n1\n", 0, true},
	{"mapfile errors", `mapfile -n -1 z; echo $?; mapfile 1a; echo $?; mapfile -u 9 q; echo $?; mapfile -z; echo $?`, "1\n1\n1\n2\n", 0, true},
	{"mapfile big input", `seq 1 20000 > big; mapfile -t big < big; echo ${#big[@]} ${big[19999]}; seq 1 20000 | { mapfile b; echo ${#b[@]}; }`, "20000 20000\n20000\n", 0, true},

	// wait -n.
	{"wait -n", "(sleep 0.6; exit 3) & (sleep 0.1; exit 5) & wait -n; echo $?; wait -n; echo $?; wait -n; echo $?", "5\n3\n127\n", 0, true},
	{"wait -n ids", "(sleep 0.6; exit 2) & a=$!; (sleep 0.1; exit 4) & b=$!; (sleep 0.3; exit 6) & c=$!; wait -n $a $c; echo $?; wait -n -p v $a; echo $? $([ \"$v\" = \"$a\" ] && echo va)", "6\n2 va\n", 0, true},
	{"wait -p", "sleep 0.1 & p=$!; wait -p w $p; echo $? $([ \"$w\" = \"$p\" ] && echo ok)", "0 ok\n", 0, true},
	{"wait -n errors", "wait -n 99999 2>/dev/null; echo $?; wait -p 2>/dev/null; echo $?; wait -x 2>/dev/null; echo $?", "127\n2\n2\n", 0, true},
	{"wait -n in-process job", "(exit 7) & wait -n; echo $?; { sleep 0.2; exit 9; } & wait -n; echo $?", "7\n9\n", 0, true},

	// type's flags.
	{"type -t", "f() { :; }; for n in if f echo sh '[[' no_such_zz; do type -t $n; echo \"st $?\"; done; type -t f echo", "keyword\nst 0\nfunction\nst 0\nbuiltin\nst 0\nfile\nst 0\nkeyword\nst 0\nst 1\nfunction\nbuiltin\n", 0, true},
	{"type -p -P", "type -p echo; echo $?; type -p no_such_zz; echo $?; mkdir b; printf '#!/bin/sh\\n' > b/echo; chmod +x b/echo; PATH=$PWD/b:$PATH; type -P echo | sed \"s#$PWD/##\"; type -P no_such_zz; echo $?; type -Pt echo", "0\n1\nb/echo\n1\nfile\n", 0, true},
	{"type -a", "mkdir b1 b2; printf '#!/bin/sh\\n' > b1/tool; cp b1/tool b2/tool; chmod +x b1/tool b2/tool; PATH=$PWD/b1:$PWD/b2:$PATH; tool() { :; }; type -a tool | sed \"s#$PWD/##\"; type -at tool; type -ap tool | sed \"s#$PWD/##\"; type -af tool | sed \"s#$PWD/##\"", "tool is a function\ntool () \n{ \n    :\n}\ntool is b1/tool\ntool is b2/tool\nfunction\nfile\nfile\nb1/tool\nb2/tool\ntool is b1/tool\ntool is b2/tool\n", 0, false},
	{"type -f and errors", "f() { :; }; type -f f 2>/dev/null; echo $?; type -x 2>/dev/null; echo $?; type; echo $?", "1\n2\n0\n", 0, true},
	{"type alias", "shopt -s expand_aliases; alias ll='ls -l'; type ll; type -t ll; type -a ll; command -v ll", "ll is aliased to `ls -l'\nalias\nll is aliased to `ls -l'\nalias ll='ls -l'\n", 0, true},

	// shopt and the glob options.
	{"shopt set query print", "shopt -p nullglob; shopt -q nullglob; echo $?; shopt -s nullglob dotglob; shopt nullglob dotglob extglob; echo $?; shopt -pq nullglob; echo $?; shopt -p dotglob; shopt -u nullglob; shopt -q nullglob; echo $?", "shopt -u nullglob\n1\nnullglob       \ton\ndotglob        \ton\nextglob        \toff\n1\n0\nshopt -s dotglob\n1\n", 0, true},
	{"shopt errors", "shopt -s foo; echo $?; shopt -x 2>/dev/null; echo $?; shopt -su nullglob; echo $?; shopt -q nullglob foo; echo $?", "1\n2\n1\n1\n", 0, true},
	{"shopt lists", "shopt -s nullglob; shopt -s | grep -c nullglob; shopt -u | grep -c nullglob; shopt | grep -c '^autocd         \toff$'; shopt -p | grep -c 'shopt -u globstar'; shopt -s checkwinsize histappend; echo $?", "1\n0\n1\n1\n0\n", 0, true},
	{"shopt -o", "shopt -o -p errexit; shopt -o noglob; shopt -so noglob; case $- in *f*) echo f;; esac; shopt -qo noglob; echo $?; shopt -ou noglob; echo *; shopt -o foo; echo $?", "set +o errexit\nnoglob         \toff\nf\n0\n*\n1\n", 0, true},
	{"shopt in subshell", "(shopt -s nullglob; echo x *.zz); echo x *.zz", "x\nx *.zz\n", 0, true},
	{"nullglob", "touch a.c; shopt -s nullglob; echo x *.zz y; a=(*.zz); echo ${#a[@]} \"*.zz\" *.c; for f in *.q; do echo no; done", "x y\n0 *.zz a.c\n", 0, true},
	{"failglob", "shopt -s failglob; touch a.c; echo *.c; f() { echo *.zz; echo in-f; }; f; echo after", "a.c\n", 1, true},
	{"failglob in subshell", "shopt -s failglob; (echo *.zz); echo after $?; echo '*.zz'", "after 1\n*.zz\n", 0, true},
	{"dotglob", "touch .h a; mkdir d; touch d/.x; echo *; shopt -s dotglob; echo * d/*; echo .*", "a d\n.h a d d/.x\n.h\n", 0, true},
	{"dotglob never . and ..", "touch .h a; shopt -s dotglob; echo *; echo ?h", ".h a\n.h\n", 0, true},
	{"nocaseglob", "touch A.TXT b.txt; shopt -s nocaseglob; echo *.txt [a]*; shopt -u nocaseglob; echo *.txt", "A.TXT b.txt A.TXT\nb.txt\n", 0, true},
	{"globstar", "mkdir -p a/b/c .hd; touch a/x.go a/b/y.go a/b/c/z.go top.go .hd/h.go; echo **/*.go; shopt -s globstar; echo **; echo **/*.go; echo a/**; echo **/; echo a/**/z.go; shopt -s dotglob; echo **/*.go", "a/x.go\na a/b a/b/c a/b/c/z.go a/b/y.go a/x.go top.go\na/b/c/z.go a/b/y.go a/x.go top.go\na/ a/b a/b/c a/b/c/z.go a/b/y.go a/x.go\na/ a/b/ a/b/c/\na/b/c/z.go\n.hd/h.go a/b/c/z.go a/b/y.go a/x.go top.go\n", 0, true},
	{"globstar twice is once", "mkdir -p c/d; touch l.md c/l.md c/d/l.md; shopt -s globstar; echo **/**/*.md; echo c/**/**; echo c/**/**/l.md", "c/d/l.md c/l.md l.md\nc c/d c/d/l.md c/l.md\nc/d/l.md c/l.md\n", 0, true},
	{"globskipdots off", "mkdir d; touch .h d/.x; shopt -u globskipdots; echo .*; echo d/.* .?; shopt -s dotglob; echo *; shopt -s globskipdots; echo .*", ". .. .h\nd/. d/.. d/.x .. .h\n.h d\n.h\n", 0, true},
	{"globstar no symlink descent", "mkdir -p d/e; touch d/e/f; ln -s d l; shopt -s globstar; echo **/f", "d/e/f\n", 0, true},
	{"nocasematch", "shopt -s nocasematch; [[ ABC == a* ]] && echo 1; case XY in x?) echo 2;; esac; [[ AB =~ ^ab$ ]] && echo 3; [[ A == [a-z] ]] && echo 4; [[ A == [!a] ]] || echo 5; [[ A != a ]] || echo 6; shopt -u nocasematch; [[ ABC == a* ]] || echo 7", "1\n2\n3\n4\n5\n6\n7\n", 0, true},
	{"extglob accepted", "shopt -s extglob; echo $?; shopt -q extglob && echo on", "0\non\n", 0, true},

	// The directory stack. HOME is the case's directory: ~ stands for it.
	{"pushd dirs", "mkdir a b c; pushd a; pushd ../b; pushd $HOME/c >/dev/null; dirs; dirs -v; dirs -p; dirs +1; dirs -0; dirs -l | sed \"s#$HOME#H#g\"", "~/a ~\n~/b ~/a ~\n~/c ~/b ~/a ~\n 0  ~/c\n 1  ~/b\n 2  ~/a\n 3  ~\n~/c\n~/b\n~/a\n~\n~/b\n~\nH/c H/b H/a H\n", 0, true},
	{"pushd rotate popd", "mkdir a b c; pushd a >/dev/null; pushd ../b >/dev/null; pushd ../c >/dev/null; pushd; pwd | sed \"s#$HOME#~#\"; pushd +2; echo ${#DIRSTACK[@]} ${DIRSTACK[1]} | sed \"s#$HOME#~#g\"; popd; popd +1; popd; popd 2>/dev/null; echo $?", "~/b ~/c ~/a ~\n~/b\n~/a ~ ~/b ~/c\n4 ~\n~ ~/b ~/c\n~ ~/c\n~/c\n1\n", 0, true},
	{"cd moves the top", "mkdir a b; pushd a >/dev/null; cd ../b; dirs; popd -n; dirs; echo ${DIRSTACK[0]} | sed \"s#$HOME#~#\"", "~/b ~\n~/b\n~/b\n~/b\n", 0, true},
	{"pushd errors", "pushd 2>/dev/null; echo $?; pushd nosuch 2>/dev/null; echo $?; popd 2>/dev/null; echo $?; popd -x 2>/dev/null; echo $?; pushd a b 2>/dev/null; echo $?; dirs +9 2>/dev/null; echo $?; dirs -c; dirs", "1\n1\n1\n2\n1\n1\n~\n", 0, true},
	{"pushd -n", "mkdir a; pushd -n a; dirs; popd >/dev/null; pwd | sed \"s#$HOME#~#\"", "~ a\n~ a\n~/a\n", 0, true},
	{"dirstack in subshell", "mkdir a; (pushd a >/dev/null; dirs); dirs", "~/a ~\n~\n", 0, true},

	// logout and caller.
	{"logout not login", "logout 2>/dev/null; echo $?; logout 2>&1 | sed 's/.*logout/logout/'", "1\nlogout: not login shell: use `exit'\n", 0, true},
	{"caller", "f() { caller | cut -d' ' -f1; echo $?; }\ng() {\n  f\n}\ng; caller 5; echo $?", "3\n0\n1\n", 0, true},
	{"caller in script", "printf 'f() { caller; caller 0; caller 1; caller 2; echo $?; }\\ng() {\\n f\\n}\\ng\\n' > c.sh; . ./c.sh", "3 ./c.sh\n3 g ./c.sh\n5 source ./c.sh\n1\n", 0, true},
}

func TestBashBuiltins(t *testing.T) {
	runBehaviour(t, bashBuiltinBehaviour)
}
