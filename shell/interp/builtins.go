package interp

import "fmt"
import "strconv"

import (
	"errors"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/plumbsh/plumb/shell/printf"
)

// A builtin runs inside the shell, on the shell's own descriptor table:
// when it is a pipeline stage, that table is the stage's (invariant 6). It
// returns its status, and an error only for control flow (exit, return,
// break, continue) or a fatal error.
type builtin func(s *Shell, args []string) (int, error)

// builtins maps names to builtins. It is filled by init functions, each
// in the file of the builtins it adds (builtin_<topic>.go registers its
// own; the map below holds the small ones and those of files named for
// something else), because the table refers to builtins that refer back
// to it. It is made with room for all of them (56 today), so that filling
// it at start-up allocates its table once, not again at each growth.
var builtins = make(map[string]builtin, 64)

func init() {
	for name, b := range map[string]builtin{
		":":       func(*Shell, []string) (int, error) { return 0, nil },
		"true":    func(*Shell, []string) (int, error) { return 0, nil },
		"false":   func(*Shell, []string) (int, error) { return 1, nil },
		"echo":    biEcho,
		"printf":  biPrintf,
		"test":    biTest,
		"[":       biTest,
		"type":    biType,
		"umask":   biUmask,
		"history": biHistory,
		"fc":      biFc,
		"ulimit":  biUlimit,
		"times":   biTimes,
	} {
		builtins[name] = b
	}
}

// print writes text to descriptor fd of the shell's table. A copy of the
// shell (a stage, a subshell, a substitution) writes as a process of its
// own would, its broken pipe never a SIGPIPE to the shell
// (sigpipe_linux.go).
func (s *Shell) print(fd int, text string) error {
	f := s.file(fd)
	if f == nil {
		return syscall.EBADF
	}
	over := s.rlimits != nil && s.pastFileSize(f, &text)
	var err error
	if s.subshell {
		err = writeStage(f, text)
	} else {
		_, err = f.WriteString(text)
	}
	if over && err == nil {
		return s.fileSizeExceeded()
	}
	return err
}

// writeFailed reports a builtin's failed write. A reader that has gone
// (EPIPE) ends the stage as SIGPIPE would end a forked shell.
func (s *Shell) writeFailed(name string, err error) (int, error) {
	if errors.Is(err, syscall.EPIPE) {
		return 141, brokenPipe{}
	}
	if errors.Is(err, fileTooLarge{}) {
		return 128 + int(syscall.SIGXFSZ), err
	}
	s.errorf("%s: write error: %s", name, errText(err))
	return 1, nil
}

func biEcho(s *Shell, args []string) (int, error) {
	args = args[1:]
	newline, escapes := true, false
	for len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-' && strings.Trim(args[0][1:], "neE") == "" {
		for _, c := range args[0][1:] {
			switch c {
			case 'n':
				newline = false
			case 'e':
				escapes = true
			case 'E':
				escapes = false
			}
		}
		args = args[1:]
	}
	text := strings.Join(args, " ")
	if escapes {
		var stop bool
		text, stop = printf.EchoEscapesIn(text, printf.Options{Bytes: s.bytes})
		if stop {
			newline = false
		}
	}
	if newline {
		text += "\n"
	}
	if err := s.print(1, text); err != nil {
		return s.writeFailed("echo", err)
	}
	return 0, nil
}

func biPrintf(s *Shell, args []string) (int, error) {
	args = args[1:]
	var varName string
	if len(args) >= 2 && args[0] == "-v" {
		varName, args = args[1], args[2:]
	}
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		s.errorf("printf: usage: printf [-v var] format [arguments]")
		return 2, nil
	}
	if varName != "" && !refTarget(varName) {
		s.errorf("printf: `%s': not a valid identifier", varName)
		return 2, nil
	}
	var b strings.Builder
	loc := time.Local
	if strings.Contains(args[0], "%(") {
		loc = s.timeZone()
	}
	status, diags := printf.FormatOpts(&b, args[0], args[1:], printf.Options{Loc: loc, Bytes: s.bytes})
	for _, d := range diags {
		s.errorf("%s", d)
	}
	if varName != "" {
		if err := s.assignTarget(varName, b.String()); err != nil {
			if err, ok := s.intAssignFailed(err, "printf: "); ok {
				return 1, err
			}
			s.errorf("printf: %v", err)
			return 1, nil
		}
		return status, nil
	}
	if err := s.print(1, b.String()); err != nil {
		return s.writeFailed("printf", err)
	}
	return status, nil
}

