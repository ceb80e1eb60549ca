// This file is long on purpose: it is the recursive-descent grammar, one
// function per production of the POSIX grammar plus bash's and plumb's
// additions, in the order of the grammar, so that a production and the
// ones it calls are read together.

package parser

import (
	"bytes"
	"io"
	"strings"
)

// Config says what a parser may know of the shell that will run what it
// reads. The zero Config parses plain text.
type Config struct {
	// Aliases, when set, looks up an alias: a word in command position
	// that is an unquoted literal naming one is replaced by the alias's
	// value, which is read as if it had been typed there (POSIX 2.3.1).
	// It is called while the source is read, so a Parser reading one
	// command at a time sees the aliases that the commands before it
	// defined.
	Aliases func(name string) (value string, ok bool)

	// ExtGlob, when set, reports whether bash's extglob option is on:
	// then an unquoted ?( *( +( @( or !( inside a word starts an ExtGlob
	// group that runs to its matching ")". Like Aliases it is called while
	// the source is read, so `shopt -s extglob` on one line applies from
	// the next complete command on, as in bash. The pattern after == !=
	// and = in [[ ]] reads groups whatever it reports.
	ExtGlob func() bool

	// More, when set, is asked for more of the source each time the
	// lexer reaches its end: it returns the next piece (a line, for a
	// script arriving on a pipe), or nothing at the end of the input.
	// The parser asks only when a token needs bytes that are not there
	// yet, so a Parser reading one command at a time never takes a line
	// past the command it returns (and the line ending it, with the
	// bodies of its here-documents), and text is lexed once however many
	// lines a command spans.
	More func() []byte
}

// Parse parses a whole source: a script file, a -c string or a line typed
// at the prompt. name is used in error messages. On a syntax error the
// returned File holds the complete commands before the one that failed.
func Parse(src []byte, name string) (*File, error) {
	return Config{}.Parse(src, name)
}

// Parse parses a whole source as the package's Parse does, with c.
func (c Config) Parse(src []byte, name string) (*File, error) {
	p := c.newParser(src, name)
	stmts, err := p.parseAll()
	return &File{Name: name, Stmts: stmts}, err
}

// Parser reads a source one complete command at a time, the way a script
// runner needs it: each command runs before the next one is parsed, so the
// lines before a syntax error run and the line holding it does not, and an
// alias defined by one command applies from the next one on.
type Parser struct {
	p *parser
}

// NewParser returns a Parser reading src. name is used in error messages.
func NewParser(src []byte, name string) *Parser {
	return Config{}.NewParser(src, name)
}

// NewParser returns a Parser reading src with c.
func (c Config) NewParser(src []byte, name string) *Parser {
	return &Parser{p: c.newParser(src, name)}
}

