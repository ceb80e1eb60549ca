package interp

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/plumbsh/plumb/exec"
	"github.com/plumbsh/plumb/shell/explain"
	"github.com/plumbsh/plumb/shell/lineedit"
	"github.com/plumbsh/plumb/shell/tty"
)

// Version is plumb's version, printed by --version.
const Version = "0.1.0"

const usage = `usage: plumb [options] [-c SCRIPT [NAME [ARG...]] | FILE [ARG...]]

Runs shell command lines, doing the plumbing between stages itself.
With -c, runs SCRIPT; with FILE, runs the file; with neither, it is an
interactive shell when standard input is a terminal (-i forces that), and
otherwise reads the script from standard input, one command at a time.

options:
  -c SCRIPT     run SCRIPT; NAME becomes $0 and ARGs $1...
  -l, --login   a login shell: run /etc/profile and ~/.profile first
                (also when argv[0] starts with "-")
  --rcfile FILE an interactive shell runs FILE, not $PLUMBRC or ~/.plumbrc
  --norc        an interactive shell runs no rc file
  -e -u -x -C -f -a -n -v
                set -e (errexit), -u (nounset), -x (xtrace), -C (noclobber),
                -f (noglob), -a (allexport), -n (noexec: check the syntax
                only), -v (verbose); +e etc. turn them off
  -o OPTION     set -o OPTION (errexit, nounset, xtrace, noclobber, noglob,
                allexport, noexec, verbose, pipefail, posix, stats);
                -o pipesize=BYTES sets the size of | pipes (0: the
                kernel's 64 KiB; default: up to 1 MiB within a budget,
                see README)
  --stats       print a table of every pipeline's stages on stderr
  --explain     print how each pipeline would be plumbed, run nothing
  --version     print the version and exit
  --help        print this help and exit

Operators beyond sh: a |> b (Unix socket link), a |>tcp b (loopback TCP),
a <|> b and a <|>tcp b (two-way links). See README.md.
`

