// This file is long on purpose: it is every node of the syntax tree with
// its Pos and End, the one place to read what a parse produces.

package parser

// Pos is a position in the source: a byte offset and the 1-based line and
// column (column counted in bytes) it falls on. The zero Pos is invalid.
type Pos struct {
	Offset int
	Line   int
	Col    int
}

// IsValid reports whether p points into a source.
func (p Pos) IsValid() bool { return p.Line > 0 }

// Node is any node of the syntax tree. Pos is the first byte of the node and
// End the byte just after it, so src[n.Pos().Offset:n.End().Offset] is the
// node's text.
type Node interface {
	Pos() Pos
	End() Pos
}

// File = { Stmt } .
//
// File is a whole parsed source: a script file, a -c string, or one line of
// the interactive prompt.
type File struct {
	Name  string
	Stmts []*Stmt
}

// Pos returns the position of the first statement (invalid for no statements).
func (f *File) Pos() Pos {
	if len(f.Stmts) == 0 {
		return Pos{}
	}
	return f.Stmts[0].Pos()
}

// End returns the end of the last statement (invalid for no statements).
func (f *File) End() Pos {
	if len(f.Stmts) == 0 {
		return Pos{}
	}
	return f.Stmts[len(f.Stmts)-1].End()
}

// Stmt = AndOr [ ";" | "&" ] .
//
// Stmt is one list element. Semicolon is the position of its terminating ";"
// or "&" when it has one; Background is set for "&".
type Stmt struct {
	AndOr      *AndOr
	Background bool
	Semicolon  Pos
}

func (s *Stmt) Pos() Pos { return s.AndOr.Pos() }
func (s *Stmt) End() Pos {
	if s.Semicolon.IsValid() {
		return advance(s.Semicolon, 1)
	}
	return s.AndOr.End()
}

// AndOrOp is "&&" or "||".
type AndOrOp int

const (
	AndIf AndOrOp = iota + 1 // &&
	OrIf                     // ||
)

func (o AndOrOp) String() string {
	if o == AndIf {
		return "&&"
	}
	return "||"
}

// AndOr = Pipeline { ( "&&" | "||" ) Pipeline } .
//
// AndOr is kept flat: First runs, then each of Rest runs when its operator
// agrees with the status so far. A newline may follow each operator.
type AndOr struct {
	First *Pipeline
	Rest  []*AndOrItem
}

// AndOrItem is one "&& Pipeline" or "|| Pipeline" of an AndOr.
type AndOrItem struct {
	OpPos    Pos
	Op       AndOrOp
	Pipeline *Pipeline
}

func (a *AndOr) Pos() Pos { return a.First.Pos() }
func (a *AndOr) End() Pos {
	if n := len(a.Rest); n > 0 {
		return a.Rest[n-1].Pipeline.End()
	}
	return a.First.End()
}

// Pipeline = [ "!" ] Stage { Link Stage } .
//
// Pipeline is the unit the exec package runs as one process group. Links[i]
// joins Stages[i] and Stages[i+1], so len(Links) == len(Stages)-1. Bang is
// valid when Negated is set.
type Pipeline struct {
	Bang    Pos
	Negated bool
	Stages  []*Stage
	Links   []*Link
}

func (p *Pipeline) Pos() Pos {
	if p.Negated {
		return p.Bang
	}
	return p.Stages[0].Pos()
}
func (p *Pipeline) End() Pos { return p.Stages[len(p.Stages)-1].End() }

// BidiTail splits the trailing redirections off a pipeline whose last
// link is two-way: in `a <|> b R` each stage's fd 0 and fd 1 are its end
// of one socket, so the redirections R written after the last stage
// apply to the whole pipeline, as `{ a <|> b; } R` (the shell runs it so,
// and explain draws it so). It returns p unchanged and nil when there are
// none; otherwise a copy of p whose last stage has no redirections, and
// those redirections. p itself is not modified.
func (p *Pipeline) BidiTail() (*Pipeline, []*Redirect) {
	n := len(p.Links)
	if n == 0 || !p.Links[n-1].Kind.Bidi() || len(p.Stages[n].Redirs) == 0 {
		return p, nil
	}
	last := *p.Stages[n]
	rs := last.Redirs
	last.Redirs = nil
	cp := *p
	cp.Stages = append(append([]*Stage(nil), p.Stages[:n]...), &last)
	return &cp, rs
}

