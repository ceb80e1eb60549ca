package shell_test

import "testing"

// compatBuiltinCases are more rows of bash-checked behaviour (see
// compatCase), from the Oils spec cases of builtins, jobs, redirections
// and options that plumb failed.
var compatBuiltinCases = []compatCase{
	// A pipeline of one compound command leaves PIPESTATUS as the last
	// pipeline inside it set it; a function definition leaves it alone.
	{"PIPESTATUS after compound commands", `echo "[${PIPESTATUS[@]}]"; false | true; if false | true; then false | true; fi; echo ${PIPESTATUS[@]}; false | true; for ((;0;)); do :; done; f() { :; }; case a in b) ;; esac; echo ${PIPESTATUS[@]}; false | true; { :; } >/nonexist/x; echo ${PIPESTATUS[@]}; (exit 3); echo ${PIPESTATUS[@]}`, "[]\n1 0\n1 0\n1 0\n3\n", "plumb: /nonexist/x: No such file or directory\n", 0},

	// type shows a file as PATH spells it (a relative entry stays
	// relative, an empty one is .), a name with a slash as written;
	// command -V shows the absolute path; command -v succeeds when any
	// name is found.
	{"type shows the path as found", `mkdir d; touch d/date d/nx; chmod +x d/date; PATH=d:/bin:; type date d/date d/nx; echo $?; command -v date; command -V date | sed "s|$PWD|PWD|"; type -a date nx; PATH=/bin/; type date; cd d; PATH=:/bin; type -a date; type -P nx; command -v nosuch nx; echo $?; command -V nosuch; echo $?`, "date is d/date\nd/date is d/date\n1\nd/date\ndate is PWD/d/date\ndate is d/date\ndate is /bin/date\ndate is /bin/date\ndate is ./date\ndate is /bin/date\n./nx\n./nx\n0\n1\n", "plumb: type: d/nx: not found\nplumb: type: nx: not found\nplumb: command: nosuch: not found\n", 0},
}

func TestCompatBuiltin(t *testing.T) {
	runCompat(t, compatBuiltinCases)
}
