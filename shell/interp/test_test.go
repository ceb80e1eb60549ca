package interp

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/plumbsh/plumb/shell/internal/bashtest"
)

type testCase struct {
	args   []string
	status int
	err    string
}

func tc(status int, err string, args ...string) testCase {
	return testCase{args: args, status: status, err: err}
}

var testCases = []testCase{
	// By argument count.
	tc(1, ""),
	tc(1, "", ""),
	tc(0, "", "x"),
	tc(0, "", "-n"),
	tc(0, "", "-z"),
	tc(0, "", "!"),
	tc(0, "", "("),
	tc(0, "", ")"),
	tc(0, "", "-t"),
	tc(0, "", "-a"),
	tc(0, "", "-o"),
	tc(0, "", "-e"),
	tc(0, "", "!", ""),
	tc(1, "", "!", "x"),
	tc(0, "", "-z", ""),
	tc(1, "", "-z", "x"),
	tc(0, "", "-n", "x"),
	tc(1, "", "-n", ""),
	tc(1, "", "-z", "-z"),
	tc(2, "-q: unary operator expected", "-q", "x"),
	tc(2, "x: unary operator expected", "x", "y"),
	tc(2, "x: unary operator expected", "x", "("),
	tc(2, "(: unary operator expected", "(", "x"),
	tc(2, "(: unary operator expected", "(", ")"),
	tc(2, "-nt: unary operator expected", "-nt", "x"),
	tc(2, "-l: unary operator expected", "-l", "x"),
	tc(0, "", "(", "x", ")"),
	tc(1, "", "(", "", ")"),
	tc(0, "", "!", "-z", "x"),
	tc(1, "", "x", "-a", ""),
	tc(0, "", "x", "-o", ""),
	tc(0, "", "-e", "-a", "-e"),
	tc(0, "", "!", "-a", "x"),
	tc(0, "", "=", "=", "="),
	tc(0, "", "-z", "=", "-z"),
	tc(0, "", "!", "=", "!"),
	tc(0, "", "(", "=", "("),
	tc(2, "y: binary operator expected", "x", "y", "z"),
	tc(2, "x: binary operator expected", "-n", "x", "-a"),
	tc(2, "x: binary operator expected", "(", "x", "y"),
	tc(2, "x: unary operator expected", "x", "-a"),
	tc(0, "", "!", "x", "=", "y"),
	tc(1, "", "(", "x", "=", "y", ")"),
	tc(0, "", "(", "-n", "x", ")"),
	tc(2, "2: binary operator expected", "!", "1", "2", "3"),
	tc(2, "too many arguments", "1", "2", "3", "4"),
	tc(2, "too many arguments", "2", "-gt", "1", ")"),
	tc(2, "syntax error: `-x' unexpected", "2", "-gt", "1", "-x"),
	tc(0, "", "!", "!", "x"),
	tc(1, "", "!", "!", ""),
	tc(1, "", "!", "(", "x", ")"),
	tc(0, "", "!", "(", "", ")"),
	tc(1, "", "(", "!", "x", ")"),
	tc(0, "", "(", "(", "x", ")", ")"),
	// Strings.
	tc(0, "", "a", "=", "a"),
	tc(1, "", "a", "=", "b"),
	tc(0, "", "a", "==", "a"),
	tc(0, "", "a", "!=", "b"),
	tc(0, "", "a", "<", "b"),
	tc(1, "", "b", "<", "a"),
	tc(0, "", "b", ">", "a"),
	tc(0, "", "B", "<", "a"),
	tc(1, "", "a*", "=", "abc"),
	// Integers.
	tc(0, "", "1", "-eq", "1"),
	tc(0, "", " 1 ", "-eq", "1"),
	tc(0, "", "1", "-eq", "+1"),
	tc(0, "", "-1", "-lt", "0"),
	tc(0, "", "010", "-eq", "10"),
	tc(0, "", "3", "-ne", "4"),
	tc(0, "", "3", "-le", "3"),
	tc(0, "", "4", "-gt", "3"),
	tc(0, "", "3", "-ge", "3"),
	tc(1, "", "3", "-ge", "4"),
	tc(0, "", "-9223372036854775808", "-lt", "9223372036854775807"),
	tc(2, "a: integer expression expected", "1", "-eq", "a"),
	tc(2, "a: integer expression expected", "a", "-eq", "b"),
	tc(2, "0x1: integer expression expected", "0x1", "-eq", "1"),
	tc(2, "99999999999999999999: integer expression expected", "99999999999999999999", "-eq", "1"),
	tc(2, "9223372036854775808: integer expression expected", "9223372036854775808", "-eq", "1"),
	tc(2, ": integer expression expected", "", "-eq", "0"),
	tc(2, "-: integer expression expected", "-", "-eq", "0"),
	// The general grammar.
	tc(0, "", "x", "=", "y", "-o", "a", "=", "a"),
	tc(1, "", "x", "=", "y", "-a", "a", "=", "a"),
	tc(0, "", "1", "-lt", "2", "-a", "-z", ""),
	tc(0, "", "-n", "x", "-a", "-n", "y"),
	tc(0, "", "", "-o", "", "-o", "x"),
	tc(1, "", "x", "-a", "x", "-a", ""),
	tc(0, "", "x", "-o", "", "-a", ""), // -a binds tighter
	tc(0, "", "!", "", "-a", "!", ""),
	tc(0, "", "(", "x", "-o", "", ")", "-a", "y"),
	tc(1, "", "!", "(", "x", "-o", "", ")", "-a", "y"),
	tc(2, "x: integer expression expected", "1", "-eq", "2", "-a", "x", "-eq", "1"),
	tc(2, "x: integer expression expected", "1", "-eq", "1", "-o", "x", "-eq", "1"),
	tc(2, "`)' expected, found y", "(", "x", "y", "z", "w"),
	tc(2, "`)' expected", "(", "x", "-a", "y"),
	tc(2, "too many arguments", "a", "b", "c", "d", "e"),
	tc(0, "", "x", "-a", "x", "-a", "-e"),
	tc(0, "", "x", "-a", "x", "-a", "-t"),
	tc(1, "", "x", "-a", "!", "-e"),
	tc(1, "", "-e", "x", "-a", "-e"),
	tc(2, "too many arguments", "x", "-a", "x", "-a", "-t", "z"),
	tc(2, "`)' expected", "x", "-a", "(", "-e", ")"),
	tc(2, "argument expected", "x", "-a", "x", "-a"),
	tc(2, "argument expected", "x", "-a", "(", "!"),
	// Files, in the directory built by testTree.
	tc(0, "", "-e", "file"),
	tc(0, "", "-a", "file"),
	tc(1, "", "-e", "missing"),
	tc(1, "", "-e", ""),
	tc(0, "", "-f", "file"),
	tc(1, "", "-f", "dir"),
	tc(1, "", "-f", "file/"),
	tc(0, "", "-d", "dir"),
	tc(0, "", "-d", "dir/"),
	tc(0, "", "-d", "dir/../dir"),
	tc(1, "", "-d", "file"),
	tc(0, "", "-s", "file"),
	tc(1, "", "-s", "empty"),
	tc(0, "", "-L", "link"),
	tc(0, "", "-h", "link"),
	tc(1, "", "-L", "file"),
	tc(0, "", "-L", "dangling"),
	tc(1, "", "-e", "dangling"),
	tc(0, "", "-f", "link"),
	tc(0, "", "-p", "fifo"),
	tc(1, "", "-p", "file"),
	tc(0, "", "-S", "sock"),
	tc(0, "", "-c", "/dev/null"),
	tc(1, "", "-b", "/dev/null"),
	tc(0, "", "-u", "suid"),
	tc(1, "", "-u", "file"),
	tc(0, "", "-g", "sgid"),
	tc(0, "", "-k", "sticky"),
	tc(1, "", "-k", "dir"),
	tc(0, "", "-O", "file"),
	tc(0, "", "-G", "file"),
	tc(0, "", "-r", "file"),
	tc(0, "", "-w", "file"),
	tc(0, "", "-x", "exe"),
	tc(0, "", "-x", "dir"),
	tc(1, "", "-x", "file"),
	tc(1, "", "-r", "missing"),
	tc(0, "", "-N", "file"),
	tc(0, "", "new", "-nt", "old"),
	tc(1, "", "old", "-nt", "new"),
	tc(0, "", "old", "-ot", "new"),
	tc(0, "", "file", "-nt", "missing"),
	tc(1, "", "missing", "-nt", "file"),
	tc(0, "", "missing", "-ot", "file"),
	tc(1, "", "missing", "-ot", "missing"),
	tc(0, "", "file", "-ef", "link"),
	tc(0, "", "dir", "-ef", "dir/"),
	tc(1, "", "file", "-ef", "empty"),
	tc(1, "", "missing", "-ef", "missing"),
	tc(0, "", "-f", "file", "-a", "-d", "dir"),
	tc(0, "", "-e", "/"),
	// -t: fd 99 is not open (and not a terminal).
	tc(1, "", "-t", "99"),
	tc(1, "", "-t", "abc"),
	tc(1, "", "-t", "-1"),
}

