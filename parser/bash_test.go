package parser

import (
	"os/exec"
	"strings"
	"testing"
)

// bashDiffers lists the rows of the parser's tables on which `bash -n`
// and plumb's parser disagree, keyed by the row's source, each with why
// plumb differs on purpose. A row not listed must be accepted by both or
// refused by both.
var bashDiffers = map[string]string{
	// plumb's own link operators.
	"echo 2<(a) 1>(b) 3<|>c":                 "<|> is plumb's two-way link; bash has no such operator",
	"a | b |& c |> d |>tcp e <|> f <|>tcp g": "|>, |>tcp, <|> and <|>tcp are plumb's socket links",
	"a |>tcp(b) <|>tcp{":                     "|>tcp and <|>tcp are plumb's socket links",

	// bash takes these; plumb refuses them at parse time, where the
	// message can point at the mistake.
	"!":                         "bash takes a lone ! as an empty negated pipeline (status 1); plumb wants a command, as POSIX's grammar does",
	"! ! a":                     "bash accepts a double negation; POSIX's grammar has one ! per pipeline, and so does plumb",
	"echo a\\":                  "bash keeps a backslash at the end of the input literally; plumb reports it as incomplete, so the prompt asks for the continuation line",
	"for 1 in a; do b; done":    "bash checks the loop variable's name only when the loop runs; plumb when it parses",
	"select 1 in a; do b; done": "bash checks the loop variable's name only when the loop runs; plumb when it parses",
	"[[ ]]":                     "bash takes an empty [[ ]] (status 0); plumb wants an expression, as the grammar in bash's manual does",
	"\"f\"() { a; }":            "bash (outside POSIX mode) takes a quoted function name; plumb, like POSIX sh, wants a name",
	"cat <<EOF":                 "bash warns and ends the here-document at the end of the input; plumb reports it as incomplete (the prompt asks for more lines)",
	"cat <<EOF\nabc\n":          "bash warns and ends the here-document at the end of the input; plumb reports it as incomplete (the prompt asks for more lines)",
	"cat <<'E O'\nabc\nE\n":     "bash warns and ends the here-document at the end of the input; plumb reports it as incomplete (the prompt asks for more lines)",
	"cat 99999999999>x":         "bash takes an fd number too large for an int as a word; plumb refuses it",
	"echo `if`":                 "bash parses a `…` command substitution only when it runs it; plumb parses it with the rest",
}

// bashAccepts reports whether `bash -n` (with extglob set, when asked)
// accepts src: it exits 0 and prints nothing but warnings. (bash -n
// reports some errors, `[[ a b ]]`'s among them, and still exits 0.)
func bashAccepts(t *testing.T, bash, src string, extglob bool) bool {
	t.Helper()
	args := []string{"--norc", "--noprofile"}
	if extglob {
		args = append(args, "-O", "extglob")
	}
	cmd := exec.Command(bash, append(args, "-n", "-c", src)...)
	out, err := cmd.CombinedOutput()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("bash: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if line != "" && !strings.Contains(line, ": warning: ") {
			return false
		}
	}
	return err == nil
}

// TestCorpusBash checks the parser's tables against bash: every row
// plumb parses, bash -n accepts, and every row plumb refuses, bash -n
// refuses too, apart from the rows in bashDiffers.
func TestCorpusBash(t *testing.T) {
	if testing.Short() {
		t.Skip("runs bash")
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	type row struct {
		src     string
		ok      bool // plumb accepts it
		extglob bool
	}
	var rows []row
	for _, c := range parseCases {
		rows = append(rows, row{c.src, true, false})
	}
	for _, c := range extGlobCases {
		rows = append(rows, row{c.src, true, true})
	}
	for _, c := range errorCases {
		rows = append(rows, row{c.src, false, false})
	}
	for _, c := range extGlobErrorCases {
		rows = append(rows, row{c.src, false, c.on})
	}
	seen := map[string]bool{}
	for _, r := range rows {
		seen[r.src] = true
		got := bashAccepts(t, bash, r.src, r.extglob)
		why, differs := bashDiffers[r.src]
		switch {
		case differs && got == r.ok:
			t.Errorf("%q: bash -n now agrees with plumb (accepts: %v); drop the note %q", r.src, got, why)
		case !differs && got != r.ok:
			t.Errorf("%q: plumb accepts: %v, bash -n accepts: %v", r.src, r.ok, got)
		}
	}
	for src := range bashDiffers {
		if !seen[src] {
			t.Errorf("bashDiffers names %q, which no table has", src)
		}
	}
}
