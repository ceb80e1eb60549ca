package exec

import (
	"context"
	"fmt"
	"io"
	"os"
)

// Output runs the program at path with argv and env (nil: this process's
// environment), its stdin and stderr /dev/null, and returns what it wrote
// to its stdout and its exit status. It is for the few places where plumb
// asks another program something (a host name, a child's view of a
// limit); plumb does not link os/exec, whose package alone is ≈ 0.1 MB
// of the binary every start maps.
//
// The process leads a group of its own (Plan.Pgid 0), so a cancelled ctx
// ends it and whatever it started; it is reaped before Output returns. Of
// the three descriptors Output opens, the read end of the pipe is closed
// here once the program has closed its copy of the write end (it exited),
// the write end and /dev/null right after Start, on success or failure.
func Output(ctx context.Context, path string, argv, env []string) ([]byte, int, error) {
	null, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	if err != nil {
		return nil, -1, err
	}
	r, w, err := os.Pipe()
	if err != nil {
		null.Close()
		return nil, -1, err
	}
	run, err := Start(ctx, &Plan{Stages: []*Stage{{
		Path:  path,
		Argv:  argv,
		Env:   env,
		Files: []*os.File{null, w, null},
	}}})
	w.Close()
	null.Close()
	if err != nil {
		r.Close()
		return nil, -1, err
	}
	out, readErr := io.ReadAll(r)
	r.Close()
	res, err := run.Wait()
	if err != nil {
		return nil, -1, err
	}
	if readErr != nil {
		return nil, -1, fmt.Errorf("reading the output of %s: %w", path, readErr)
	}
	return out, res.Status, nil
}
