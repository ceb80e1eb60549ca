package parser

import "strings"

// token is the kind of a lexical token. Words carry their parts; redirection
// tokens carry their operator and optional descriptor number.
type token int

const (
	tokNone     token = iota // (no token read yet)
	tokEOF                   // end of input
	tokNewline               // newline
	tokWord                  // word
	tokRedir                 // < > >> >| <> <& >& &> &>> << <<- <<< (see RedirOp)
	tokSemi                  // ;
	tokDSemi                 // ;;
	tokSemiAnd               // ;&
	tokDSemiAnd              // ;;&
	tokAmp                   // &
	tokAndIf                 // &&
	tokOrIf                  // ||
	tokPipe                  // |
	tokPipeAll               // |&
	tokPipeUnix              // |>
	tokPipeTCP               // |>tcp
	tokBidi                  // <|>
	tokBidiTCP               // <|>tcp
	tokLparen                // (
	tokRparen                // )
)

var tokSpelling = [...]string{
	tokNone: "", tokEOF: "end of input", tokNewline: "newline", tokWord: "word",
	tokRedir: "redirection", tokSemi: ";", tokDSemi: ";;", tokSemiAnd: ";&",
	tokDSemiAnd: ";;&", tokAmp: "&", tokAndIf: "&&", tokOrIf: "||",
	tokPipe: "|", tokPipeAll: "|&", tokPipeUnix: "|>", tokPipeTCP: "|>tcp",
	tokBidi: "<|>", tokBidiTCP: "<|>tcp", tokLparen: "(", tokRparen: ")",
}

func (t token) String() string {
	if t >= 0 && int(t) < len(tokSpelling) {
		return tokSpelling[t]
	}
	return "?"
}

// linkKind returns the LinkKind of a pipeline operator token, or 0.
func (t token) linkKind() LinkKind {
	switch t {
	case tokPipe:
		return LinkPipe
	case tokPipeAll:
		return LinkPipeAll
	case tokPipeUnix:
		return LinkUnix
	case tokPipeTCP:
		return LinkTCP
	case tokBidi:
		return LinkBidi
	case tokBidiTCP:
		return LinkBidiTCP
	}
	return 0
}

// The word tables below are switches, not maps: a map literal is built
// by code at every start of the program, a switch is code only.

// isCloser reports whether s is a reserved word that ends a list: in
// command position it cannot start a command.
func isCloser(s string) bool {
	switch s {
	case "then", "elif", "else", "fi", "do", "done", "esac", "}", "in":
		return true
	}
	return false
}

// isReservedWord reports whether s is recognised in command position.
func isReservedWord(s string) bool {
	switch s {
	case "if", "then", "elif", "else", "fi", "while", "until", "for", "in",
		"do", "done", "case", "esac", "{", "}", "!", "function", "select":
		return true
	}
	return false
}

// SplitSubscript splits "name[sub]" (a variable reference held in a
// value: ${!r}, a nameref's target, declare's argument) into its parts;
// ok is false for a plain name.
func SplitSubscript(s string) (name, sub string, ok bool) {
	i := strings.IndexByte(s, '[')
	if i <= 0 || !strings.HasSuffix(s, "]") || !IsName(s[:i]) {
		return s, "", false
	}
	return s[:i], s[i+1 : len(s)-1], true
}

// IsName reports whether s is a valid shell variable name:
// [A-Za-z_][A-Za-z0-9_]*.
func IsName(s string) bool {
	if s == "" || !isNameStart(int(s[0])) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isNameChar(int(s[i])) {
			return false
		}
	}
	return true
}

func isNameStart(c int) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func isNameChar(c int) bool { return isNameStart(c) || isDigit(c) }

func isDigit(c int) bool { return '0' <= c && c <= '9' }

func isBlank(c int) bool { return c == ' ' || c == '\t' }

// isMeta reports whether c ends an unquoted word.
func isMeta(c int) bool {
	switch c {
	case ' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')':
		return true
	}
	return false
}

// isProcSubstStart reports whether c followed by next starts a process
// substitution, <( or >(, outside quotes.
func isProcSubstStart(c, next int) bool {
	return (c == '<' || c == '>') && next == '('
}

// isExtGlobStart reports whether c followed by next starts an ExtGlob
// group, when extended patterns are on.
func isExtGlobStart(c, next int) bool {
	return next == '(' && (c == '?' || c == '*' || c == '+' || c == '@' || c == '!')
}

// isWordChar reports whether c would continue an unquoted word.
func isWordChar(c int) bool { return c != eof && !isMeta(c) }

// isSpecialParam reports whether c names a one-character special parameter.
func isSpecialParam(c int) bool {
	switch c {
	case '?', '$', '!', '#', '@', '*', '-':
		return true
	}
	return false
}

// isUserChar reports whether c may appear in the user name of a tilde
// prefix (portable user-name characters, plus + and - for ~+ and ~-).
func isUserChar(c byte) bool {
	return isNameChar(int(c)) || c == '.' || c == '-' || c == '+'
}
