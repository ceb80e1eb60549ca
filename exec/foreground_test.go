package exec

import (
	"context"
	"os"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// A Ctrl-C that kills an external stage of a foreground pipeline ends its
// in-process stages too: they are not in the process group the terminal
// signals, so exec cancels their context.
func TestForegroundSIGINTCancelsFuncs(t *testing.T) {
	checkFDs(t)
	for _, fg := range []bool{true, false} {
		funcDone := make(chan struct{})
		p := plan(Pipe,
			xs(nil, nil, "/bin/sleep", "100"),
			&Stage{Argv: []string{"loop"}, Files: []*os.File{devNull, devNull, devNull}, Func: func(ctx context.Context, io *StageIO) int {
				select {
				case <-ctx.Done():
					close(funcDone)
					return 130
				case <-time.After(30 * time.Second):
					return 0
				}
			}},
		)
		p.Foreground = fg // no TTY: nothing is handed over
		r, err := Start(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		unix.Kill(r.Pids()[0], unix.SIGINT)
		select {
		case <-funcDone:
			if !fg {
				t.Errorf("Foreground false: the Func stage was cancelled by a stage's SIGINT")
			}
		case <-time.After(2 * time.Second):
			if fg {
				t.Errorf("Foreground: the Func stage was not cancelled after SIGINT")
			}
			r.Signal(unix.SIGTERM)
		}
		res, err := r.Wait()
		if err != nil {
			t.Fatal(err)
		}
		if res.Stages[0].Signal != unix.SIGINT {
			t.Errorf("sleep: %+v", res.Stages[0])
		}
	}
}