// LinkKind says which kernel object joins two stages of a pipeline.
type LinkKind int

const (
	LinkPipe    LinkKind = iota + 1 // |
	LinkPipeAll                     // |&
	LinkUnix                        // |>
	LinkTCP                         // |>tcp
	LinkBidi                        // <|>
	LinkBidiTCP                     // <|>tcp
)

var linkSpelling = [...]string{LinkPipe: "|", LinkPipeAll: "|&", LinkUnix: "|>", LinkTCP: "|>tcp", LinkBidi: "<|>", LinkBidiTCP: "<|>tcp"}

func (k LinkKind) String() string {
	if k > 0 && int(k) < len(linkSpelling) {
		return linkSpelling[k]
	}
	return "?"
}

// Bidi reports whether k is a two-way link, <|> or <|>tcp.
func (k LinkKind) Bidi() bool { return k == LinkBidi || k == LinkBidiTCP }

// Link = "|" | "|&" | "|>" | "|>tcp" | "<|>" | "<|>tcp" .
//
// Link is the operator between two stages. A newline may follow it.
type Link struct {
	OpPos Pos
	Kind  LinkKind
}

func (l *Link) Pos() Pos { return l.OpPos }
func (l *Link) End() Pos { return advance(l.OpPos, len(l.Kind.String())) }

// Stage = Command { Redirect } .
//
// Stage is one element of a pipeline: a command and every redirection that
// applies to it, in source order. For a simple command the redirections may
// stand anywhere among its words (`>out echo a b`); they are all collected
// here, so Cmd holds only assignments and words.
type Stage struct {
	Cmd    Command
	Redirs []*Redirect
}

func (s *Stage) Pos() Pos {
	p := s.Cmd.Pos()
	if len(s.Redirs) > 0 && (!p.IsValid() || s.Redirs[0].Pos().Offset < p.Offset) {
		return s.Redirs[0].Pos()
	}
	return p
}
func (s *Stage) End() Pos {
	e := s.Cmd.End()
	if n := len(s.Redirs); n > 0 && s.Redirs[n-1].End().Offset > e.Offset {
		return s.Redirs[n-1].End()
	}
	return e
}

// Command is one of *SimpleCmd, *Block, *Subshell, *IfClause, *WhileClause,
// *ForClause, *ArithForClause, *SelectClause, *CaseClause, *FuncDecl,
// *TestClause, *ArithCmd.
type Command interface {
	Node
	commandNode()
}

func (*SimpleCmd) commandNode()   {}
func (*Block) commandNode()       {}
func (*Subshell) commandNode()    {}
func (*IfClause) commandNode()    {}
func (*WhileClause) commandNode() {}
func (*ForClause) commandNode()   {}
func (*CaseClause) commandNode()  {}
func (*FuncDecl) commandNode()    {}

func (*TestClause) commandNode()     {}
func (*ArithCmd) commandNode()       {}
func (*ArithForClause) commandNode() {}
func (*SelectClause) commandNode()   {}

// SimpleCmd = { Assign } { Word } .
//
// SimpleCmd is assignments followed by the command's words. Either list may
// be empty (`x=1` alone, or `>file` alone, whose SimpleCmd has neither and
// whose Pos is then invalid).
//
// ArgArrays holds the array values of a declaration command's arguments
// (bash: `declare -a a=(x y)`, `local a=(…)`, also typeset, readonly and
// export; let and eval take its text, `let x=( 1 )`): Args[i] is the `a=`
// or `a+=` before the parenthesis and ArgArrays[i] what follows. It is nil
// for other commands.
type SimpleCmd struct {
	Assigns   []*Assign
	Args      []*Word
	ArgArrays map[int]*ArrayExpr
}

func (c *SimpleCmd) Pos() Pos {
	if len(c.Assigns) > 0 {
		return c.Assigns[0].Pos()
	}
	if len(c.Args) > 0 {
		return c.Args[0].Pos()
	}
	return Pos{}
}
func (c *SimpleCmd) End() Pos {
	if len(c.Args) > 0 {
		if a := c.ArgArrays[len(c.Args)-1]; a != nil {
			return a.End()
		}
		return c.Args[len(c.Args)-1].End()
	}
	if len(c.Assigns) > 0 {
		return c.Assigns[len(c.Assigns)-1].End()
	}
	return Pos{}
}