// testTree builds the files the file tests name, with new newer than old.
func testTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	write := func(name, text string, mode os.FileMode) {
		p := filepath.Join(dir, name)
		must(os.WriteFile(p, []byte(text), 0o644))
		must(os.Chmod(p, mode))
	}
	write("file", "text", 0o644)
	write("empty", "", 0o644)
	write("exe", "", 0o755)
	write("suid", "", 0o644|os.ModeSetuid)
	write("sgid", "", 0o644|os.ModeSetgid)
	write("old", "", 0o644)
	write("new", "", 0o644)
	must(os.Mkdir(filepath.Join(dir, "dir"), 0o755))
	must(os.Mkdir(filepath.Join(dir, "sticky"), 0o755|os.ModeSticky))
	must(os.Symlink("file", filepath.Join(dir, "link")))
	must(os.Symlink("nowhere", filepath.Join(dir, "dangling")))
	must(syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644))
	fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	must(err)
	defer syscall.Close(fd)
	must(syscall.Bind(fd, &syscall.SockaddrUnix{Name: filepath.Join(dir, "sock")}))
	past := time.Now().Add(-time.Hour)
	must(os.Chtimes(filepath.Join(dir, "old"), past, past))
	// -N: modified since last read.
	must(os.Chtimes(filepath.Join(dir, "file"), past, time.Now()))
	return dir
}

