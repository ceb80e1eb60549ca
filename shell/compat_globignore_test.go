package shell_test

import "testing"

// GLOBIGNORE rows (Oils globignore #1-#15, #17), checked against bash
// as compatCases are: a glob's match that one of the colon-separated
// patterns matches is dropped; `*` stays inside a component; a colon in
// a bracket expression belongs to its pattern; a set, non-null
// GLOBIGNORE turns dotglob on and always drops . and ..; unsetting it
// turns dotglob off again; a glob whose matches are all dropped matched
// nothing (kept as written, or gone with nullglob, or an error with
// failglob).
var globIgnoreCases = []compatCase{
	{"GLOBIGNORE drops matches", `touch one.md one.txt 1.txt 10.txt hello.o hello.h; mkdir foo dir1; touch foo/two.txt dir1/a.txt dir1/ignore.txt; GLOBIGNORE=*.txt; echo *.* foo/*.*; GLOBIGNORE=?.txt:*.o:*.h; echo *.*; GLOBIGNORE=*/ignore*; echo */*; GLOBIGNORE=dir1/*; echo */*`,
		"hello.h hello.o one.md foo/two.txt\n10.txt one.md one.txt\ndir1/a.txt foo/two.txt\nfoo/two.txt\n", "", 0},
	{"GLOBIGNORE bracket classes and escapes", `touch _t.py p.toml 2023.log .env "has space.docx"; GLOBIGNORE=[[:alnum:]]*; echo *.*; GLOBIGNORE=[![:alnum:]]*; echo *.*; GLOBIGNORE="*[[:space:]]*:[[:digit:]]*"; echo *.*; GLOBIGNORE="escape\*.txt"; touch escape-1.txt "escape*.txt"; echo escape*`,
		".env _t.py\n2023.log has space.docx p.toml\n.env _t.py p.toml\nescape-1.txt\n", "", 0},
	{"GLOBIGNORE all dropped", `touch -- foo.txt -foo.txt; echo *t; GLOBIGNORE=*.txt; echo *t; GLOBIGNORE='*'; echo *; shopt -s nullglob; echo nullglob *t; shopt -u nullglob; shopt -s failglob; echo failglob *t; echo not reached`,
		"-foo.txt foo.txt\n*t\n*\nnullglob\n", "plumb: no match: *t\n", 1},
	{"GLOBIGNORE dotglob and dots", `touch .hidden a; shopt dotglob; GLOBIGNORE=x; shopt dotglob; echo * .*; shopt -u globskipdots; echo .*; GLOBIGNORE=; shopt dotglob; echo .*; unset GLOBIGNORE; shopt dotglob; echo .* *; GLOBIGNORE=:; shopt dotglob; echo .*; GLOBIGNORE=.:..; echo .*`,
		"dotglob        \toff\ndotglob        \ton\n.hidden a .hidden\n.hidden\ndotglob        \ton\n. .. .hidden\ndotglob        \toff\n. .. .hidden a\ndotglob        \ton\n.hidden\n.hidden\n", "", 0},
	{"GLOBIGNORE local, temporary, subshell", `touch a b .c; f() { local GLOBIGNORE=b; echo *; }; f; echo *; shopt -q dotglob || echo dotglob off; GLOBIGNORE=a true; echo *; (GLOBIGNORE=a; echo *); echo *`,
		".c a\na b\ndotglob off\na b\n.c b\na b\n", "", 0},
	{"GLOBIGNORE extglob and nocaseglob", "shopt -s extglob\ntouch foo.cc bar.cc foo.h a; GLOBIGNORE='@(foo|a).cc:a'; echo *; echo @(*.cc|*.h); shopt -s nocaseglob; GLOBIGNORE=FOO.*; echo *",
		"bar.cc foo.h\nbar.cc foo.h\na bar.cc\n", "", 0},
}

func TestCompatGlobIgnore(t *testing.T) {
	runCompat(t, globIgnoreCases)
}
