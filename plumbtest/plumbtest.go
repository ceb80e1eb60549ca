// Package plumbtest runs transcript tests inside `go test`: text files
// that hold shell commands as a person would type them and the output
// they must print, side by side. Adding a case means adding text, not Go.
//
// # The transcript format
//
// A transcript is a txtar archive (golang.org/x/tools/txtar). Its comment
// part — everything before the first `-- name --` line — is the
// transcript; the files after it are created in a fresh temporary
// directory before the first command runs:
//
//	# Lines before the first command are a description.
//	$ cat greeting | tr a-z A-Z
//	HELLO
//	$ grep -c x greeting
//	0
//	[exit 1]
//	$ for i in 1 2
//	> do echo $i; done
//	1
//	2
//	$ printf abc
//	abc
//	[no newline]
//	-- greeting --
//	hello
//
// A line that begins with "$ " is a command; while the command is
// incomplete (an open quote, if, here-document…: where a prompt would
// show PS2), a line after it that begins with "> " continues it, joined
// with a newline. Every
// line after the command, up to the next "$ " line or the end of the
// transcript, is the output it must print, byte for byte: blank lines
// and lines beginning with "#" there are output like any other.
// "[no newline]" says the output does not end with a newline, and
// "[exit N]", last, says the command's status is N; without it the
// status must be 0. (So output cannot hold a line that begins with "$ ",
// nor a txtar file marker, a line of the form "-- name --".) A command
// expected to fail says so with its status, or with the shell's own
// `! cmd`, whose status is 0 when cmd fails.
//
// An expected line that ends in " (re)" is a regular expression the
// whole actual line must match (Go syntax):
//
//	$ date +%Y
//	[0-9]{4} (re)
//
// # Conditions
//
// A command may begin with conditions in brackets, each of which must
// hold for it to run; otherwise it is left out, output and all:
// [linux], [short] (go test -short), [exec:PROG] (PROG is in the
// session's $PATH), [bash] (never, here: it holds when plumb's own
// transcripts are checked against bash, so [!bash] marks a command that
// is plumb's alone), each negated by "!". `skip MESSAGE` as a command
// skips the rest of the transcript, so conditions on it skip the
// transcript:
//
//	$ [!exec:curl] skip no curl here
//	$ curl -s file://$WORK/greeting
//	hello
//
// # How the commands run
//
// One transcript is one shell session (shell.Session), like a person at
// one prompt: variables, functions, options, the working directory and
// background jobs carry from one command to the next. The session starts
// in the temporary directory with a clean environment (shell.Runner's:
// PATH, HOME and LC_ALL=C) plus WORK=that directory, and stdin from
// /dev/null.
//
// Standard output and standard error are one stream, as on a terminal:
// the expected output is what a person would see, error messages in the
// order they were written. A transcript that wants only one of them says
// so with a redirection (2>/dev/null); Config.SeparateStderr checks them
// apart, stderr after a line "[stderr]". Before the output is compared, the
// temporary directory's path is replaced by $WORK, so messages that name
// a file there do not depend on where the test ran.
//
// What a background job writes while no command runs is shown at the
// beginning of the next command's output (shell.Session holds it), and
// what it writes after the last command is not compared.
//
// A command that runs longer than Config.Timeout (30s) fails the test.
// `exit` ends the session: commands after it fail. When the transcript
// is done the session is closed: background jobs still running are
// ended.
//
// # Updating
//
// With Config.UpdateScripts, a transcript whose output differs is
// rewritten with the output and statuses that the commands actually
// produced; the commands, the description and the files are kept as they
// were. plumbtest registers no flag and reads no environment variable: a
// test package says where the switch comes from, its own flag or an
// environment variable, so that it can keep a flag of the same name for
// its other golden files:
//
//	var update = flag.Bool("update", false, "rewrite golden files")
//
//	func TestTranscripts(t *testing.T) {
//		(&plumbtest.Config{UpdateScripts: *update}).Run(t, "testdata/*.txt")
//	}
//
// # Failures
//
// A failing command is reported at its file:line, with the command and a
// line diff of the expected ("-", first) and the actual ("+") output; the
// test that called Run or RunFile is the one that fails. With
// UpdateScripts, a rewritten output loses its " (re)" lines.
package plumbtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/plumbsh/plumb/parser"
	"github.com/plumbsh/plumb/shell"
)

