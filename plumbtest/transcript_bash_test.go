package plumbtest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	osexec "os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

// bashMarker is the header line of a transcript that describes POSIX (or
// bash) behaviour: TestTranscriptsUnderBash runs it under bash too, so
// that its expected output is checked against a real shell and not only
// against what plumb believes. A command of it that is plumb's own says
// [!bash] before it.
const bashMarker = "# Also runs under bash"

// bashPrefix is how bash starts an error message: read as "plumb: ".
var bashPrefix = regexp.MustCompile(`(?m)^(bash|environment): (line \d+: )?`)

// TestTranscriptsUnderBash runs every transcript of ../testdata whose
// header has bashMarker in one bash process, as one session, and checks
// each command's output (stdout and stderr together, bash's message
// prefix read as plumb's) and status against the transcript.
func TestTranscriptsUnderBash(t *testing.T) {
	if testing.Short() {
		t.Skip("runs bash")
	}
	bash, err := osexec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	files, _ := filepath.Glob("../testdata/*.txt")
	marked := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		ar := txtar.Parse(src)
		tr, err := parseTranscript(ar.Comment)
		if err != nil {
			t.Fatalf("%s:%v", f, err)
		}
		if !strings.Contains(tr.header, bashMarker+"\n") {
			continue
		}
		marked++
		t.Run(strings.TrimSuffix(filepath.Base(f), ".txt"), func(t *testing.T) {
			t.Parallel()
			runUnderBash(t, bash, f, ar, tr)
		})
	}
	if marked == 0 {
		t.Fatalf("no transcript says %q", bashMarker)
	}
}

func runUnderBash(t *testing.T, bash, path string, ar *txtar.Archive, tr *transcript) {
	dir := t.TempDir()
	writeFiles(t, dir, ar)
	// Each command is framed by markers (RS bytes, which no command
	// writes) carrying its index and then its status.
	var script strings.Builder
	var ran []*command
	for _, cmd := range tr.cmds {
		src, run, err := bashConditions(cmd.src)
		if err != nil {
			t.Fatalf("%s:%d: %v", path, cmd.line, err)
		}
		if !run {
			continue
		}
		fmt.Fprintf(&script, "printf '\\036%d\\036'\n%s\nprintf '\\036%%d\\036' $?\n", len(ran), src)
		ran = append(ran, cmd)
	}
	// The session's end: background jobs still running are ended, as
	// Session.Close ends them.
	script.WriteString("kill -KILL $(jobs -p) 2>/dev/null\n")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	c := osexec.CommandContext(ctx, bash, "-c", script.String())
	c.Args[0] = "bash" // its messages say "bash: "
	c.Dir = dir
	c.Env = []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=" + dir, "LC_ALL=C", "WORK=" + dir}
	var out bytes.Buffer
	c.Stdout, c.Stderr = &out, &out
	c.Run() // the statuses are in the output
	parts := strings.Split(out.String(), "\036")
	// parts: "", "0", output, status, "", "1", output, status, …
	for i, cmd := range ran {
		k := 1 + 4*i
		if k+2 >= len(parts) || parts[k] != strconv.Itoa(i) {
			t.Errorf("%s:%d: $ %s\nbash stopped before this command; its output:\n%s", path, cmd.line, firstLine(cmd.src), out.String())
			return
		}
		got := bashPrefix.ReplaceAllString(parts[k+1], "plumb: ")
		got = strings.ReplaceAll(got, dir, "$WORK")
		st, _ := strconv.Atoi(parts[k+2])
		if !matches(cmd.want, got) || st != cmd.status {
			t.Errorf("%s:%d: $ %s\nbash disagrees: %s", path, cmd.line, firstLine(cmd.src), diffReport(cmd.want, cmd.status, got, st))
		}
	}
}

// bashConditions is conditions for a run under bash: [bash] holds,
// [exec:PROG] when PROG is in the test's PATH.
func bashConditions(src string) (string, bool, error) {
	return evalConditions(src, true, func(prog string) bool {
		_, err := osexec.LookPath(prog)
		return err == nil
	})
}
