package interp

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A script on stdin is read in time linear in its size: each byte is
// handed to the parser once, however many lines a command spans (it was
// re-parsed from its start on every new line: an 8,000-line if block
// took 90 s). Counted, not timed: stdinParsed is the bytes the parser was
// given.
func TestStdinScriptParsedOnce(t *testing.T) {
	var heredoc strings.Builder
	heredoc.WriteString("cat <<'E'\n")
	for i := 0; heredoc.Len() < 2<<20; i++ {
		fmt.Fprintf(&heredoc, "line %d of a 2 MiB here-document\n", i)
	}
	heredoc.WriteString("E\necho end\n")
	var block strings.Builder
	block.WriteString("if true; then\n")
	for i := 0; i < 8000; i++ {
		fmt.Fprintf(&block, "  : line %d \"of\" 'a' block\n", i)
	}
	block.WriteString("fi\necho end\n")
	for name, script := range map[string]string{"2 MiB here-document": heredoc.String(), "8,000-line if block": block.String()} {
		for _, mode := range []string{"file", "pipe"} {
			t.Run(name+" "+mode, func(t *testing.T) {
				dir := t.TempDir()
				path := filepath.Join(dir, "s")
				if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
					t.Fatal(err)
				}
				in, err := os.Open(path)
				if mode == "pipe" {
					r, w, perr := os.Pipe()
					if perr != nil {
						t.Fatal(perr)
					}
					go func() { w.WriteString(script); w.Close() }()
					in, err = r, nil
				}
				if err != nil {
					t.Fatal(err)
				}
				defer in.Close()
				null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
				if err != nil {
					t.Fatal(err)
				}
				defer null.Close()
				s := newShell(dir, nil, in, null, null)
				before := stdinParsed.Load()
				if err := s.runStdinScript(in, "stdin"); err != nil || s.status != 0 {
					t.Fatalf("%v, status %d", err, s.status)
				}
				if n := stdinParsed.Load() - before; n != int64(len(script)) {
					t.Errorf("the parser was given %d bytes of a %d-byte script", n, len(script))
				}
			})
		}
	}
}
