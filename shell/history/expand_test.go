package history

import "testing"

func TestExpandHistory(t *testing.T) {
	entries := []string{
		"ls -l /tmp",
		"grep -r 'a b' src | wc -l",
		"echo one two three",
	}
	for _, c := range []struct{ in, want, err string }{
		{"echo hi", "echo hi", ""},
		{"!!", "echo one two three", ""},
		{"sudo !!", "sudo echo one two three", ""},
		{"!1", "ls -l /tmp", ""},
		{"!-2", "grep -r 'a b' src | wc -l", ""},
		{"!ls", "ls -l /tmp", ""},
		{"!gr; !ec", "grep -r 'a b' src | wc -l; echo one two three", ""},
		{"!?src?", "grep -r 'a b' src | wc -l", ""},
		{"!?src", "grep -r 'a b' src | wc -l", ""},
		{"cat !$", "cat three", ""},
		{"cat !^", "cat one", ""},
		{"cat !*", "cat one two three", ""},
		{"!!:0", "echo", ""},
		{"!!:2", "two", ""},
		{"!!:1-2", "one two", ""},
		{"!!:2*", "two three", ""},
		{"!!:1-", "one two", ""},
		{"!!:-1", "echo one", ""},
		{"!:2", "two", ""},
		{"!gr:2", "'a b'", ""},
		{"!gr:$", "-l", ""},
		{"!gr:4", "|", ""},
		{"!1:$", "/tmp", ""},
		{"^two^2^", "echo one 2 three", ""},
		{"^three^3", "echo one two 3", ""},
		// Literal !.
		{"echo $!;", "echo $!;", ""},
		{"kill $!; wait $!", "kill $!; wait $!", ""},
		{"echo ${!x} ${!pre*}", "echo ${!x} ${!pre*}", ""},
		{"echo a! b", "echo a! b", ""},
		{"echo !", "echo !", ""},
		{"[ a != b ]", "[ a != b ]", ""},
		{"echo '!!'", "echo '!!'", ""},
		{`echo \!!`, `echo \!!`, ""},
		{`echo "!!"`, `echo "echo one two three"`, ""},
		{`echo "hi!"`, `echo "hi!"`, ""},
		// Errors.
		{"!nope", "", "!nope: event not found"},
		{"!9", "", "!9: event not found"},
		{"!-7", "", "!-7: event not found"},
		{"!!:9", "", "!!:9: bad word specifier"},
		{"!!:h", "", "!!:: unsupported history modifier"},
		{"^zzz^y", "", "^zzz: substitution failed"},
	} {
		got, changed, err := Expand(c.in, entries)
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("%q: error %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%q: got %q, %v; want %q", c.in, got, err, c.want)
		}
		if changed != (got != c.in) {
			t.Errorf("%q: changed = %v", c.in, changed)
		}
	}
	if _, _, err := Expand("!!", nil); err == nil || err.Error() != "!!: event not found" {
		t.Errorf("!! with no history: %v", err)
	}
}

func TestHistoryWords(t *testing.T) {
	got := historyWords(`a "b c"  d>e 'f g'|h && i\ j`)
	want := []string{"a", `"b c"`, "d", ">", "e", "'f g'", "|", "h", "&&", `i\ j`}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("got %q, want %q", got, want)
		}
	}
}