func (c Config) newParser(src []byte, name string) *parser {
	p := newParser(src, name)
	p.aliases = c.Aliases
	p.extglob = c.ExtGlob
	p.more = c.More
	return p
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

// Offset returns how far into the source the commands Next has returned
// reach: past the newline that ended the last one and the bodies of the
// here-documents it started.
func (p *Parser) Offset() int {
	return p.p.origin(p.p.off) // an offset of the source, not of alias text
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
	p.rebase()
	if p.tok == tokNone || p.tok == tokNewline {
		p.next()
	}
	p.skipNewlines()
	for p.expandAliases() {
		p.skipNewlines() // an alias of nothing leaves a blank line
	}
	if p.tok == tokEOF {
		return nil, io.EOF
	}
	defer p.mapOffsets(&stmts)
	for {
		if !p.atCommand() {
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

// atCommand reports whether the current token, in command position, can
// begin a command, after replacing it by the text of the alias it names,
// if any.
func (p *parser) atCommand() bool {
	p.expandAliases()
	switch p.tok {
	case tokWord:
		return !isCloser(p.word.Lit())
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
		if !p.atCommand() {
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
	if !p.atCommand() {
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
	case "{", "if", "while", "until", "for", "select", "case", "function", "[[":
		return true
	}
	return false
}

// parseStage parses one command of a pipeline with its redirections.
func (p *parser) parseStage() *Stage {
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
		if a := p.tryArithCmd(); a != nil {
			c = a
		} else {
			c = p.parseSubshell()
		}
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
		case "select":
			c = p.parseSelect()
		case "case":
			c = p.parseCase()
		case "function":
			c = p.parseFunction()
		case "[[":
			c = p.parseTest()
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

func (p *parser) parseFor() Command {
	forPos := p.pos(p.tokOff)
	p.next()
	if p.tok == tokLparen && p.rawAt(p.tokOff+1) == '(' {
		return p.parseArithFor(forPos)
	}
	return p.parseForTail("for", forPos)
}

func (p *parser) parseSelect() *SelectClause {
	pos := p.pos(p.tokOff)
	p.next()
	f := p.parseForTail("select", pos)
	return &SelectClause{SelectPos: pos, NamePos: f.NamePos, Name: f.Name, HasIn: f.HasIn, Words: f.Words, Body: f.Body, DonePos: f.DonePos}
}

// parseForTail parses what follows the keyword kw (at open) of a for or
// select loop: Name [ "in" { Word } ] ( ";" | newline ) "do" List "done".
// select's fields are those of a ForClause, which parseSelect copies.
func (p *parser) parseForTail(kw string, open Pos) *ForClause {
	c := &ForClause{ForPos: open}
	eofMsg := "expected `done` to close `" + kw + "` at " + p.where(open.Offset)
	// After an alias whose value ends in a blank (`alias FOR='for '`),
	// the name, `in` and the words are checked for aliases too, as in
	// bash.
	p.expandAfterBlank()
	if p.tok != tokWord || !IsName(p.word.Lit()) {
		if p.tok == tokWord {
			p.fail(p.tokOff, false, "`%s` is not a valid variable name for `%s`", p.tokText(), kw)
		}
		p.unexpected(eofMsg, "expected a variable name after `"+kw+"`")
	}
	c.NamePos, c.Name = p.pos(p.tokOff), p.word.Lit()
	p.next()
	p.skipNewlines()
	p.expandAfterBlank()
	if p.isWord("in") {
		c.HasIn = true
		p.next()
		for p.expandAfterBlank(); p.tok == tokWord; p.expandAfterBlank() {
			c.Words = append(c.Words, p.word)
			p.next()
		}
		if p.tok != tokSemi && p.tok != tokNewline {
			p.unexpected(eofMsg, "expected `;` or newline after the words of `"+kw+"`")
		}
		p.next()
		p.skipNewlines()
	} else if p.tok == tokSemi {
		p.next()
		p.skipNewlines()
	}
	p.want("do", "done", kw, open.Offset)
	c.Body = p.parseList()
	p.needList(c.Body, "done", kw, open.Offset)
	c.DonePos = p.want("done", "done", kw, open.Offset)
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
				p.relexSubscript()
				if a := p.assignment(p.word); a != nil {
					end := p.tokEnd
					cmd.Assigns = append(cmd.Assigns, a)
					p.next()
					if a.Value == nil && a.Index == nil && p.tok == tokLparen && p.tokOff == end {
						a.Array = p.parseArray()
					}
					continue
				}
			}
			// After assignments and redirections the word is still in
			// command position; after an alias whose value ends in a
			// blank, an argument is checked too.
			if p.expandAlias(len(cmd.Args) == 0) {
				continue
			}
			w := p.word
			cmd.Args = append(cmd.Args, w)
			p.next()
			if p.tok == tokLparen && len(cmd.Args) > 1 && isDeclaration(cmd.Args[0]) {
				if a := p.assignment(w); a != nil && a.Value == nil && a.Index == nil && p.tokOff == w.End().Offset {
					if cmd.ArgArrays == nil {
						cmd.ArgArrays = map[int]*ArrayExpr{}
					}
					cmd.ArgArrays[len(cmd.Args)-1] = p.parseArray()
				}
			}
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

// relexSubscript re-reads the current word when it starts like an
// assignment `name[` in command position and ended before the "]" that
// closes the "[": bash reads such a subscript to its matching "]", blanks
// and operators included, so `a[i + 1]=x` is one word (an assignment) and
// `a[i + 1]` one command name.
func (p *parser) relexSubscript() {
	l, ok := p.word.Parts[0].(*Lit)
	if !ok {
		return
	}
	v := l.Value
	i := 0
	for i < len(v) && isNameChar(int(v[i])) {
		i++
	}
	if i == 0 || isDigit(int(v[0])) || i == len(v) || v[i] != '[' || !bytes.HasPrefix(p.src[p.tokOff:p.tokEnd], []byte(v[:i+1])) {
		return
	}
	depth := 0
	for k, part := range p.word.Parts {
		l, ok := part.(*Lit)
		if !ok {
			continue
		}
		start := 0
		if k == 0 {
			start = i
		}
		for _, c := range []byte(l.Value[start:]) {
			switch c {
			case '[':
				depth++
			case ']':
				depth--
				if depth == 0 {
					return
				}
			}
		}
	}
	p.off, p.lhsWord = p.tokOff, true
	p.word = p.readWord()
	p.tokEnd = p.off
}

// isDeclaration reports whether w names a builtin whose `name=(…)`
// arguments are array values in bash; bash reads them so after let and
// eval too, which take their text.
func isDeclaration(w *Word) bool {
	switch w.Lit() {
	case "declare", "typeset", "local", "readonly", "export", "let", "eval":
		return true
	}
	return false
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
	if v[i] == '[' {
		return p.indexAssign(w, a, i+1)
	}
	j := i + 1
	switch {
	case v[i] == '=':
	case v[i] == '+' && i+1 < len(v) && v[i+1] == '=':
		a.Append = true
		j++
	default:
		return nil
	}
	a.Value = p.valueWord(w, 0, j)
	return a
}

// valueWord returns the parts of w from byte j of part k (a Lit) on, as
// the value of an assignment (tildes after ":" expand too), or nil when
// there are none.
func (p *parser) valueWord(w *Word, k, j int) *Word {
	l := w.Parts[k].(*Lit)
	var parts []WordPart
	if j < len(l.Value) {
		parts = append(parts, &Lit{ValuePos: p.litPos(l, j), ValueEnd: l.ValueEnd, Value: l.Value[j:]})
	}
	parts = append(parts, w.Parts[k+1:]...)
	if len(parts) == 0 {
		return nil
	}
	return &Word{Parts: p.tildes(parts, true)}
}

// indexAssign finishes an assignment `name[sub]=value` (bash) whose
// subscript starts at byte i of w's first part; it returns nil when w is
// not one.
func (p *parser) indexAssign(w *Word, a *Assign, i int) *Assign {
	if l := w.Parts[0].(*Lit); strings.HasPrefix(l.Value[i:], "]=") || strings.HasPrefix(l.Value[i:], "]+=") {
		// a[]=v: an assignment that fails when it runs (bash's "bad
		// array subscript"), not a command named a[]=v; the empty
		// literal marks it (Word.EmptySubscript).
		at := p.litPos(l, i)
		a.Index = &Word{Parts: []WordPart{&Lit{ValuePos: at, ValueEnd: at}}}
		j := i + 2
		if l.Value[i+1] == '+' {
			a.Append, j = true, i+3
		}
		a.Value = p.valueWord(w, 0, j)
		return a
	}
	sub, add, k, j := p.splitIndex(w, i)
	if sub == nil {
		return nil
	}
	a.Index, a.Append = sub, add
	a.Value = p.valueWord(w, k, j)
	return a
}

// splitIndex reads the subscript of `name[sub]=value` or of an array
// element `[sub]=value`, which starts at byte i of w's first part (a
// Lit). The subscript ends at the "]" that balances the "[" and must be
// followed by "=" or "+=" (add), and must not be empty; sub is nil when
// it is not so. The value starts at byte j of part k.
func (p *parser) splitIndex(w *Word, i int) (sub *Word, add bool, k, j int) {
	var parts []WordPart
	depth := 1
	for k, part := range w.Parts {
		l, ok := part.(*Lit)
		if k > 0 && !ok {
			parts = append(parts, part)
			continue
		}
		start := 0
		if k == 0 {
			start = i
		}
		for j := start; j < len(l.Value); j++ {
			switch l.Value[j] {
			case '[':
				depth++
				continue
			case ']':
				depth--
			default:
				continue
			}
			if depth > 0 {
				continue
			}
			if j > start {
				parts = append(parts, &Lit{ValuePos: p.litPos(l, start), ValueEnd: p.litPos(l, j), Value: l.Value[start:j]})
			}
			rest := l.Value[j+1:]
			n := 1
			switch {
			case strings.HasPrefix(rest, "="):
			case strings.HasPrefix(rest, "+="):
				add = true
				n = 2
			default:
				return nil, false, 0, 0
			}
			if len(parts) == 0 {
				return nil, false, 0, 0
			}
			return &Word{Parts: parts}, add, k, j + 1 + n
		}
		if len(l.Value) > start {
			parts = append(parts, &Lit{ValuePos: p.litPos(l, start), ValueEnd: l.ValueEnd, Value: l.Value[start:]})
		}
	}
	return nil, false, 0, 0
}

// parseArray parses the "( element… )" of an array assignment; the
// current token is the "(".
func (p *parser) parseArray() *ArrayExpr {
	a := &ArrayExpr{Lparen: p.pos(p.tokOff)}
	p.next()
	for {
		p.skipNewlines()
		if p.tok != tokWord {
			break
		}
		a.Elems = append(a.Elems, p.arrayElem(p.word))
		p.next()
	}
	if p.tok != tokRparen {
		msg := "expected `)` to close `(` at " + p.where(a.Lparen.Offset)
		p.unexpected(msg, msg)
	}
	a.Rparen = p.pos(p.tokOff)
	p.next()
	return a
}

// arrayElem splits the element `[sub]=value` of an array value into its
// parts; any other word is a plain element.
func (p *parser) arrayElem(w *Word) *ArrayElem {
	if l, ok := w.Parts[0].(*Lit); ok && strings.HasPrefix(l.Value, "[") {
		if sub, add, k, j := p.splitIndex(w, 1); sub != nil {
			return &ArrayElem{Lbrack: l.ValuePos, Index: sub, Append: add, Value: p.valueWord(w, k, j)}
		}
	}
	return &ArrayElem{Value: w}
}

// tryArithCmd parses "(( expr ))" when the current token is a "(" followed
// at once by another. It returns nil, having consumed nothing, when the
// text is not an arithmetic command but nested subshells, `((a) )`, as
// bash decides: the arithmetic text must end in "))". An input that ends
// inside it is reported as an unfinished "((".
func (p *parser) tryArithCmd() (a *ArithCmd) {
	left := p.tokOff
	if p.rawAt(left+1) != '(' {
		return nil
	}
	saveOff, saveDepth := p.off, p.depth
	func() {
		defer func() {
			if r := recover(); r != nil {
				if _, ok := r.(bailout); !ok || p.err.Incomplete {
					panic(r)
				}
				p.err = nil
				p.off, p.depth = saveOff, saveDepth
				a = nil
			}
		}()
		p.off = left + 2
		parts := p.quotedParts(ctxArith, false, left)
		a = &ArithCmd{Left: p.pos(left), Right: p.pos(p.off)}
		if len(parts) > 0 {
			a.Expr = &Word{Parts: parts}
		}
	}()
	if a != nil {
		p.skip(2)
		p.next()
	}
	return a
}

// parseArithFor parses the rest of "for (( init; cond; post ))"; the
// current token is the first "(".
func (p *parser) parseArithFor(forPos Pos) *ArithForClause {
	c := &ArithForClause{ForPos: forPos, Lparen: p.pos(p.tokOff)}
	open := forPos.Offset
	p.off = p.tokOff + 2
	c.Init = p.exprWord(";", "((", "))", c.Lparen.Offset)
	for _, w := range []**Word{&c.Cond, &c.Post} {
		if p.cur() != ';' {
			p.fail(p.off, false, "expected `;` in `for ((`")
		}
		p.off++
		if w == &c.Post {
			parts := p.quotedParts(ctxArith, false, c.Lparen.Offset)
			if len(parts) > 0 {
				c.Post = &Word{Parts: parts}
			}
			break
		}
		*w = p.exprWord(";", "((", "))", c.Lparen.Offset)
	}
	c.Rparen = p.pos(p.off)
	p.skip(2)
	p.next()
	if p.tok == tokSemi {
		p.next()
	}
	p.skipNewlines()
	if p.isWord("{") {
		// bash also takes a brace group as the body.
		lbrace := p.tokOff
		p.next()
		c.Braces = true
		c.Body = p.parseList()
		p.needList(c.Body, "}", "{", lbrace)
		c.DonePos = p.want("}", "}", "{", lbrace)
		return c
	}
	p.want("do", "done", "for", open)
	c.Body = p.parseList()
	p.needList(c.Body, "done", "for", open)
	c.DonePos = p.want("done", "done", "for", open)
	return c
}

// parseRedirect parses a redirection; the current token is its operator.
func (p *parser) parseRedirect() *Redirect {
	r := &Redirect{N: p.rdN, OpPos: p.pos(p.rdOpOff), Op: p.rdOp, Var: p.rdVar}
	if r.N >= 0 || r.Var != "" {
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

// isTestUnaryOp reports whether op is a unary operator of [[ ]]: a file
// test, -n and -z, -o (an option is on), -v (a variable is set), -R (a
// name reference).
func isTestUnaryOp(op string) bool {
	switch op {
	case "-a", "-b", "-c", "-d", "-e", "-f", "-g", "-h", "-k", "-n", "-o", "-p",
		"-r", "-s", "-t", "-u", "-v", "-w", "-x", "-z", "-G", "-L", "-N", "-O",
		"-R", "-S":
		return true
	}
	return false
}

// isTestBinaryOp reports whether op is a binary operator of [[ ]] that is
// a word; < and > reach the parser as redirection tokens.
func isTestBinaryOp(op string) bool {
	switch op {
	case "=", "==", "!=", "=~", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt",
		"-ot", "-ef":
		return true
	}
	return false
}

// parseTest parses "[[ expression ]]"; the current token is "[[".
func (p *parser) parseTest() *TestClause {
	c := &TestClause{Left: p.pos(p.tokOff)}
	open := p.tokOff
	p.next()
	p.skipNewlines()
	if p.isWord("]]") {
		p.fail(p.tokOff, false, "`]]` unexpected, expected an expression after `[[`")
	}
	c.X = p.testOr(open)
	if !p.isWord("]]") {
		msg := "expected `]]` to close `[[` at " + p.where(open)
		p.unexpected(msg, msg)
	}
	c.Right = p.pos(p.tokOff)
	p.next()
	return c
}

func (p *parser) testOr(open int) TestExpr {
	x := p.testAnd(open)
	for p.skipNewlines(); p.tok == tokOrIf; p.skipNewlines() {
		b := &TestBinary{OpPos: p.pos(p.tokOff), Op: "||", X: x}
		p.next()
		p.skipNewlines()
		b.Y = p.testAnd(open)
		x = b
	}
	return x
}

func (p *parser) testAnd(open int) TestExpr {
	x := p.testNot(open)
	// Newlines between the terms are blanks, as in bash.
	for p.skipNewlines(); p.tok == tokAndIf; p.skipNewlines() {
		b := &TestBinary{OpPos: p.pos(p.tokOff), Op: "&&", X: x}
		p.next()
		p.skipNewlines()
		b.Y = p.testNot(open)
		x = b
	}
	return x
}

func (p *parser) testNot(open int) TestExpr {
	if !p.isWord("!") {
		return p.testPrimary(open)
	}
	u := &TestUnary{OpPos: p.pos(p.tokOff), Op: "!"}
	p.enter(p.tokOff)
	p.next()
	u.X = p.testNot(open)
	p.depth--
	return u
}

// testOperand fails unless the current token is a word that can be an
// operand of op.
func (p *parser) testOperand(op string, open int) {
	if p.tok != tokWord || p.isWord("]]") {
		p.unexpected("expected `]]` to close `[[` at "+p.where(open), "expected an operand after `"+op+"`")
	}
}

func (p *parser) testPrimary(open int) TestExpr {
	eofMsg := "expected `]]` to close `[[` at " + p.where(open)
	if p.tok == tokLparen {
		t := &TestParen{Lparen: p.pos(p.tokOff)}
		p.enter(p.tokOff)
		p.next()
		p.skipNewlines()
		t.X = p.testOr(open)
		if p.tok != tokRparen {
			p.unexpected(eofMsg, "expected `)` to close `(` at "+p.where(t.Lparen.Offset))
		}
		t.Rparen = p.pos(p.tokOff)
		p.depth--
		p.next()
		return t
	}
	if p.tok != tokWord || p.isWord("]]") {
		p.unexpected(eofMsg, "expected an operand in `[[`")
	}
	w := p.word
	if op := w.Lit(); isTestUnaryOp(op) {
		u := &TestUnary{OpPos: w.Pos(), Op: op}
		p.next()
		p.testOperand(op, open)
		u.X = p.word
		p.next()
		return u
	}
	p.next()
	var op string
	switch {
	case p.tok == tokWord && isTestBinaryOp(p.word.Lit()):
		op = p.word.Lit()
	case p.tok == tokRedir && p.rdN < 0 && (p.rdOp == RdrIn || p.rdOp == RdrOut):
		op = p.rdOp.String()
	default:
		return w
	}
	b := &TestBinary{OpPos: p.pos(p.tokOff), Op: op, X: w}
	switch op {
	case "=~":
		p.nextRegex()
	case "==", "!=", "=":
		// bash reads extended patterns here even with extglob off.
		p.extPat = true
		p.next()
		p.extPat = false
	default:
		p.next()
	}
	p.testOperand(op, open)
	b.Y = p.word
	p.next()
	return b
}

// nextRegex reads the word after =~ as the current token: a word in
// which parentheses, | and the other operator characters are literal.
func (p *parser) nextRegex() {
	for isBlank(p.cur()) {
		p.off++
	}
	start := p.off
	if c := p.cur(); c == eof || c == '\n' || c == ')' {
		p.next()
		return
	}
	w := &Word{Parts: p.tildes(p.unquotedParts(ctxRegex), false)}
	p.tok, p.tokOff, p.tokEnd, p.word = tokWord, start, p.off, w
}
