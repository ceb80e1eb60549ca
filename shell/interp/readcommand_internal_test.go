package interp

import (
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
)

// lines is a LineReader that hands out a fixed list of lines, then EOF.
type lines []string

func (l *lines) ReadLine(string) (string, error) {
	if len(*l) == 0 {
		return "", io.EOF
	}
	line := (*l)[0]
	*l = (*l)[1:]
	return line, nil
}

func (l *lines) SetHistory([]string) {}

// A block pasted at the prompt is read in time linear in its size: each
// line is handed to the parser once (it was parsed again from the top for
// every continuation line: 3,000 lines took 17 s). Counted, not timed.
func TestPromptPasteParsedOnce(t *testing.T) {
	var block []string
	block = append(block, "if true; then")
	for i := 0; i < 3000; i++ {
		block = append(block, fmt.Sprintf("  : line %d \"of\" 'a' pasted block", i))
	}
	block = append(block, "fi", "echo after")
	null, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	s := newShell(t.TempDir(), nil, null, null, null)
	in := lines(block)
	before := promptParsed.Load()
	src, f, err := s.readCommand(&in)
	if err != nil || f == nil {
		t.Fatalf("readCommand: %v, file %v", err, f)
	}
	if want := strings.Join(block[:len(block)-1], "\n") + "\n"; src != want {
		t.Errorf("the history entry is %d bytes, want the %d of the if block", len(src), len(want))
	}
	if len(f.Stmts) != 1 {
		t.Errorf("%d statements, want the if", len(f.Stmts))
	}
	if n := promptParsed.Load() - before; n != int64(len(src)) {
		t.Errorf("the parser was given %d bytes of a %d-byte command", n, len(src))
	}
	// The line after the block is the next command, not read yet.
	if len(in) != 1 || in[0] != "echo after" {
		t.Errorf("left unread: %q", []string(in))
	}
	src, f, err = s.readCommand(&in)
	if err != nil || f == nil || src != "echo after\n" {
		t.Errorf("next command: %q, %v, %v", src, f, err)
	}
}