// Main runs plumb with the command-line arguments args (without the
// program name) and the given stdio, and returns the exit status. It is
// all of cmd/plumb (which reaches it through package cli), so the whole
// program can be tested without a binary. openEditor makes the line
// editor of an interactive shell; nil reads plain lines. It is a
// parameter so that this package never links a line editor: cli passes
// the readline one.
func Main(args []string, stdin, stdout, stderr *os.File, openEditor lineedit.Opener) int {
	wd, err := os.Getwd()
	if err != nil {
		wd = "/"
		if pwd := os.Getenv("PWD"); pwd != "" {
			wd = pwd
		}
	} else if pwd := os.Getenv("PWD"); pwd != "" && sameDir(pwd, wd) {
		wd = pwd // keep the logical path the user cd'd through
	}
	seedProcessUmask() // cheaper than newShell's /proc read (startup_linux.go)
	if err := prepareFdLimit(); err != nil {
		fmt.Fprintf(stderr, "plumb: %v\n", err)
		return 126
	}
	s := newShell(wd, os.Environ(), stdin, stdout, stderr)
	s.ownsSignals = true
	if len(os.Args) > 0 {
		// $0 of -c without a NAME, of stdin and of the prompt: the name
		// the shell was started by, as in bash ("-bash" for a login).
		s.arg0 = os.Args[0]
	}
	lvl, _ := strconv.Atoi(os.Getenv("SHLVL"))
	s.setVar("SHLVL", strconv.Itoa(max(lvl, 0)+1)) // one shell deeper, as sh counts
	s.exportVar("SHLVL")
	s.setHostVars()
	switch filepath.Base(os.Args[0]) {
	case "bash", "-bash":
		s.presentAsBash()
	case "sh", "-sh":
		s.opts.posix = true // as bash started as sh
	}
	if _, ok := s.get("PATH"); !ok {
		// bash's default search path (without its trailing "." entry),
		// so that `env -i plumb -c ls` finds ls; not exported, as in bash.
		s.setVar("PATH", "/usr/local/bin:/usr/local/sbin:/usr/bin:/usr/sbin:/bin:/sbin")
	}
	if o, ok := s.get("OLDPWD"); !ok || !isDir(o) {
		// bash: OLDPWD starts declared and exported, so the first cd
		// exports it; an inherited one stays only if it is a directory.
		s.vars["OLDPWD"] = &variable{exported: true}
	}
	s.adoptInherited()
	var script *string
	cmdMode, stdinMode := false, false
	forceInteractive := false
	explainOnly := false
	var sf startupFiles
	for len(args) > 0 {
		a := args[0]
		if a == "--" || a == "-" { // both end the options, as in bash
			args = args[1:]
			break
		}
		if len(a) < 2 || a[0] != '-' && a[0] != '+' {
			break
		}
		args = args[1:]
		switch a {
		case "--version":
			fmt.Fprintf(stdout, "plumb %s\n", Version)
			return 0
		case "--help", "-h":
			fmt.Fprint(stdout, usage)
			return 0
		case "--stats":
			s.opts.stats = true
			continue
		case "--explain":
			explainOnly = true
			continue
		case "--login":
			sf.login = true
			continue
		case "--norc":
			sf.noRC = true
			continue
		case "--rcfile":
			if len(args) == 0 {
				fmt.Fprintf(stderr, "plumb: --rcfile: option requires an argument\n")
				return 2
			}
			sf.rcFile, args = args[0], args[1:]
			continue
		}
		if strings.HasPrefix(a, "--") {
			fmt.Fprintf(stderr, "plumb: %s: invalid option\n%s", a, usage)
			return 2
		}
		on := a[0] == '-'
		for i := 1; i < len(a); i++ {
			switch c := a[i]; c {
			case 'c':
				// The string is the first argument after all the
				// options (`sh -c -x 'echo hi'`), as in bash, which
				// also takes +c for -c.
				cmdMode = true
			case 'o':
				if len(args) == 0 {
					s.printOptions(on)
					return 0
				}
				if ok, st := s.valueOption(args[0], on); ok { // pipesize.go
					if st != 0 {
						return st
					}
					args = args[1:]
					continue
				}
				p := s.longOption(args[0])
				if p == nil {
					fmt.Fprintf(stderr, "plumb: %s: invalid option name\n", args[0])
					return 2
				}
				s.setLongOption(p, on)
				args = args[1:]
			case 'i':
				forceInteractive = on
			case 'l':
				sf.login = on
			case 's':
				// The script is stdin even with arguments: they are
				// the positional parameters.
				stdinMode = on
			default:
				p := s.shortOption(c)
				if p == nil {
					fmt.Fprintf(stderr, "plumb: %c%c: invalid option\n%s", a[0], c, usage)
					return 2
				}
				*p = on
			}
		}
	}
	if cmdMode {
		if len(args) == 0 {
			fmt.Fprintf(stderr, "plumb: -c: option requires an argument\n")
			return 2
		}
		script, args = &args[0], args[1:]
	}

	s.login = sf.login
	s.importOptions(os.Environ()) // after the command line's, as in bash
	var src []byte
	name := ""
	switch {
	case script != nil && forceInteractive && !explainOnly:
		// -i -c: an interactive shell (rc file, options, signals, errors
		// that do not end it) that runs the string in place of lines
		// read at a prompt, as bash -i -c does.
		s.fromString = true
		if len(args) > 0 {
			s.arg0, args = args[0], args[1:]
		}
		s.args = args
		sf.command = script
		return s.runInteractive(sf, nil)
	case script != nil:
		src = []byte(*script)
		name = "-c"
		s.fromString = true
		s.execsLast = true
		if len(args) > 0 {
			s.arg0, args = args[0], args[1:]
		}
		s.args = args
	case stdinMode && len(args) > 0:
		s.args = args
		if !explainOnly && (forceInteractive || tty.IsTerminal(stdin)) {
			return s.runInteractive(sf, openEditor)
		}
		name = "stdin"
		if explainOnly {
			b, err := io.ReadAll(stdin)
			if err != nil {
				fmt.Fprintf(stderr, "plumb: stdin: %s\n", errText(err))
				return 1
			}
			src = b
		}
	case len(args) > 0:
		path := s.scriptPath(args[0])
		b, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintf(stderr, "plumb: %s: %s\n", path, errText(err))
			return 127
		}
		if binaryScript(b) {
			fmt.Fprintf(stderr, "plumb: %s: cannot execute binary file\n", path)
			return 126
		}
		src, name = b, path
		s.arg0, s.args, s.source = args[0], args[1:], path
		s.scriptReader = true
	case !explainOnly && (forceInteractive || tty.IsTerminal(stdin)):
		return s.runInteractive(sf, openEditor)
	case explainOnly:
		b, err := io.ReadAll(stdin)
		if err != nil {
			fmt.Fprintf(stderr, "plumb: stdin: %s\n", errText(err))
			return 1
		}
		src, name = b, "stdin"
	default:
		name = "stdin"
	}
	if explainOnly {
		return explain.Main(src, name, stdin, stdout, stderr, isBuiltin)
	}
	// A script has no job control (s.jc stays nil): its commands stay
	// in plumb's own process group (invariant 3), which has the terminal
	// whenever plumb has it, as in sh.
	s.initScriptSignals() // sh's default actions for SIGUSR1 & co (traps.go)
	if sf.login {
		if err := s.runProfiles(); err != nil {
			st, _ := s.endStatus(err)
			return s.finish(st)
		}
	}
	if src == nil && script == nil && name == "stdin" {
		err = s.runStdinScript(stdin, name)
	} else {
		err = s.runSource(src, name)
	}
	st, _ := s.endStatus(err)
	st = s.finish(st)
	if s.diedOfSIGINT {
		// Ctrl-C ended a job and so the script: die of SIGINT as bash
		// does, so that a calling shell's loop stops too (it checks
		// WIFSIGNALED, not the status 130 its $? shows).
		dieOfSIGINT()
	}
	return st
}

