package parser

import (
	"io"
)

// Parse parses a whole source: a script file, a -c string or a line typed
// at the prompt. name is used in error messages. On a syntax error the
// returned File holds the complete commands before the one that failed.
func Parse(src []byte, name string) (*File, error) {
	p := newParser(src, name)
	stmts, err := p.parseAll()
	return &File{Name: name, Stmts: stmts}, err
}

// Parser reads a source one complete command at a time, the way a script
// runner needs it: each command runs before the next one is parsed, so the
// lines before a syntax error run and the line holding it does not.
type Parser struct {
	p *parser
}

// NewParser returns a Parser reading src. name is used in error messages.
func NewParser(src []byte, name string) *Parser {
	return &Parser{p: newParser(src, name)}
}

// Next returns the statements of the next complete command: everything up
// to a newline at top level (that newline ends it), including the bodies of
// any here-documents started on that line. A compound command that spans
// lines is one complete command. Blank lines and comments are skipped. At
// end of input Next returns nil, io.EOF. After a syntax error every call
// returns that error (an *Error).
func (p *Parser) Next() ([]*Stmt, error) {
	return p.p.nextCommand()
}

// parseAll parses the whole input.
func (p *parser) parseAll() ([]*Stmt, error) {
	var all []*Stmt
	for {
		stmts, err := p.nextCommand()
		if err == io.EOF {
			return all, nil
		}
		if err != nil {
			return all, err
		}
		all = append(all, stmts...)
	}
}

func (p *parser) nextCommand() (stmts []*Stmt, err error) {
	if p.err != nil {
		return nil, p.err
	}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bailout); !ok {
				panic(r)
			}
			stmts, err = nil, p.err
		}
	}()
	if p.tok == tokNone || p.tok == tokNewline {
		p.next()
	}
	for p.tok == tokNewline {
		p.next()
	}
	if p.tok == tokEOF {
		return nil, io.EOF
	}
	for {
		if !p.canStartCommand() {
			p.unexpected("", "")
		}
		s := p.parseStmt()
		stmts = append(stmts, s)
		switch p.tok {
		case tokSemi, tokAmp:
			p.terminate(s)
			if p.tok == tokNewline || p.tok == tokEOF {
				return stmts, nil
			}
		case tokNewline, tokEOF:
			return stmts, nil
		default:
			p.unexpected("", "")
		}
	}
}

// terminate records the ";" or "&" that ends s and moves past it.
func (p *parser) terminate(s *Stmt) {
	s.Semicolon = p.pos(p.tokOff)
	s.Background = p.tok == tokAmp
	p.next()
}

// isWord reports whether the current token is the unquoted literal word s.
func (p *parser) isWord(s string) bool {
	return p.tok == tokWord && p.word.Lit() == s
}

// canStartCommand reports whether the current token, in command position,
// can begin a command.
func (p *parser) canStartCommand() bool {
	switch p.tok {
	case tokWord:
		return !closers[p.word.Lit()]
	case tokRedir, tokLparen:
		return true
	}
	return false
}

func (p *parser) skipNewlines() {
	for p.tok == tokNewline {
		p.next()
	}
}

// parseList parses a compound list: statements separated by ";", "&" or
// newlines, ending before a token that cannot start a command.
func (p *parser) parseList() []*Stmt {
	var stmts []*Stmt
	for {
		p.skipNewlines()
		if !p.canStartCommand() {
			return stmts
		}
		s := p.parseStmt()
		stmts = append(stmts, s)
		switch p.tok {
		case tokSemi, tokAmp:
			p.terminate(s)
		case tokNewline:
		default:
			return stmts
		}
	}
}

func (p *parser) parseStmt() *Stmt {
	return &Stmt{AndOr: p.parseAndOr()}
}

// follow fails for an operator at off that is not followed by a command.
func (p *parser) follow(off int, op string) {
	if !p.canStartCommand() {
		msg := "`" + op + "` must be followed by a command"
		if p.tok == tokEOF {
			p.fail(off, p.atEOF(), "%s", msg)
		}
		p.fail(off, false, "%s, found `%s`", msg, p.tokText())
	}
}

func (p *parser) parseAndOr() *AndOr {
	ao := &AndOr{First: p.parsePipeline()}
	for p.tok == tokAndIf || p.tok == tokOrIf {
		item := &AndOrItem{OpPos: p.pos(p.tokOff), Op: AndIf}
		if p.tok == tokOrIf {
			item.Op = OrIf
		}
		p.next()
		p.skipNewlines()
		p.follow(item.OpPos.Offset, item.Op.String())
		item.Pipeline = p.parsePipeline()
		ao.Rest = append(ao.Rest, item)
	}
	return ao
}