// Assign = Name [ "[" Index "]" ] ( "=" | "+=" ) [ Word | ArrayExpr ] .
//
// Assign is a variable assignment before a command or alone. Value is nil
// for `x=`. Append is set for `x+=w` (bash). Index is the subscript of an
// array element assignment `a[i+1]=w` (bash), its parts as lexed in the
// word (the shell expands it and evaluates it as arithmetic). Array is set
// for `a=(x y z)` (bash), whose Value is then nil.
type Assign struct {
	NamePos Pos
	Name    string
	Index   *Word
	Append  bool
	Value   *Word
	Array   *ArrayExpr
}

func (a *Assign) Pos() Pos { return a.NamePos }
func (a *Assign) End() Pos {
	if a.Array != nil {
		return a.Array.End()
	}
	if a.Value != nil {
		return a.Value.End()
	}
	n := 1
	if a.Append {
		n++
	}
	if a.Index != nil {
		return advance(a.Index.End(), 1+n)
	}
	return advance(a.NamePos, len(a.Name)+n)
}

// ArrayExpr = "(" { ArrayElem } ")" .
//
// ArrayExpr is the value of an array assignment `a=(x y z)` (bash).
// Newlines and comments may stand between the elements.
type ArrayExpr struct {
	Lparen, Rparen Pos
	Elems          []*ArrayElem
}

func (a *ArrayExpr) Pos() Pos { return a.Lparen }
func (a *ArrayExpr) End() Pos { return advance(a.Rparen, 1) }

// ArrayElem = Word | "[" Index "]" ( "=" | "+=" ) [ Word ] .
//
// ArrayElem is one element of an ArrayExpr: a plain word (Index nil), or
// a word that names its subscript, `[7]=x` or `[key]+=v` (bash), split
// as an Assign's: Index holds the parts between the brackets as lexed in
// the word, Value what follows the "=" (nil when empty). A word whose "["
// is not balanced by a "]" followed by "=" or "+=" (`[ab]*`, `[]=x`) is
// a plain word. Lbrack is valid only with an Index.
type ArrayElem struct {
	Lbrack Pos
	Index  *Word
	Append bool
	Value  *Word
}

func (e *ArrayElem) Pos() Pos {
	if e.Index != nil {
		return e.Lbrack
	}
	return e.Value.Pos()
}
func (e *ArrayElem) End() Pos {
	if e.Value != nil {
		return e.Value.End()
	}
	n := 2 // "]="
	if e.Append {
		n++
	}
	return advance(e.Index.End(), n)
}

// Block = "{" List "}" .
type Block struct {
	Lbrace, Rbrace Pos
	Stmts          []*Stmt
}

func (b *Block) Pos() Pos { return b.Lbrace }
func (b *Block) End() Pos { return advance(b.Rbrace, 1) }

// Subshell = "(" List ")" .
type Subshell struct {
	Lparen, Rparen Pos
	Stmts          []*Stmt
}

func (s *Subshell) Pos() Pos { return s.Lparen }
func (s *Subshell) End() Pos { return advance(s.Rparen, 1) }

// IfClause = "if" List "then" List { "elif" List "then" List } [ "else" List ] "fi" .
//
// Elifs are kept in order; Else is nil when there is no else branch
// (ElsePos is then invalid).
type IfClause struct {
	IfPos   Pos
	Cond    []*Stmt
	Then    []*Stmt
	Elifs   []*Elif
	ElsePos Pos
	Else    []*Stmt
	FiPos   Pos
}

// Elif is one "elif List then List" branch.
type Elif struct {
	ElifPos Pos
	Cond    []*Stmt
	Then    []*Stmt
}

func (c *IfClause) Pos() Pos { return c.IfPos }
func (c *IfClause) End() Pos { return advance(c.FiPos, 2) }

// WhileClause = ( "while" | "until" ) List "do" List "done" .
type WhileClause struct {
	WhilePos Pos
	Until    bool
	Cond     []*Stmt
	Body     []*Stmt
	DonePos  Pos
}

