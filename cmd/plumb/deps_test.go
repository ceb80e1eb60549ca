package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// The plumb binary maps every package it links at each start (its file
// pages are most of a small shell's resident memory, see bench/README.md),
// so packages that would be linked for one rare path are kept out: each
// has a replacement of a few lines that says why where it lives.
func TestBinaryLeavesOut(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	for pkg, instead := range map[string]string{
		"os/exec": "exec.Output (the ulimit -n child, getent)",
		// regexp links the unicode package's tables, built at every
		// start; [[ =~ ]] uses package ere.
		"regexp":        "shell/ere",
		"regexp/syntax": "shell/ere",
		"os/user":       "interp's lookupPasswd",
		// net itself stays linked while github.com/chzyer/readline's
		// remote.go imports it, but its resolver is not reached.
		"crypto/rand": "unix.Getrandom",
	} {
		if slices.Contains(deps, pkg) {
			t.Errorf("cmd/plumb links %s; use %s", pkg, instead)
		}
	}
}