// Config says how transcripts run. The zero value runs them as the package
// doc describes.
type Config struct {
	// Runner is the template of each transcript's session: its Env,
	// InheritEnv, Commands, Options and Grace are used. Dir, Stdin,
	// Stdout, Stderr and Unchecked are set by plumbtest.
	Runner shell.Runner
	// Timeout bounds each command; 0 means 30 seconds.
	Timeout time.Duration
	// SeparateStderr checks stdout and stderr apart: a command's
	// expected output is its stdout, then, if it wrote to stderr, a line
	// "[stderr]" and what it wrote there. Without it the two are one
	// stream, in the order they were written.
	SeparateStderr bool
	// UpdateScripts rewrites the expected part of a transcript whose
	// output or status differs, instead of failing (testscript's
	// Params.UpdateScripts).
	UpdateScripts bool
	// Setup, when set, runs after the archive's files are written into
	// dir and before the first command, to add files or settings.
	Setup func(t testing.TB, dir string)
}

// Run runs every transcript whose path matches the glob pattern, each as
// a subtest named after its file, with the default Config.
func Run(t *testing.T, pattern string) {
	t.Helper()
	(&Config{}).Run(t, pattern)
}

// Run runs every transcript whose path matches the glob pattern, each as
// a subtest named after its file. No match fails the test.
func (c *Config) Run(t *testing.T, pattern string) {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no transcript matches %s", pattern)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c.RunFile(t, f)
		})
	}
}

// RunFile runs the transcript in file path.
func (c *Config) RunFile(t testing.TB, path string) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ar := txtar.Parse(src)
	tr, err := parseTranscript(ar.Comment)
	if err != nil {
		t.Fatalf("%s:%v", path, err)
	}
	// The comment's first line is line 1 of the file.
	dir := t.TempDir()
	writeFiles(t, dir, ar)
	if c.Setup != nil {
		c.Setup(t, dir)
	}
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}

	var out, errOut bytes.Buffer
	r := c.Runner
	r.Dir = dir
	r.Stdin = nil
	r.Stdout, r.Stderr = &out, &out
	if c.SeparateStderr {
		r.Stderr = &errOut
	}
	r.Unchecked = true
	r.Env = append(append([]string(nil), r.Env...), "WORK="+dir)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	se, err := r.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	changed := false
	exited := false
	for _, cmd := range tr.cmds {
		out.Reset()
		errOut.Reset()
		src, run, err := conditions(cmd.src, se)
		if err != nil {
			t.Fatalf("%s:%d: %v", path, cmd.line, err)
		}
		if !run {
			continue
		}
		if msg, ok := isSkip(src); ok {
			se.Close()
			t.Skipf("%s:%d: %s", path, cmd.line, msg)
		}
		var status int
		if exited {
			fmt.Fprintf(&out, "plumbtest: the session has exited\n")
			status = -1
		} else {
			cctx, ccancel := context.WithTimeout(ctx, timeout)
			res, _ := se.Run(cctx, src)
			ccancel()
			if cctx.Err() == context.DeadlineExceeded {
				t.Errorf("%s:%d: $ %s\ntimed out after %v", path, cmd.line, firstLine(cmd.src), timeout)
			}
			if res != nil {
				status = res.Status
			}
			_, exited = se.Exited()
		}
		got := out.String()
		if c.SeparateStderr {
			got = render(got, errOut.String())
		}
		got = strings.ReplaceAll(got, dir, "$WORK")
		if !matches(cmd.want, got) || status != cmd.status {
			if c.UpdateScripts {
				cmd.want, cmd.status = got, status
				changed = true
				continue
			}
			t.Errorf("%s:%d: $ %s\n%s", path, cmd.line, firstLine(cmd.src), diffReport(cmd.want, cmd.status, got, status))
		}
	}
	if err := se.Close(); err != nil && !exited {
		t.Errorf("%s: closing the session: %v", path, err)
	}
	if c.UpdateScripts && changed {
		ar.Comment = tr.format()
		if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: rewritten", path)
	}
}

