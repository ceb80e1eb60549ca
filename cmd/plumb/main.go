// Command plumb is a shell-like pipeline runner that does its own Unix
// plumbing. See the README and the shell package for what it does; this
// file only hands the process's stdio and arguments to cli.Main.
package main

import (
	"os"

	"github.com/plumbsh/plumb/shell/cli"
)

func main() {
	os.Exit(cli.Main(os.Args, os.Stdin, os.Stdout, os.Stderr))
}
