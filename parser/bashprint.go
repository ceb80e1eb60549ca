package parser

import (
	"slices"
	"strconv"
	"strings"
)

// FormatFunc returns a function definition laid out as bash prints one
// for declare -f, type and command -V: "name () " on a line, then the
// body as a brace group with each command on its own line, indented
// four spaces a level. A body that is not a brace group is wrapped in
// one, as bash does. The text parses back to the same function.
func FormatFunc(fd *FuncDecl) string {
	p := bashPrinter{unit: 4}
	// a reserved word of bash's as the name would read as the word
	if isReservedWord(fd.Name) || slices.Contains([]string{"[[", "]]", "time", "coproc"}, fd.Name) {
		p.str("function ")
	}
	p.str(fd.Name + " () \n{ \n")
	p.funcBody(fd.Body, 4)
	return p.b.String()
}

// FormatFuncValue is the value bash gives an exported function in the
// environment (BASH_FUNC_name%%): "() { " and the body on lines
// indented one space, which bash children read back.
func FormatFuncValue(fd *FuncDecl) string {
	p := bashPrinter{unit: 0}
	p.str("() { ")
	p.funcBody(fd.Body, 1)
	return p.b.String()
}

// bashPrinter writes commands in the layout of bash's command printer.
// Bash prints a list as a chain of connectors: "a; b" is a, ";", b, and
// inside a function ";" is followed by a newline and the next command
// indented. A command starts with the current indentation unless skip
// says it follows on the same line (after "if ", "&& ", "( " …).
type bashPrinter struct {
	b      strings.Builder
	unit   int // spaces a level indents
	indent int // spaces at the start of a line now
	skip   int // commands still to start without indentation
	// pending: here-documents whose headers are written and whose bodies
	// wait for the end of the command (or the connector after it)
	pending []*Redirect
	// wasHeredoc: here-document bodies were written since the last
	// redirections, and bash leaves out the ";" after the command that
	// ends then (even a compound one, whose line is not theirs)
	wasHeredoc bool
	// inLine: printing the commands of a $(…), where bash keeps ";" on
	// the line and a newline as one, and a brace group on one line
	inLine bool
}

// bashComsub is the text of the commands of a $(…) as bash prints it.
func bashComsub(stmts []*Stmt) string {
	p := bashPrinter{unit: 4, inLine: true}
	p.list(stmts)
	return p.b.String()
}

// syntax returns what print writes with a printer that lays out the
// commands of a $(…) as bash does.
func syntax(print func(*printer)) string {
	in := printer{comsub: bashComsub}
	print(&in)
	return in.b.String()
}

func (p *bashPrinter) str(s string) { p.b.WriteString(s) }

// newline ends the line and starts the next at the indentation with s.
func (p *bashPrinter) newline(s string) {
	p.str("\n" + strings.Repeat(" ", p.indent) + s)
}

// semicolon ends a list before a reserved word, unless the text ends a
// line or a background command already.
func (p *bashPrinter) semicolon() {
	s := p.b.String()
	if s != "" && (s[len(s)-1] == '&' || s[len(s)-1] == '\n') {
		return
	}
	p.str(";")
}

// start begins a command: indented, or not after a connector on the line.
func (p *bashPrinter) start() {
	if p.skip > 0 {
		p.skip--
		return
	}
	p.str(strings.Repeat(" ", p.indent))
}

// funcBody writes a function's body at indentation level ind, then the
// closing brace and the redirections of a brace-group body.
func (p *bashPrinter) funcBody(body *Stage, ind int) {
	saved := p.indent
	p.indent = ind
	var redirs []*Redirect
	if b, ok := body.Cmd.(*Block); ok {
		redirs = body.Redirs
		p.list(b.Stmts)
	} else {
		p.stage(body)
		p.flush("")
	}
	p.indent = saved
	if len(redirs) > 0 {
		p.newline("} ")
		p.redirs(redirs)
		p.flush("")
		return
	}
	p.newline("}")
}

// flush writes cs, then the pending here-document bodies: a newline,
// each body with its delimiter line, and a space before what follows cs.
func (p *bashPrinter) flush(cs string) {
	p.str(cs)
	if len(p.pending) == 0 {
		return
	}
	p.str("\n")
	for _, r := range p.pending {
		p.str(heredocBody(r))
	}
	p.pending = nil
	p.wasHeredoc = true
	if cs != "" {
		p.str(" ")
	}
}