func (c *WhileClause) Pos() Pos { return c.WhilePos }
func (c *WhileClause) End() Pos { return advance(c.DonePos, 4) }

// ForClause = "for" Name [ "in" { Word } ] ( ";" | newline ) "do" List "done" .
//
// HasIn distinguishes `for x in; do` (no iterations) from `for x; do`
// (iterates over "$@").
type ForClause struct {
	ForPos  Pos
	NamePos Pos
	Name    string
	HasIn   bool
	Words   []*Word
	Body    []*Stmt
	DonePos Pos
}

func (c *ForClause) Pos() Pos { return c.ForPos }
func (c *ForClause) End() Pos { return advance(c.DonePos, 4) }

// SelectClause = "select" Name [ "in" { Word } ] ( ";" | newline ) "do" List "done" .
//
// SelectClause is bash's and ksh's menu loop: it reads a choice among
// Words (or "$@" without "in") each time round. HasIn is as in ForClause.
type SelectClause struct {
	SelectPos Pos
	NamePos   Pos
	Name      string
	HasIn     bool
	Words     []*Word
	Body      []*Stmt
	DonePos   Pos
}

func (c *SelectClause) Pos() Pos { return c.SelectPos }
func (c *SelectClause) End() Pos { return advance(c.DonePos, 4) }

// ArithForClause = "for" "((" [ Word ] ";" [ Word ] ";" [ Word ] "))" [ ";" ] { newline } ( "do" List "done" | "{" List "}" ) .
//
// ArithForClause is bash's C-style loop. Init, Cond and Post are the
// arithmetic texts (parts as in $((…)); nil when empty: an empty Cond is
// true). Lparen is the first "(" and Rparen the first ")" of "))".
type ArithForClause struct {
	ForPos, Lparen, Rparen Pos
	Init, Cond, Post       *Word
	Body                   []*Stmt
	DonePos                Pos  // of "done", or of "}" when Braces
	Braces                 bool // the body is written { List } (bash)
}

func (c *ArithForClause) Pos() Pos { return c.ForPos }
func (c *ArithForClause) End() Pos {
	if c.Braces {
		return advance(c.DonePos, 1)
	}
	return advance(c.DonePos, 4)
}

// ArithCmd = "((" Word "))" .
//
// ArithCmd is bash's arithmetic command: its status is 0 when the
// expression is not zero. Expr's parts are those of $((…)), nil for (( )).
// Right is the first of the two closing parentheses.
type ArithCmd struct {
	Left, Right Pos
	Expr        *Word
}

func (a *ArithCmd) Pos() Pos { return a.Left }
func (a *ArithCmd) End() Pos { return advance(a.Right, 2) }

// TestClause = "[[" TestExpr "]]" .
//
// TestClause is bash's conditional command. Its words are neither split
// nor globbed; Right is the position of "]]".
type TestClause struct {
	Left, Right Pos
	X           TestExpr
}

func (t *TestClause) Pos() Pos { return t.Left }
func (t *TestClause) End() Pos { return advance(t.Right, 2) }

// TestExpr is one of *Word (an operand), *TestUnary, *TestBinary,
// *TestParen.
type TestExpr interface {
	Node
	testExprNode()
}

func (*Word) testExprNode()       {}
func (*TestUnary) testExprNode()  {}
func (*TestBinary) testExprNode() {}
func (*TestParen) testExprNode()  {}

// TestUnary = ( "!" | UnaryOp ) TestExpr .
//
// TestUnary is a negation (Op "!") or a unary test such as -f or -n, whose
// X is then a *Word. Op holds the operator's spelling.
type TestUnary struct {
	OpPos Pos
	Op    string
	X     TestExpr
}

func (t *TestUnary) Pos() Pos { return t.OpPos }
func (t *TestUnary) End() Pos { return t.X.End() }

// TestBinary = TestExpr BinaryOp TestExpr .
//
// TestBinary is "&&" or "||" between expressions, or a comparison between
// two *Word operands: = == != (the right side is a pattern), =~ (the
// right side is a regular expression, lexed so that ( ) | stay in it),
// < > (strings), -eq -ne -lt -le -gt -ge (arithmetic), -nt -ot -ef
// (files). Op holds the operator's spelling.
type TestBinary struct {
	OpPos Pos
	Op    string
	X, Y  TestExpr
}