// adoptInherited puts the descriptors above 2 that plumb inherited without
// close-on-exec (`plumb script 3>log`) into the shell's table, so they
// reach commands the way sh passes them on. They must go through the
// table: exec closes, in every child, each inherited descriptor its table
// does not name. The table owns them, as a shell owns what it inherits:
// `exec 3>&-` closes the process's descriptor, so the other end of a
// pipe sees EOF (bats waits for that), and a background job started
// after it does not hold it open.
func (s *Shell) adoptInherited() {
	for _, fd := range exec.InheritedFDs() {
		if fd <= 1023 {
			s.setFile(fd, os.NewFile(uintptr(fd), "fd"+strconv.Itoa(fd)), true)
		}
	}
}

// scriptPath is the file `plumb NAME` reads: NAME itself, or, as bash
// does, when NAME has no slash and is not in the current directory, the
// first file of that name along PATH (`bash bats` runs bats from PATH).
func (s *Shell) scriptPath(name string) string {
	if strings.Contains(name, "/") {
		return name
	}
	if _, err := os.Stat(name); err == nil {
		return name
	}
	pathVar, _ := s.get("PATH")
	if p, ok := s.searchPath(pathVar, name, func(p string) bool {
		fi, err := os.Stat(p)
		return err == nil && fi.Mode().IsRegular()
	}); ok {
		return p
	}
	return name
}

// binaryScript reports whether a script file is a program rather than
// text, by bash's test: an ELF header, or a NUL byte in the first 80
// bytes before the end of the first line (of the second after a #!
// line). A NUL further on is dropped (dropNUL).
func binaryScript(b []byte) bool {
	b = b[:min(len(b), 80)]
	if bytes.HasPrefix(b, []byte("\x7fELF")) {
		return true
	}
	lines := 1
	if bytes.HasPrefix(b, []byte("#!")) {
		lines = 2
	}
	for _, c := range b {
		switch {
		case c == '\n':
			if lines--; lines == 0 {
				return false
			}
		case c == 0:
			return true
		}
	}
	return false
}

// dropNUL removes the NUL bytes of script text, as bash's reader does
// (echo a<NUL>b runs echo ab).
func dropNUL(src []byte) []byte {
	if bytes.IndexByte(src, 0) < 0 {
		return src
	}
	return bytes.ReplaceAll(src, []byte{0}, nil)
}

func sameDir(a, b string) bool {
	fa, err1 := os.Stat(a)
	fb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(fa, fb)
}
