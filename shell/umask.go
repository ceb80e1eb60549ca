package shell

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/plumbsh/plumb/exec"
)

// The umask of external commands.
//
// The shell never changes its own process's umask (invariant 5): two
// shells in one Go program each have their own, and the process's is
// read once (currentUmask). But fork/exec cannot set a child's umask:
// syscall.SysProcAttr has no field for it, and the child between fork and
// execve is Go's runtime code, not ours. So when a shell's umask differs
// from the process's, its external commands start through a trampoline:
// the running binary itself (/proc/self/exe, which works for cmd/plumb,
// a test binary or any program that embeds this package), with the
// command's own argv and the variable umaskTrampolineVar in the
// environment naming the umask and the program. This package's init
// sees the variable before anything else runs, sets the umask, removes
// the variable and execs the program: the process the shell waits for is
// then the command itself, with its own argv, pid and exit status.
//
// The cost, one extra execve of this binary, is paid only after `umask`
// changed the shell's umask. Redirections do not need it: openFile sets
// the mode of the files it creates itself.

// umaskTrampolineVar is "MASK IGNORED PATH": the octal umask, the
// signals the shell ignores (comma-separated numbers, or "-") and the
// program to execute. The ignored signals travel explicitly because Go's
// runtime, starting in the trampoline, installs its own handler over an
// inherited SIG_IGN for most signals, and the exec would then reset them
// to the default instead of passing the ignoring on (POSIX: `trap "" SIG`
// is inherited by commands).
const umaskTrampolineVar = "__PLUMB_UMASK_EXEC"

func init() {
	if v, ok := os.LookupEnv(umaskTrampolineVar); ok {
		os.Exit(umaskTrampoline(v))
	}
}

// withUmask makes an external stage start through the trampoline when
// the shell's umask is not the process's.
func (s *Shell) withUmask(st *exec.Stage) {
	if s.umask == currentUmask() || st.Func != nil {
		return
	}
	path := st.Path
	if path == "" {
		path = st.Argv[0]
	}
	env := st.Env
	if env == nil {
		env = os.Environ()
	}
	ignored := "-"
	if sigs := ignoredSignals(); len(sigs) > 0 {
		ignored = strings.Join(sigs, ",")
	}
	env = append(env[:len(env):len(env)], fmt.Sprintf("%s=%04o %s %s", umaskTrampolineVar, s.umask, ignored, path))
	st.Path, st.Env = "/proc/self/exe", env
}

// umaskTrampoline is the trampoline's whole life: set the umask, exec the
// program. It returns only when the exec failed, with the status sh
// gives: a file the kernel does not know how to run (ENOEXEC) is run as
// a plumb script, as startErr does in the shell.
func umaskTrampoline(v string) int {
	maskText, rest, _ := strings.Cut(v, " ")
	ignored, path, _ := strings.Cut(rest, " ")
	mask, err := strconv.ParseUint(maskText, 8, 32)
	if err != nil || path == "" {
		fmt.Fprintf(os.Stderr, "plumb: bad %s=%q\n", umaskTrampolineVar, v)
		return 126
	}
	os.Unsetenv(umaskTrampolineVar)
	syscall.Umask(int(mask))
	if ignored != "-" {
		for _, n := range strings.Split(ignored, ",") {
			if sig, err := strconv.Atoi(n); err == nil {
				signal.Ignore(syscall.Signal(sig))
			}
		}
	}
	argv := os.Args
	if len(argv) == 0 {
		argv = []string{path}
	}
	env := os.Environ()
	err = syscall.Exec(path, argv, env)
	var errno syscall.Errno
	errors.As(err, &errno)
	if errno == syscall.ENOEXEC {
		wd, werr := os.Getwd()
		if werr != nil {
			wd = "/"
		}
		s := New(wd, env, os.Stdin, os.Stdout, os.Stderr)
		s.subshell = true
		arg0 := argv[0]
		if !strings.Contains(arg0, "/") {
			arg0 = path
		}
		return s.runScriptFile(path, arg0, argv[1:])
	}
	fmt.Fprintf(os.Stderr, "plumb: %s: %s\n", argv[0], errText(err))
	if errno == syscall.ENOENT {
		return 127
	}
	return 126
}

// ignoredSignals lists, as numbers, the signals `trap ""` ignores in this
// process.
func ignoredSignals() []string {
	trapState.Lock()
	defer trapState.Unlock()
	var out []string
	for sig := range trapState.ignored {
		out = append(out, strconv.Itoa(int(sig)))
	}
	return out
}
