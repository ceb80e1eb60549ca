package interp

import (
	"errors"
	"math"
	"os"
	"strings"

	"golang.org/x/sys/unix"
)

// testArgs evaluates test's arguments (without the closing "]" — the caller
// strips it) and returns 0 true, 1 false, 2 error with a message like
// bash's ("test: too many arguments", "[: missing `]'" is the caller's
// job). dir is the shell's cwd: relative paths are resolved against it
// (never chdir).
//
// The error's text has no command name: the caller writes "test: " or
// "[: " before it. As in POSIX, up to four arguments are read by their
// count, so that `test -n` and `test ! = x` mean what POSIX says, and more
// by the grammar
//
//	expr = and { "-o" and }
//	and  = term { "-a" term }
//	term = "!" term | "(" expr ")" | unary-op arg | arg binary-op arg | arg
//
// Both operands of -a and -o are evaluated (so both can raise errors),
// as in bash. The operators that need the shell's state (-o option,
// -v name, -R name) are not known here, so the caller must handle them;
// -t looks at the process's own file descriptors.
func testArgs(args []string, dir string) (status int, err error) {
	return runTest(&tester{args: args, dir: dir})
}

// test runs testArgs for the shell's test, [ and [[ ]]: a file operand
// /dev/fd/N names descriptor N of the shell's table (devFdPath).
func (s *Shell) test(args []string) (int, error) {
	return runTest(&tester{args: args, dir: s.dir, sh: s})
}

func runTest(t *tester) (status int, err error) {
	args := t.args
	defer func() {
		if r := recover(); r != nil {
			b, ok := r.(testBailout)
			if !ok {
				panic(r)
			}
			status, err = 2, b.err
		}
	}()
	if len(args) == 0 {
		return 1, nil
	}
	v := t.posix()
	if t.pos != len(args) {
		if t.pos < len(args) && strings.HasPrefix(args[t.pos], "-") {
			t.fail("syntax error: `" + args[t.pos] + "' unexpected")
		}
		t.fail("too many arguments")
	}
	if v {
		return 0, nil
	}
	return 1, nil
}

type testBailout struct{ err error }

type tester struct {
	args []string
	pos  int
	dir  string
	// sh is the shell for its test, [ and [[ ]] (nil for Test): it
	// answers -v name and -R name, and maps a file operand /dev/fd/N to
	// its own descriptor table (devFdPath).
	sh *Shell
}

func (t *tester) fail(msg string) { panic(testBailout{errors.New(msg)}) }

// posix applies POSIX's rules by argument count, as bash's posixtest.
func (t *tester) posix() bool {
	a := t.args
	switch len(a) - t.pos {
	case 1:
		t.pos++
		return a[t.pos-1] != ""
	case 2:
		return t.two()
	case 3:
		return t.three()
	case 4:
		switch {
		case a[t.pos] == "!":
			t.pos++
			return !t.three()
		case a[t.pos] == "(" && a[len(a)-1] == ")":
			t.pos++
			v := t.two()
			t.pos = len(a)
			return v
		}
	}
	return t.expr()
}

func (t *tester) two() bool {
	op, arg := t.args[t.pos], t.args[t.pos+1]
	t.pos += 2
	switch {
	case op == "!":
		return arg == ""
	case isUnaryTestOp(op):
		return t.unary(op, arg)
	case op == "-o" && t.sh != nil:
		// test -o NAME: whether set -o NAME is on (two arguments only;
		// with more, -o is "or").
		p := t.sh.longOption(arg)
		return p != nil && *p
	}
	t.fail(op + ": unary operator expected")
	return false
}

func (t *tester) three() bool {
	a, op, b := t.args[t.pos], t.args[t.pos+1], t.args[t.pos+2]
	switch {
	case isBinaryTestOp(op):
		t.pos += 3
		return t.binary(a, op, b)
	case op == "-a":
		t.pos += 3
		return a != "" && b != ""
	case op == "-o":
		t.pos += 3
		return a != "" || b != ""
	case a == "!":
		t.pos++
		return !t.two()
	case a == "(" && b == ")":
		t.pos += 3
		return op != ""
	}
	t.fail(op + ": binary operator expected")
	return false
}

// expr = and { "-o" and }
func (t *tester) expr() bool {
	if t.pos >= len(t.args) {
		t.fail("argument expected")
	}
	v := t.and()
	for t.pos < len(t.args) && t.args[t.pos] == "-o" {
		t.pos++
		w := t.and()
		v = v || w
	}
	return v
}

// and = term { "-a" term }
func (t *tester) and() bool {
	v := t.term()
	for t.pos < len(t.args) && t.args[t.pos] == "-a" {
		t.pos++
		w := t.term()
		v = v && w
	}
	return v
}

// term = "!" term | "(" expr ")" | unary-op arg | arg binary-op arg | arg
func (t *tester) term() bool {
	a := t.args
	if t.pos >= len(a) {
		t.fail("argument expected")
	}
	if a[t.pos] == "!" {
		neg := false
		for t.pos < len(a) && a[t.pos] == "!" {
			neg = !neg
			t.pos++
		}
		return t.term() != neg
	}
	if a[t.pos] == "(" {
		t.pos++
		v := t.expr()
		if t.pos >= len(a) {
			t.fail("`)' expected")
		}
		if a[t.pos] != ")" {
			t.fail("`)' expected, found " + a[t.pos])
		}
		t.pos++
		return v
	}
	if t.pos+3 <= len(a) && isBinaryTestOp(a[t.pos+1]) {
		t.pos += 3
		return t.binary(a[t.pos-3], a[t.pos-2], a[t.pos-1])
	}
	// A unary operator with nothing after it is a string.
	if op := a[t.pos]; isUnaryTestOp(op) && t.pos+1 < len(a) {
		t.pos++
		// -t takes only a number, and leaves anything else unread.
		if _, ok := testNumber(a[t.pos]); op == "-t" && !ok {
			return false
		}
		t.pos++
		return t.unary(op, a[t.pos-1])
	}
	t.pos++
	return a[t.pos-1] != ""
}

