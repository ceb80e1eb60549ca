package parser

import (
	"io"
	"reflect"
	"strings"
	"testing"
)

type parseCase struct {
	name string
	src  string
	want []*Stmt
}

// parseCases is the table of inputs and the trees they must give. The
// round-trip, position and fuzz tests use its inputs too.
var parseCases = []parseCase{
	// Words and quoting.
	{"simple", "echo a b", list(cmd("echo", "a", "b"))},
	{"blanks", " \techo   a\t", list(cmd("echo", "a"))},
	{"single quotes", `echo 'a b' 'x\y'`, list(cmd("echo", sq("a b"), sq(`x\y`)))},
	{"empty quotes", `echo '' ""`, list(cmd("echo", sq(""), dq()))},
	{"double quotes", `echo "a b"`, list(cmd("echo", dq(lit("a b"))))},
	{"dq escapes", `echo "a\"b\\c\$d\` + "`" + `e\nf"`, list(cmd("echo", dq(lit("a\"b\\c$d`e\\nf"))))},
	{"dq continuation", "echo \"a\\\nb\"", list(cmd("echo", dq(lit("ab"))))},
	{"dq newline", "echo \"a\nb\"", list(cmd("echo", dq(lit("a\nb"))))},
	{"escaped chars", `echo \* a\ b \\ \'`, list(cmd("echo", esc("*"), word(lit("a"), esc(" "), lit("b")), esc(`\`), esc("'")))},
	{"escaped utf8", `echo \é`, list(cmd("echo", esc("é")))},
	{"continuation", "echo a\\\nb \\\n c", list(cmd("echo", "ab", "c"))},
	{"continuation joins keyword", "i\\\nf true; then :; fi", list(stg(&IfClause{Cond: list(cmd("true")), Then: list(cmd(":"))}))},
	{"mixed word", `a'b'"c"\d$e`, list(cmd(word(lit("a"), sq("b"), dq(lit("c")), esc("d"), pe("e"))))},
	{"comment", "echo a # b c\necho d", list(cmd("echo", "a"), cmd("echo", "d"))},
	{"hash inside word", "echo a#b '#' \\#", list(cmd("echo", "a#b", sq("#"), esc("#")))},
	{"comment only", "# nothing\n\n", nil},
	{"ansi c", `echo $'a\nb\t\\\'\"\x41\101\0101\e\a\cA\u00e9\q'`, list(cmd("echo", ansi("a\nb\t\\'\"AA\x081\x1b\x07\x01é\\q")))},
	{"dollar dq", `echo $"hi $x"`, list(cmd("echo", dq(lit("hi "), pe("x"))))},
	{"literal dollar", `echo $ a$ $/ "$" $%`, list(cmd("echo", "$", "a$", "$/", dq(lit("$")), "$%"))},
	{"braces are words", "echo { } {a,b}", list(cmd("echo", "{", "}", "{a,b}"))},
	{"reserved as args", "echo if then fi do done in", list(cmd("echo", "if", "then", "fi", "do", "done", "in"))},
	{"bang word", "echo !", list(cmd("echo", "!"))},
	{"glob chars", "ls *.go [ab]? x=[y]", list(cmd("ls", "*.go", "[ab]?", "x=[y]"))},

	// Parameters.
	{"short params", `echo $x $_y1 $? $$ $! $# $@ $* $- $0 $9 $10`, list(cmd("echo", pe("x"), pe("_y1"), pe("?"), pe("$"), pe("!"), pe("#"), pe("@"), pe("*"), pe("-"), pe("0"), pe("9"), word(pe("1"), lit("0"))))},
	{"braced params", `echo ${x} ${10} ${#} ${?} ${@}`, list(cmd("echo", pb("x", 0, nil), pb("10", 0, nil), pb("#", 0, nil), pb("?", 0, nil), pb("@", 0, nil)))},
	{"param ops", `echo ${x:-w} ${x-w} ${x:=w} ${x=w} ${x:+w} ${x+w} ${x:?w} ${x?w}`, list(cmd("echo",
		pb("x", ParamDefaultColon, lw("w")), pb("x", ParamDefault, lw("w")),
		pb("x", ParamAssignColon, lw("w")), pb("x", ParamAssign, lw("w")),
		pb("x", ParamAltColon, lw("w")), pb("x", ParamAlt, lw("w")),
		pb("x", ParamErrorColon, lw("w")), pb("x", ParamError, lw("w"))))},
	{"trim ops", `echo ${x%p} ${x%%p} ${x#p} ${x##p}`, list(cmd("echo",
		pb("x", ParamTrimSuffix, lw("p")), pb("x", ParamTrimSuffixLong, lw("p")),
		pb("x", ParamTrimPrefix, lw("p")), pb("x", ParamTrimPrefixLong, lw("p"))))},
	{"length", `echo ${#x} ${#@} ${##} ${#-w}`, list(cmd("echo",
		&ParamExp{Length: true, Param: "x"}, &ParamExp{Length: true, Param: "@"},
		&ParamExp{Length: true, Param: "#"}, pb("#", ParamDefault, lw("w"))))},
	{"empty arg", `echo ${x:-} ${x-}`, list(cmd("echo", pb("x", ParamDefaultColon, nil), pb("x", ParamDefault, nil)))},
	{"index", `echo ${PIPESTATUS[@]} ${PIPESTATUS[1]} ${a[*]} ${#a[@]}`, list(cmd("echo",
		&ParamExp{Param: "PIPESTATUS", Index: "@"}, &ParamExp{Param: "PIPESTATUS", Sub: lw("1")},
		&ParamExp{Param: "a", Index: "*"}, &ParamExp{Length: true, Param: "a", Index: "@"}))},
	{"arg unquoted", `echo ${x:-a b|c;d} ${x:-'q'"r"\}$y} ${x:-{a}}`, list(cmd("echo",
		pb("x", ParamDefaultColon, lw("a b|c;d")),
		pb("x", ParamDefaultColon, word(sq("q"), dq(lit("r")), esc("}"), pe("y"))),
		word(pb("x", ParamDefaultColon, lw("{a")), lit("}"))))}, // no bare "{" counts, as in bash
	{"arg tilde", `echo ${x:-~/d}`, list(cmd("echo", pb("x", ParamDefaultColon, word(tl(""), lit("/d")))))},
	{"arg in dq", `echo "${x:-a b} ${x:-"q r"} ${x:-'s'} ${x:-\}\$\a}"`, list(cmd("echo", dq(
		pb("x", ParamDefaultColon, lw("a b")), lit(" "),
		pb("x", ParamDefaultColon, word(dq(lit("q r")))), lit(" "),
		pb("x", ParamDefaultColon, lw("'s'")), lit(" "),
		pb("x", ParamDefaultColon, lw(`}$\a`)),
	)))},
	{"nested param", `echo ${x:-${y:-z}}`, list(cmd("echo", pb("x", ParamDefaultColon, word(pb("y", ParamDefaultColon, lw("z"))))))},
	{"params in dq", `echo "$x-${y}z$1"`, list(cmd("echo", dq(pe("x"), lit("-"), pb("y", 0, nil), lit("z"), pe("1"))))},

	// Bash parameter expansions.
	{"subscripts", `echo ${a[i+1]} ${a[$i]} ${#a[2]} "${a[@]}" ${a[b[1]]}`, list(cmd("echo",
		&ParamExp{Param: "a", Sub: lw("i+1")}, &ParamExp{Param: "a", Sub: word(pe("i"))},
		&ParamExp{Length: true, Param: "a", Sub: lw("2")}, dq(&ParamExp{Param: "a", Index: "@"}),
		&ParamExp{Param: "a", Sub: lw("b[1]")}))},
	// An operator after a length is read; expansion refuses it, as
	// bash does (a bad substitution when the word is expanded).
	{"length with operator", `echo ${#a:-b} ${#a/b}`, list(cmd("echo",
		word(&ParamExp{Length: true, Param: "a", Op: ParamDefaultColon, Arg: lw("b")}),
		word(&ParamExp{Length: true, Param: "a", Op: ParamReplace, Arg: lw("b")})))},
	{"replace", `echo ${x/a/b} ${x//a} ${x/#a/b} ${x/%a/} ${x/a\/b/c/d} ${x/"/"/$y}`, list(cmd("echo",
		&ParamExp{Param: "x", Op: ParamReplace, Arg: lw("a"), Repl: lw("b")},
		&ParamExp{Param: "x", Op: ParamReplaceAll, Arg: lw("a")},
		&ParamExp{Param: "x", Op: ParamReplacePrefix, Arg: lw("a"), Repl: lw("b")},
		&ParamExp{Param: "x", Op: ParamReplaceSuffix, Arg: lw("a")},
		&ParamExp{Param: "x", Op: ParamReplace, Arg: word(lit("a"), esc("/"), lit("b")), Repl: lw("c/d")},
		&ParamExp{Param: "x", Op: ParamReplace, Arg: word(dq(lit("/"))), Repl: word(pe("y"))}))},
	{"replace in dq", `echo "${x/a\/b/[&]}" "${x//\}/}"`, list(cmd("echo",
		dq(&ParamExp{Param: "x", Op: ParamReplace, Arg: lw("a/b"), Repl: lw("[&]")}),
		dq(&ParamExp{Param: "x", Op: ParamReplaceAll, Arg: lw("}")})))},
	{"slice", `echo ${x:1} ${x: -2} ${x:1:2} ${x:$n:(1+1)} ${@:2} ${x::}`, list(cmd("echo",
		&ParamExp{Param: "x", Op: ParamSlice, Arg: lw("1")},
		&ParamExp{Param: "x", Op: ParamSlice, Arg: lw(" -2")},
		&ParamExp{Param: "x", Op: ParamSliceLen, Arg: lw("1"), Repl: lw("2")},
		&ParamExp{Param: "x", Op: ParamSliceLen, Arg: word(pe("n")), Repl: lw("(1+1)")},
		&ParamExp{Param: "@", Op: ParamSlice, Arg: lw("2")},
		&ParamExp{Param: "x", Op: ParamSliceLen}))},
	// A ":" after a "?" is the conditional's.
	{"slice conditional", `echo ${x: 0<1 ? 2 : 0 : 1} ${x:a?b?1:2:3} ${x:(1?2:3):1}`, list(cmd("echo",
		&ParamExp{Param: "x", Op: ParamSliceLen, Arg: lw(" 0<1 ? 2 : 0 "), Repl: lw(" 1")},
		&ParamExp{Param: "x", Op: ParamSlice, Arg: lw("a?b?1:2:3")},
		&ParamExp{Param: "x", Op: ParamSliceLen, Arg: lw("(1?2:3)"), Repl: lw("1")}))},
	{"case ops", `echo ${x^} ${x^^} ${x,} ${x,,[AB]}`, list(cmd("echo",
		pb("x", ParamUpper, nil), pb("x", ParamUpperAll, nil), pb("x", ParamLower, nil), pb("x", ParamLowerAll, lw("[AB]"))))},
	{"pattern quotes in double quotes", `echo "${x#'a'}" "${x//$'b'/'c'}" "${x%\'}" "${x-'d'}"`, list(cmd("echo",
		dq(pb("x", ParamTrimPrefix, word(sq("a")))), dq(&ParamExp{Param: "x", Op: ParamReplaceAll, Arg: word(ansi("b")), Repl: word(sq("c"))}),
		dq(pb("x", ParamTrimSuffix, lw("'"))), dq(pb("x", ParamDefault, lw("'d'")))))},
	{"arith brackets", `echo $[1+2] "$[a[0] * 2]"`, list(cmd("echo",
		&ArithExp{Bracket: true, Expr: lw("1+2")}, dq(&ArithExp{Bracket: true, Expr: lw("a[0] * 2")})))},
	{"transform ops", `echo ${x@Q} "${a[@]@a}" ${@@P} ${!r@U}`, list(cmd("echo",
		pb("x", ParamTransform, lw("Q")), dq(&ParamExp{Param: "a", Index: "@", Op: ParamTransform, Arg: lw("a")}),
		pb("@", ParamTransform, lw("P")), &ParamExp{Indirect: true, Param: "r", Op: ParamTransform, Arg: lw("U")}))},
	{"indirect", `echo ${!x} ${!x:-d} ${!a[@]} ${!}`, list(cmd("echo",
		&ParamExp{Indirect: true, Param: "x"}, &ParamExp{Indirect: true, Param: "x", Op: ParamDefaultColon, Arg: lw("d")},
		&ParamExp{Indirect: true, Param: "a", Index: "@"}, pb("!", 0, nil)))},
	{"param names", `echo ${!BASH*} "${!x_@}"`, list(cmd("echo",
		&ParamExp{Indirect: true, Names: true, Param: "BASH", Index: "*"}, dq(&ParamExp{Indirect: true, Names: true, Param: "x_", Index: "@"})))},

	// Command substitution and arithmetic.
	{"cmdsubst", `echo $(ls -l) a$(b)c`, list(cmd("echo", cs(call("ls", "-l")), word(lit("a"), cs(call("b")), lit("c"))))},
	{"cmdsubst empty", `echo $()`, list(cmd("echo", cs()))},
	{"cmdsubst nested", `echo $(a $(b))`, list(cmd("echo", cs(call("a", cs(call("b"))))))},
	{"cmdsubst case", "echo $(case x in a) echo a;; (b|c) echo b;; esac)", list(cmd("echo", cs(st(&CaseClause{Word: lw("x"), Items: []*CaseItem{
		{Patterns: []*Word{lw("a")}, Body: list(cmd("echo", "a"))},
		{Patterns: []*Word{lw("b"), lw("c")}, Body: list(cmd("echo", "b"))},
	}}))))},
	{"cmdsubst in dq", `echo "$(echo ")")"`, list(cmd("echo", dq(cs(call("echo", dq(lit(")")))))))},
	{"procsubst", "diff <(a) >(b c)", list(cmd("diff", psIn(call("a")), psOut(call("b", "c"))))},
	{"procsubst in word", "echo --f=<(a) x<(b)y <(c)<(d)", list(cmd("echo", word(lit("--f="), psIn(call("a"))), word(lit("x"), psIn(call("b")), lit("y")), word(psIn(call("c")), psIn(call("d")))))},
	{"procsubst after digits", "echo 2<(a) 1>(b) 3<|>c", list(pl(cmd("echo", word(lit("2"), psIn(call("a"))), word(lit("1"), psOut(call("b"))), "3"), LinkBidi, cmd("c")))},
	{"procsubst redirect target", "cat < <(a) 3> >(b) <&0", list(cmd("cat", rd(-1, RdrIn, psIn(call("a"))), rd(3, RdrOut, psOut(call("b"))), rd(-1, DupIn, "0")))},
	{"procsubst into loop", "while read l; do :; done < <(a | b)", list(stg(&WhileClause{Cond: list(cmd("read", "l")), Body: list(cmd(":"))}, rd(-1, RdrIn, psIn(st(pl(cmd("a"), LinkPipe, cmd("b")))))))},
	{"procsubst list and nesting", "cat <(a; b <(c) &\n d) >( (e) )", list(cmd("cat", psIn(call("a"), bg(cmd("b", psIn(call("c")))), call("d")), psOut(st(&Subshell{Stmts: list(cmd("e"))}))))},
	{"procsubst empty", "echo <()", list(cmd("echo", psIn()))},
	{"extglob in test pattern", "[[ x == @(a b|<c>) && y != !(z) ]]; [[ x = *(a) ]]", list(
		stg(&TestClause{X: &TestBinary{Op: "&&",
			X: &TestBinary{Op: "==", X: lw("x"), Y: word(eg('@', lit("a b|<c>")))},
			Y: &TestBinary{Op: "!=", X: lw("y"), Y: word(eg('!', lit("z")))}}}),
		stg(&TestClause{X: &TestBinary{Op: "=", X: lw("x"), Y: word(eg('*', lit("a")))}}))},
	{"bang subshell without extglob", "!(true); x!", list(&Pipeline{Negated: true, Stages: []*Stage{stg(&Subshell{Stmts: list(cmd("true"))})}}, cmd("x!"))},
	{"procsubst quoted is literal", `echo "<(a)" '>(b)' \<x`, list(cmd("echo", dq(lit("<(a)")), sq(">(b)"), word(esc("<"), lit("x"))))},
	{"procsubst assign and arg", "x=<(a) y=${z:->(b)}", list(cmd(asg("x", word(psIn(call("a")))), asg("y", word(pb("z", ParamDefaultColon, word(psOut(call("b"))))))))},
	{"procsubst in cmdsubst and test", "echo $(cat <(a)); [[ -p <(b) ]]", list(cmd("echo", cs(call("cat", psIn(call("a"))))), stg(&TestClause{X: &TestUnary{Op: "-p", X: word(psIn(call("b")))}}))},
	{"procsubst heredoc inside", "cat <(cat <<E\nx\nE\n)", list(cmd("cat", psIn(call("cat", hd(-1, Heredoc, "E", lw("x\n"))))))},
	{"cmdsubst multiline", "x=$(\n  a\n  b\n)", list(cmd(asg("x", word(cs(call("a"), call("b"))))))},
	{"backquote", "echo `a b` \"`c`\"", list(cmd("echo", bq(call("a", "b")), dq(bq(call("c")))))},
	{"backquote escapes", "echo `echo \\$x \\`date\\` \\\\ \\a`", list(cmd("echo", bq(call("echo", pe("x"), bq(call("date")), word(esc(" "), esc("a"))))))},
	{"backquote dq escape", "echo \"`echo \\\"hi\\\"`\"", list(cmd("echo", dq(bq(call("echo", dq(lit("hi")))))))},
	{"arith", `echo $((1 + 2)) $(( $x * (3 - $(y)) )) $(())`, list(cmd("echo",
		ar(lit("1 + 2")),
		ar(lit(" "), pe("x"), lit(" * (3 - "), cs(call("y")), lit(") ")),
		ar()))},
	{"arith in dq", `echo "$((x+1))"`, list(cmd("echo", dq(ar(lit("x+1")))))},

	// Tilde.
	{"tilde", `echo ~ ~/a ~bob ~bob/x ~+ a~ '~' ~'x' \~ ~$x "~"`, list(cmd("echo",
		tl(""), word(tl(""), lit("/a")), tl("bob"), word(tl("bob"), lit("/x")), tl("+"),
		"a~", sq("~"), word(lit("~"), sq("x")), esc("~"), word(lit("~"), pe("x")), dq(lit("~"))))},
	{"tilde assign", `PATH=~/bin:~x/bin:/usr/bin:~ a=b~`, list(cmd(
		asg("PATH", word(tl(""), lit("/bin:"), tl("x"), lit("/bin:/usr/bin:"), tl(""))),
		asg("a", lw("b~"))))},
	// bash: a ":" ends a tilde prefix; an assignment's ${x-word} and
	// ${x+word} expand tildes after ":" too, ${x:=word} does not.
	{"tilde before colon", `echo ~:x ~u:~ a:~`, list(cmd("echo", word(tl(""), lit(":x")), word(tl("u"), lit(":~")), "a:~"))},
	{"tilde in assignment default", `x=${u-~:~} y=${u:=~:~}`, list(cmd(
		asg("x", word(pb("u", ParamDefault, word(tl(""), lit(":"), tl(""))))),
		asg("y", word(pb("u", ParamAssignColon, word(tl(""), lit(":~")))))))},
	{"tilde in regex", `[[ $x =~ ~ ]]`, list(stg(&TestClause{X: &TestBinary{Op: "=~", X: word(pe("x")), Y: word(tl(""))}}))},

	// Assignments.
	{"assign", "a=1 b= c+=x d=$y echo e=f", list(cmd(asg("a", lw("1")), asg("b", nil), &Assign{Name: "c", Append: true, Value: lw("x")}, asg("d", word(pe("y"))), "echo", "e=f"))},
	{"assign only", "x=1", list(cmd(asg("x", lw("1"))))},
	{"assign quoted", `x="a b"'c' 1a=b "y"=z`, list(cmd(asg("x", word(dq(lit("a b")), sq("c"))), "1a=b", word(dq(lit("y")), lit("=z"))))},
	{"assign after redirect", ">f x=1 cmd", list(cmd(rd(-1, RdrOut, "f"), asg("x", lw("1")), "cmd"))},
	{"assign keyword", "x=1 if", list(cmd(asg("x", lw("1")), "if"))},
	{"assign array", `a=(x "y z" $v) b+=(1) c=( ) d=(
	  p # comment
	  q
	)`, list(cmd(
		&Assign{Name: "a", Array: arr("x", word(dq(lit("y z"))), pe("v"))},
		&Assign{Name: "b", Append: true, Array: arr("1")},
		&Assign{Name: "c", Array: &ArrayExpr{}},
		&Assign{Name: "d", Array: arr("p", "q")}))},
	{"declare array", `declare -a a=(x "y z") b=1 c+=( ) d=( ); local l=($v) e='=('`, list(
		cmd("declare", "-a", "a=", arr("x", word(dq(lit("y z")))), "b=1", "c+=", &ArrayExpr{}, "d=", &ArrayExpr{}),
		cmd("local", "l=", arr(pe("v")), word(lit("e="), sq("=("))))},
	{"let and eval array text", `let x=( 1 + 2 ) y=(3); eval a=(1 "2 3")`, list(
		cmd("let", "x=", arr("1", "+", "2"), "y=", arr("3")),
		cmd("eval", "a=", arr("1", word(dq(lit("2 3"))))))},
	{"array subscripts", `a=([3]=x [i+1]+="y z" [$k]= [b[2]]=~/t [ab]* []=w x) declare -A m=(["a b"]=1 [$k]=$v)`, list(cmd(
		&Assign{Name: "a", Array: arr(
			&ArrayElem{Index: lw("3"), Value: lw("x")},
			&ArrayElem{Index: lw("i+1"), Append: true, Value: word(dq(lit("y z")))},
			&ArrayElem{Index: word(pe("k"))},
			&ArrayElem{Index: lw("b[2]"), Value: word(tl(""), lit("/t"))},
			"[ab]*", "[]=w", "x")},
		"declare", "-A", "m=", arr(
			&ArrayElem{Index: word(dq(lit("a b"))), Value: lw("1")},
			&ArrayElem{Index: word(pe("k")), Value: word(pe("v"))})))},
	{"assign index", `a[1]=x a[i+1]+=y a[$k]= a[b[2]]=z echo a[1]=x a[]=w`, list(cmd(
		&Assign{Name: "a", Index: lw("1"), Value: lw("x")},
		&Assign{Name: "a", Index: lw("i+1"), Append: true, Value: lw("y")},
		&Assign{Name: "a", Index: word(pe("k"))},
		&Assign{Name: "a", Index: lw("b[2]"), Value: lw("z")},
		"echo", "a[1]=x", "a[]=w"))},
	// a[]=w is an assignment that fails when it runs (bash), its empty
	// subscript kept as an empty literal (Word.EmptySubscript).
	{"assign empty index", `a[]=w a[]+=v`, list(cmd(
		&Assign{Name: "a", Index: lw(""), Value: lw("w")},
		&Assign{Name: "a", Index: lw(""), Append: true, Value: lw("v")}))},
	// In command position bash reads a name's "[…]" to its matching "]".
	{"assign index spaced", "a[1 + 2]=x >f b[ i[0] ; 1 ]+=y a[5 + 3] a[1 + 2]=z", list(cmd(
		&Assign{Name: "a", Index: lw("1 + 2"), Value: lw("x")},
		rd(-1, RdrOut, "f"),
		&Assign{Name: "b", Index: lw(" i[0] ; 1 "), Append: true, Value: lw("y")},
		"a[5 + 3]", "a[1", "+", "2]=z"))},
	{"assign index spaced lines", "a[1 +\\\n 2\n]=x", list(cmd(
		&Assign{Name: "a", Index: lw("1 + 2\n"), Value: lw("x")}))},

	// Redirections.
	{"redirs", "cmd <in >out >>app >|clob <>rw", list(cmd("cmd", rd(-1, RdrIn, "in"), rd(-1, RdrOut, "out"), rd(-1, RdrAppend, "app"), rd(-1, RdrClobber, "clob"), rd(-1, RdrInOut, "rw")))},
	{"redir fds", "cmd 2>err 10>x 2>&1 <&3 >&- 1<&- a2>x 2 >y", list(cmd("cmd", rd(2, RdrOut, "err"), rd(10, RdrOut, "x"), rd(2, DupOut, "1"), rd(-1, DupIn, "3"), rd(-1, DupOut, "-"), rd(1, DupIn, "-"), "a2", rd(-1, RdrOut, "x"), "2", rd(-1, RdrOut, "y")))},
	{"redir all", "cmd &>f &>>g >&file", list(cmd("cmd", rd(-1, RdrAll, "f"), rd(-1, AppendAll, "g"), rd(-1, DupOut, "file")))},
	{"redir anywhere", ">out echo a <in b", list(cmd(rd(-1, RdrOut, "out"), "echo", "a", rd(-1, RdrIn, "in"), "b"))},
	{"redir alone", ">out", list(cmd(rd(-1, RdrOut, "out")))},
	{"redir spaced", "cmd > out 2> err", list(cmd("cmd", rd(-1, RdrOut, "out"), rd(2, RdrOut, "err")))},
	{"herestring", `cat <<<"a $b" <<<c`, list(cmd("cat", rd(-1, Herestring, dq(lit("a "), pe("b"))), rd(-1, Herestring, "c")))},
	{"redir keyword first", ">f if", list(cmd(rd(-1, RdrOut, "f"), "if"))},

	// Here-documents.
	{"heredoc", "cat <<EOF\nhello $USER\n`a` $(b) $((1)) \\$x \\a\nEOF\necho after", list(
		cmd("cat", hd(-1, Heredoc, "EOF", word(lit("hello "), pe("USER"), lit("\n"), bq(call("a")), lit(" "), cs(call("b")), lit(" "), ar(lit("1")), lit(" $x \\a\n")))),
		cmd("echo", "after"))},
	{"heredoc quoted", "cat <<'EOF'\n$x `y` \\\nEOF\n", list(cmd("cat", hd(-1, Heredoc, sq("EOF"), lw("$x `y` \\\n"))))},
	{"heredoc partly quoted", "cat <<E\"O\"F\n$x\nEOF\n", list(cmd("cat", hd(-1, Heredoc, word(lit("E"), dq(lit("O")), lit("F")), lw("$x\n"))))},
	{"heredoc backslash delim", "cat <<\\EOF\n$x\nEOF\n", list(cmd("cat", hd(-1, Heredoc, word(esc("E"), lit("OF")), lw("$x\n"))))},
	{"heredoc dash", "cat <<-EOF\n\t\ta\n\tb $x\n\tEOF\n", list(cmd("cat", hd(-1, DashHeredoc, "EOF", word(lit("a\nb "), pe("x"), lit("\n")))))},
	{"heredoc dash quoted", "cat <<-'E'\n\ta\n\tE\n", list(cmd("cat", hd(-1, DashHeredoc, sq("E"), lw("a\n"))))},
	{"heredoc empty", "cat <<EOF\nEOF\n", list(cmd("cat", hd(-1, Heredoc, "EOF", nil)))},
	{"heredoc at eof", "cat <<EOF\na\nEOF", list(cmd("cat", hd(-1, Heredoc, "EOF", lw("a\n"))))},
	{"heredoc two", "cat <<A; cat <<B\na\nA\nb\nB\necho", list(
		cmd("cat", hd(-1, Heredoc, "A", lw("a\n"))), cmd("cat", hd(-1, Heredoc, "B", lw("b\n"))), cmd("echo"))},
	{"heredoc two one cmd", "cat <<A 3<<B\na\nA\nb\nB\n", list(cmd("cat", hd(-1, Heredoc, "A", lw("a\n")), hd(3, Heredoc, "B", lw("b\n"))))},
	{"heredoc continuation", "cat <<EOF\na\\\nEOF\nEOF\n", list(cmd("cat", hd(-1, Heredoc, "EOF", lw("aEOF\n"))))},
	{"heredoc in pipeline", "cat <<EOF | wc -l\nx\nEOF\n", list(pl(cmd("cat", hd(-1, Heredoc, "EOF", lw("x\n"))), LinkPipe, cmd("wc", "-l")))},
	{"heredoc in cmdsubst", "x=$(cat <<EOF\nin\nEOF\n)\necho $x", list(
		cmd(asg("x", word(cs(call("cat", hd(-1, Heredoc, "EOF", lw("in\n"))))))), cmd("echo", pe("x")))},
	{"heredoc in compound", "if a; then cat <<EOF; fi\nbody\nEOF\n", list(stg(&IfClause{Cond: list(cmd("a")), Then: list(cmd("cat", hd(-1, Heredoc, "EOF", lw("body\n"))))}))},
	{"heredoc body param arg", "cat <<EOF\n${x:-\"a\"}\nEOF\n", list(cmd("cat", hd(-1, Heredoc, "EOF", word(pb("x", ParamDefaultColon, lw(`"a"`)), lit("\n")))))},
	{"heredoc spaced delim", "cat << EOF\nx\nEOF\n", list(cmd("cat", hd(-1, Heredoc, "EOF", lw("x\n"))))},

	// Pipelines and lists.
	{"pipes", "a | b |& c |> d |>tcp e <|> f <|>tcp g", list(pl(cmd("a"), LinkPipe, cmd("b"), LinkPipeAll, cmd("c"), LinkUnix, cmd("d"), LinkTCP, cmd("e"), LinkBidi, cmd("f"), LinkBidiTCP, cmd("g")))},
	{"pipes glued", "a|b|&c|>d", list(pl(cmd("a"), LinkPipe, cmd("b"), LinkPipeAll, cmd("c"), LinkUnix, cmd("d")))},
	{"tcp spaced", "a |> tcp", list(pl(cmd("a"), LinkUnix, cmd("tcp")))},
	{"tcp glued word", "a |>tcpx", list(pl(cmd("a"), LinkUnix, cmd("tcpx")))},
	{"tcp glued op", "a |>tcp(b) <|>tcp{", list(pl(cmd("a"), LinkTCP, &Subshell{Stmts: list(cmd("b"))}, LinkBidi, cmd("tcp{")))},
	{"negation", "! a | b", list(pl("!", cmd("a"), LinkPipe, cmd("b")))},
	{"and or", "a && b || c", list(ao(cmd("a"), AndIf, cmd("b"), OrIf, cmd("c")))},
	{"newline after ops", "a |\n\n b &&\n # comment\n c ||\n d", list(ao(pl(cmd("a"), LinkPipe, cmd("b")), AndIf, cmd("c"), OrIf, cmd("d")))},
	{"semicolons", "a; b & c;", list(call("a"), bg(cmd("b")), call("c"))},
	{"background", "a & b &", list(bg(cmd("a")), bg(cmd("b")))},
	{"lines", "a\n\nb\n", list(cmd("a"), cmd("b"))},

	// Compound commands.
	{"block", "{ a; b\n}", list(stg(&Block{Stmts: list(cmd("a"), cmd("b"))}))},
	{"subshell", "(a; b) >f", list(stg(&Subshell{Stmts: list(cmd("a"), cmd("b"))}, rd(-1, RdrOut, "f")))},
	{"nested subshell", "( (a) )", list(stg(&Subshell{Stmts: list(stg(&Subshell{Stmts: list(cmd("a"))}))}))},
	{"if", "if a; then b; fi", list(stg(&IfClause{Cond: list(cmd("a")), Then: list(cmd("b"))}))},
	{"if full", "if a\nthen\n b\nelif c; then d\nelif e; then f\nelse\n g\nfi 2>/dev/null", list(stg(&IfClause{
		Cond: list(cmd("a")), Then: list(cmd("b")),
		Elifs: []*Elif{{Cond: list(cmd("c")), Then: list(cmd("d"))}, {Cond: list(cmd("e")), Then: list(cmd("f"))}},
		Else:  list(cmd("g")),
	}, rd(2, RdrOut, "/dev/null")))},
	{"while", "while a; do b; done", list(stg(&WhileClause{Cond: list(cmd("a")), Body: list(cmd("b"))}))},
	{"until", "until a\ndo\nb\ndone | c", list(pl(&WhileClause{Until: true, Cond: list(cmd("a")), Body: list(cmd("b"))}, LinkPipe, cmd("c")))},
	{"for in", "for x in a b; do echo $x; done", list(stg(&ForClause{Name: "x", HasIn: true, Words: []*Word{lw("a"), lw("b")}, Body: list(cmd("echo", pe("x")))}))},
	{"for in newline", "for x in a\ndo c; done", list(stg(&ForClause{Name: "x", HasIn: true, Words: []*Word{lw("a")}, Body: list(cmd("c"))}))},
	{"for in empty", "for x in; do c; done", list(stg(&ForClause{Name: "x", HasIn: true, Body: list(cmd("c"))}))},
	{"for no in", "for x; do c; done", list(stg(&ForClause{Name: "x", Body: list(cmd("c"))}))},
	{"for do", "for x do c; done", list(stg(&ForClause{Name: "x", Body: list(cmd("c"))}))},
	{"for newline do", "for x\ndo c\ndone", list(stg(&ForClause{Name: "x", Body: list(cmd("c"))}))},
	{"for newline in", "for x\nin a b\ndo c\ndone", list(stg(&ForClause{Name: "x", HasIn: true, Words: []*Word{lw("a"), lw("b")}, Body: list(cmd("c"))}))},
	{"for keyword words", "for x in do done; do c; done", list(stg(&ForClause{Name: "x", HasIn: true, Words: []*Word{lw("do"), lw("done")}, Body: list(cmd("c"))}))},
	{"select in", "select x in a b; do echo $x; done", list(stg(&SelectClause{Name: "x", HasIn: true, Words: []*Word{lw("a"), lw("b")}, Body: list(cmd("echo", pe("x")))}))},
	{"select no in", "select x\ndo c\ndone >f", list(stg(&SelectClause{Name: "x", Body: list(cmd("c"))}, rd(-1, RdrOut, "f")))},
	{"select in empty", "select x in; do c; done", list(stg(&SelectClause{Name: "x", HasIn: true, Body: list(cmd("c"))}))},
	{"select newline in", "select x\nin a\ndo c; break; done | d", list(pl(&SelectClause{Name: "x", HasIn: true, Words: []*Word{lw("a")}, Body: list(cmd("c"), cmd("break"))}, LinkPipe, cmd("d")))},
	{"select as argument", "echo select", list(cmd("echo", "select"))},
	{"case", "case $x in\n a|b) c;;\n (d) e; f;&\n *) g;;&\n h) ;;\n i) j\nesac", list(stg(&CaseClause{Word: word(pe("x")), Items: []*CaseItem{
		{Patterns: []*Word{lw("a"), lw("b")}, Body: list(cmd("c"))},
		{Patterns: []*Word{lw("d")}, Body: list(cmd("e"), cmd("f")), Op: CaseFallthrough},
		{Patterns: []*Word{lw("*")}, Body: list(cmd("g")), Op: CaseContinue},
		{Patterns: []*Word{lw("h")}},
		{Patterns: []*Word{lw("i")}, Body: list(cmd("j"))},
	}}))},
	{"case empty", "case x in esac", list(stg(&CaseClause{Word: lw("x")}))},
	{"case newline in", "case x\nin\n(esac) a;;\nesac", list(stg(&CaseClause{Word: lw("x"), Items: []*CaseItem{{Patterns: []*Word{lw("esac")}, Body: list(cmd("a"))}}}))},
	{"case one line", "case x in a) b;; esac", list(stg(&CaseClause{Word: lw("x"), Items: []*CaseItem{{Patterns: []*Word{lw("a")}, Body: list(cmd("b"))}}}))},
	{"func", "f() { a; }", list(stg(&FuncDecl{Name: "f", Body: stg(&Block{Stmts: list(cmd("a"))})}))},
	{"func spaced", "f ( )\n{ a; } >log", list(stg(&FuncDecl{Name: "f", Body: stg(&Block{Stmts: list(cmd("a"))}, rd(-1, RdrOut, "log"))}))},
	{"func keyword", "function f { a; }", list(stg(&FuncDecl{Name: "f", Body: stg(&Block{Stmts: list(cmd("a"))})}))},
	{"func keyword parens", "function f() ( a )", list(stg(&FuncDecl{Name: "f", Body: stg(&Subshell{Stmts: list(cmd("a"))})}))},
	{"func if body", "f() if a; then b; fi", list(stg(&FuncDecl{Name: "f", Body: stg(&IfClause{Cond: list(cmd("a")), Then: list(cmd("b"))})}))},
	{"func dashed name", "a-b() { :; }", list(stg(&FuncDecl{Name: "a-b", Body: stg(&Block{Stmts: list(cmd(":"))})}))},
	{"negated compound", "! { a; } && b", list(ao(pl("!", &Block{Stmts: list(cmd("a"))}), AndIf, cmd("b")))},
	{"compound in pipe", "{ a; } | while read l; do b; done", list(pl(&Block{Stmts: list(cmd("a"))}, LinkPipe, &WhileClause{Cond: list(cmd("read", "l")), Body: list(cmd("b"))}))},
	{"block closer as arg", "{ echo }; }", list(stg(&Block{Stmts: list(cmd("echo", "}"))}))},
	{"background in block", "{ a & }", list(stg(&Block{Stmts: list(bg(cmd("a")))}))},

	// Bash compound commands.
	{"test clause", `[[ -f $f && ! ( $a == b* || $a < "c" ) ]] 2>/dev/null`, list(stg(&TestClause{X: &TestBinary{Op: "&&",
		X: &TestUnary{Op: "-f", X: word(pe("f"))},
		Y: &TestUnary{Op: "!", X: &TestParen{X: &TestBinary{Op: "||",
			X: &TestBinary{Op: "==", X: word(pe("a")), Y: lw("b*")},
			Y: &TestBinary{Op: "<", X: word(pe("a")), Y: word(dq(lit("c")))}}}}}}, rd(2, RdrOut, "/dev/null")))},
	{"test regex", `[[ $x =~ ^(a|b)+[[:space:]]$ ]] && echo "${BASH_REMATCH[1]}"`, list(ao(
		&TestClause{X: &TestBinary{Op: "=~", X: word(pe("x")), Y: lw("^(a|b)+[[:space:]]$")}},
		AndIf, cmd("echo", dq(&ParamExp{Param: "BASH_REMATCH", Sub: lw("1")}))))},
	{"test regex quoted", `[[ $x =~ "a.b"c\ d ]]`, list(stg(&TestClause{X: &TestBinary{Op: "=~", X: word(pe("x")), Y: word(dq(lit("a.b")), lit("c"), esc(" "), lit("d"))}}))},
	{"test simple", "[[ a ]]; [[ 1 -eq 2 || x > y ]]\n[[ a &&\n b ]]", list(
		stg(&TestClause{X: lw("a")}),
		stg(&TestClause{X: &TestBinary{Op: "||", X: &TestBinary{Op: "-eq", X: lw("1"), Y: lw("2")}, Y: &TestBinary{Op: ">", X: lw("x"), Y: lw("y")}}}),
		stg(&TestClause{X: &TestBinary{Op: "&&", X: lw("a"), Y: lw("b")}}))},
	{"arith cmd", "((x = 1 + 2)) && (( y++ ))\n(())", list(
		ao(&ArithCmd{Expr: lw("x = 1 + 2")}, AndIf, &ArithCmd{Expr: lw(" y++ ")}),
		stg(&ArithCmd{}))},
	{"arith cmd expansions", `(( $x + $(y) * (2) ))`, list(stg(&ArithCmd{Expr: word(lit(" "), pe("x"), lit(" + "), cs(call("y")), lit(" * (2) "))}))},
	{"nested subshells not arith", "((a) )", list(stg(&Subshell{Stmts: list(stg(&Subshell{Stmts: list(cmd("a"))}))}))},
	{"arith for", "for ((i=0; i<3; i++)); do echo $i; done", list(stg(&ArithForClause{Init: lw("i=0"), Cond: lw(" i<3"), Post: lw(" i++"), Body: list(cmd("echo", pe("i")))}))},
	{"arith for empty", "for ((;;))\ndo b; done", list(stg(&ArithForClause{Body: list(cmd("b"))}))},
}

func parseStmts(t testing.TB, src string) []*Stmt {
	t.Helper()
	f, err := Parse([]byte(src), "")
	if err != nil {
		t.Fatalf("Parse(%q): %v", src, err)
	}
	return f.Stmts
}

func TestParse(t *testing.T) {
	for _, c := range parseCases {
		t.Run(c.name, func(t *testing.T) {
			got := zeroPos(parseStmts(t, c.src))
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("Parse(%q)\ngot:\n%s\nwant:\n%s", c.src, dump(got), dump(c.want))
			}
		})
	}
}

// extGlobCases are parsed with Config.ExtGlob reporting true; the
// round-trip, position and fuzz tests use them too.
var extGlobCases = []parseCase{
	{"extglob words", "ls !(*.go) a@(b|c)d ?(x)*(y)+(z)", list(cmd("ls", word(eg('!', lit("*.go"))), word(lit("a"), eg('@', lit("b|c")), lit("d")), word(eg('?', lit("x")), eg('*', lit("y")), eg('+', lit("z")))))},
	{"extglob operators inside", "echo @(a b|<c>;&\n) x", list(cmd("echo", word(eg('@', lit("a b|<c>;&\n"))), "x"))},
	{"extglob empty and parens", "echo @() @(a(b)c|(d))", list(cmd("echo", word(eg('@')), word(eg('@', lit("a(b)c|(d)")))))},
	{"extglob nested", "echo +(ab@(c|!(d)))", list(cmd("echo", word(eg('+', lit("ab"), eg('@', lit("c|"), eg('!', lit("d")))))))},
	{"extglob quoted parts", `echo @(a|'|'|"b)"|\)|$x|$(echo ')'))`, list(cmd("echo", word(eg('@', lit("a|"), sq("|"), lit("|"), dq(lit("b)")), lit("|"), esc(")"), lit("|"), pe("x"), lit("|"), cs(call("echo", sq(")")))))))},
	{"extglob quoted opener is literal", `echo "@(a" '!(b' \*`, list(cmd("echo", dq(lit("@(a")), sq("!(b"), esc("*")))},
	{"extglob bang word", "!(true); ! (true)", list(cmd(word(eg('!', lit("true")))), &Pipeline{Negated: true, Stages: []*Stage{stg(&Subshell{Stmts: list(cmd("true"))})}})},
	{"extglob pipes and substitutions stay", "a @(b|c) | d <(e) $(f) >(g)", list(pl(cmd("a", word(eg('@', lit("b|c")))), LinkPipe, cmd("d", psIn(call("e")), cs(call("f")), psOut(call("g")))))},
	{"extglob case pattern", "case x in @(a|b)|!(c)) y;; (*(d)) ;; esac", list(stg(&CaseClause{Word: lw("x"), Items: []*CaseItem{
		{Patterns: []*Word{word(eg('@', lit("a|b"))), word(eg('!', lit("c")))}, Body: list(cmd("y")), Op: CaseBreak},
		{Patterns: []*Word{word(eg('*', lit("d")))}, Op: CaseBreak}}}))},
	{"extglob test operand", "[[ @(a) && -n +(b) ]]", list(stg(&TestClause{X: &TestBinary{Op: "&&", X: word(eg('@', lit("a"))), Y: &TestUnary{Op: "-n", X: word(eg('+', lit("b")))}}}))},
	{"extglob assignment and array", "x=@(a|b) y=(?(c) d)", list(cmd(asg("x", word(eg('@', lit("a|b")))), &Assign{Name: "y", Array: arr(word(eg('?', lit("c"))), "d")}))},
	{"extglob param pattern is text", "echo ${x##*(0)} ${x//+([0-9])/N}", list(cmd("echo", pb("x", ParamTrimPrefixLong, lw("*(0)")), &ParamExp{Param: "x", Op: ParamReplaceAll, Arg: lw("+([0-9])"), Repl: lw("N")}))},
	{"extglob in command substitution", "echo $(ls !(x)) `ls @(y)`", list(cmd("echo", cs(call("ls", word(eg('!', lit("x"))))), bq(call("ls", word(eg('@', lit("y")))))))},
}

var extGlobOn = Config{ExtGlob: func() bool { return true }}

func TestParseExtGlob(t *testing.T) {
	for _, c := range extGlobCases {
		t.Run(c.name, func(t *testing.T) {
			f, err := extGlobOn.Parse([]byte(c.src), "")
			if err != nil {
				t.Fatalf("Parse(%q): %v", c.src, err)
			}
			got := zeroPos(f.Stmts)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("Parse(%q)\ngot:\n%s\nwant:\n%s", c.src, dump(got), dump(c.want))
			}
		})
	}
}

// TestExtGlobHook checks that the hook is asked as each command is read,
// so that a command can turn extglob on for the ones after it.
func TestExtGlobHook(t *testing.T) {
	on := false
	p := Config{ExtGlob: func() bool { return on }}.NewParser([]byte("a\necho @(b)\n"), "")
	if _, err := p.Next(); err != nil {
		t.Fatal(err)
	}
	on = true
	stmts, err := p.Next()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := zeroPos(stmts), list(cmd("echo", word(eg('@', lit("b"))))); !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", dump(got), dump(want))
	}
}

// TestNext checks that Next returns one complete command at a time, with
// the here-documents of its line.
func TestNext(t *testing.T) {
	src := "a; b\n\n# c\nif x\nthen y\nfi\ncat <<E | d\nbody\nE\ne &&\nf\ng; if then\nh\n"
	p := NewParser([]byte(src), "s.sh")
	var got []string
	for {
		stmts, err := p.Next()
		if err == io.EOF {
			t.Fatal("reached EOF without the syntax error")
		}
		if err != nil {
			if want := "s.sh:12:7: `then` unexpected"; err.Error() != want {
				t.Errorf("error %q, want %q", err, want)
			}
			break
		}
		var parts []string
		for _, s := range stmts {
			parts = append(parts, Format(s))
		}
		got = append(got, strings.Join(parts, " ; "))
	}
	want := []string{"a ; b", "if x; then y; fi", "cat <<E | d\nbody\nE\n", "e && f"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("commands %q, want %q", got, want)
	}
	if _, err := p.Next(); err == nil || err == io.EOF {
		t.Errorf("Next after an error returned %v", err)
	}
	p = NewParser([]byte("a\n"), "")
	if _, err := p.Next(); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := p.Next(); err != io.EOF {
			t.Errorf("Next at end: %v, want io.EOF", err)
		}
	}
}

func TestIsName(t *testing.T) {
	for s, want := range map[string]bool{"a": true, "_": true, "A_1": true, "": false, "1a": false, "a-b": false, "é": false} {
		if IsName(s) != want {
			t.Errorf("IsName(%q) = %v", s, !want)
		}
	}
}