func TestTest(t *testing.T) {
	dir := testTree(t)
	for _, c := range testCases {
		status, err := testArgs(c.args, dir)
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		if status != c.status || msg != c.err {
			t.Errorf("testArgs(%q) = %d, %q; want %d, %q", c.args, status, msg, c.status, c.err)
		}
	}
}

// TestTestBash runs the table under bash's test builtin, in the same tree.
func TestTestBash(t *testing.T) {
	bash := bashtest.Path(t)
	dir := testTree(t)
	for _, c := range testCases {
		var stderr bytes.Buffer
		cmd := exec.Command(bash, append([]string{"-c", `test "$@" 99>&-`, "bash"}, c.args...)...)
		cmd.Dir = dir
		cmd.Stderr = &stderr
		err := cmd.Run()
		status := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			status = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		msg := strings.TrimSuffix(stderr.String(), "\n")
		if _, m, ok := strings.Cut(msg, "test: "); ok {
			msg = m
		}
		if status != c.status || msg != c.err {
			t.Errorf("bash test %q = %d, %q; table says %d, %q", c.args, status, msg, c.status, c.err)
		}
	}
}

func TestTestTerminal(t *testing.T) {
	// A pipe is not a terminal; /dev/ptmx, opened, is one.
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if st, _ := testArgs([]string{"-t", strconv.Itoa(int(r.Fd()))}, ""); st != 1 {
		t.Errorf("-t on a pipe = %d", st)
	}
	ptm, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skip("no /dev/ptmx:", err)
	}
	defer ptm.Close()
	if st, _ := testArgs([]string{"-t", strconv.Itoa(int(ptm.Fd()))}, ""); st != 0 {
		t.Errorf("-t on a pty master = %d", st)
	}
}
