// Package arith evaluates the shell's arithmetic: $((…)), (( … )), let,
// array subscripts and the integer attribute, on int64 with bash's
// operators, precedence, wraparound and error messages.
//
// It owns the expression lexer (lex.go: tokens, and numbers in bash's
// bases) and the evaluator (eval.go: recursive descent that evaluates as
// it parses, like bash's expr.c), and nothing else. Variables are reached
// only through the Vars interface the caller implements (the shell passes
// its variable store; a nil Vars reads every variable as unset), so this
// package must not know the shell's state, its options or any plumb
// package: the text it gets has already been through parameter expansion.
package arith
