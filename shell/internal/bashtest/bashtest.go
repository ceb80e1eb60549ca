// Package bashtest is what the tests of plumb's packages share to check
// their tables against bash: where bash is, or a skip when the tests run
// with -short or bash is missing. It is imported by tests only.
package bashtest

import (
	"os/exec"
	"testing"
)

// Path returns bash's path, or skips t: with -short (the bash runs are
// the slow part of the suite) and where bash is not installed.
func Path(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("runs bash")
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	return bash
}