func (t *TestBinary) Pos() Pos { return t.X.Pos() }
func (t *TestBinary) End() Pos { return t.Y.End() }

// TestParen = "(" TestExpr ")" .
type TestParen struct {
	Lparen, Rparen Pos
	X              TestExpr
}

func (t *TestParen) Pos() Pos { return t.Lparen }
func (t *TestParen) End() Pos { return advance(t.Rparen, 1) }

// CaseClause = "case" Word "in" { CaseItem } "esac" .
type CaseClause struct {
	CasePos Pos
	Word    *Word
	Items   []*CaseItem
	EsacPos Pos
}

func (c *CaseClause) Pos() Pos { return c.CasePos }
func (c *CaseClause) End() Pos { return advance(c.EsacPos, 4) }

// CaseOp ends a case item.
type CaseOp int

const (
	CaseBreak       CaseOp = iota // ;; (also an item ended by esac)
	CaseFallthrough               // ;&
	CaseContinue                  // ;;&
)

// CaseItem = [ "(" ] Word { "|" Word } ")" List [ ";;" | ";&" | ";;&" ] .
//
// OpPos is invalid when the item is ended by esac without ";;".
type CaseItem struct {
	Patterns []*Word
	Body     []*Stmt
	Op       CaseOp
	OpPos    Pos
}

// FuncDecl = Name "(" ")" { newline } Stage | "function" Name [ "(" ")" ] Stage .
//
// Body is a compound command with its own redirections, which apply each
// time the function runs. FuncPos is the position of the "function"
// keyword, invalid for the name() form.
type FuncDecl struct {
	FuncPos Pos
	NamePos Pos
	Name    string
	Body    *Stage
}

func (f *FuncDecl) Pos() Pos {
	if f.FuncPos.IsValid() {
		return f.FuncPos
	}
	return f.NamePos
}
func (f *FuncDecl) End() Pos { return f.Body.End() }

// RedirOp is a redirection operator.
type RedirOp int

const (
	RdrIn       RedirOp = iota + 1 // <
	RdrOut                         // >
	RdrAppend                      // >>
	RdrClobber                     // >|
	RdrInOut                       // <>
	DupIn                          // <&
	DupOut                         // >&
	RdrAll                         // &>
	AppendAll                      // &>>
	Heredoc                        // <<
	DashHeredoc                    // <<-
	Herestring                     // <<<
)

var redirSpelling = [...]string{RdrIn: "<", RdrOut: ">", RdrAppend: ">>", RdrClobber: ">|", RdrInOut: "<>", DupIn: "<&", DupOut: ">&", RdrAll: "&>", AppendAll: "&>>", Heredoc: "<<", DashHeredoc: "<<-", Herestring: "<<<"}

func (o RedirOp) String() string {
	if o > 0 && int(o) < len(redirSpelling) {
		return redirSpelling[o]
	}
	return "?"
}

// Redirect = [ Number | "{" Name "}" ] RedirOp Word .
//
// N is the explicit descriptor number, or -1 when none was written (the
// operator's default then applies: 0 for < <> <& << <<- <<<, 1 for the
// others; &> and &>> always mean 1 and 2). Word is the target: a file name,
// a descriptor number or "-" for the Dup forms, the delimiter for here-
// documents, the string for <<<.
//
// For << and <<- Hdoc is the body (nil when it is empty; its positions
// are those of the body's lines). When the delimiter had any quoting the
// body is one literal *Lit; otherwise its parts are those of a double-quoted
// string without the quotes (Lit, ParamExp, CmdSubst, ArithExp), where a
// backslash escapes only $ ` \ and newline. For <<- leading tabs are already
// removed.
type Redirect struct {
	NPos  Pos // of N, or of the "{" of {Var}
	N     int
	Var   string // bash's {name}>file: the shell picks a descriptor (10 or above) and sets name to it; N is -1
	OpPos Pos
	Op    RedirOp
	Word  *Word
	Hdoc  *Word
}

func (r *Redirect) Pos() Pos {
	if (r.N >= 0 || r.Var != "") && r.NPos.IsValid() {
		return r.NPos
	}
	return r.OpPos
}
func (r *Redirect) End() Pos { return r.Word.End() }