func isUnaryTestOp(op string) bool {
	return len(op) == 2 && op[0] == '-' && strings.IndexByte("abcdefghknprstuvwxzGLNORS", op[1]) >= 0
}

func isBinaryTestOp(op string) bool {
	switch op {
	case "=", "==", "!=", "<", ">", "-nt", "-ot", "-ef", "-eq", "-ne", "-lt", "-le", "-gt", "-ge":
		return true
	}
	return false
}

// testNumber parses an integer as bash's legal_number: decimal, with
// optional blanks around it and a sign, and no overflow.
func testNumber(s string) (int64, bool) {
	s = strings.Trim(s, " \t\n\v\f\r")
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" {
		return 0, false
	}
	var mag uint64
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
		mag = mag*10 + uint64(s[i]-'0')
		if mag > 1<<63 {
			return 0, false
		}
	}
	if neg {
		return -int64(mag), true
	}
	if mag > math.MaxInt64 {
		return 0, false
	}
	return int64(mag), true
}

func (t *tester) integer(s string) int64 {
	n, ok := testNumber(s)
	if !ok {
		t.fail(s + ": integer expression expected")
	}
	return n
}

func (t *tester) binary(a, op, b string) bool {
	switch op {
	case "=", "==":
		return a == b
	case "!=":
		return a != b
	case "<":
		return a < b
	case ">":
		return a > b
	case "-nt", "-ot", "-ef":
		return t.fileCompare(a, op, b)
	}
	x := t.integer(a)
	y := t.integer(b)
	switch op {
	case "-eq":
		return x == y
	case "-ne":
		return x != y
	case "-lt":
		return x < y
	case "-le":
		return x <= y
	case "-gt":
		return x > y
	}
	return x >= y // -ge
}

// path resolves a file operand against the shell's directory. It does not
// clean the path: "file/" must still fail for a regular file, and ".."
// after a symbolic link is the kernel's business.
func (t *tester) path(p string) string {
	if t.sh != nil {
		p = t.sh.devFdPath(p)
	}
	if p == "" || p[0] == '/' || t.dir == "" {
		return p
	}
	return t.dir + "/" + p
}

func (t *tester) stat(p string) (*unix.Stat_t, bool) {
	if p == "" {
		return nil, false
	}
	var st unix.Stat_t
	if unix.Stat(t.path(p), &st) != nil {
		return nil, false
	}
	return &st, true
}

func (t *tester) fileCompare(a, op, b string) bool {
	sa, okA := t.stat(a)
	sb, okB := t.stat(b)
	switch op {
	case "-ef":
		return okA && okB && sa.Dev == sb.Dev && sa.Ino == sb.Ino
	case "-nt": // true too when only a exists
		return okA && (!okB || timeCmp(sa.Mtim, sb.Mtim) > 0)
	}
	return okB && (!okA || timeCmp(sa.Mtim, sb.Mtim) < 0) // -ot
}

func timeCmp(a, b unix.Timespec) int {
	switch {
	case a.Sec != b.Sec:
		if a.Sec < b.Sec {
			return -1
		}
		return 1
	case a.Nsec < b.Nsec:
		return -1
	case a.Nsec > b.Nsec:
		return 1
	}
	return 0
}

func (t *tester) unary(op, arg string) bool {
	switch op[1] {
	case 'v', 'R':
		return t.sh != nil && t.sh.unaryTest(op, arg)
	case 'n':
		return arg != ""
	case 'z':
		return arg == ""
	case 't':
		fd, ok := testNumber(arg)
		if !ok || fd < 0 || fd > math.MaxInt32 {
			return false
		}
		_, err := unix.IoctlGetTermios(int(fd), unix.TCGETS)
		return err == nil
	case 'L', 'h':
		var st unix.Stat_t
		return arg != "" && unix.Lstat(t.path(arg), &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFLNK
	case 'r', 'w', 'x':
		mode := uint32(unix.R_OK)
		if op[1] == 'w' {
			mode = unix.W_OK
		} else if op[1] == 'x' {
			mode = unix.X_OK
		}
		return arg != "" && unix.Faccessat(unix.AT_FDCWD, t.path(arg), mode, unix.AT_EACCESS) == nil
	}
	st, ok := t.stat(arg)
	if !ok {
		return false
	}
	typ := st.Mode & unix.S_IFMT
	switch op[1] {
	case 'a', 'e':
		return true
	case 'f':
		return typ == unix.S_IFREG
	case 'd':
		return typ == unix.S_IFDIR
	case 'b':
		return typ == unix.S_IFBLK
	case 'c':
		return typ == unix.S_IFCHR
	case 'p':
		return typ == unix.S_IFIFO
	case 'S':
		return typ == unix.S_IFSOCK
	case 's':
		return st.Size > 0
	case 'u':
		return st.Mode&unix.S_ISUID != 0
	case 'g':
		return st.Mode&unix.S_ISGID != 0
	case 'k':
		return st.Mode&unix.S_ISVTX != 0
	case 'O':
		return int(st.Uid) == os.Geteuid()
	case 'G':
		return int(st.Gid) == os.Getegid()
	case 'N':
		return timeCmp(st.Atim, st.Mtim) <= 0
	}
	return false
}