// timeZone is the zone the shell's commands see: an exported TZ's, else
// the system's (the C library reads TZ from the environment only, so a
// TZ that is not exported, or unset in the shell though the process
// had one, leaves the system's zone, /etc/localtime).
func (s *Shell) timeZone() *time.Location {
	if v := s.vars["TZ"]; v != nil && v.exported && v.set {
		return printf.Zone(v.value)
	}
	if os.Getenv("TZ") == "" {
		return time.Local // Go read it from /etc/localtime
	}
	if data, err := os.ReadFile("/etc/localtime"); err == nil {
		if loc, err := time.LoadLocationFromTZData("Local", data); err == nil {
			return loc
		}
	}
	return time.UTC
}

func biTest(s *Shell, args []string) (int, error) {
	name := args[0]
	args = args[1:]
	if name == "[" {
		if len(args) == 0 || args[len(args)-1] != "]" {
			s.errorf("[: missing `]'")
			return 2, nil
		}
		args = args[:len(args)-1]
	}
	st, err := s.test(args)
	if err != nil {
		s.errorf("%s: %v", name, err)
	}
	return st, nil
}

func isUnsigned(a string) bool {
	if a == "" {
		return false
	}
	for i := 0; i < len(a); i++ {
		if a[i] < '0' || a[i] > '9' {
			return false
		}
	}
	return true
}

// biUmask is umask [-p] [-S] [mode]: mode is octal or symbolic
// (u+w,go-rx, a=r; see symbolicUmask). -S shows the mask symbolically,
// -p as a umask command; with a mode, -S shows the new mask.
func biUmask(s *Shell, args []string) (int, error) {
	args = args[1:]
	symbolic, reusable := false, false
	for len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-' && strings.Trim(args[0][1:], "pS") == "" {
		symbolic = symbolic || strings.Contains(args[0], "S")
		reusable = reusable || strings.Contains(args[0], "p")
		args = args[1:]
	}
	if len(args) > 0 && args[0] == "-" {
		return 0, nil // bash: a lone "-" changes and shows nothing
	}
	if len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-' && args[0] != "--" {
		c := strings.TrimLeft(args[0][1:], "pS")[:1]
		s.errorf("umask: -%s: invalid option\numask: usage: umask [-p] [-S] [mode]", c)
		return 2, nil
	}
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) > 0 {
		if n, err := strconv.ParseUint(args[0], 8, 32); err == nil || isOctalDigits(args[0]) {
			if err != nil || n > 0o777 {
				s.errorf("umask: %s: octal number out of range", args[0])
				return 1, nil
			}
			s.umask = int(n)
			return 0, nil
		}
		mask, msg := symbolicUmask(s.umask, args[0])
		if msg != "" {
			s.errorf("umask: %s", msg)
			return 1, nil
		}
		s.umask = mask
		if !symbolic {
			return 0, nil
		}
	}
	text := fmt.Sprintf("%04o", s.umask)
	if symbolic {
		perm := func(shift uint) string {
			bits := (^s.umask >> shift) & 7
			var b strings.Builder
			for i, c := range "rwx" {
				if bits&(4>>i) != 0 {
					b.WriteRune(c)
				}
			}
			return b.String()
		}
		text = fmt.Sprintf("u=%s,g=%s,o=%s", perm(6), perm(3), perm(0))
	}
	switch {
	case reusable && symbolic:
		text = "umask -S " + text
	case reusable:
		text = "umask " + text
	}
	s.print(1, text+"\n")
	return 0, nil
}

func isOctalDigits(v string) bool {
	return v != "" && strings.Trim(v, "0123456789") == ""
}

// symbolicUmask applies a symbolic mode to the umask mask, as chmod
// would to the permissions a new file may have: comma-separated clauses
// of who (u g o a; none means a), one operator (+ - =) and permissions
// (r w x). It returns the new mask, or bash's message for a bad mode.
func symbolicUmask(mask int, mode string) (int, string) {
	allowed := ^mask & 0o777
	for _, clause := range strings.Split(mode, ",") {
		who, i := 0, 0
		for ; i < len(clause) && strings.IndexByte("ugoa", clause[i]) >= 0; i++ {
			who |= map[byte]int{'u': 0o700, 'g': 0o070, 'o': 0o007, 'a': 0o777}[clause[i]]
		}
		if who == 0 {
			who = 0o777
		}
		if i == len(clause) || strings.IndexByte("+-=", clause[i]) < 0 {
			c := ","
			if i < len(clause) {
				c = clause[i : i+1]
			}
			return mask, "`" + c + "': invalid symbolic mode operator"
		}
		op := clause[i]
		perm := 0
		for _, c := range []byte(clause[i+1:]) {
			bit := strings.IndexByte("xwr", c)
			if bit < 0 {
				return mask, "`" + string(c) + "': invalid symbolic mode character"
			}
			perm |= (1 << bit) * 0o111
		}
		switch op {
		case '+':
			allowed |= perm & who
		case '-':
			allowed &^= perm & who
		case '=':
			allowed = allowed&^who | perm&who
		}
	}
	return ^allowed & 0o777, ""
}