// Word = WordPart { WordPart } .
//
// Word is one shell word as written: its parts keep their quote context, so
// '$x', "$x" and $x are different words, and a quoted "|" is a word, not an
// operator. Quote removal, expansion and splitting happen in the shell.
type Word struct {
	Parts []WordPart
}

func (w *Word) Pos() Pos { return w.Parts[0].Pos() }
func (w *Word) End() Pos { return w.Parts[len(w.Parts)-1].End() }

// EmptySubscript reports whether w is the subscript of ${a[]}: a single
// empty literal, which the parser keeps so that the expansion, not the
// parse, fails (as in bash).
func (w *Word) EmptySubscript() bool {
	if len(w.Parts) != 1 {
		return false
	}
	l, ok := w.Parts[0].(*Lit)
	return ok && l.Value == ""
}

// Lit returns the word's text when it is a single unquoted literal with no
// expansions (a reserved word, a plain name), and "" otherwise.
func (w *Word) Lit() string {
	if len(w.Parts) == 1 {
		if l, ok := w.Parts[0].(*Lit); ok {
			return l.Value
		}
	}
	return ""
}

// WordPart is one of *Lit, *Escaped, *SglQuoted, *DblQuoted, *ParamExp,
// *CmdSubst, *ProcSubst, *ArithExp, *Tilde, *ExtGlob.
type WordPart interface {
	Node
	wordPartNode()
}

func (*Lit) wordPartNode()       {}
func (*Escaped) wordPartNode()   {}
func (*SglQuoted) wordPartNode() {}
func (*DblQuoted) wordPartNode() {}
func (*ParamExp) wordPartNode()  {}
func (*CmdSubst) wordPartNode()  {}
func (*ProcSubst) wordPartNode() {}
func (*ArithExp) wordPartNode()  {}
func (*Tilde) wordPartNode()     {}
func (*ExtGlob) wordPartNode()   {}

// Lit is literal text. Outside quotes its glob characters (* ? [) are
// active; inside DblQuoted or a here-document body it is plain text whose
// backslash escapes have already been resolved. Line continuations never
// appear in a Lit. ValueEnd is the position after its source text, which
// may be longer than Value when escapes were resolved.
type Lit struct {
	ValuePos, ValueEnd Pos
	Value              string
}

func (l *Lit) Pos() Pos { return l.ValuePos }
func (l *Lit) End() Pos { return l.ValueEnd }

// Escaped is a backslash and the character it quotes, outside any quotes:
// `\*` is a literal star that does not glob and `\ ` a space that does not
// split. Value is the quoted character (one UTF-8 character).
type Escaped struct {
	Backslash Pos
	Value     string
}

func (e *Escaped) Pos() Pos { return e.Backslash }
func (e *Escaped) End() Pos { return advance(e.Backslash, 1+len(e.Value)) }

// SglQuoted is '…' (or bash's $'…' when Dollar is set, whose Value has
// its escapes already resolved). Value is the text between the quotes.
type SglQuoted struct {
	Left, Right Pos
	Dollar      bool
	Value       string
}

func (q *SglQuoted) Pos() Pos { return q.Left }
func (q *SglQuoted) End() Pos { return advance(q.Right, 1) }

// DblQuoted is "…": Parts are Lit, ParamExp, CmdSubst and ArithExp.
type DblQuoted struct {
	Left, Right Pos
	Parts       []WordPart
}

func (q *DblQuoted) Pos() Pos { return q.Left }
func (q *DblQuoted) End() Pos { return advance(q.Right, 1) }

// ParamOp is the operator of a ${name OP word} expansion.
type ParamOp int

const (
	ParamNone           ParamOp = iota
	ParamDefault                // ${x-w}
	ParamDefaultColon           // ${x:-w}
	ParamAssign                 // ${x=w}
	ParamAssignColon            // ${x:=w}
	ParamAlt                    // ${x+w}
	ParamAltColon               // ${x:+w}
	ParamError                  // ${x?w}
	ParamErrorColon             // ${x:?w}
	ParamTrimSuffix             // ${x%p}
	ParamTrimSuffixLong         // ${x%%p}
	ParamTrimPrefix             // ${x#p}
	ParamTrimPrefixLong         // ${x##p}
	ParamReplace                // ${x/p/r}
	ParamReplaceAll             // ${x//p/r}
	ParamReplacePrefix          // ${x/#p/r}
	ParamReplaceSuffix          // ${x/%p/r}
	ParamSlice                  // ${x:off}
	ParamSliceLen               // ${x:off:len}
	ParamUpper                  // ${x^p}
	ParamUpperAll               // ${x^^p}
	ParamLower                  // ${x,p}
	ParamLowerAll               // ${x,,p}
	ParamTransform              // ${x@Q}: Arg is the operator letter
)

