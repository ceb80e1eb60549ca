// Command plumb is a shell-like pipeline runner that does its own Unix
// plumbing. See the README and the shell package for what it does; this
// file only hands the process's stdio and arguments to shell.Main.
package main

import (
	"os"

	"github.com/plumbsh/plumb/shell"
)

func main() {
	os.Exit(shell.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