func (p *parser) parsePipeline() *Pipeline {
	pl := &Pipeline{}
	if p.isWord("!") {
		pl.Negated, pl.Bang = true, p.pos(p.tokOff)
		p.next()
		p.follow(pl.Bang.Offset, "!")
		p.noBang("")
	}
	pl.Stages = append(pl.Stages, p.parseStage())
	for k := p.tok.linkKind(); k != 0; k = p.tok.linkKind() {
		l := &Link{OpPos: p.pos(p.tokOff), Kind: k}
		p.next()
		p.skipNewlines()
		p.follow(l.OpPos.Offset, k.String())
		p.noBang("; `!` may only start a pipeline")
		pl.Links = append(pl.Links, l)
		pl.Stages = append(pl.Stages, p.parseStage())
	}
	return pl
}

// noBang fails on a "!" where it cannot stand: after another "!" or
// after a pipeline operator (a command named "!" there would be a trap).
func (p *parser) noBang(detail string) {
	if p.isWord("!") {
		p.fail(p.tokOff, false, "`!` unexpected%s", detail)
	}
}

// isCompoundStart reports whether the current token starts a compound
// command.
func (p *parser) isCompoundStart() bool {
	if p.tok == tokLparen {
		return true
	}
	if p.tok != tokWord {
		return false
	}
	switch p.word.Lit() {
	case "{", "if", "while", "until", "for", "case", "function":
		return true
	}
	return false
}

// parseStage parses one command of a pipeline with its redirections.
func (p *parser) parseStage() *Stage {
	if p.isWord("[[") {
		p.fail(p.tokOff, false, "`[[` conditional commands are not supported; use `[` or `test`")
	}
	if p.isCompoundStart() {
		return p.parseCompoundStage()
	}
	return p.parseSimple()
}

// parseCompoundStage parses a compound command and the redirections after it.
func (p *parser) parseCompoundStage() *Stage {
	start := p.tokOff
	p.enter(start)
	var c Command
	if p.tok == tokLparen {
		c = p.parseSubshell()
	} else {
		switch p.word.Lit() {
		case "{":
			c = p.parseBlock()
		case "if":
			c = p.parseIf()
		case "while", "until":
			c = p.parseWhile()
		case "for":
			c = p.parseFor()
		case "case":
			c = p.parseCase()
		case "function":
			c = p.parseFunction()
		}
	}
	st := &Stage{Cmd: c}
	if _, ok := c.(*FuncDecl); !ok {
		for p.tok == tokRedir {
			st.Redirs = append(st.Redirs, p.parseRedirect())
		}
	}
	p.depth--
	return st
}

// want checks that the current token is the reserved word kw, which the
// construct opened by opener at openOff needs before closer, and returns
// its position after moving past it.
func (p *parser) want(kw, closer, opener string, openOff int) Pos {
	if p.isWord(kw) {
		pos := p.pos(p.tokOff)
		p.next()
		return pos
	}
	detail := "expected `" + kw + "`"
	if kw == closer {
		detail += " to close `" + opener + "` at " + p.where(openOff)
	}
	p.unexpected("expected `"+closer+"` to close `"+opener+"` at "+p.where(openOff), detail)
	return Pos{}
}

// needList fails unless a list that must not be empty has statements.
func (p *parser) needList(stmts []*Stmt, closer, opener string, openOff int) {
	if len(stmts) == 0 {
		p.unexpected("expected `"+closer+"` to close `"+opener+"` at "+p.where(openOff), "")
	}
}

func (p *parser) parseSubshell() *Subshell {
	s := &Subshell{Lparen: p.pos(p.tokOff)}
	p.next()
	if p.tok == tokLparen && p.tokOff == s.Lparen.Offset+1 {
		p.fail(s.Lparen.Offset, false, "`((` arithmetic commands are not supported; write `( (` for nested subshells")
	}
	s.Stmts = p.parseList()
	p.needList(s.Stmts, ")", "(", s.Lparen.Offset)
	if p.tok != tokRparen {
		msg := "expected `)` to close `(` at " + p.where(s.Lparen.Offset)
		p.unexpected(msg, msg)
	}
	s.Rparen = p.pos(p.tokOff)
	p.next()
	return s
}

func (p *parser) parseBlock() *Block {
	b := &Block{Lbrace: p.pos(p.tokOff)}
	p.next()
	b.Stmts = p.parseList()
	p.needList(b.Stmts, "}", "{", b.Lbrace.Offset)
	b.Rbrace = p.want("}", "}", "{", b.Lbrace.Offset)
	return b
}

