package shell_test

import "testing"

// compatBuiltinCases are more rows of bash-checked behaviour (see
// compatCase), from the Oils spec cases of builtins, jobs, redirections
// and options that plumb failed.
var compatBuiltinCases = []compatCase{
	// wait reports a background job that a signal killed, as a script's
	// bash does; not SIGTERM, SIGINT or SIGPIPE (Oils background #26).
	// (bash may report it before wait runs: stderr is caught around both.)
	{"wait reports a killed job", "{ sleep 9 & kill -HUP $!; wait $!; } 2>err; echo status=$?; grep -o 'Hangup *sleep 9' err; { sleep 9 & kill -USR1 $!; wait; } 2>err; grep -c 'User defined signal 1' err; { sleep 9 & kill -TERM $!; wait $!; } 2>err; echo $?; wc -c <err", "status=129\nHangup                  sleep 9\n1\n143\n0\n", "", 0},

	// history -r, -n, -w on $HISTFILE or a file, HISTSIZE and
	// HISTFILESIZE, in a script too (Oils builtin-history #1 #2 #3 #12
	// #13, where the scripts use bash's file format: a line an entry).
	{"history file builtins", `printf 'cmd orig%s\n' 1 2 3 > t1; cp t1 t2; printf 'cmd new%s\n' 1 2 >> t2
HISTFILE=t1; history -c; history -r; history -r; history | grep -c orig
history -c; history -r; HISTFILE=t2 history -n; history | grep -c new
HISTSIZE=2; history | wc -l; history -w t3; cat t3; HISTFILESIZE=1; cat t1
history -x 2>/dev/null; echo status=$?; history -r nonexistent 2>/dev/null; echo status=$?`,
		"6\n2\n2\ncmd new1\ncmd new2\ncmd orig3\nstatus=2\nstatus=1\n", "", 0},

	// A signal sent to $! at once reaches the command: the trampoline a
	// script's background command starts through (a Go process, whose
	// runtime would swallow SIGUSR1) has exec'd it before $! is set.
	// 47 of 200 were lost before.
	{"a signal right after & reaches the command", `n=0; i=0; while [ $i -lt 100 ]; do sleep 9 & kill -USR1 $!; wait $!; [ $? = 138 ] || n=$((n+1)); i=$((i+1)); done 2>/dev/null; echo lost=$n`, "lost=0\n", "", 0},

	// An empty subscript fails when the line runs, not when it is read
	// (Oils arith-context #15): the rest of the line is dropped, the
	// script goes on.
	{"a[]=v and ${a[]} fail when run", "a=(1 2 3); a[]=42; echo same\necho status=$? ${a[@]}; echo ${a[]}; echo same2\necho status=$?", "status=1 1 2 3\nstatus=1\n", "plumb: a[]: bad array subscript\nplumb: ${a[]}: bad substitution\n", 0},

	// ${@#p} and friends trim a copy: the positional parameters stay
	// (they were trimmed in place once expansion moved to shell/expand).
	{"${@#p} leaves $@ alone", `set -- ab ac; echo ${@#a} "$@"; echo "${@%c}" "$*"; a=(xy xz); echo ${a[@]#x} ${a[*]/x/-} "${a[@]}"`, "b c ab ac\nab a ab ac\ny z -y -z xy xz\n", "", 0},

	// A pipeline of one compound command leaves PIPESTATUS as the last
	// pipeline inside it set it; a function definition leaves it alone.
	{"PIPESTATUS after compound commands", `echo "[${PIPESTATUS[@]}]"; false | true; if false | true; then false | true; fi; echo ${PIPESTATUS[@]}; false | true; for ((;0;)); do :; done; f() { :; }; case a in b) ;; esac; echo ${PIPESTATUS[@]}; false | true; { :; } >/nonexist/x; echo ${PIPESTATUS[@]}; (exit 3); echo ${PIPESTATUS[@]}`, "[]\n1 0\n1 0\n1 0\n3\n", "plumb: /nonexist/x: No such file or directory\n", 0},

	// type shows a file as PATH spells it (a relative entry stays
	// relative, an empty one is .), a name with a slash as written;
	// command -V shows the absolute path; command -v succeeds when any
	// name is found.
	{"type shows the path as found", `mkdir d; touch d/date d/nx; chmod +x d/date; PATH=d:/bin:; type date d/date d/nx; echo $?; command -v date; command -V date | sed "s|$PWD|PWD|"; type -a date nx; PATH=/bin/; type date; cd d; PATH=:/bin; type -a date; type -P nx; command -v nosuch nx; echo $?; command -V nosuch; echo $?`, "date is d/date\nd/date is d/date\n1\nd/date\ndate is PWD/d/date\ndate is d/date\ndate is /bin/date\ndate is /bin/date\ndate is ./date\ndate is /bin/date\n./nx\n./nx\n0\n1\n", "plumb: type: d/nx: not found\nplumb: type: nx: not found\nplumb: command: nosuch: not found\n", 0},

	// printf %(fmt)T shows the time in the zone of an exported TZ (the
	// C library reads only the environment's); a result that does not
	// fit bash's 128-byte buffer is empty.
	{"printf time zone", `TZ=Asia/Tokyo; printf '%(%H)T\n' 0; export TZ; printf '%(%F %H %Z)T\n' 1557978599; TZ=US/Eastern; printf '%(%F)T\n' 1557978599; TZ=EST5; printf '%(%H %Z)T\n' 0; TZ=:Asia/Tokyo; printf '%(%H)T\n' 0; TZ=; printf '%(%H %Z)T\n' 0; unset TZ; TZ=Asia/Tokyo printf '%(%H)T\n' 0`, "00\n2019-05-16 12 JST\n2019-05-15\n19 EST\n09\n00 UTC\n09\n", "", 0},
	{"printf time truncated", `y=%Y%Y%Y%Y%Y%Y%Y%Y%Y%Y%Y%Y%Y%Y%Y%Y; printf "%($y%Y%Y%Y%Y%Y%Y%Y%Y%Y%Y%Y%Y%Y%Y%Y)T" 0 | wc -c; printf "[%($y$y)T]\n" 0`, "124\n[]\n", "", 0},

	// A process substitution in a stage of a longer pipeline is started
	// by that stage (a subshell in bash), so $! of this shell stays.
	{"process substitution in a stage leaves $!", `f() { cat; }; f < <(echo a) | cat; echo "[$!]"; cat <(echo b) | cat; echo "[$!]"; : <(:); [ -n "$!" ] && echo set`, "a\n[]\nb\n[]\nset\n", "", 0},

	// The descriptor of a {name} redirection on a builtin, a function
	// or a compound command stays open after it (bash), unless shopt -s
	// varredir_close; {name}>&- on a command closes it for the command.
	{"named descriptor outlives the command", `: {a}>f; echo one >&$a; { :; } {b}>&1; f() { :; }; f {c}>g; echo $((b - a)) $((c - b)); echo two >&$c; : {a}>&-; echo three >&$a; exec {a}>&- {c}>&-; cat f g; echo four >&$b; exec {b}>&-; shopt -s varredir_close; : {x}>/dev/null; : {y}>/dev/null; echo $((y - x)); x=$y; : {x}>&- 2>/dev/null; echo $?`, "1 1\none\nthree\ntwo\nfour\n0\n0\n", "", 0},

	// ulimit -n holds the shell's own redirections: with no descriptor
	// free below the limit, opening the file fails (EMFILE).
	{"ulimit -n and redirections", "(ulimit -n 0; echo hi >f; echo \"st $?\"; /bin/echo x >/dev/null; echo \"st $?\"); (ulimit -n 3; cat </dev/null; echo \"st $?\"); (ulimit -n 64; echo ok >f); cat f", "st 1\nst 1\nst 1\nok\n", "plumb: f: Too many open files\nplumb: /dev/null: Too many open files\nplumb: /dev/null: Too many open files\n", 0},

	// ulimit -f holds the shell's own writes: a builtin's write past
	// the limit of a regular file is cut there and ends the shell (or
	// the subshell) as SIGXFSZ does, status 153; with the signal
	// trapped or ignored the write fails. (bash also reports the death
	// on stderr; those reports go to /dev/null here.)
	{"ulimit -f and builtin writes", `x=$(printf "%2000s" ""); { (ulimit -f 1; echo "$x" > o1; echo no); echo "sub $?"; } 2>/dev/null; wc -c < o1; f() { ulimit -f 1; echo "$x" >> o2; echo no; }; f | cat; echo "${PIPESTATUS[@]}"; (trap "" XFSZ; ulimit -f 1; echo "$x" > o3; echo "st $?"); { "/proc/$$/exe" -c 'ulimit -f 1; printf "%2000s" "" >o4; echo no'; echo "script $?"; } 2>/dev/null; wc -c < o4`, "sub 153\n1024\n153 0\nst 1\nscript 153\n1024\n", "plumb: echo: write error: File too large\n", 0},

	// [[ =~ ]] reads { as regcomp(3) does: a { that starts no
	// repetition is an error (status 2); {,n} is {0,n}.
	{"regex braces", `for re in '{' 'a{' '^{' 'x|{' 'a{x}' 'a{1}' 'a{,2}' 'a{,}' '[{]' '\{' "'{'" 'a{2}{3}'; do [[ 'a{' =~ $re ]]; echo -n "$? "; done; echo`, "2 2 2 2 2 0 0 0 0 0 2 1 \n", "", 0},

	// declare -p shows SHELLOPTS, read-only, as it is now.
	{"declare -p SHELLOPTS", `typeset -p SHELLOPTS; set -e -o pipefail; declare -p SHELLOPTS`, "declare -r SHELLOPTS=\"braceexpand:hashall:interactive-comments\"\ndeclare -r SHELLOPTS=\"braceexpand:errexit:hashall:interactive-comments:pipefail\"\n", "", 0},

	// -i -c runs the string in an interactive shell: $- has i, emacs
	// editing is on, exit gives the status.
	// (The "no job control" warnings on stderr differ in wording.)
	{"interactive -c", `sh="/proc/$$/exe"; "$sh" --norc -i -c 'case $- in *i*) echo interactive;; esac; test -o emacs; echo $?; exit 3' 2>/dev/null; echo $?; "$sh" -c 'case $- in *i*) echo no;; esac; test -o emacs; echo $?'`, "interactive\n0\n3\n1\n", "", 0},

	// An interactive shell without job control (no terminal here) has
	// no m in $-, as in bash.
	{"interactive without job control: no m in $-", `"/proc/$$/exe" --norc -i -c 'echo $-; set -o | grep -c "monitor.*off"' </dev/null 2>/dev/null`, "hiBHc\n1\n", "", 0},

	// For an external command the {name} redirection is made in the
	// child (bash forks first): name stays as it was in the shell.
	{"named descriptor through a nameref or array", `a=(x y); : {a}>f; echo one >&${a[0]}; declare -n r=t; : {r}>>f; echo two >&$t; cat f; echo "${a[1]}" $((t - a))`, "one\ntwo\ny 1\n", "", 0},
	{"named descriptor of an external command", `fd=x; cat {fd}>/dev/null </dev/null; echo "[$fd]"; /bin/true {g}>/dev/null; echo "[${g-unset}]"`, "[x]\n[unset]\n", "", 0},

	// A command that has run (or that hash looked up) is hashed: type
	// and command -V say so and show that path, until PATH changes.
	{"type of a hashed command", `cat </dev/null; type cat; command -V cat; command -v cat; type -P cat; type -a cat | grep -c hashed; PATH=$PATH; type cat; hash sed; type -t sed; type sed`, "cat is hashed (/usr/bin/cat)\ncat is hashed (/usr/bin/cat)\n/usr/bin/cat\n/usr/bin/cat\n0\ncat is /usr/bin/cat\nfile\nsed is hashed (/usr/bin/sed)\n", "", 0},

	// hash -p remembers a path without a search (a command runs from
	// it), -t prints remembered paths (name and tab when several), -d
	// forgets, -l lists as hash commands; -d and -t want a name.
	{"hash -p -t -d -l", `hash -p /bin/echo e; hash; e hi; hash -t e; hash -t e nosuch; echo "t $?"; hash -p /bin/cat c; hash -t c e; hash -r; hash -l; hash -p /bin/echo e; hash -l; hash -d e; echo "d $?"; hash -d e; echo "d $?"; hash -t; echo "t $?"; hash -d; echo "d $?"; hash -p /nonexist/x nx; nx; echo "nx $?"; hash -p /bin bin; echo "dir $?"; hash -z; echo "z $?"; hash -p; echo "p $?"`, "hits\tcommand\n   0\t/bin/echo\nhi\n/bin/echo\ne\t/bin/echo\nt 1\nc\t/bin/cat\ne\t/bin/echo\nbuiltin hash -p /bin/echo e\nd 0\nd 1\nt 1\nd 1\nnx 127\ndir 1\nz 2\np 2\n", "plumb: hash: nosuch: not found\nplumb: hash: e: not found\nplumb: hash: -t: option requires an argument\nplumb: hash: -d: option requires an argument\nplumb: /nonexist/x: No such file or directory\nplumb: hash: /bin: Is a directory\nplumb: hash: -z: invalid option\nhash: usage: hash [-lr] [-p pathname] [-dt] [name ...]\nplumb: hash: -p: option requires an argument\nhash: usage: hash [-lr] [-p pathname] [-dt] [name ...]\n", 0},

	// type's output and its messages come in the order of the names.
	{"type output in order with errors", `type echo nosuch : >f 2>&1; sed 's/.*type: /type: /' f`, "echo is a shell builtin\ntype: nosuch: not found\n: is a shell builtin\n", "", 0},

	// Under set -o posix a function cannot take a special builtin's
	// name: status 2, and the script ends.
	{"posix special builtin as a function name", `eval() { echo func; }; eval x; set -o posix; eval 'echo builtin'; (eval() { :; }; echo no); echo "st $?"; unset() { :; }; echo no`, "func\nbuiltin\nst 2\n", "plumb: `eval': is a special builtin\nplumb: `unset': is a special builtin\n", 2},

	// declare -f, type and command -V print a function in bash's
	// layout: a command a line, four spaces a level, elif as else if.
	{"function printed as bash prints it", "f() { a && b; if c; then d; elif e; then :; fi; case $x in y) z;; esac; cat <<E\n$x\nE\n}; declare -f f; type f | head -2; command -V f | tail -1", "f () \n{ \n    a && b;\n    if c; then\n        d;\n    else\n        if e; then\n            :;\n        fi;\n    fi;\n    case $x in \n        y)\n            z\n        ;;\n    esac;\n    cat <<E\n$x\nE\n\n}\nf is a function\nf () \n}\n", "", 0},

	// set and bare declare list the functions after the variables, in
	// declare -f's layout; under set -o posix set leaves them out.
	{"set and declare list functions", `f() { echo "$1"; }; set | sed -n '/^f ()/,$p'; declare | grep -c '^f ()'; typeset | grep -A1 '^f ()'; set -o posix; set | grep -c '^f ()'`, "f () \n{ \n    echo \"$1\"\n}\n1\nf () \n{ \n0\n", "", 1},

	// local with no operands lists the function's locals as declare -p
	// shows them (bash 5.2); none, nothing.
	{"local lists the locals", `f() { local b a=1; local c=(1 2); x=2; local; g; }; g() { local; echo g; local -n r=x; local; }; f`, "declare -- a=\"1\"\ndeclare -- b\ndeclare -a c=([0]=\"1\" [1]=\"2\")\ng\ndeclare -n r=\"x\"\n", "", 0},

	// Under set -o posix type and command -V name the special builtins
	// (source among them, as in bash).
	{"posix type of special builtins", `type .; set -o posix; type . source eval cd; command -V eval`, ". is a shell builtin\n. is a special shell builtin\nsource is a special shell builtin\neval is a special shell builtin\ncd is a shell builtin\neval is a special shell builtin\n", "", 0},
}

func TestCompatBuiltin(t *testing.T) {
	runCompat(t, compatBuiltinCases)
}
