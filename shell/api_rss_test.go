package shell_test

import (
	"runtime"
	"testing"

	"github.com/plumbsh/plumb/shell"
)

// StageResult.MaxRSS is the stage's own peak, or -1 when it cannot be
// told from this process's, which a child inherits at its execve: never
// this process's peak under the stage's name.
func TestStageMaxRSSIsTheStages(t *testing.T) {
	if testing.Short() {
		t.Skip("grows the test process to 300 MiB")
	}
	ctx := hangGuard(t)
	r := &shell.Runner{}
	// A stage larger than this process: awk doubles a string to 128 MiB.
	res, err := r.Run(ctx, `awk 'BEGIN { s = "a"; for (i = 0; i < 27; i++) s = s s; print length(s) }'`)
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Pipelines[0].Stages[0].MaxRSS; got < 128<<20 {
		t.Errorf("awk holding 128 MiB: MaxRSS %d", got)
	}
	// This process grows to 300 MiB; `true` must not report it.
	heap := make([]byte, 300<<20)
	for i := 0; i < len(heap); i += 4096 {
		heap[i] = 1
	}
	res, err = r.Run(ctx, "/bin/true")
	runtime.KeepAlive(heap)
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Pipelines[0].Stages[0].MaxRSS; got != -1 && got > 64<<20 {
		t.Errorf("true, with a 300 MiB heap in the parent: MaxRSS %d MiB, want its own or -1", got>>20)
	}
}