// writeFiles writes the archive's files into dir.
func writeFiles(t testing.TB, dir string, ar *txtar.Archive) {
	for _, f := range ar.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

// render is the expected-output text of a command that wrote stdout
// and stderr apart (Config.SeparateStderr).
func render(stdout, stderr string) string {
	if stderr == "" {
		return stdout
	}
	if stdout != "" && !strings.HasSuffix(stdout, "\n") {
		stdout += "\n" + markNoEOL + "\n"
	}
	return stdout + markStderr + "\n" + stderr
}

// matches reports whether got is the output want describes: the same
// lines, where a line of want that ends in " (re)" is a regular
// expression that the whole line of got must match.
func matches(want, got string) bool {
	if want == got {
		return true
	}
	wl, gl := splitLines(want), splitLines(got)
	if len(wl) != len(gl) {
		return false
	}
	for i := range wl {
		if !lineMatches(wl[i], gl[i]) {
			return false
		}
	}
	return true
}

func lineMatches(want, got string) bool {
	if want == got {
		return true
	}
	expr, ok := strings.CutSuffix(want, markRegexp)
	if !ok {
		return false
	}
	re, err := regexp.Compile("^(?:" + expr + ")$")
	return err == nil && re.MatchString(got)
}

// conditions takes the conditions off the front of a command,
// `[linux] [!exec:curl] cmd`, and reports whether they all hold: linux
// (the OS), short (go test -short), exec:PROG (PROG found in the
// session's $PATH), each negated by a leading "!".
func conditions(src string, se *shell.Session) (string, bool, error) {
	return evalConditions(src, false, func(prog string) bool { return inPath(prog, se) })
}

// evalConditions is conditions with [bash] holding when underBash, and
// found saying whether [exec:PROG] holds.
func evalConditions(src string, underBash bool, found func(prog string) bool) (string, bool, error) {
	run := true
	for {
		m := condRE.FindStringSubmatch(src)
		if m == nil {
			return src, run, nil
		}
		src = src[len(m[0]):]
		name, neg := strings.CutPrefix(m[1], "!")
		var holds bool
		switch prog, isExec := strings.CutPrefix(name, "exec:"); {
		case name == "linux":
			holds = runtime.GOOS == "linux"
		case name == "short":
			holds = testing.Short()
		case name == "bash":
			holds = underBash // plumb's transcripts checked against bash (transcript_bash_test.go)
		case isExec:
			holds = found(prog)
		default:
			return "", false, fmt.Errorf("unknown condition [%s]", m[1])
		}
		run = run && holds != neg
	}
}

var condRE = regexp.MustCompile(`^\[(!?[a-z]+(?::[^\]\s]+)?)\]\s+`)

func inPath(prog string, se *shell.Session) bool {
	path, _ := se.Var("PATH")
	for _, d := range filepath.SplitList(path) {
		if fi, err := os.Stat(filepath.Join(d, prog)); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return true
		}
	}
	return false
}

// isSkip reports whether src is `skip [message]`.
func isSkip(src string) (string, bool) {
	if src == "skip" {
		return "skipped", true
	}
	msg, ok := strings.CutPrefix(src, "skip ")
	return msg, ok
}

// transcript is the parsed comment part of an archive.
type transcript struct {
	header string // lines before the first command, kept as they are
	cmds   []*command
}

// command is one `$` entry: its source, the line of its "$ ", and the
// output and status it must give.
type command struct {
	src    string
	line   int
	want   string
	status int
}

const (
	markNoEOL  = "[no newline]"
	markStderr = "[stderr]"
	markRegexp = " (re)"
	prompt     = "$ "
	cont       = "> "
)