var paramOpSpelling = [...]string{ParamDefault: "-", ParamDefaultColon: ":-", ParamAssign: "=", ParamAssignColon: ":=", ParamAlt: "+", ParamAltColon: ":+", ParamError: "?", ParamErrorColon: ":?", ParamTrimSuffix: "%", ParamTrimSuffixLong: "%%", ParamTrimPrefix: "#", ParamTrimPrefixLong: "##",
	ParamReplace: "/", ParamReplaceAll: "//", ParamReplacePrefix: "/#", ParamReplaceSuffix: "/%", ParamSlice: ":", ParamSliceLen: ":", ParamUpper: "^", ParamUpperAll: "^^", ParamLower: ",", ParamLowerAll: ",,", ParamTransform: "@"}

func (o ParamOp) String() string {
	if o > 0 && int(o) < len(paramOpSpelling) {
		return paramOpSpelling[o]
	}
	return ""
}

// ParamExp = "$" Name | "$" Special | "$" Digit | "${" [ "#" | "!" ] Param [ "[" Index "]" ] [ ParamOp Word [ ( "/" | ":" ) Word ] ] "}" | "${!" Name ( "*" | "@" ) "}" .
//
// Param is a name, a special parameter (? $ ! # @ * - 0) or a positional
// number ("1", "10"). Short is set for the unbraced form ($x), whose Rbrace
// is invalid. Length is ${#x}; Indirect is bash's ${!x}, which expands the
// variable x names. Names is bash's ${!prefix*} and ${!prefix@}, the
// names of the variables that start with Param, with Indirect set and the
// "*" or "@" in Index (it joins the names as ${a[*]} and ${a[@]} join
// elements). Index is "@" or "*" for ${a[@]} and ${a[*]}; Sub is
// any other subscript, ${a[i+1]}, an arithmetic text whose parts are those
// of $((…)); both are empty when there is no subscript. Arg is the word
// after Op (nil for an empty word): the pattern of ${x/p/r}, the offset of
// ${x:off:len} (an arithmetic text, parts as in $((…))). Repl is the
// replacement of ${x/p/r} (nil when empty or absent) or the length of
// ${x:off:len}, read like Arg. For bash's ${x@Q} (ParamTransform) Arg
// is one Lit holding the operator letter, one of Q E P A K a k U u L. The pattern of ${x/p/r} ends at the first
// unquoted "/" (inside "…" or a here-document, \/ is a literal "/").
// Otherwise Arg's parts follow the quoting of where the expansion stands:
//
//   - outside quotes, Arg is read like an unquoted word, except that blanks,
//     newlines and operators are literal and it ends at the first "}" not
//     matched by a literal "{": its parts may be Lit, Escaped, SglQuoted,
//     DblQuoted, ParamExp, CmdSubst, ArithExp, and a leading Tilde;
//   - inside "…" (the ParamExp is a part of a DblQuoted), Arg's parts are
//     those of a double-quoted string, Lit (escapes resolved; \} is a
//     literal "}"), ParamExp, CmdSubst, ArithExp, plus DblQuoted for inner
//     quotes as in "${x:-"a b"}"; a ' is literal there;
//   - in a here-document body or $((…)), Arg's parts are Lit (escapes
//     resolved), ParamExp, CmdSubst and ArithExp, and " is literal.
type ParamExp struct {
	Dollar, Rbrace Pos
	// Bad, when set, is the whole text, "${" to "}", of one that is no
	// expansion plumb knows (zsh's ${(M)x} in a completion file, ${=1}):
	// as in bash, a bad substitution when the word is expanded, not when
	// it is read. The other fields are then zero.
	Bad      string
	Short    bool
	Length   bool
	Indirect bool
	Names    bool
	Param    string
	Index    string
	Sub      *Word
	Op       ParamOp
	Arg      *Word
	Repl     *Word
}

