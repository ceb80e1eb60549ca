// Package bashtest is what the tests of plumb's packages share to check
// their tables against bash: where bash is, or a skip when the tests run
// with -short or bash is missing. It is imported by tests only.
package bashtest

import (
	"os"
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

// Command is exec.Command(bash, args...) in a UTF-8 locale (LC_ALL=C.UTF-8,
// whatever the machine's environment says), for the tables whose
// expectations read text as UTF-8 characters: bash started with no
// locale at all is in the C locale, where every byte is a character.
func Command(bash string, args ...string) *exec.Cmd {
	return CommandIn("C.UTF-8", bash, args...)
}

// CommandIn is Command in the locale LC_ALL names: C for the tables of
// the C locale, where every byte is a character.
func CommandIn(locale, bash string, args ...string) *exec.Cmd {
	cmd := exec.Command(bash, args...)
	cmd.Env = append(os.Environ(), "LC_ALL="+locale)
	return cmd
}
