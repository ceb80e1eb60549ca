package parser

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Print writes n back as shell source. The text parses back to the same
// syntax tree, positions aside: quoting, escapes and expansions are kept as
// they were parsed, while blanks, comments, line continuations and the
// choice between ";" and a newline are normalised. Here-document bodies
// follow the line of the statement that holds them.
func Print(w io.Writer, n Node) error {
	_, err := io.WriteString(w, Format(n))
	return err
}

// Format returns n as shell source, as Print writes it. A function
// declaration is followed by the bodies of the here-documents of its
// redirections, as a statement is, so that `declare -f` text parses back;
// other parts of a line (a pipeline, a redirection) are their text alone.
func Format(n Node) string {
	var p printer
	p.node(n)
	if _, ok := n.(*FuncDecl); ok {
		p.heredocBodies()
	}
	return p.b.String()
}

type printer struct {
	b       strings.Builder
	pending []*Redirect // here-documents whose bodies wait for the end of the line
	spaced  bool        // the last byte written is a separating space
	slash   bool        // writing the pattern of ${x/p/r}, where "/" is escaped
	// patQuotes: writing the word of a pattern operator, where ' quotes
	// even inside "…" (the lexer's patQuotes)
	patQuotes bool
	// comsub, when set, writes the commands of a $(…) or <(…) (bash's
	// layout for declare -f); nil is the one-line form of nested
	comsub func([]*Stmt) string
}

// str writes syntax; a trailing space in it separates what follows.
func (p *printer) str(s string) {
	p.b.WriteString(s)
	p.spaced = strings.HasSuffix(s, " ")
}

// raw writes the text of a word, where a trailing space is an escaped one.
func (p *printer) raw(s string) {
	p.b.WriteString(s)
	p.spaced = false
}

// lastByte returns the last byte written, or '\n' at the very start.
func (p *printer) lastByte() byte {
	s := p.b.String()
	if s == "" {
		return '\n'
	}
	return s[len(s)-1]
}

func (p *printer) atLineStart() bool { return p.lastByte() == '\n' }

// sp writes a space unless at the start of a line or after one.
func (p *printer) sp() {
	if !p.spaced && !p.atLineStart() {
		p.str(" ")
	}
}

func (p *printer) node(n Node) {
	switch n := n.(type) {
	case *File:
		for _, s := range n.Stmts {
			p.stmt(s)
			if !p.atLineStart() {
				p.str("\n")
			}
		}
	case *Stmt:
		p.stmt(n)
	case *AndOr:
		p.andOr(n)
	case *Pipeline:
		p.pipeline(n)
	case *Stage:
		p.stage(n)
	case *Link:
		p.str(n.Kind.String())
	case Command:
		p.command(n)
	case *Assign:
		p.assign(n)
	case *ArrayExpr:
		p.array(n)
	case *ArrayElem:
		p.arrayElem(n)
	case *Redirect:
		p.redirect(n)
	case *Word:
		p.word(n, ctxWord)
	case WordPart:
		p.part(n, ctxWord, new(int))
	}
}

// stmt writes s, then the bodies of the here-documents it started.
func (p *printer) stmt(s *Stmt) {
	p.andOr(s.AndOr)
	if s.Background {
		p.str(" &")
	}
	p.heredocBodies()
}

// heredocBodies ends the line and writes the bodies of the
// here-documents started on it, if any.
func (p *printer) heredocBodies() {
	if len(p.pending) == 0 {
		return
	}
	list := p.pending
	p.pending = nil
	p.str("\n")
	for _, r := range list {
		p.raw(heredocBody(r))
	}
	p.spaced = false
}

// heredocBody is the body of a here-document as written after its
// line, with the delimiter line that ends it.
func heredocBody(r *Redirect) string {
	delim, quoted := heredocDelim(r.Word)
	var p printer
	if r.Hdoc != nil {
		if quoted {
			for _, part := range r.Hdoc.Parts {
				if l, ok := part.(*Lit); ok {
					p.raw(l.Value)
				}
			}
		} else {
			p.parts(r.Hdoc.Parts, ctxHdoc)
		}
		if !p.atLineStart() {
			p.str("\n")
		}
	}
	return p.b.String() + delim + "\n"
}

// stmts writes a list inline. With term set the last statement gets a
// terminator, as one is needed before a closing reserved word.
func (p *printer) stmts(list []*Stmt, term bool) {
	for i, s := range list {
		p.sp()
		p.stmt(s)
		if !s.Background && !p.atLineStart() && (i < len(list)-1 || term) {
			p.str(";")
		}
	}
}

func (p *printer) andOr(a *AndOr) {
	p.pipeline(a.First)
	for _, it := range a.Rest {
		p.sp()
		p.str(it.Op.String())
		p.sp()
		p.pipeline(it.Pipeline)
	}
}

