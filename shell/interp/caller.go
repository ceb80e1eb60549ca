package interp

import (
	"strconv"

	"github.com/plumbsh/plumb/parser"
)

// logout and caller, the builtins that ask where the shell is, and the
// call stack they read, which FUNCNAME, BASH_SOURCE and BASH_LINENO
// show.

func init() {
	builtins["logout"] = biLogout
	builtins["caller"] = biCaller
}

// biLogout is exit for a login shell; any other shell refuses, as
// bash does.
func biLogout(s *Shell, args []string) (int, error) {
	if !s.login {
		s.errorf("logout: not login shell: use `exit'")
		return 1, nil
	}
	return biExit(s, args)
}

// function is a defined function and the file its definition was read
// from ("" for none: -c, stdin, the prompt).
type function struct {
	*parser.FuncDecl
	file string
	// lineBase is the shell's lineBase where the function was defined:
	// its body's lines count from there wherever it is called from, so
	// a function called through eval does not add the eval's line.
	lineBase int
	// exported: export -f put it in the environment (exportfunc.go).
	exported bool
}

// defineFunc defines the function fd, read from the current source. A
// function that was exported stays exported, as in bash.
func (s *Shell) defineFunc(fd *parser.FuncDecl) {
	old := s.funcs[fd.Name]
	exported := old != nil && old.exported
	s.funcs[fd.Name] = &function{fd, s.source, s.lineBase, exported}
	if exported {
		s.env = nil
	}
}

// callFrame is one function call or `source` under way: what runs (for
// `source`, a function with no FuncDecl whose file is the sourced
// file), and the line and source it was called from.
type callFrame struct {
	fn     *function
	line   int
	source string
}

// The call stack as bash shows it, innermost first, in three arrays made
// from s.frames only when they are read, so that a function call costs
// no more than its frame: FUNCNAME the frames' names, BASH_SOURCE the
// files of their code, BASH_LINENO the lines they were called from. A
// script file adds a bottom frame: "main", the script, line 0. FUNCNAME
// is empty while no function runs (at the top level of a sourced file).

// funcNames is FUNCNAME.
func (s *Shell) funcNames() []string {
	return s.stack(frameName, "main", true)
}

// frameName is FUNCNAME's name for a frame.
func frameName(f callFrame) string {
	if f.fn.FuncDecl == nil {
		return "source"
	}
	return f.fn.Name
}

// sourceFiles is BASH_SOURCE.
func (s *Shell) sourceFiles() []string {
	return s.stack(func(f callFrame) string { return s.frameFile(f.fn.file) }, s.scriptFile(), false)
}

// callLines is BASH_LINENO.
func (s *Shell) callLines() []string {
	return s.stack(func(f callFrame) string { return strconv.Itoa(f.line) }, "0", false)
}

// stack lists one value of each frame, innermost first, and bottom for
// the script's frame when there is a script. With funcOnly the list is
// empty unless a function is among the frames.
func (s *Shell) stack(value func(callFrame) string, bottom string, funcOnly bool) []string {
	list := make([]string, 0, len(s.frames)+1)
	inFunc := false
	for i := len(s.frames) - 1; i >= 0; i-- {
		list = append(list, value(s.frames[i]))
		inFunc = inFunc || s.frames[i].fn.FuncDecl != nil
	}
	if funcOnly && !inFunc {
		return nil
	}
	if s.scriptFile() != "" {
		list = append(list, bottom)
	}
	return list
}

// scriptFile is the script the shell runs, "" for -c, stdin or the
// prompt: the source of the top level, where the outermost frame was
// called from.
func (s *Shell) scriptFile() string {
	if len(s.frames) > 0 {
		return s.frames[0].source
	}
	return s.source
}

// frameFile is BASH_SOURCE's name for the file of a frame's code: a
// function read from no file is bash's "environment" under -c and
// "main" otherwise.
func (s *Shell) frameFile(file string) string {
	switch {
	case file != "":
		return file
	case s.fromString:
		return "environment"
	}
	return "main"
}

// biCaller is caller [N], read off the call stack as bash reads it:
// without N, the line of the current call and the file it was made
// from (NULL for none); with N, the line, function and file of the call
// N frames up (0: the current function's call), "main" for the top
// level of a script. Status 1 past the outermost frame, and at the top
// level of -c, where the stack is empty.
func biCaller(s *Shell, args []string) (int, error) {
	n, withN := 0, len(args) > 1
	if withN {
		var err error
		if n, err = strconv.Atoi(args[1]); err != nil || n < 0 {
			s.errorf("caller: %s: invalid number", args[1])
			s.writeErr("caller: usage: caller [expr]\n")
			return 2, nil
		}
	}
	lines, files := s.callLines(), s.sourceFiles()
	var line string
	switch {
	case len(lines) == 0:
		return 1, nil
	case !withN:
		file := "NULL"
		if len(files) > 1 {
			file = files[1]
		}
		line = lines[0] + " " + file
	default:
		names := s.stack(frameName, "main", false)
		if n+1 >= len(names) {
			return 1, nil
		}
		line = lines[n] + " " + names[n+1] + " " + files[n+1]
	}
	if err := s.print(1, line+"\n"); err != nil {
		return s.writeFailed("caller", err)
	}
	return 0, nil
}
