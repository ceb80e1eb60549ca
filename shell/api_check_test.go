package shell_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plumbsh/plumb/shell"
)

// CheckCommands refuses, before anything runs, a script naming a command
// that is not a function, builtin, Commands entry or program in $PATH.
func TestCheckCommands(t *testing.T) {
	ctx := hangGuard(t)
	dir := t.TempDir()
	var out bytes.Buffer
	r := &shell.Runner{Dir: dir, Stdout: &out, CheckCommands: true, Commands: map[string]shell.CommandFunc{"fake": upper}}
	_, err := r.Run(ctx, "touch ran\nf() { echo f; }\nf | fake | sort\n$cmd\nno-such-zz a | cat\nif true; then ./nor-this; fi; no-such-zz b")
	var nf *shell.NotFoundError
	if e, ok := err.(*shell.NotFoundError); ok {
		nf = e
	}
	if nf == nil || strings.Join(nf.Missing, "|") != "script:5:1: no-such-zz|script:6:15: ./nor-this" {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "ran")); err == nil {
		t.Error("the script ran")
	}
	res, err := r.Run(ctx, "f() { echo f; }\nf | fake | sort | /bin/cat\ntrue")
	if err != nil || out.String() != "F \n" {
		t.Errorf("%q %v", out.String(), err)
	}
	// Result.Stage finds a stage by name.
	if st, ok := res.Stage("cat"); !ok || st.Pid <= 0 || st.Argv[0] != "/bin/cat" {
		t.Errorf("Stage(cat) = %+v, %v", st, ok)
	}
	if st, ok := res.Stage("fake"); !ok || st.Pid != 0 {
		t.Errorf("Stage(fake) = %+v, %v", st, ok)
	}
	if _, ok := res.Stage("nothing"); ok {
		t.Error("Stage(nothing) found")
	}
}