func (p *printer) pipeline(pl *Pipeline) {
	if pl.Negated {
		p.str("! ")
	}
	for i, st := range pl.Stages {
		if i > 0 {
			p.sp()
			if i-1 < len(pl.Links) {
				p.str(pl.Links[i-1].Kind.String())
			} else {
				p.str("|")
			}
			p.sp()
		}
		p.stage(st)
	}
}

func (p *printer) stage(st *Stage) {
	if c, ok := st.Cmd.(*SimpleCmd); ok {
		// A reserved word as the command name is only a plain word when
		// something stands before it: put the redirections first then.
		name := ""
		if len(c.Args) > 0 {
			name = c.Args[0].Lit()
		}
		first := len(c.Assigns) == 0 && (isReservedWord(name) || name == "[[")
		if first {
			for _, r := range st.Redirs {
				p.sp()
				p.redirect(r)
			}
		}
		p.command(c)
		if !first {
			for _, r := range st.Redirs {
				p.sp()
				p.redirect(r)
			}
		}
		return
	}
	p.command(st.Cmd)
	for _, r := range st.Redirs {
		p.sp()
		p.redirect(r)
	}
}

func (p *printer) command(c Command) {
	switch c := c.(type) {
	case *SimpleCmd:
		for _, a := range c.Assigns {
			p.sp()
			p.assign(a)
		}
		for i, w := range c.Args {
			p.sp()
			p.word(w, ctxWord)
			if a := c.ArgArrays[i]; a != nil {
				p.array(a)
			}
		}
	case *Block:
		p.str("{")
		p.stmts(c.Stmts, true)
		p.sp()
		p.str("}")
	case *Subshell:
		p.str("(")
		p.sp()
		p.stmts(c.Stmts, false)
		p.sp()
		p.str(")")
	case *IfClause:
		p.str("if")
		p.stmts(c.Cond, true)
		p.kw("then")
		p.stmts(c.Then, true)
		for _, e := range c.Elifs {
			p.kw("elif")
			p.stmts(e.Cond, true)
			p.kw("then")
			p.stmts(e.Then, true)
		}
		if c.Else != nil {
			p.kw("else")
			p.stmts(c.Else, true)
		}
		p.kw("fi")
	case *WhileClause:
		if c.Until {
			p.str("until")
		} else {
			p.str("while")
		}
		p.stmts(c.Cond, true)
		p.kw("do")
		p.stmts(c.Body, true)
		p.kw("done")
	case *ForClause:
		p.forLoop("for", c.Name, c.HasIn, c.Words, c.Body)
	case *SelectClause:
		p.forLoop("select", c.Name, c.HasIn, c.Words, c.Body)
	case *CaseClause:
		p.str("case ")
		p.word(c.Word, ctxWord)
		p.str(" in")
		for _, it := range c.Items {
			p.sp()
			if len(it.Patterns) > 0 && it.Patterns[0].Lit() == "esac" {
				p.str("(")
			}
			p.words(it.Patterns, " | ")
			p.str(")")
			p.stmts(it.Body, false)
			p.sp()
			p.str([...]string{CaseBreak: ";;", CaseFallthrough: ";&", CaseContinue: ";;&"}[it.Op])
		}
		p.kw("esac")
	case *ArithForClause:
		p.str("for ((")
		for i, w := range []*Word{c.Init, c.Cond, c.Post} {
			if i > 0 {
				p.str(";")
			}
			if w != nil {
				p.parts(w.Parts, ctxArith)
			}
		}
		if c.Braces {
			p.str(")) {")
			p.stmts(c.Body, true)
			p.kw("}")
			break
		}
		p.str(")); do")
		p.stmts(c.Body, true)
		p.kw("done")
	case *ArithCmd:
		p.str("((")
		if c.Expr != nil {
			p.parts(c.Expr.Parts, ctxArith)
		}
		p.str("))")
	case *TestClause:
		p.str("[[ ")
		p.testExpr(c.X)
		p.str(" ]]")
	case *FuncDecl:
		if IsName(c.Name) && !isReservedWord(c.Name) {
			p.str(c.Name + "() ")
		} else {
			// Other names are safe from the "(" of "name()" (think of
			// "a$", which would start "$(").
			p.str("function " + c.Name + " () ")
		}
		p.stage(c.Body)
	}
}

// testExpr writes an expression of [[ ]].
func (p *printer) testExpr(x TestExpr) {
	switch x := x.(type) {
	case *Word:
		p.word(x, ctxWord)
	case *TestUnary:
		p.str(x.Op + " ")
		p.testExpr(x.X)
	case *TestBinary:
		p.testExpr(x.X)
		p.str(" " + x.Op + " ")
		p.testExpr(x.Y)
	case *TestParen:
		p.str("( ")
		p.testExpr(x.X)
		p.str(" )")
	}
}