// list writes a list of statements, each on its own line. The bodies of
// a statement's here-documents end its line, taking the place of ";".
func (p *bashPrinter) list(stmts []*Stmt) {
	last := len(stmts) - 1
	for i, s := range stmts {
		p.andOr(s.AndOr)
		if s.Background {
			p.flush(" &")
			if i < last {
				p.str(" ")
				p.skip++
			}
			continue
		}
		heredocs := len(p.pending) > 0
		p.flush("")
		switch {
		case i == last:
			continue
		case heredocs && p.inLine:
		case p.inLine && s.Semicolon.IsValid():
			p.str("; ")
			p.skip++
		case p.inLine:
			p.str("\n")
		case p.wasHeredoc:
			p.str("\n")
		default:
			p.str(";\n")
		}
		p.wasHeredoc = false
	}
}

func (p *bashPrinter) andOr(a *AndOr) {
	p.pipeline(a.First)
	for _, it := range a.Rest {
		if it.Op == AndIf {
			p.flush(" && ")
		} else {
			p.flush(" || ")
		}
		p.skip++
		p.pipeline(it.Pipeline)
	}
}

func (p *bashPrinter) pipeline(pl *Pipeline) {
	p.start()
	if pl.Negated {
		p.str("! ")
	}
	for i, st := range pl.Stages {
		if i > 0 {
			kind := LinkPipe
			if i-1 < len(pl.Links) {
				kind = pl.Links[i-1].Kind
			}
			switch kind {
			case LinkPipe:
				p.flush(" |")
			case LinkPipeAll:
				// bash runs |& as 2>&1 | and prints it so
				p.str(" 2>&1")
				p.flush(" |")
			default:
				p.flush(" " + kind.String())
			}
			p.str(" ")
		}
		p.skip++
		p.stage(st)
	}
}

func (p *bashPrinter) stage(st *Stage) {
	p.command(st.Cmd)
	if len(st.Redirs) > 0 {
		p.str(" ")
		p.redirs(st.Redirs)
	}
}

// words writes ws with sep between them.
func (p *bashPrinter) words(ws []*Word, sep string) {
	for i, w := range ws {
		if i > 0 {
			p.str(sep)
		}
		p.str(bashWord(w))
	}
}

// bashWord is a word's text as bash prints it: bash has turned $'…'
// into '…' when it parsed the word.
func bashWord(w *Word) string {
	return syntax(func(in *printer) {
		braces := 0
		for _, part := range w.Parts {
			if q, ok := part.(*SglQuoted); ok && q.Dollar && !strings.Contains(q.Value, "'") {
				in.str("'" + q.Value + "'")
				continue
			}
			in.part(part, ctxWord, &braces)
		}
	})
}

func (p *bashPrinter) command(c Command) {
	p.start()
	switch c := c.(type) {
	case *SimpleCmd:
		sep := ""
		for _, a := range c.Assigns {
			p.str(sep + syntax(func(in *printer) { in.assign(a) }))
			sep = " "
		}
		for i, w := range c.Args {
			p.str(sep + bashWord(w))
			if a := c.ArgArrays[i]; a != nil {
				p.str(syntax(func(in *printer) { in.array(a) }))
			}
			sep = " "
		}
	case *Block:
		if p.inLine {
			p.str("{ ")
			p.skip++
			p.list(c.Stmts)
			p.semicolon()
			p.str(" }")
			break
		}
		p.str("{ \n")
		p.indent += p.unit
		p.list(c.Stmts)
		p.indent -= p.unit
		p.newline("}")
	case *Subshell:
		p.str("( ")
		p.skip++
		p.list(c.Stmts)
		p.str(" )")
	case *IfClause:
		p.ifClause(c.Cond, c.Then, c.Elifs, c.Else)
	case *WhileClause:
		if c.Until {
			p.str("until ")
		} else {
			p.str("while ")
		}
		p.skip++
		p.list(c.Cond)
		p.semicolon()
		p.str(" do\n")
		p.body(c.Body)
	case *ForClause:
		p.forLoop("for", c.Name, c.HasIn, c.Words, c.Body)
	case *SelectClause:
		p.forLoop("select", c.Name, c.HasIn, c.Words, c.Body)
	case *ArithForClause:
		p.str("for ((")
		for i, w := range []*Word{c.Init, c.Cond, c.Post} {
			if i > 0 {
				p.str("; ")
			}
			if w == nil || len(w.Parts) == 0 {
				p.str("1") // bash fills in an empty expression so
				continue
			}
			var in printer
			in.parts(w.Parts, ctxArith)
			p.str(strings.TrimSpace(in.b.String()))
		}
		p.str("))")
		p.newline("do\n")
		p.body(c.Body)
	case *CaseClause:
		p.str("case " + bashWord(c.Word) + " in ")
		p.indent += p.unit
		for _, it := range c.Items {
			p.newline("")
			p.words(it.Patterns, " | ")
			p.str(")\n")
			p.indent += p.unit
			p.list(it.Body)
			p.indent -= p.unit
			p.newline([...]string{CaseBreak: ";;", CaseFallthrough: ";&", CaseContinue: ";;&"}[it.Op])
		}
		p.indent -= p.unit
		p.newline("esac")
	case *ArithCmd:
		p.str(syntax(func(in *printer) { in.command(c) }))
	case *TestClause:
		p.str("[[ " + bashTest(c.X) + " ]]")
	case *FuncDecl:
		inLine := p.inLine
		p.inLine = false
		p.str("function " + c.Name + " () ")
		p.newline("{ \n")
		p.funcBody(c.Body, p.indent+p.unit)
		p.inLine = inLine
	}
}