func (p *parser) parseIf() *IfClause {
	c := &IfClause{IfPos: p.pos(p.tokOff)}
	open := c.IfPos.Offset
	p.next()
	c.Cond = p.parseList()
	p.needList(c.Cond, "fi", "if", open)
	p.want("then", "fi", "if", open)
	c.Then = p.parseList()
	p.needList(c.Then, "fi", "if", open)
	for p.isWord("elif") {
		e := &Elif{ElifPos: p.pos(p.tokOff)}
		p.next()
		e.Cond = p.parseList()
		p.needList(e.Cond, "fi", "if", open)
		p.want("then", "fi", "if", open)
		e.Then = p.parseList()
		p.needList(e.Then, "fi", "if", open)
		c.Elifs = append(c.Elifs, e)
	}
	if p.isWord("else") {
		c.ElsePos = p.pos(p.tokOff)
		p.next()
		c.Else = p.parseList()
		p.needList(c.Else, "fi", "if", open)
	}
	c.FiPos = p.want("fi", "fi", "if", open)
	return c
}

func (p *parser) parseWhile() *WhileClause {
	c := &WhileClause{WhilePos: p.pos(p.tokOff), Until: p.word.Lit() == "until"}
	kw := p.word.Lit()
	open := c.WhilePos.Offset
	p.next()
	c.Cond = p.parseList()
	p.needList(c.Cond, "done", kw, open)
	p.want("do", "done", kw, open)
	c.Body = p.parseList()
	p.needList(c.Body, "done", kw, open)
	c.DonePos = p.want("done", "done", kw, open)
	return c
}

func (p *parser) parseFor() *ForClause {
	c := &ForClause{ForPos: p.pos(p.tokOff)}
	open := c.ForPos.Offset
	eofMsg := "expected `done` to close `for` at " + p.where(c.ForPos.Offset)
	p.next()
	if p.tok != tokWord || !IsName(p.word.Lit()) {
		if p.tok == tokWord {
			p.fail(p.tokOff, false, "`%s` is not a valid variable name for `for`", p.tokText())
		}
		p.unexpected(eofMsg, "expected a variable name after `for`")
	}
	c.NamePos, c.Name = p.pos(p.tokOff), p.word.Lit()
	p.next()
	p.skipNewlines()
	if p.isWord("in") {
		c.HasIn = true
		p.next()
		for p.tok == tokWord {
			c.Words = append(c.Words, p.word)
			p.next()
		}
		if p.tok != tokSemi && p.tok != tokNewline {
			p.unexpected(eofMsg, "expected `;` or newline after the words of `for`")
		}
		p.next()
		p.skipNewlines()
	} else if p.tok == tokSemi {
		p.next()
		p.skipNewlines()
	}
	p.want("do", "done", "for", open)
	c.Body = p.parseList()
	p.needList(c.Body, "done", "for", open)
	c.DonePos = p.want("done", "done", "for", open)
	return c
}

func (p *parser) parseCase() *CaseClause {
	c := &CaseClause{CasePos: p.pos(p.tokOff)}
	open := c.CasePos.Offset
	eofMsg := "expected `esac` to close `case` at " + p.where(c.CasePos.Offset)
	p.next()
	if p.tok != tokWord {
		p.unexpected(eofMsg, "expected a word after `case`")
	}
	c.Word = p.word
	p.next()
	p.skipNewlines()
	p.want("in", "esac", "case", open)
	p.skipNewlines()
	for !p.isWord("esac") {
		item := &CaseItem{}
		if p.tok == tokLparen {
			p.next()
		}
		for {
			if p.tok != tokWord {
				p.unexpected(eofMsg, "expected a pattern")
			}
			item.Patterns = append(item.Patterns, p.word)
			p.next()
			if p.tok != tokPipe {
				break
			}
			p.next()
		}
		if p.tok != tokRparen {
			p.unexpected(eofMsg, "expected `)` after the pattern")
		}
		p.next()
		item.Body = p.parseList()
		c.Items = append(c.Items, item)
		switch p.tok {
		case tokDSemi, tokSemiAnd, tokDSemiAnd:
			item.OpPos = p.pos(p.tokOff)
			item.Op = map[token]CaseOp{tokDSemi: CaseBreak, tokSemiAnd: CaseFallthrough, tokDSemiAnd: CaseContinue}[p.tok]
			p.next()
			p.skipNewlines()
			continue
		}
		if !p.isWord("esac") {
			p.unexpected(eofMsg, "expected `;;` or `esac`")
		}
	}
	c.EsacPos = p.pos(p.tokOff)
	p.next()
	return c
}

// parseFunction parses "function name [()] body".
func (p *parser) parseFunction() *FuncDecl {
	f := &FuncDecl{FuncPos: p.pos(p.tokOff)}
	p.next()
	if p.tok != tokWord || p.word.Lit() == "" {
		if p.tok == tokWord {
			p.fail(p.tokOff, false, "invalid function name `%s`", p.tokText())
		}
		p.unexpected("`function` must be followed by a name", "expected a function name")
	}
	f.NamePos, f.Name = p.pos(p.tokOff), p.word.Lit()
	p.next()
	if p.tok == tokLparen {
		p.next()
		if p.tok != tokRparen {
			p.unexpected("expected `)` after `"+f.Name+"(`", "expected `)` after `"+f.Name+"(`")
		}
		p.next()
	}
	f.Body = p.funcBody(f.Name)
	return f
}

