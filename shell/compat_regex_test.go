package shell_test

import (
	"testing"
)

// regexCases are [[ s =~ re ]] rows checked against bash (glibc's regcomp
// and regexec); r prints the status and BASH_REMATCH as [m][g1]….
var regexCases = []compatCase{
	{"groups and BASH_REMATCH", `r() { [[ $1 =~ $2 ]]; s=$?; printf '%s' $s; [ $s = 0 ] && printf ' [%s]' "${BASH_REMATCH[@]}"; echo " ${#BASH_REMATCH[@]}"; }; r foo123 '([a-z]+)([0-9]+)'; r ab '(a)(x)?(b)'; r xyz '(a)|x'; r zz '(a)'`, "0 [foo123] [foo] [123] 3\n0 [ab] [a] [] [b] 4\n0 [x] [] 2\n1 0\n", "", 0},
	{"alternation longest", `r() { [[ $1 =~ $2 ]]; s=$?; printf '%s' $s; [ $s = 0 ] && printf ' [%s]' "${BASH_REMATCH[@]}"; echo; }; r abcd '(a|ab)(c|bcd)'; r abc '(a|ab)(bc|c)'; r xabcd 'a|ab|abc'; r aaa '(a|aa)*'; r abab '(ab|a)(bab)?'; r ab '((a)|b)*'`, "0 [abcd] [a] [bcd]\n0 [abc] [a] [bc]\n0 [abc]\n0 [aaa] [a]\n0 [abab] [a] [bab]\n0 [ab] [b] [a]\n", "", 0},
	{"repeated groups report their last iteration", `r() { [[ $1 =~ $2 ]]; s=$?; printf '%s' $s; [ $s = 0 ] && printf ' [%s]' "${BASH_REMATCH[@]}"; echo; }; r aa '(a*)*'; r b '(a*)*'; r xaaay '(a*)+'; r a '(a|){1,2}'; r ab '(a*){1,2}'; r aabb '((a|){2})+b'; r abab '((a|){2}[ab]){,1}'; r abb '(a*)(ab)*(b*)'`, "0 [aa] [aa]\n0 [] []\n0 [] []\n0 [a] [a]\n0 [a] [a]\n0 [aab] [aa] [a]\n0 [ab] [ab] []\n0 [abb] [a] [] [bb]\n", "", 0},
	{"back-references", `r() { [[ $1 =~ $2 ]]; s=$?; printf '%s' $s; [ $s = 0 ] && printf ' [%s]' "${BASH_REMATCH[@]}"; echo; }; r aa '(a)\1'; r ab '(a)\1'; r xabcabc '(abc)\1'; r aabaa '(a*)b\1'; r a '\1(a)'; r aa '(a)|\1'`, "0 [aa] [a]\n1\n0 [abcabc] [abc]\n0 [aabaa] [aa]\n2\n2\n", "", 0},
	{"bracket expressions and classes", `r() { [[ $1 =~ $2 ]]; s=$?; printf '%s' $s; [ $s = 0 ] && printf ' [%s]' "${BASH_REMATCH[@]}"; echo; }; r ']' '[]a]'; r 'a]' '[^]a]'; r '\' '[\]'; r '-' '[a-]'; r aB1c '[[:upper:][:digit:]]+'; r ' x' '[[:space:]][[:alpha:]]'; r e '[[=e=]][[.e.]]?'; r x '[[:foo:]]'; r b '[z-a]'; r x '[a'`, "0 []]\n1\n0 [\\]\n0 [-]\n0 [B1]\n0 [ x]\n0 [e]\n2\n2\n2\n", "", 0},
	{"GNU escapes and word boundaries", `r() { [[ $1 =~ $2 ]]; s=$?; printf '%s' $s; [ $s = 0 ] && printf ' [%s]' "${BASH_REMATCH[@]}"; echo; }; r 'foo bar' '\<bar'; r foobar '\<bar'; r 'foo bar' 'o\>'; r 'foo bar' '\bbar\b'; r foobar '\Bbar'; r 'a_1 x' '\w+\W\S'; r 'a b' 'a\sb'; r 1 '\d'; r d '\d'; r a.c 'a\.c'; r ab '\` + "`" + `a'`, "0 [bar]\n1\n0 [o]\n0 [bar]\n0 [bar]\n0 [a_1 x]\n0 [a b]\n1\n0 [d]\n0 [a.c]\n0 [a]\n", "", 0},
	{"anchors and braces", `r() { [[ $1 =~ $2 ]]; s=$?; printf '%s' $s; [ $s = 0 ] && printf ' [%s]' "${BASH_REMATCH[@]}"; echo; }; r ab '^b'; r ab 'a$|b'; r ab '(^a)'; r a^b 'a^b'; r aaa 'a{,2}'; r aaa 'a{2}'; r a 'a{2,}'; r a 'a{,}'; r aaaa '(a{1,2}){2}'; r 'a)' 'a)'`, "1\n0 [b]\n0 [a] [a]\n1\n0 [aa]\n0 [aa]\n1\n0 [a]\n0 [aaaa] [aa]\n0 [a)]\n", "", 0},
	{"invalid expressions are status 2", `for re in '(' 'a(b' '*a' 'a|*b' '^*x' 'a{' 'a{x' 'a{2,1}' 'a{1,2,3}' '{1}a' '\' '[]' '[[:alpha:]' '[a-c-e]' '(?i)a' 'x{32768}'; do [[ a =~ $re ]]; printf '%s ' $?; done; echo`, "2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 \n", "", 0},
	{"nocasematch", `shopt -s nocasematch; [[ AB =~ a[b] ]] && echo 1; [[ AB =~ [[:lower:]]b ]] && echo 2; re='(a)\1'; [[ xAax =~ $re ]] && echo "3 $BASH_REMATCH"; re='(.)\1'; [[ AB =~ $re ]] || echo 4; [[ Aa =~ (a)\1 ]] || echo 5; shopt -u nocasematch; [[ AB =~ ab ]] || echo 6`, "1\n2\n3 Aa\n4\n5\n6\n", "", 0},
	{"quoted parts literal", `[[ a.c =~ "a.c" ]] && echo 1; [[ abc =~ "a.c" ]] || echo 2; [[ 'a(b' =~ "a(b" ]] && echo 3; [[ 'x[y]{2}|^$\' =~ ^x"[y]{2}|^$\\"$ ]] && echo 4; re='a.c'; [[ abc =~ $re ]] && echo 5; [[ abc =~ "$re" ]] || echo 6; [[ 'a*' =~ a'*'$ ]] && echo 7; [[ ']' =~ ["]"] ]] && echo 8; [[ '-' =~ [a"-"z] ]] || echo 9; [[ b =~ [a"-"z] ]] && echo 10; [[ '\' =~ ["\\"] ]] && echo 11`, "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n", "", 0},
	{"no blow-up", `a=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; [[ $a =~ (a*)*b ]]; echo $?; [[ $a =~ (a|aa)*c ]]; echo $?; [[ ${a}c =~ (a|aa)*c ]] && echo "${#BASH_REMATCH[1]}"`, "1\n1\n1\n", "", 0},
}

func TestCompatRegex(t *testing.T) {
	runCompat(t, regexCases)
}