func (p *ParamExp) Pos() Pos { return p.Dollar }
func (p *ParamExp) End() Pos {
	if p.Short {
		return advance(p.Dollar, 1+len(p.Param))
	}
	return advance(p.Rbrace, 1)
}

// CmdSubst is $(…) or `…` (Backquote set). Left is the "$" or the opening
// backquote, Right the closing ")" or backquote.
type CmdSubst struct {
	Left, Right Pos
	Backquote   bool
	Stmts       []*Stmt
}

func (c *CmdSubst) Pos() Pos { return c.Left }
func (c *CmdSubst) End() Pos { return advance(c.Right, 1) }

// ProcSubst = ( "<(" | ">(" ) List ")" .
//
// ProcSubst is bash's process substitution: the list runs asynchronously
// with its stdout (In, for "<(") or its stdin (">(") on a pipe, and the
// word part expands to a /dev/fd/N path naming the other end. It is
// recognised only outside quotes, where "<" or ">" is directly followed by
// "(" (`cat < <(x)` is a redirection and then the word); inside a word too
// (`--file=<(x)`, `2<(x)` is the word "2/dev/fd/N"). OpPos is the "<" or
// ">", Rparen the closing ")".
type ProcSubst struct {
	OpPos, Rparen Pos
	In            bool
	Stmts         []*Stmt
}

func (p *ProcSubst) Pos() Pos { return p.OpPos }
func (p *ProcSubst) End() Pos { return advance(p.Rparen, 1) }

// ArithExp is $((…)), or bash's older spelling $[…] when Bracket is set.
// Expr holds the expression's text as a word whose parts are those of a
// double-quoted string (Lit, ParamExp, CmdSubst, ArithExp); the shell
// expands it and then evaluates the arithmetic. Expr is nil for $(( )).
// Right is the first of the two closing parentheses, or the "]".
type ArithExp struct {
	Left, Right Pos
	Bracket     bool
	Expr        *Word
}

func (a *ArithExp) Pos() Pos { return a.Left }
func (a *ArithExp) End() Pos {
	if a.Bracket {
		return advance(a.Right, 1)
	}
	return advance(a.Right, 2)
}

// Tilde is an unquoted "~" or "~user" at the start of a word (or of an
// assignment value, or after a ":" in one, or at the start of the word of
// an unquoted ${x-word}), ending before the first "/" (or ":" in an
// assignment) or at the end of the word. User holds only the characters
// [A-Za-z0-9._+-]; the shell looks the user up and keeps the text
// unchanged when there is no such user.
type Tilde struct {
	TildePos Pos
	User     string
}

func (t *Tilde) Pos() Pos { return t.TildePos }
func (t *Tilde) End() Pos { return advance(t.TildePos, 1+len(t.User)) }

// ExtGlob = ( "?(" | "*(" | "+(" | "@(" | "!(" ) PatternList ")" .
//
// ExtGlob is one of bash's extended pattern groups, read only outside
// quotes and only when the parser's Config turns extglob on (and always
// in the pattern after == != = in [[ ]], as bash does). Op is the byte
// before the "(": ? (zero or one of the patterns), * (zero or more), +
// (one or more), @ (exactly one) or ! (anything but one of them). Parts
// are the pattern list between the parentheses as written, in the quote
// context of an unquoted word: Lit holds the "|" that separate the
// patterns and any blanks, operators or parentheses inside, which are
// literal there; quoted parts, expansions and nested ExtGlob groups keep
// their own nodes, so the shell can make a pattern in which the quoted
// text matches only itself. Parts is empty for an empty list. OpPos is
// the Op byte, Rparen the closing ")".
type ExtGlob struct {
	OpPos, Rparen Pos
	Op            byte
	Parts         []WordPart
}

func (g *ExtGlob) Pos() Pos { return g.OpPos }
func (g *ExtGlob) End() Pos { return advance(g.Rparen, 1) }

// advance returns p moved n bytes forward on the same line.
func advance(p Pos, n int) Pos {
	return Pos{Offset: p.Offset + n, Line: p.Line, Col: p.Col + n}
}
