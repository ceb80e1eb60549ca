package shell_test

import "testing"

// stackScript prints FUNCNAME, BASH_SOURCE and BASH_LINENO, and asks
// caller, at the top level of a script file, in functions, and in a
// file sourced from both: the cases a -c row cannot show, as a script
// adds the "main" frame. Paths are cut to their last part, as the
// script's directory is a temporary one.
const stackScript = `#!/usr/bin/env plumb
# The call stack arrays and caller in a script file.
base() { local a=() x; for x; do a+=("${x##*/}"); done; echo "${a[*]}"; }
echo "top: [${FUNCNAME[*]}] [$(base "${BASH_SOURCE[@]}")] [${BASH_LINENO[*]}]"
printf '%s\n' 'inner() {' '  echo "inner: ${FUNCNAME[*]} | $(base "${BASH_SOURCE[@]}") | ${BASH_LINENO[*]}"' '  caller 0 | cut -d" " -f1,2' '}' 'echo "sourced: [${FUNCNAME[*]}] ${#BASH_SOURCE[@]} [${BASH_LINENO[*]}]"' >lib.sh
. ./lib.sh
outer() {
  inner
  echo "outer: $FUNCNAME ${FUNCNAME[1]} ${#FUNCNAME[@]} ${BASH_LINENO[0]}"
}
outer
load() {
  . ./lib.sh
}
load
caller 0; echo "caller 0 at top: $?"
caller | cut -d" " -f1
`

func TestCallStackScript(t *testing.T) {
	const want = `top: [] [stack.sh] [0]
sourced: [] 2 [6 0]
inner: inner outer main | lib.sh stack.sh stack.sh | 8 11 0
8 outer
outer: outer main 2 11
sourced: [source load main] 3 [13 15 0]
caller 0 at top: 1
0
`
	bin := plumbBinary(t)
	got := runRealScript(t, bin, "", "stack.sh", []byte(stackScript), nil)
	if got.stdout != want || got.status != 0 {
		t.Errorf("plumb: status %d, stdout:\n%s\nwant:\n%s\nstderr: %s", got.status, got.stdout, want, got.stderr)
	}
	if testing.Short() {
		return
	}
	if b := runRealScript(t, bin, "bash", "stack.sh", []byte(stackScript), nil); b.stdout != want {
		t.Errorf("bash disagrees: stdout:\n%s", b.stdout)
	}
}
