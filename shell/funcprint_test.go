package shell_test

import "testing"

// funcShapes are function definitions of every compound shape, for
// the layout of declare -f, type and command -V (bash's print_cmd.c:
// one command a line, four spaces a level).
var funcShapes = []string{
	`f() { echo x; }`,
	`f() { a; b; c; }`,
	`f() { a && b || c; ! d | e |& f; }`,
	`f() { if a; then b; elif c; then d; else e; fi; }`,
	`f() { if a; b; then c; fi; while a && b; do c & done; }`,
	`f() { while a; do b; done; until c; do d; done; }`,
	`f() { for i in 1 2 3; do echo $i; done; for j; do :; done; for ((i=0; i<3; i++)); do echo; done; for ((;;)); do break; done; }`,
	`f() { case $x in a) echo a;; b|c) echo b; echo c;; (d) ;; *) echo z;& e) x;;& esac; case x in esac; }`,
	`f() { ( a; b ) ; { c; d; } ; (e) ; }`,
	`f() { [[ -n $x && ( $y == a* || ! -z $z ) ]]; (( x = 1 + 2 )); ((i++)); [[ $x =~ ^a.*$ ]]; }`,
	"f() { cat <<EOT\nhello $x\nEOT\necho after; }",
	"f() { cat <<'EOT' > out\nraw $x\nEOT\n}",
	"f() { cmd1 <<A; cmd2 <<B\na\nA\nb\nB\n}",
	"f() { cat <<A && echo x\na\nA\n}",
	"f() { cat <<A | cat\nbody\nA\n}",
	"f() { cat <<-EOT\n\ttabbed\n\tEOT\n}",
	"f() { cat <<\"Q\" <<\\R\nq\nQ\nr\nR\n}",
	`f() { echo a > f 2>&1 < in >> app; echo b 2>/dev/null; echo >&2; echo >&- ; echo <&0; exec 3<> f; echo &> f; echo &>> f; echo >| f; cat <<< "$x"; echo {fd}> f; echo 3>&2-; }`,
	`f() { g() { echo inner; }; g; h() ( echo sub ); }`,
	`f() { a & b & wait; }`,
	"f() { a &\nb; }",
	`f() ( echo sub )`,
	`f() { x=1 y=2 cmd "$@" 'q' $(echo hi) ${x:-d} $'d\n'; local a=(1 2 3); }`,
	`f() { if a; then if b; then c; fi; fi; while x; do for i in a; do case $i in a) y;; esac; done; done; }`,
	`f() { select s in a b; do break; done; }`,
	`f() { echo a | while read l; do echo $l; done; }`,
	`f() { { a; } > out; ( b ) 2> err; a || { b; c; }; }`,
	`f() { for i in a b; do echo $i; done > out; if a; then :; fi > out 2>&1; }`,
	`f() { echo $((1+2)) $[3] "${a[@]}" ${#x}; }`,
	`f() { a; } > out`,
	`f() { echo; } 2>&1 >/dev/null`,
	`f() { time a; x=$(a; b) y=$(a | b); }`,
	`function f { echo kw; }`,
	"f() {\n  if x; then\n    cat <<EOF\nhi\nEOF\n  fi\n  echo done; a; b\n}",
	"f() {\n  while read l; do echo $l; done <<EOF\na\nEOF\n  cat <<A | while read x; do echo $x; done\nz\nA\n}",
	`f() { echo ${x//a/b} "${y#*/}" $(( x > 1 ? 2 : 3 )) >/dev/null 2>&1 & }`,
	"f() { cat; } <<E\nx\nE",
	`f() { [[ ! a ]]; [[ $x && ( $y ) ]]; [[ -z "$x" || a != b ]]; ! a && b; a | b & }`,
	`f() { local -a x=("a b" c); x+=(d); y[1]=2; declare -A m=([k]=v); echo \$x 'a'"b" ~/x ~root a\ b; }`,
	`f() { while :; do :; done & if a; then b; fi & }`,
	"f() { echo a\n# comment\nb; g() { h() { echo deep; }; }; }",
	`f() { if a; then :; elif b; then :; elif c; then :; fi; until a || b; do c | d; done; }`,
	"f() { case $1 in\n  -h|--help) usage; exit 0 ;;\n  -*) echo \"bad $1\" >&2; return 1 ;;\n  *) break ;;\nesac; }",
	"f() { echo ${#a[@]} ${a[*]} ${!x} ${x/a/b} ${x%%.*} ${x:1:2} \"a\nb\"; }",
	"f() {\n  x=$(\n    a |\n      b\n  )\n  y=\"$(c\nd)\"\n  z=$(if a; then b; fi)\n  w=$(case a in a) x;; esac; { p; q; }) <(e; g)\n  v=$(cat <<E\nhi\nE\n)\n}",
}

