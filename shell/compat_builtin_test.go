package shell_test

import "testing"

// compatBuiltinCases are more rows of bash-checked behaviour (see
// compatCase), from the Oils spec cases of builtins, jobs, redirections
// and options that plumb failed.
var compatBuiltinCases = []compatCase{
	// A pipeline of one compound command leaves PIPESTATUS as the last
	// pipeline inside it set it; a function definition leaves it alone.
	{"PIPESTATUS after compound commands", `echo "[${PIPESTATUS[@]}]"; false | true; if false | true; then false | true; fi; echo ${PIPESTATUS[@]}; false | true; for ((;0;)); do :; done; f() { :; }; case a in b) ;; esac; echo ${PIPESTATUS[@]}; false | true; { :; } >/nonexist/x; echo ${PIPESTATUS[@]}; (exit 3); echo ${PIPESTATUS[@]}`, "[]\n1 0\n1 0\n1 0\n3\n", "plumb: /nonexist/x: No such file or directory\n", 0},
}

func TestCompatBuiltin(t *testing.T) {
	runCompat(t, compatBuiltinCases)
}