// bashTest is an expression of [[ ]] as bash prints it: a word that
// stands alone is the test it means, -n word.
func bashTest(x TestExpr) string {
	switch x := x.(type) {
	case *Word:
		return "-n " + bashWord(x)
	case *TestUnary:
		if w, ok := x.X.(*Word); ok && x.Op != "!" {
			return x.Op + " " + bashWord(w)
		}
		return x.Op + " " + bashTest(x.X)
	case *TestBinary:
		if x.Op == "&&" || x.Op == "||" {
			return bashTest(x.X) + " " + x.Op + " " + bashTest(x.Y)
		}
		return syntax(func(in *printer) { in.testExpr(x) })
	case *TestParen:
		return "( " + bashTest(x.X) + " )"
	}
	return ""
}

// body writes the body of a loop, a level in, and its "done".
func (p *bashPrinter) body(stmts []*Stmt) {
	p.indent += p.unit
	p.list(stmts)
	p.indent -= p.unit
	p.semicolon()
	p.newline("done")
}

// ifClause writes an if command; bash keeps elif as an if inside else.
func (p *bashPrinter) ifClause(cond, then []*Stmt, elifs []*Elif, els []*Stmt) {
	p.str("if ")
	p.skip++
	p.list(cond)
	p.semicolon()
	p.str(" then\n")
	p.indent += p.unit
	p.list(then)
	p.indent -= p.unit
	if len(elifs) > 0 || els != nil {
		p.semicolon()
		p.newline("else\n")
		p.indent += p.unit
		if len(elifs) > 0 {
			p.str(strings.Repeat(" ", p.indent))
			p.ifClause(elifs[0].Cond, elifs[0].Then, elifs[1:], els)
		} else {
			p.list(els)
		}
		p.indent -= p.unit
	}
	p.semicolon()
	p.newline("fi")
}

// forLoop writes a for or select loop; kw is which. Without "in" bash
// writes the words it loops over, in "$@".
func (p *bashPrinter) forLoop(kw, name string, hasIn bool, words []*Word, body []*Stmt) {
	p.str(kw + " " + name + " in ")
	if hasIn {
		p.words(words, " ")
	} else {
		p.str(`"$@"`)
	}
	p.str(";")
	p.newline("do\n")
	p.body(body)
}

// redirs writes redirections as bash does: the descriptor spelled out
// where it is not the operator's own, a space before a file name, and
// the here-documents' bodies left pending.
func (p *bashPrinter) redirs(rs []*Redirect) {
	p.wasHeredoc = false
	for i, r := range rs {
		if i > 0 {
			p.str(" ")
		}
		p.redirect(r)
	}
}

func (p *bashPrinter) redirect(r *Redirect) {
	n := r.N
	fd := func(def int, always bool) {
		switch {
		case r.Var != "":
			p.str("{" + r.Var + "}")
		case n >= 0 && (always || n != def):
			p.str(strconv.Itoa(n))
		case n < 0 && always:
			p.str(strconv.Itoa(def))
		}
	}
	word := ""
	if r.Word != nil {
		word = bashWord(r.Word)
	}
	// bash writes the descriptor when it is not the operator's default
	// (0 for the input ones, 1 for the output ones; none for &> and &>>),
	// and always for <& and >&; a blank follows the operator except
	// after <& and >&.
	dup := r.Op == DupIn || r.Op == DupOut
	switch r.Op {
	case RdrAll, AppendAll:
	case RdrIn, RdrInOut, DupIn, Herestring, Heredoc, DashHeredoc:
		fd(0, dup)
	default:
		fd(1, dup)
	}
	p.str(r.Op.String())
	if r.Op == Heredoc || r.Op == DashHeredoc {
		delim, quoted := heredocDelim(r.Word)
		if quoted {
			delim = "'" + delim + "'"
		}
		p.str(delim)
		p.pending = append(p.pending, r)
		return
	}
	if !dup {
		p.str(" ")
	}
	p.str(word)
}