// TestFuncPrintLikeBash defines each shape in plumb and in bash and
// compares what declare -f, type and command -V print, byte for byte.
func TestFuncPrintLikeBash(t *testing.T) {
	if testing.Short() {
		t.Skip("runs bash")
	}
	bin := plumbBinary(t)
	for _, def := range funcShapes {
		script := def + "\ndeclare -f f; type f; command -V f; typeset -f"
		want, wantErr, wantSt := runScriptStderr(t, "bash", script)
		got, gotErr, gotSt := runScriptStderr(t, bin, script)
		if got != want || gotSt != wantSt || gotErr != "" || wantErr != "" {
			t.Errorf("%s\nplumb (status %d, stderr %q):\n%s\nbash (status %d, stderr %q):\n%s", def, gotSt, gotErr, got, wantSt, wantErr, want)
		}
	}
}

// TestFuncPrintReadsBack: the printed text defines the same function
// again, in plumb and in bash, and a bash child runs an exported
// function from the environment plumb gives it.
func TestFuncPrintReadsBack(t *testing.T) {
	bin := plumbBinary(t)
	for _, def := range funcShapes {
		script := def + "\nd=$(declare -f f); unset -f f; eval \"$d\"; [ \"$(declare -f f)\" = \"$d\" ] && echo same"
		if got, errOut, _ := runScriptStderr(t, bin, script); got != "same\n" || errOut != "" {
			t.Errorf("%s: %q %q", def, got, errOut)
		}
		if testing.Short() {
			continue
		}
		script = def + "\nd=$(declare -f f); bash -c 'eval \"$1\"; [ \"$(declare -f f)\" = \"$1\" ] && echo same' - \"$d\""
		if got, errOut, _ := runScriptStderr(t, bin, script); got != "same\n" || errOut != "" {
			t.Errorf("bash reading %s: %q %q", def, got, errOut)
		}
	}
	// a reserved word as the name: "function" first, as bash prints it
	for _, name := range []string{"if", "{", "[[", "time", "done"} {
		script := "function " + name + " { echo ok; }; d=$(declare -f '" + name + "'); unset -f '" + name + "'; eval \"$d\"; '" + name + "'; declare -f '" + name + "' | head -1"
		want := "ok\nfunction " + name + " () \n"
		if got, errOut, st := runScriptStderr(t, bin, script); got != want || errOut != "" || st != 0 {
			t.Errorf("function %s: %q %q %d; want %q", name, got, errOut, st, want)
		}
	}
	if testing.Short() {
		return
	}
	script := "f() { echo \"$1\"; if true; then g() { echo g; }; fi; g; }; export -f f; bash -c 'f x; declare -f f | head -3'"
	want := "x\ng\nf () \n{ \n    echo \"$1\";\n"
	if got, errOut, st := runScriptStderr(t, bin, script); got != want || errOut != "" || st != 0 {
		t.Errorf("bash child: %q %q %d; want %q", got, errOut, st, want)
	}
}
