package shell_test

import "testing"

// localeCases are the rows where bash follows its locale: in the C
// locale (LC_ALL=C, and with none of LC_ALL, LC_CTYPE, LANG set) every
// byte is a character; in a UTF-8 one (C.UTF-8) every UTF-8 character
// is. Each row sets LC_ALL itself (the table's environment has LC_ALL=C
// whatever the machine's), and each C row has its C.UTF-8 twin with the
// same expressions. The last row changes the locale as a script goes.
var localeCases = []compatCase{
	{"patsub C", `LC_ALL=C; s='_μ_ and _μ_'; echo ${s//_?_/foo}; echo ${s/#_?_/foo}; echo ${s/%_?_/foo}; echo "${s/[μ]/x}" "${s//μ/y}"`, "_\xce\xbc_ and _\xce\xbc_\n_\xce\xbc_ and _\xce\xbc_\n_\xce\xbc_ and _\xce\xbc_\n_x\xbc_ and _\xce\xbc_ _y_ and _y_\n", "", 0},
	{"patsub UTF-8", `LC_ALL=C.UTF-8; s='_μ_ and _μ_'; echo ${s//_?_/foo}; echo ${s/#_?_/foo}; echo ${s/%_?_/foo}; echo "${s/[μ]/x}" "${s//μ/y}"`, "foo and foo\nfoo and _\xce\xbc_\n_\xce\xbc_ and foo\n_x_ and _\xce\xbc_ _y_ and _y_\n", "", 0},
	{"trim C", `LC_ALL=C; x=μab; echo "${x#?}" "${x%??}" "${x##*[a]}" "${x#[[:alpha:]]}" "${x%%b*}"`, "\xbcab \xce\xbc b \xce\xbcab \xce\xbca\n", "", 0},
	{"trim UTF-8", `LC_ALL=C.UTF-8; x=μab; echo "${x#?}" "${x%??}" "${x##*[a]}" "${x#[[:alpha:]]}" "${x%%b*}"`, "ab \xce\xbc b ab \xce\xbca\n", "", 0},
	{"length and substring C", `LC_ALL=C; x=μab; echo ${#x} "${x:1:2}" "${x: -3}"; a=(μ é); echo ${#a[1]}`, "4 \xbca \xbcab\n2\n", "", 0},
	{"length and substring UTF-8", `LC_ALL=C.UTF-8; x=μab; echo ${#x} "${x:1:2}" "${x: -3}"; a=(μ é); echo ${#a[1]}`, "3 ab \xce\xbcab\n1\n", "", 0},
	{"case and [[ ]] C", `LC_ALL=C; x=μab; case $x in ?ab) echo one;; ??ab) echo two;; esac; [[ $x == ??ab ]] && echo dbl; [[ $x == [μ]ab ]] && echo bracket; [[ $x == [[:alpha:]]* ]] && echo alpha; [[ $x == *[$'\x80'-$'\xff']ab ]] && echo range`, "two\ndbl\nrange\n", "", 0},
	{"case and [[ ]] UTF-8", `LC_ALL=C.UTF-8; x=μab; case $x in ?ab) echo one;; ??ab) echo two;; esac; [[ $x == ??ab ]] && echo dbl; [[ $x == [μ]ab ]] && echo bracket; [[ $x == [[:alpha:]]* ]] && echo alpha; [[ $x == *[$'\x80'-$'\xff']ab ]] && echo range`, "one\nbracket\nalpha\nrange\n", "", 0},
	{"case conversion C", `LC_ALL=C; y=éÉa; echo "${y^^}" "${y,,}" "${y^}" "${y@U}" "${y@L}" "${y@u}" "${y^^[aé]}"; z=$'\xe9t\xc9'; echo "${z^^}" "${z@U}"`, "\xc3\xa9\xc3\x89A \xc3\xa9\xc3\x89a \xc3\xa9\xc3\x89a \xc3\xa9\xc3\x89A \xc3\xa9\xc3\x89a \xc3\xa9\xc3\x89a \xc3\xa9\xc3\x89A\n\xe9T\xc9 \xe9T\xc9\n", "", 0},
	{"case conversion UTF-8", `LC_ALL=C.UTF-8; y=éÉa; echo "${y^^}" "${y,,}" "${y^}" "${y@U}" "${y@L}" "${y@u}" "${y^^[aé]}"; z=$'\xe9t\xc9'; echo "${z^^}" "${z@U}"`, "\xc3\x89\xc3\x89A \xc3\xa9\xc3\xa9a \xc3\x89\xc3\x89a \xc3\x89\xc3\x89A \xc3\xa9\xc3\xa9a \xc3\x89\xc3\x89a \xc3\x89\xc3\x89A\n\xe9T\xc9 \xe9T\xc9\n", "", 0},
	{"quoting C", `LC_ALL=C; x='μ a'; echo "${x@Q}"; printf '%q %q\n' "$x" é; printf '%.3s|%c|%4s|\n' μμμ μx μ`, "$'\\316\\274 a'\n$'\\316\\274 a' $'\\303\\251'\n\xce\xbc\xce|\xce|  \xce\xbc|\n", "", 0},
	{"quoting UTF-8", `LC_ALL=C.UTF-8; x='μ a'; echo "${x@Q}"; printf '%q %q\n' "$x" é; printf '%.3s|%c|%4s|\n' μμμ μx μ`, "'\xce\xbc a'\n\xce\xbc\\ a \xc3\xa9\n\xce\xbc\xce|\xce|  \xce\xbc|\n", "", 0},
	{"glob C", `LC_ALL=C; touch μ a ab; echo ? ??; echo [μ]`, "a ab \xce\xbc\n[\xce\xbc]\n", "", 0},
	{"glob UTF-8", `LC_ALL=C.UTF-8; touch μ a ab; echo ? ??; echo [μ]`, "a \xce\xbc ab\n\xce\xbc\n", "", 0},
	{"IFS C", `LC_ALL=C; IFS=μ; v=aμb; set -- $v; echo $#; echo "$*" ; a=(1 2); echo "${a[*]}"`, "3\na\xce\xceb\n1\xce2\n", "", 0},
	{"IFS UTF-8", `LC_ALL=C.UTF-8; IFS=μ; v=aμb; set -- $v; echo $#; echo "$*" ; a=(1 2); echo "${a[*]}"`, "2\na\xce\xbcb\n1\xce\xbc2\n", "", 0},
	{"text not UTF-8 C", `LC_ALL=C; s=$'é\xff'; case $s in ??) echo two;; ???) echo three;; esac; t=é; case $t in [$'\xc3']*) echo byte;; esac; echo "${s#?}" "${s%??}"; u=$'μa\xff'; echo "${u/?/X}" "${#u}" "${u:1:1}"; v=$'\xcebé'; echo "${v%b?}" "${v//b?/X}" "${v/#?b/X}"`, "three\nbyte\n\xa9\xff \xc3\nX\xbca\xff 4 \xbc\n\xceb\xc3\xa9 \xceX\xa9 X\xc3\xa9\n", "", 0},
	{"text not UTF-8 UTF-8", `LC_ALL=C.UTF-8; s=$'é\xff'; case $s in ??) echo two;; ???) echo three;; esac; t=é; case $t in [$'\xc3']*) echo byte;; esac; echo "${s#?}" "${s%??}"; u=$'μa\xff'; echo "${u/?/X}" "${#u}" "${u:1:1}"; v=$'\xcebé'; echo "${v%b?}" "${v//b?/X}" "${v/#?b/X}"`, "three\nbyte\n\xa9\xff \xc3\nX\xbca\xff 3 a\n\xce \xceX\xa9 X\xc3\xa9\n", "", 0},
	{"regex C", `LC_ALL=C; x=aμb; [[ $x =~ ^.$ ]] && echo one; [[ $x =~ ^a..b$ ]] && echo four; [[ $x =~ a(.)(.*) ]] && printf '%q %q %q\n' "${BASH_REMATCH[@]}"; [[ $x =~ [μ] ]] && printf '%q\n' "$BASH_REMATCH"`, "four\n$'a\\316\\274b' $'\\316' $'\\274b'\n$'\\316'\n", "", 0},
	{"regex UTF-8", `LC_ALL=C.UTF-8; x=aμb; [[ $x =~ ^.$ ]] && echo one; [[ $x =~ ^a..b$ ]] && echo four; [[ $x =~ a(.)(.*) ]] && printf '%q %q %q\n' "${BASH_REMATCH[@]}"; [[ $x =~ [μ] ]] && printf '%q\n' "$BASH_REMATCH"`, "a\xce\xbcb \xce\xbc b\n\xce\xbc\n", "", 0},
	{"regex classes C", `LC_ALL=C; x=éa; [[ $x =~ ^[[:alpha:]]+$ ]] && echo alpha; re='\w+'; [[ $x =~ $re ]] && printf '%q\n' "$BASH_REMATCH"; [[ $x =~ ^[é]a$ ]] && echo bracket; [[ $x =~ ^.{3}$ ]] && echo three; shopt -s nocasematch; [[ É =~ é ]] && echo fold; y=$'a\xffb'; [[ $y =~ a.b ]] && echo dot; echo end`, "a\nthree\ndot\nend\n", "", 0},
	{"regex classes UTF-8", `LC_ALL=C.UTF-8; x=éa; [[ $x =~ ^[[:alpha:]]+$ ]] && echo alpha; re='\w+'; [[ $x =~ $re ]] && printf '%q\n' "$BASH_REMATCH"; [[ $x =~ ^[é]a$ ]] && echo bracket; [[ $x =~ ^.{3}$ ]] && echo three; shopt -s nocasematch; [[ É =~ é ]] && echo fold; y=$'a\xffb'; [[ $y =~ a.b ]] && echo dot; echo end`, "alpha\n\xc3\xa9a\nbracket\nfold\nend\n", "", 0},
	{"listings C", `LC_ALL=C; x=$'μ\tb'; y='μ b'; declare -p x y; set | grep '^[xy]='; declare -A m=([μ]=1); declare -p m; a=(μ); declare -p a`, "declare -- x=$'\\316\\274\\tb'\ndeclare -- y=$'\\316\\274 b'\nx=$'\\316\\274\\tb'\ny=$'\\316\\274 b'\ndeclare -A m=([$'\\316\\274']=\"1\" )\ndeclare -a a=([0]=$'\\316\\274')\n", "", 0},
	{"listings UTF-8", `LC_ALL=C.UTF-8; x=$'μ\tb'; y='μ b'; declare -p x y; set | grep '^[xy]='; declare -A m=([μ]=1); declare -p m; a=(μ); declare -p a`, "declare -- x=$'\xce\xbc\\tb'\ndeclare -- y=\"\xce\xbc b\"\nx=$'\xce\xbc\\tb'\ny='\xce\xbc b'\ndeclare -A m=([\xce\xbc]=\"1\" )\ndeclare -a a=([0]=\"\xce\xbc\")\n", "", 0},
	{"printf and echo escapes C", `LC_ALL=C; printf '%d %d %d\n' "'é" '"μ' "'a"; printf '\u00e9|\U0001F600|\U000000e9|\u41\n'; echo -e '\u00e9'; printf '%b\n' '\u3b1'`, "195 206 97\n\\u00E9|\\U0001F600|\\u00E9|A\n\\u00E9\n\\u03B1\n", "", 0},
	{"printf and echo escapes UTF-8", `LC_ALL=C.UTF-8; printf '%d %d %d\n' "'é" '"μ' "'a"; printf '\u00e9|\U0001F600|\U000000e9|\u41\n'; echo -e '\u00e9'; printf '%b\n' '\u3b1'`, "233 956 97\n\xc3\xa9|\xf0\x9f\x98\x80|\xc3\xa9|A\n\xc3\xa9\n\xce\xb1\n", "", 0},
	{"read -n C", `LC_ALL=C; printf 'μab\n' | { read -n 2 v; echo "[$v]"; }; printf 'μéa' | { read -N 1 v; read -n 1 w; echo "[$v][$w]"; }`, "[\xce\xbc]\n[\xce][\xbc]\n", "", 0},
	{"read -n UTF-8", `LC_ALL=C.UTF-8; printf 'μab\n' | { read -n 2 v; echo "[$v]"; }; printf 'μéa' | { read -N 1 v; read -n 1 w; echo "[$v][$w]"; }`, "[\xce\xbca]\n[\xce\xbc][\xc3\xa9]\n", "", 0},
	{"locale follows LC_ALL LC_CTYPE LANG", `x=μ; unset LC_ALL LC_CTYPE LANG; echo "none ${#x}"; LANG=C.UTF-8; echo "LANG ${#x}"; LC_CTYPE=C; echo "LC_CTYPE ${#x}"; LC_ALL=; echo "empty LC_ALL ${#x}"; LC_ALL=C.utf8; echo "LC_ALL ${#x}"; unset LC_ALL LC_CTYPE; echo "unset ${#x}"; LANG=POSIX; echo "POSIX ${#x}"; f() { echo "f ${#x}"; }; LC_ALL=C.UTF-8 f; echo "after ${#x}"; g() { local LANG=C.UTF-8; echo "local ${#x}"; }; g; echo "after g ${#x}"; (LANG=C.UTF-8; echo "subshell ${#x}"); LC_ALL=C.UTF-8 eval 'echo "eval ${#x}"'; read LANG <<< C.UTF-8; echo "read ${#x}"; unset LANG; : ${LANG:=C.UTF-8}; echo ":= ${#x}"; LANG=C; LC_ALL=(C.UTF-8); echo "array ${#x}"; LC_ALL[0]=C; echo "element ${#x}"; LC_ALL[0]=C.UTF-8; unset 'LC_ALL[0]'; echo "unset element ${#x}"`, "none 2\nLANG 1\nLC_CTYPE 2\nempty LC_ALL 2\nLC_ALL 1\nunset 1\nPOSIX 2\nf 1\nafter 2\nlocal 1\nafter g 2\nsubshell 1\neval 1\nread 1\n:= 1\narray 1\nelement 2\nunset element 2\n", "", 0},
}

func TestCompatLocale(t *testing.T) {
	runCompat(t, localeCases)
}
