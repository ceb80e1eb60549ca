package parser

// Builders for expected syntax trees in tests. Positions are left zero;
// trees are compared after zeroPos.

func lit(s string) *Lit               { return &Lit{Value: s} }
func esc(s string) *Escaped           { return &Escaped{Value: s} }
func sq(s string) *SglQuoted          { return &SglQuoted{Value: s} }
func ansi(s string) *SglQuoted        { return &SglQuoted{Dollar: true, Value: s} }
func tl(user string) *Tilde           { return &Tilde{User: user} }
func word(parts ...WordPart) *Word    { return &Word{Parts: parts} }
func lw(s string) *Word               { return word(lit(s)) }
func dq(parts ...WordPart) *DblQuoted { return &DblQuoted{Parts: parts} }

// pe is the short form $name.
func pe(name string) *ParamExp { return &ParamExp{Short: true, Param: name} }

// pb is ${name}, optionally with an operator and its word.
func pb(name string, op ParamOp, arg *Word) *ParamExp {
	return &ParamExp{Param: name, Op: op, Arg: arg}
}

func cs(stmts ...*Stmt) *CmdSubst { return &CmdSubst{Stmts: stmts} }
func bq(stmts ...*Stmt) *CmdSubst { return &CmdSubst{Backquote: true, Stmts: stmts} }

// psIn is <(stmts…), psOut >(stmts…).
func psIn(stmts ...*Stmt) *ProcSubst  { return &ProcSubst{In: true, Stmts: stmts} }
func psOut(stmts ...*Stmt) *ProcSubst { return &ProcSubst{Stmts: stmts} }

// eg is the extended pattern group op( parts… ).
func eg(op byte, parts ...WordPart) *ExtGlob { return &ExtGlob{Op: op, Parts: parts} }

func ar(parts ...WordPart) *ArithExp {
	if len(parts) == 0 {
		return &ArithExp{}
	}
	return &ArithExp{Expr: word(parts...)}
}

func asg(name string, value *Word) *Assign { return &Assign{Name: name, Value: value} }

// arr builds an array value from words (plain elements) and *ArrayElem.
func arr(elems ...any) *ArrayExpr {
	a := &ArrayExpr{}
	for _, e := range elems {
		if el, ok := e.(*ArrayElem); ok {
			a.Elems = append(a.Elems, el)
			continue
		}
		a.Elems = append(a.Elems, &ArrayElem{Value: toWord(e)})
	}
	return a
}

func rd(n int, op RedirOp, w any) *Redirect {
	return &Redirect{N: n, Op: op, Word: toWord(w)}
}

func hd(n int, op RedirOp, delim any, body *Word) *Redirect {
	r := rd(n, op, delim)
	r.Hdoc = body
	return r
}

func toWord(x any) *Word {
	switch x := x.(type) {
	case string:
		return lw(x)
	case *Word:
		return x
	case WordPart:
		return word(x)
	}
	panic("toWord")
}

// cmd builds a stage holding a simple command from strings (plain words),
// *Word, word parts, *Assign and *Redirect, in any order.
func cmd(items ...any) *Stage {
	c := &SimpleCmd{}
	st := &Stage{Cmd: c}
	for _, it := range items {
		switch it := it.(type) {
		case *Assign:
			c.Assigns = append(c.Assigns, it)
		case *Redirect:
			st.Redirs = append(st.Redirs, it)
		case *ArrayExpr: // the array value of the argument before it
			if c.ArgArrays == nil {
				c.ArgArrays = map[int]*ArrayExpr{}
			}
			c.ArgArrays[len(c.Args)-1] = it
		default:
			c.Args = append(c.Args, toWord(it))
		}
	}
	return st
}

// stg builds a stage from a compound command and its redirections.
func stg(c Command, redirs ...*Redirect) *Stage {
	st := &Stage{Cmd: c}
	for _, r := range redirs {
		st.Redirs = append(st.Redirs, r)
	}
	return st
}

// pl builds a pipeline: [ "!" ] Stage { LinkKind Stage }.
func pl(items ...any) *Pipeline {
	p := &Pipeline{}
	for _, it := range items {
		switch it := it.(type) {
		case string:
			p.Negated = true
		case *Stage:
			p.Stages = append(p.Stages, it)
		case Command:
			p.Stages = append(p.Stages, stg(it))
		case LinkKind:
			p.Links = append(p.Links, &Link{Kind: it})
		}
	}
	return p
}

// ao builds an and-or list: Pipeline { AndOrOp Pipeline }.
func ao(first any, rest ...any) *AndOr {
	a := &AndOr{First: toPipeline(first)}
	for i := 0; i+1 < len(rest); i += 2 {
		a.Rest = append(a.Rest, &AndOrItem{Op: rest[i].(AndOrOp), Pipeline: toPipeline(rest[i+1])})
	}
	return a
}

func toPipeline(x any) *Pipeline {
	switch x := x.(type) {
	case *Pipeline:
		return x
	case *Stage:
		return pl(x)
	case Command:
		return pl(stg(x))
	}
	panic("toPipeline")
}

// st builds a statement from a stage, command, pipeline or and-or list.
func st(x any) *Stmt {
	if a, ok := x.(*AndOr); ok {
		return &Stmt{AndOr: a}
	}
	return &Stmt{AndOr: ao(x)}
}

func bg(x any) *Stmt {
	s := st(x)
	s.Background = true
	return s
}

// list builds statements; plain items are wrapped with st.
func list(xs ...any) []*Stmt {
	var out []*Stmt
	for _, x := range xs {
		if s, ok := x.(*Stmt); ok {
			out = append(out, s)
		} else {
			out = append(out, st(x))
		}
	}
	return out
}

// call is a one-statement list of a simple command of plain words.
func call(words ...any) *Stmt { return st(cmd(words...)) }