// funcBody parses the compound command (and its redirections) that is the
// body of function name.
func (p *parser) funcBody(name string) *Stage {
	p.skipNewlines()
	if !p.isCompoundStart() || p.isWord("function") {
		msg := "function `" + name + "` must have a compound command as its body"
		if p.tok == tokEOF {
			p.fail(p.tokOff, p.atEOF(), "%s", msg)
		}
		p.fail(p.tokOff, false, "%s, found `%s`", msg, p.tokText())
	}
	return p.parseCompoundStage()
}

// parseSimple parses a simple command with its redirections, or a
// function declaration "name() body".
func (p *parser) parseSimple() *Stage {
	cmd := &SimpleCmd{}
	st := &Stage{Cmd: cmd}
	for {
		switch p.tok {
		case tokRedir:
			st.Redirs = append(st.Redirs, p.parseRedirect())
			continue
		case tokWord:
			if len(cmd.Args) == 0 {
				if a := p.assignment(p.word); a != nil {
					cmd.Assigns = append(cmd.Assigns, a)
					p.next()
					continue
				}
			}
			w := p.word
			cmd.Args = append(cmd.Args, w)
			p.next()
			if p.tok == tokLparen && len(cmd.Args) == 1 && len(cmd.Assigns) == 0 && len(st.Redirs) == 0 {
				return p.parseFuncDecl(w)
			}
			continue
		case tokLparen:
			if len(cmd.Args) > 0 || len(cmd.Assigns) > 0 || len(st.Redirs) > 0 {
				p.unexpected("", "")
			}
		}
		return st
	}
}

// parseFuncDecl parses "name() body" after name; the current token is "(".
func (p *parser) parseFuncDecl(name *Word) *Stage {
	lparen := p.tokOff
	if name.Lit() == "" {
		p.fail(lparen, false, "`(` unexpected after `%s` (not a valid function name)", Format(name))
	}
	f := &FuncDecl{NamePos: name.Pos(), Name: name.Lit()}
	p.next()
	if p.tok != tokRparen {
		p.unexpected("expected `)` after `"+f.Name+"(`", "expected `)` after `"+f.Name+"(`")
	}
	p.next()
	p.enter(lparen)
	f.Body = p.funcBody(f.Name)
	p.depth--
	return &Stage{Cmd: f}
}

// assignment returns the assignment that word w spells at the start of a
// simple command (NAME=value or NAME+=value), or nil.
func (p *parser) assignment(w *Word) *Assign {
	l, ok := w.Parts[0].(*Lit)
	if !ok {
		return nil
	}
	v := l.Value
	i := 0
	for i < len(v) && isNameChar(int(v[i])) {
		i++
	}
	if i == 0 || isDigit(int(v[0])) || i == len(v) {
		return nil
	}
	a := &Assign{NamePos: l.ValuePos, Name: v[:i]}
	j := i + 1
	switch {
	case v[i] == '=':
	case v[i] == '+' && i+1 < len(v) && v[i+1] == '=':
		a.Append = true
		j++
	default:
		return nil
	}
	var parts []WordPart
	if j < len(v) {
		parts = append(parts, &Lit{ValuePos: p.litPos(l, j), ValueEnd: l.ValueEnd, Value: v[j:]})
	}
	parts = append(parts, w.Parts[1:]...)
	if len(parts) > 0 {
		a.Value = &Word{Parts: p.tildes(parts, true)}
	}
	return a
}

// parseRedirect parses a redirection; the current token is its operator.
func (p *parser) parseRedirect() *Redirect {
	r := &Redirect{N: p.rdN, OpPos: p.pos(p.rdOpOff), Op: p.rdOp}
	if r.N >= 0 {
		r.NPos = p.pos(p.rdNOff)
	}
	opText := r.Op.String()
	p.next()
	if p.tok != tokWord {
		msg := "`" + opText + "` must be followed by a word"
		if p.tok == tokEOF {
			p.fail(r.Pos().Offset, p.atEOF(), "%s", msg)
		}
		p.fail(r.Pos().Offset, false, "%s, found `%s`", msg, p.tokText())
	}
	r.Word = p.word
	if r.Op == Heredoc || r.Op == DashHeredoc {
		delim, quoted := heredocDelim(r.Word)
		p.pending = append(p.pending, &hdoc{r: r, delim: delim, quoted: quoted})
	}
	p.next()
	return r
}
