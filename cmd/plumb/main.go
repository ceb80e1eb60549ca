// Command plumb is a shell-like pipeline runner that does its own Unix
// plumbing. See the README and the shell package for what it does; this
// file only hands the process's stdio and arguments to shell.Main.
//
// containermaxprocs=0: the Go runtime would otherwise keep two cgroup
// files open for the life of the process (to follow the container's CPU
// quota in GOMAXPROCS), two descriptors and two opens at every start
// that a shell, whose work is in its children, has no use for; under
// `ulimit -n 6` they are two of the three free descriptors.
//
//go:debug containermaxprocs=0
package main

import (
	"os"
	"strings"

	"github.com/plumbsh/plumb/shell"
)

func main() {
	args := os.Args[1:]
	if strings.HasPrefix(os.Args[0], "-") {
		// login(1) and sshd start a login shell as "-plumb".
		args = append([]string{"--login"}, args...)
	}
	os.Exit(shell.Main(args, os.Stdin, os.Stdout, os.Stderr))
}
