// Command plumb is a shell-like pipeline runner that does its own Unix
// plumbing. See the README and the shell package for what it does; this
// file only hands the process's stdio and arguments to cli.Main.
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

	"github.com/plumbsh/plumb/shell/cli"
)

func main() {
	os.Exit(cli.Main(os.Args, os.Stdin, os.Stdout, os.Stderr))
}
