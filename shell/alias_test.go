package shell_test

import (
	"bytes"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// aliasBehaviour covers alias and unalias and alias substitution. bash
// expands aliases in a script only after `shopt -s expand_aliases`, which
// it is given; plumb, like POSIX sh, always expands them. An alias takes
// effect for the commands read after the line that defines it.
var aliasBehaviour = []behaviour{
	{"define then use on the next line", "alias say='echo said'\nsay hi", "said hi\n", 0, true},
	{"same line not expanded", "alias say='echo said'; say hi 2>/dev/null; echo $?", "127\n", 0, true},
	{"pipe in value", "alias count='echo a b c | wc -w'\ncount", "3\n", 0, true},
	{"redirection in value", "alias save='echo saved >f'\nsave; cat f", "saved\n", 0, true},
	{"keyword in value", "alias iff='if true; then echo yes; fi'\niff", "yes\n", 0, true},
	{"not expanded again in itself", "alias echo='echo X'\necho hi", "X hi\n", 0, true},
	{"mutual recursion stops", "alias a1=a2 a2=a1\na1 2>/dev/null; echo $?", "127\n", 0, true},
	{"trailing blank", "alias e='echo ' w=WORD\ne w w", "WORD w\n", 0, true},
	{"argument not expanded", "alias w=WORD\necho w", "w\n", 0, true},
	{"quoted not expanded", "alias zz='echo WORD'\n'zz' 2>/dev/null; echo $?; \\zz 2>/dev/null; echo $?", "127\n127\n", 0, true},
	{"after assignment", "alias pe='printenv FOO'\nFOO=1 pe", "1\n", 0, true},
	{"in command substitution", "alias a='echo in'\necho $(a) `a`", "in in\n", 0, true},
	{"unalias", "alias a='echo A'\nunalias a\na 2>/dev/null; echo $?", "127\n", 0, true},
	{"unalias -a", "alias a=x b=y\nunalias -a\nalias; echo $?", "0\n", 0, true},
	{"listing sorted and quoted", "alias b='echo b' a=\"it's\" c=\nalias\nalias b", "alias a='it'\\''s'\nalias b='echo b'\nalias c=''\nalias b='echo b'\n", 0, true},
	{"listing -p", "alias z=1 y=2\nalias -p", "alias y='2'\nalias z='1'\n", 0, true},
	{"not found status", "alias a=b nope 2>/dev/null; echo $?; unalias nope 2>/dev/null; echo $?; alias a", "1\n1\nalias a='b'\n", 0, true},
	{"unalias usage", "unalias 2>/dev/null; echo $?", "2\n", 0, true},
	{"invalid name", "alias 'a/b=x' 2>/dev/null; echo $?; alias 'a b=x' 2>/dev/null; echo $?", "1\n1\n", 0, true},
	{"subshell does not leak", "(alias s='echo sub'; eval 's x')\ns y 2>/dev/null; echo $?", "sub x\n127\n", 0, true},
	{"subshell parsed whole before it runs", "(alias s='echo sub'\ns x 2>/dev/null; echo $?)", "127\n", 0, true},
	{"subshell inherits", "alias s='echo sub'\n(s x); echo $(s y)", "sub x\nsub y\n", 0, true},
	{"alias output in substitution", "alias a='b c'\nx=$(alias a); echo \"$x\"", "alias a='b c'\n", 0, true},
	{"function keeps its text", "g() { echo func; }\nf() { g; }\nalias g='echo alias'\nf; g", "func\nalias\n", 0, true},
	{"command -v and type", "alias ll='ls -l'\ncommand -v ll; type ll; command -V ll", "alias ll='ls -l'\nll is aliased to `ls -l'\nll is aliased to `ls -l'\n", 0, true},
	{"sudo idiom", "alias sudo='env ' ll='echo listed'\nsudo ll", "listed\n", 0, true},
	{"for loop of aliases ending in a blank", "alias F='for ' I='i ' N='in ' L='$one 2 ' x=y\none=1\nF I N L 3; do echo $i; done; for i in x; do echo $i; done", "1\n2\n3\nx\n", 0, true},
	{"in a here-document's substitutions", "alias e='echo [ '\ncat <<EOF; cat <<-E2\n$(e ]) `e b`\nEOF\n\t$(e c\n)\n\tE2\necho end", "[ ] [ b\n[ c\nend\n", 0, true},
}

// aliasPosixBehaviour are the cases where bash follows POSIX only in its
// posix mode (which also expands aliases, but lists them without the
// word `alias`): a reserved word is never an alias there.
var aliasPosixBehaviour = []behaviour{
	{"reserved word wins", "alias if='echo no'\nif true; then echo yes; fi", "yes\n", 0, true},
	{"closing reserved word wins", "alias fi='echo not-fi'\nif true; then echo yes; fi", "yes\n", 0, true},
}

func TestAliases(t *testing.T) {
	runBehaviourBash(t, aliasBehaviour, "shopt -s expand_aliases\n")
	runBehaviourBash(t, aliasPosixBehaviour, "set -o posix\n")
}

// The messages of alias and unalias, which the tables do not see.
func TestAliasMessages(t *testing.T) {
	bin := plumbBinary(t)
	for _, c := range []struct {
		script, stderr string
		status         int
	}{
		{"alias nope", "plumb: alias: nope: not found\n", 1},
		{"unalias nope", "plumb: unalias: nope: not found\n", 1},
		{"alias 'a/b=x'", "plumb: alias: `a/b': invalid alias name\n", 1},
		{"unalias", "unalias: usage: unalias [-a] name [name ...]\n", 2},
		{"alias -x", "plumb: alias: -x: invalid option\nalias: usage: alias [-p] [name[=value] ... ]\n", 2},
		{"alias l='echo |'\nl", "plumb: -c:2:1: `|` must be followed by a command\nl\n^\n", 2},
	} {
		cmd := osexec.Command(bin, "-c", c.script)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		st := 0
		if ee, ok := err.(*osexec.ExitError); ok {
			st = ee.ExitCode()
		}
		if stderr.String() != c.stderr || st != c.status {
			t.Errorf("%q: stderr %q status %d; want %q status %d", c.script, stderr.String(), st, c.stderr, c.status)
		}
	}
}

// A script file and a script on stdin are read one command at a time, so
// an alias applies from the line after it, as in sh.
func TestAliasScriptTiming(t *testing.T) {
	script := "alias say='echo said'; say same 2>/dev/null\nsay next\nif true; then\n  alias in_if='echo x'\n  in_if 2>/dev/null || echo not-yet\nfi\nin_if now\n"
	want := "said next\nnot-yet\nx now\n"
	dir := t.TempDir()
	file := filepath.Join(dir, "s.sh")
	if err := os.WriteFile(file, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(name string, args ...string) string {
		t.Helper()
		cmd := osexec.Command(name, args...)
		cmd.Stdin = strings.NewReader(script)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s %v: %v", name, args, err)
		}
		return string(out)
	}
	bin := plumbBinary(t)
	if got := run(bin, file); got != want {
		t.Errorf("script file: %q; want %q", got, want)
	}
	if got := run(bin); got != want {
		t.Errorf("script on stdin: %q; want %q", got, want)
	}
	if !testing.Short() {
		if got := run("bash", "-O", "expand_aliases", file); got != want {
			t.Errorf("bash disagrees with the test: %q; want %q", got, want)
		}
	}
}
