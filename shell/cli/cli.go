package cli

import (
	"os"
	"strings"

	"github.com/plumbsh/plumb/shell/interp"
)

// Main is the plumb program: argv is the process's whole argument list
// (argv[0] included), and the result is the exit status. An argv[0]
// starting with "-" is how login(1) and sshd start a login shell
// ("-plumb"), and means --login.
func Main(argv []string, stdin, stdout, stderr *os.File) int {
	startSmallHeapGC()
	var args []string
	if len(argv) > 0 {
		args = argv[1:]
		if strings.HasPrefix(argv[0], "-") {
			args = append([]string{"--login"}, args...)
		}
	}
	return interp.Main(args, stdin, stdout, stderr, openEditor)
}
