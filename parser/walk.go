package parser

import "reflect"

// Walk traverses the tree rooted at n in pre-order: it calls f(n), and if
// f returns true, walks each child of n in source order. It visits File,
// Stmt, AndOr, Pipeline, Stage, Link, every Command, Assign (its Index,
// Value, ArrayExpr and its ArrayElems), Redirect (its Word, then its here-document body),
// every TestExpr, Word and every word part, and the words and statements
// of CaseItem and Elif (which are not Nodes).
func Walk(n Node, f func(Node) bool) {
	if isNil(n) || !f(n) {
		return
	}
	switch n := n.(type) {
	case *File:
		walkStmts(n.Stmts, f)
	case *Stmt:
		Walk(n.AndOr, f)
	case *AndOr:
		Walk(n.First, f)
		for _, it := range n.Rest {
			Walk(it.Pipeline, f)
		}
	case *Pipeline:
		for i, st := range n.Stages {
			if i > 0 && i-1 < len(n.Links) {
				Walk(n.Links[i-1], f)
			}
			Walk(st, f)
		}
	case *Stage:
		Walk(n.Cmd, f)
		for _, r := range n.Redirs {
			Walk(r, f)
		}
	case *SimpleCmd:
		for _, a := range n.Assigns {
			Walk(a, f)
		}
		for i, w := range n.Args {
			Walk(w, f)
			if a := n.ArgArrays[i]; a != nil {
				Walk(a, f)
			}
		}
	case *Assign:
		if n.Index != nil {
			Walk(n.Index, f)
		}
		if n.Value != nil {
			Walk(n.Value, f)
		}
		if n.Array != nil {
			Walk(n.Array, f)
		}
	case *ArrayExpr:
		for _, e := range n.Elems {
			Walk(e, f)
		}
	case *ArrayElem:
		Walk(n.Index, f) // Walk skips a nil one
		Walk(n.Value, f)
	case *Redirect:
		if n.Word != nil {
			Walk(n.Word, f)
		}
		if n.Hdoc != nil {
			Walk(n.Hdoc, f)
		}
	case *Block:
		walkStmts(n.Stmts, f)
	case *Subshell:
		walkStmts(n.Stmts, f)
	case *IfClause:
		walkStmts(n.Cond, f)
		walkStmts(n.Then, f)
		for _, e := range n.Elifs {
			walkStmts(e.Cond, f)
			walkStmts(e.Then, f)
		}
		walkStmts(n.Else, f)
	case *WhileClause:
		walkStmts(n.Cond, f)
		walkStmts(n.Body, f)
	case *ForClause:
		walkWords(n.Words, f)
		walkStmts(n.Body, f)
	case *SelectClause:
		walkWords(n.Words, f)
		walkStmts(n.Body, f)
	case *ArithForClause:
		for _, w := range []*Word{n.Init, n.Cond, n.Post} {
			if w != nil {
				Walk(w, f)
			}
		}
		walkStmts(n.Body, f)
	case *ArithCmd:
		if n.Expr != nil {
			Walk(n.Expr, f)
		}
	case *TestClause:
		Walk(n.X, f)
	case *TestUnary:
		Walk(n.X, f)
	case *TestBinary:
		Walk(n.X, f)
		Walk(n.Y, f)
	case *TestParen:
		Walk(n.X, f)
	case *CaseClause:
		if n.Word != nil {
			Walk(n.Word, f)
		}
		for _, it := range n.Items {
			walkWords(it.Patterns, f)
			walkStmts(it.Body, f)
		}
	case *FuncDecl:
		if n.Body != nil {
			Walk(n.Body, f)
		}
	case *Word:
		for _, p := range n.Parts {
			Walk(p, f)
		}
	case *DblQuoted:
		for _, p := range n.Parts {
			Walk(p, f)
		}
	case *ExtGlob:
		for _, p := range n.Parts {
			Walk(p, f)
		}
	case *ParamExp:
		if n.Sub != nil {
			Walk(n.Sub, f)
		}
		if n.Arg != nil {
			Walk(n.Arg, f)
		}
		if n.Repl != nil {
			Walk(n.Repl, f)
		}
	case *CmdSubst:
		walkStmts(n.Stmts, f)
	case *ProcSubst:
		walkStmts(n.Stmts, f)
	case *ArithExp:
		if n.Expr != nil {
			Walk(n.Expr, f)
		}
	}
}

func walkStmts(list []*Stmt, f func(Node) bool) {
	for _, s := range list {
		Walk(s, f)
	}
}

func walkWords(list []*Word, f func(Node) bool) {
	for _, w := range list {
		Walk(w, f)
	}
}

// isNil reports whether n is nil or a nil pointer in an interface.
func isNil(n Node) bool {
	if n == nil {
		return true
	}
	v := reflect.ValueOf(n)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

var posType = reflect.TypeFor[Pos]()

// mapPositions replaces every valid Pos field in the tree under x (a
// pointer to a node) by f of it.
func mapPositions(x any, f func(Pos) Pos) {
	mapValue(reflect.ValueOf(x), f)
}

func mapValue(v reflect.Value, f func(Pos) Pos) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			mapValue(v.Elem(), f)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			mapValue(v.Index(i), f)
		}
	case reflect.Struct:
		if v.Type() == posType {
			if p := v.Interface().(Pos); p.IsValid() && v.CanSet() {
				v.Set(reflect.ValueOf(f(p)))
			}
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				mapValue(v.Field(i), f)
			}
		}
	}
}