// forLoop writes a for or select loop; kw is which.
func (p *printer) forLoop(kw, name string, hasIn bool, words []*Word, body []*Stmt) {
	p.str(kw + " " + name)
	if hasIn {
		p.str(" in")
		for _, w := range words {
			p.sp()
			p.word(w, ctxWord)
		}
	}
	p.str(";")
	p.kw("do")
	p.stmts(body, true)
	p.kw("done")
}

// kw writes a reserved word after a space.
func (p *printer) kw(s string) {
	p.sp()
	p.str(s)
}

func (p *printer) assign(a *Assign) {
	p.str(a.Name)
	p.assignOp(a.Index, a.Append)
	if a.Value != nil {
		p.word(a.Value, ctxWord)
	}
	if a.Array != nil {
		p.array(a.Array)
	}
}

// assignOp writes the "[index]" (when index is not nil) and the "=" or
// "+=" of an assignment or an array element.
func (p *printer) assignOp(index *Word, add bool) {
	if index != nil {
		p.str("[")
		p.word(index, ctxWord)
		p.str("]")
	}
	if add {
		p.str("+")
	}
	p.str("=")
}

func (p *printer) array(a *ArrayExpr) {
	p.str("(")
	for i, e := range a.Elems {
		if i > 0 {
			p.str(" ")
		}
		p.arrayElem(e)
	}
	p.str(")")
}

func (p *printer) arrayElem(e *ArrayElem) {
	if e.Index != nil {
		p.assignOp(e.Index, e.Append)
	}
	if e.Value != nil {
		p.word(e.Value, ctxWord)
	}
}

// words prints ws with sep between them.
func (p *printer) words(ws []*Word, sep string) {
	for i, w := range ws {
		if i > 0 {
			p.str(sep)
		}
		p.word(w, ctxWord)
	}
}

func (p *printer) redirect(r *Redirect) {
	if r.N >= 0 {
		p.str(strconv.Itoa(r.N))
	}
	if r.Var != "" {
		p.str("{" + r.Var + "}")
	}
	p.str(r.Op.String())
	if r.Word == nil {
		return
	}
	if r.Op == Heredoc && len(r.Word.Parts) > 0 {
		if l, ok := r.Word.Parts[0].(*Lit); ok && strings.HasPrefix(l.Value, "-") {
			p.str(" ") // not <<-
		}
	}
	if _, ok := r.Word.Parts[0].(*ProcSubst); ok {
		p.str(" ") // `< <(x)`, not <<(x)
	}
	p.word(r.Word, ctxWord)
	if r.Op == Heredoc || r.Op == DashHeredoc {
		p.pending = append(p.pending, r)
	}
}

func (p *printer) word(w *Word, ctx wctx) {
	p.parts(w.Parts, ctx)
}

func (p *printer) parts(parts []WordPart, ctx wctx) {
	braces := 0
	for i, part := range parts {
		p.part(part, ctx, &braces)
		// An escaped byte that is not UTF-8 must not join the bytes of
		// the next part into one character: a line continuation keeps
		// them apart.
		if e, ok := part.(*Escaped); ok && !utf8.ValidString(e.Value) && i+1 < len(parts) {
			if l, ok := parts[i+1].(*Lit); ok && l.Value != "" && l.Value[0] >= 0x80 {
				p.raw("\\\n")
			}
		}
	}
}

// nested prints the commands of a $(…) or <(…) on their own, with no
// here-document of the enclosing line pending.
func (p *printer) nested(stmts []*Stmt) string {
	if p.comsub != nil {
		return p.comsub(stmts)
	}
	saved := p.pending
	p.pending = nil
	var in printer
	in.stmts(stmts, false)
	p.pending = saved
	return in.b.String()
}

// part writes one word part standing in context ctx. braces counts the
// literal "{" still open in the word of a ${x-word}.

