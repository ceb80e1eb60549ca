package parser

import (
	"strings"
	"testing"
)

// A Parser fed by Config.More asks for a line only when a token needs
// it: each Next returns a command having read exactly its lines (and the
// bodies of its here-documents), never the line after it, which belongs
// to a command that reads stdin. The commands are those of the source
// read whole, and every byte is handed over once.
func TestMoreReadsNoFurtherThanTheCommand(t *testing.T) {
	// Each entry is one complete command, as lines.
	cmds := []string{
		"echo a\n",
		"\n# comment\necho b; echo c # trailing\n",
		"if true; then\n  echo d\nelif false\nthen :\nfi\n",
		"cat <<E; cat <<-'F'\nbody $x\nE\n\tquoted\n\tF\n",
		"f() {\n  echo e\n}\n",
		"case x in\n  x) echo f ;;\n  *) ;;\nesac\n",
		"echo 'multi\nline' \"and\nmore\" $'x\\ny'\n",
		"echo g \\\n  continued\n",
		"a=(1\n2)\n",
		"[[ -n x &&\n  -n y ]] && echo h |\n  cat\n",
		"for i in 1 2\ndo echo $((i +\n1))\ndone\n",
		"echo `echo i\necho j`\n",
		"echo <(echo k) >(cat)\n",
		"x=$(\necho l\n)\n",
		"while read x\ndo :; done <<< \"m\"\n",
		"echo last",
	}
	var lines []string
	for _, c := range cmds {
		lines = append(lines, strings.SplitAfter(c, "\n")...)
	}
	pulled, bytes := 0, 0
	c := Config{More: func() []byte {
		for pulled < len(lines) && lines[pulled] == "" {
			pulled++
		}
		if pulled == len(lines) {
			return nil
		}
		pulled++
		bytes += len(lines[pulled-1])
		return []byte(lines[pulled-1])
	}}
	p := c.NewParser(nil, "more")
	whole, err := Parse([]byte(strings.Join(cmds, "")), "more")
	if err != nil {
		t.Fatal(err)
	}
	var got []*Stmt
	end := 0
	for i, cmd := range cmds {
		stmts, err := p.Next()
		if err != nil {
			t.Fatalf("command %d: %v", i, err)
		}
		got = append(got, stmts...)
		end += strings.Count(cmd, "\n")
		if !strings.HasSuffix(cmd, "\n") {
			end++
		}
		nonEmpty := 0
		for _, l := range lines[:pulled] {
			if l != "" {
				nonEmpty++
			}
		}
		if nonEmpty != end {
			t.Errorf("after command %d (%q): %d lines read, want %d", i, cmd, nonEmpty, end)
		}
	}
	if _, err := p.Next(); err == nil {
		t.Error("no EOF after the last command")
	}
	for i := range min(len(got), len(whole.Stmts)) {
		if a, b := got[i].Pos(), whole.Stmts[i].Pos(); a.Line != b.Line || a.Col != b.Col {
			t.Errorf("statement %d at %d:%d, read whole at %d:%d", i, a.Line, a.Col, b.Line, b.Col)
		}
	}
	if a, b := Format(&File{Stmts: got}), Format(whole); a != b {
		t.Errorf("commands read with More:\n%s\nread whole:\n%s", a, b)
	}
	if total := len(strings.Join(cmds, "")); bytes != total {
		t.Errorf("%d bytes handed over, want %d", bytes, total)
	}
}
