package shell_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/plumbsh/plumb/shell"
)

// The *ExitError names the command that produced the status, whatever
// its kind, not a stage of an earlier pipeline.
func TestExitErrorNamesCulprit(t *testing.T) {
	ctx := hangGuard(t)
	fake := func(ctx context.Context, args []string, files []*os.File) int { return 5 }
	r := &shell.Runner{Commands: map[string]shell.CommandFunc{"fake": fake}}
	for _, c := range []struct {
		script, want string
		kind         string
	}{
		{"sh -c 'exit 1' | cat; /bin/false", "exit status 1: /bin/false (stage 0 of pipeline 1) exited 1", "external"},
		{"sh -c 'exit 1' | cat; false", "exit status 1: builtin false exited 1", "builtin"},
		{"sh -c 'exit 1' | cat; test -s missing", "exit status 1: builtin test -s missing exited 1", "builtin"},
		{"sh -c 'exit 1' | cat; exit 1", "exit status 1: exit 1", "builtin"},
		{"false | cat; f() { return 3; }; f", "exit status 3: function f exited 3", "function"},
		{"f() { true; sh -c 'exit 1'; }; f a", "exit status 1: sh -c 'exit 1' (stage 0 of pipeline 0) exited 1", "external"},
		{"f() { false; return; }; f a", "exit status 1: builtin false exited 1", "builtin"},
		{"false; fake 'two words'", "exit status 5: command fake 'two words' exited 5", "command"},
		{"sh -c 'exit 2' | cat; x=$(sh -c 'exit 4')", "exit status 4: sh -c 'exit 4' (stage 0 of pipeline 1) exited 4", "external"},
		{"false; [[ a == b ]]", "exit status 1: [[ a == b ]] exited 1", "compound"},
		{"false; ! true", "exit status 1", ""},
		{"false; echo >/nonexistent/x", "exit status 1: echo >/nonexistent/x exited 1", "compound"},
		{"false; (exit 6)", "exit status 6: exit 6", "builtin"},
		{"true | sh -c 'kill $$'", "exit status 143: sh -c 'kill $$' (stage 1 of pipeline 0) killed by SIGTERM", "external"},
		{"no-such-command-zz", "exit status 127: no-such-command-zz (stage 0 of pipeline 0) exited 127", "external"},
		{"trap 'echo bye' EXIT; /bin/false", "exit status 1: /bin/false (stage 0 of pipeline 0) exited 1", "external"},
		{"set -e; false; true", "exit status 1: builtin false exited 1", "builtin"},
		{"sleep 0 & false; eval 'sh -c \"exit 2\"'", "exit status 2: sh -c 'exit 2' (stage 0 of pipeline 0) exited 2", "external"},
	} {
		_, err := r.Run(ctx, c.script)
		e, ok := shell.IsExit(err)
		if !ok {
			t.Errorf("%s: err = %v", c.script, err)
			continue
		}
		if got, _, _ := strings.Cut(err.Error(), "\n"); got != c.want || e.Kind != c.kind {
			t.Errorf("%s:\ngot  %s (%s)\nwant %s (%s)", c.script, got, e.Kind, c.want, c.kind)
		}
	}
	// A Session call is not blamed on an earlier call's command.
	se, err := r.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer se.Close()
	if _, err := se.Run(ctx, "/bin/false"); err == nil || !strings.HasPrefix(err.Error(), "exit status 1: /bin/false") {
		t.Errorf("session call 1: %v", err)
	}
	if _, err := se.Run(ctx, "! true"); err == nil || err.Error() != "exit status 1" {
		t.Errorf("session call 2: %v", err)
	}
}