func (p *printer) part(part WordPart, ctx wctx, braces *int) {
	switch x := part.(type) {
	case *Lit:
		if !ctx.quoted() {
			p.raw(x.Value)
			return
		}
		p.quotedLit(x.Value, ctx, braces)
	case *Escaped:
		p.raw("\\" + x.Value)
	case *SglQuoted:
		if !x.Dollar {
			p.str("'")
			p.str(x.Value)
			p.str("'")
			return
		}
		p.str("$'")
		p.str(ansiEscape(x.Value))
		p.str("'")
	case *DblQuoted:
		p.str("\"")
		p.parts(x.Parts, ctxDQ)
		p.str("\"")
	case *ParamExp:
		p.param(x, ctx)
	case *CmdSubst:
		s := p.nested(x.Stmts)
		if x.Backquote {
			s = strings.NewReplacer("\\", "\\\\", "`", "\\`").Replace(s)
			p.str("`" + s + "`")
			return
		}
		if strings.HasPrefix(s, "(") {
			s = " " + s
		}
		p.str("$(" + s + ")")
	case *ProcSubst:
		s := p.nested(x.Stmts)
		if strings.HasPrefix(s, "(") {
			s = " " + s // <( (a) ), not <((a))
		}
		op := ">("
		if x.In {
			op = "<("
		}
		p.str(op + s + ")")
	case *ArithExp:
		if x.Bracket {
			p.str("$[")
			if x.Expr != nil {
				p.parts(x.Expr.Parts, ctxExpr)
			}
			p.str("]")
			break
		}
		p.str("$((")
		if x.Expr != nil {
			p.parts(x.Expr.Parts, ctxArith)
		}
		p.str("))")
	case *Tilde:
		p.raw("~" + x.User)
	case *ExtGlob:
		p.raw(string(x.Op) + "(")
		p.parts(x.Parts, ctxExtGlob)
		p.raw(")")
	}
}

// quotedLit writes the value of a Lit inside quotes, escaping what would
// otherwise be special there.
func (p *printer) quotedLit(v string, ctx wctx, braces *int) {
	p.spaced = false
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '\\':
			if i+1 == len(v) || ctx.escapable(int(v[i+1])) || p.slash && ctx.isArg() && v[i+1] == '/' {
				p.str("\\\\")
			} else {
				p.str("\\")
			}
		case c == '\'' && p.patQuotes && ctx == ctxArgDQ:
			p.str("\\'")
		case c == '$' || c == '`' || c == '"' && ctx.escapable('"'):
			p.str("\\")
			p.b.WriteByte(c)
		case c == '/' && p.slash && ctx.isArg():
			p.str("\\/")
		case c == '{' && ctx.isArg():
			*braces++
			p.b.WriteByte(c)
		case c == '}' && ctx.isArg():
			if *braces > 0 {
				*braces--
				p.b.WriteByte(c)
			} else {
				p.str("\\}")
			}
		default:
			p.b.WriteByte(c)
		}
	}
}

func (p *printer) param(x *ParamExp, ctx wctx) {
	if x.Bad != "" {
		p.str(x.Bad)
		return
	}
	if x.Short {
		p.str("$")
		p.str(x.Param)
		return
	}
	outerSlash, outerPatQuotes := p.slash, p.patQuotes
	p.slash, p.patQuotes = false, false
	defer func() { p.slash, p.patQuotes = outerSlash, outerPatQuotes }()
	p.patQuotes = x.Op >= ParamTrimSuffix && x.Op <= ParamReplaceSuffix
	p.str("${")
	if x.Length {
		p.str("#")
	}
	if x.Indirect {
		p.str("!")
	}
	p.str(x.Param)
	switch {
	case x.Names:
		p.str(x.Index)
	case x.Index != "":
		p.str("[" + x.Index + "]")
	}
	if x.Sub != nil {
		p.str("[")
		p.parts(x.Sub.Parts, ctxExpr)
		p.str("]")
	}
	p.str(x.Op.String())
	switch x.Op {
	case ParamSlice, ParamSliceLen:
		if x.Arg != nil {
			p.parts(x.Arg.Parts, ctxExpr)
		}
		if x.Op == ParamSliceLen {
			p.str(":")
			if x.Repl != nil {
				p.parts(x.Repl.Parts, ctxExpr)
			}
		}
	case ParamReplace, ParamReplaceAll, ParamReplacePrefix, ParamReplaceSuffix:
		argStart := p.b.Len()
		if x.Arg != nil {
			saved := p.slash
			p.slash = true
			p.parts(x.Arg.Parts, ctx.argCtx())
			p.slash = saved
		}
		// A "{" in the pattern would make the closing "}" literal
		// without the "/" that ends the pattern: ${x/{/}.
		if x.Repl != nil || strings.Contains(p.b.String()[argStart:], "{") {
			p.str("/")
		}
		if x.Repl != nil {
			p.parts(x.Repl.Parts, ctx.argCtx())
		}
	default:
		if x.Arg != nil {
			p.parts(x.Arg.Parts, ctx.argCtx())
		}
	}
	p.str("}")
}

// ansiEscape quotes v for the inside of $'…'.
func ansiEscape(v string) string {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '\\' || c == '\'':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString("\\n")
		case c == '\t':
			b.WriteString("\\t")
		case c < 0x20 || c == 0x7f:
			b.WriteString("\\x")
			b.WriteByte("0123456789abcdef"[c>>4])
			b.WriteByte("0123456789abcdef"[c&15])
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
