package shell_test

import (
	"fmt"
	"runtime"
	"syscall"
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
	// A stage larger than this process (whose peak the other tests, a
	// -race build or an earlier -count may have raised): awk doubles a
	// string to at least 128 MiB and past this process's peak.
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	doublings := 27
	for int64(1)<<doublings < ru.Maxrss*1024+32<<20 {
		doublings++
	}
	if doublings > 30 {
		t.Skipf("this process's peak is already %d MiB", ru.Maxrss>>10)
	}
	res, err := r.Run(ctx, fmt.Sprintf(`awk 'BEGIN { s = "a"; for (i = 0; i < %d; i++) s = s s; print length(s) }'`, doublings))
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Pipelines[0].Stages[0].MaxRSS; got < 1<<doublings {
		t.Errorf("awk holding %d MiB: MaxRSS %d", 1<<(doublings-20), got)
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