func parseTranscript(text []byte) (*transcript, error) {
	tr := &transcript{}
	lines := strings.SplitAfter(string(text), "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	var cur *command
	var outLines []string
	closeCmd := func() error {
		if cur == nil {
			return nil
		}
		// [exit N] last, then [no newline] before it.
		if n := len(outLines); n > 0 {
			l := strings.TrimRight(outLines[n-1], "\n")
			if v, ok := strings.CutPrefix(l, "[exit "); ok && strings.HasSuffix(v, "]") {
				st, err := strconv.Atoi(strings.TrimSuffix(v, "]"))
				if err != nil {
					return fmt.Errorf("%d: bad %s", cur.line, l)
				}
				cur.status = st
				outLines = outLines[:n-1]
			}
		}
		noEOL := false
		if n := len(outLines); n > 0 && strings.TrimRight(outLines[n-1], "\n") == markNoEOL {
			noEOL = true
			outLines = outLines[:n-1]
		}
		cur.want = strings.Join(outLines, "")
		if noEOL {
			cur.want = strings.TrimSuffix(cur.want, "\n")
		}
		tr.cmds = append(tr.cmds, cur)
		cur, outLines = nil, nil
		return nil
	}
	inCmd := false
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, prompt) || l == "$\n":
			if err := closeCmd(); err != nil {
				return nil, err
			}
			cur = &command{line: i + 1, src: strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(l, "$"), " "), "\n")}
			inCmd = true
		case inCmd && strings.HasPrefix(l, cont) && incomplete(cur.src):
			cur.src += "\n" + strings.TrimSuffix(strings.TrimPrefix(l, cont), "\n")
		case cur == nil:
			tr.header += l
		default:
			inCmd = false
			if !strings.HasSuffix(l, "\n") {
				l += "\n" // the archive's comment always ends in one
			}
			outLines = append(outLines, l)
		}
	}
	if err := closeCmd(); err != nil {
		return nil, err
	}
	return tr, nil
}

// incomplete reports whether src needs more lines to be a complete
// command, which is when a prompt shows PS2: only then is a "> " line a
// continuation, so output lines that begin with "> " stay output.
func incomplete(src string) bool {
	_, err := parser.Parse([]byte(src), "")
	var pe *parser.Error
	return errors.As(err, &pe) && pe.Incomplete
}

// format writes the transcript back, with each command's want and status.
func (tr *transcript) format() []byte {
	var b strings.Builder
	b.WriteString(tr.header)
	for _, c := range tr.cmds {
		for i, l := range strings.Split(c.src, "\n") {
			if i == 0 {
				b.WriteString(prompt + l + "\n")
			} else {
				b.WriteString(cont + l + "\n")
			}
		}
		b.WriteString(c.want)
		if c.want != "" && !strings.HasSuffix(c.want, "\n") {
			b.WriteString("\n" + markNoEOL + "\n")
		}
		if c.status != 0 {
			fmt.Fprintf(&b, "[exit %d]\n", c.status)
		}
	}
	return []byte(b.String())
}

// diffReport shows what differs between the expected and the actual
// output and status.
func diffReport(want string, wantSt int, got string, gotSt int) string {
	var b strings.Builder
	if want != got {
		b.WriteString("output differs (- want, + got):\n")
		b.WriteString(lineDiff(want, got))
	}
	if wantSt != gotSt {
		fmt.Fprintf(&b, "exit status %d, want %d\n", gotSt, wantSt)
	}
	return b.String()
}

// lineDiff is a line diff of a and b from their longest common
// subsequence: lines only in a start with "-", only in b with "+", common
// ones with " ". A missing final newline is shown as a line of its own.
func lineDiff(a, b string) string {
	al, bl := splitLines(a), splitLines(b)
	// lcs[i][j] is the length of the LCS of al[i:] and bl[j:].
	lcs := make([][]int, len(al)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(bl)+1)
	}
	for i := len(al) - 1; i >= 0; i-- {
		for j := len(bl) - 1; j >= 0; j-- {
			if lineMatches(al[i], bl[j]) {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out strings.Builder
	i, j := 0, 0
	for i < len(al) || j < len(bl) {
		switch {
		case i < len(al) && j < len(bl) && lineMatches(al[i], bl[j]):
			out.WriteString("   " + bl[j] + "\n")
			i, j = i+1, j+1
		case i < len(al) && (j == len(bl) || lcs[i+1][j] >= lcs[i][j+1]):
			// What was wanted first, then what came instead.
			out.WriteString(" - " + al[i] + "\n")
			i++
		default:
			out.WriteString(" + " + bl[j] + "\n")
			j++
		}
	}
	return out.String()
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	noEOL := !strings.HasSuffix(s, "\n")
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	if noEOL {
		lines = append(lines, markNoEOL)
	}
	return lines
}
