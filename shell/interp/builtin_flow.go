package interp

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// The builtins that change where the script goes: exit, return, break,
// continue, exec, eval, source (.).
func init() {
	builtins["exit"] = biExit
	builtins["return"] = biReturn
	builtins["break"] = biBreak
	builtins["continue"] = biContinue
	builtins["exec"] = biExec
	builtins["eval"] = biEval
	builtins["source"] = biSource
	builtins["."] = biSource
}

// numArg parses the optional numeric argument of exit, return, shift,
// break and continue.
func (s *Shell) numArg(name string, args []string, def int) (int, bool) {
	if len(args) < 2 {
		return def, true
	}
	n, err := strconv.Atoi(args[1])
	if err != nil {
		s.errorf("%s: %s: numeric argument required", name, args[1])
		return 2, false
	}
	return n, true
}

func biExit(s *Shell, args []string) (int, error) {
	n, _ := s.numArg("exit", args, s.status)
	return n & 0xff, &exitError{Status: n & 0xff}
}

func biReturn(s *Shell, args []string) (int, error) {
	n, ok := s.numArg("return", args, s.status)
	if !ok {
		return 2, &returnError{Status: 2}
	}
	if s.funcDepth == 0 && s.sourceDepth == 0 {
		s.errorf("return: can only `return' from a function or sourced script")
		return 2, nil // bash 5's status here
	}
	return n & 0xff, &returnError{Status: n & 0xff}
}

func biBreak(s *Shell, args []string) (int, error) { return s.loopJump("break", args) }

func biContinue(s *Shell, args []string) (int, error) { return s.loopJump("continue", args) }

func (s *Shell) loopJump(name string, args []string) (int, error) {
	if s.loopDepth == 0 {
		s.errorf("%s: only meaningful in a `for', `while', or `until' loop", name)
		return 0, nil
	}
	n, ok := s.numArg(name, args, 1)
	if !ok {
		// As bash: a usage error of a special builtin, which ends a
		// script (and would otherwise loop for ever).
		return 128, &fatalError{Status: 128}
	}
	if n < 1 {
		// bash leaves every enclosing loop.
		s.errorf("%s: %d: loop count out of range", name, n)
		return 1, &breakError{N: s.loopDepth}
	}
	if n > s.loopDepth {
		n = s.loopDepth
	}
	if name == "break" {
		return 0, &breakError{N: n}
	}
	return 0, &continueError{N: n}
}

// biExec runs `exec cmd args…`. In the plumb command's top-level shell the
// process becomes the command (replaceProcess); elsewhere (subshells,
// pipeline stages, a Go program embedding plumb, which must survive it)
// the command runs with the shell's descriptors and the shell then exits
// with its status.
func biExec(s *Shell, args []string) (int, error) {
	args = args[1:]
	if len(args) == 0 {
		return 0, nil
	}
	if handled, st, ran := s.replaceProcess(args, "exec: "); handled {
		if !ran && s.interactive {
			return st, nil // bash: the prompt goes on after a failed exec
		}
		delete(s.traps, "EXIT") // replaced, or ends as if it had been: bash runs no EXIT trap
		return st, &exitError{Status: st}
	}
	delete(s.traps, "EXIT")
	if err := s.runArgv(args, nil); err != nil {
		return s.status, err
	}
	return s.status, &exitError{Status: s.status}
}

func biEval(s *Shell, args []string) (int, error) {
	if len(args) > 1 && args[1] == "--" {
		args = args[1:]
	}
	src := strings.Join(args[1:], " ")
	if strings.TrimSpace(src) == "" {
		return 0, nil
	}
	return s.evalString(src, "eval")
}

func biSource(s *Shell, args []string) (int, error) {
	if len(args) < 2 {
		s.errorf("%s: filename argument required", args[0])
		return 2, nil
	}
	if args[1] == "--" {
		args = args[1:]
		if len(args) < 2 {
			s.errorf("%s: filename argument required", args[0])
			return 2, nil
		}
	}
	name := args[1]
	path := name
	if !strings.Contains(name, "/") {
		path = s.sourceFind(name)
	} else if !filepath.IsAbs(path) {
		path = filepath.Join(s.dir, path)
	}
	var params []string
	if len(args) > 2 {
		params = args[2:]
	}
	return s.sourcePath(name, path, params)
}

// sourcePath runs the file at path in the shell itself, as `.` does;
// name is how messages call it. Non-nil params are the positional
// parameters while it runs.
func (s *Shell) sourcePath(name, path string, params []string) (int, error) {
	src, err := os.ReadFile(s.devFdPath(path))
	if err != nil {
		s.errorf("%s: %s", name, errText(err))
		return 1, nil
	}
	saved := s.args
	if params != nil {
		s.args = params
	}
	s.sourceDepth++
	savedSource, savedLine, savedBase, depth := s.source, s.line, s.lineBase, len(s.frames)
	s.frames = append(s.frames, callFrame{fn: &function{file: name}, line: s.line, source: s.source})
	s.source, s.lineBase = name, 0
	err = s.runSource(src, name)
	if err == nil || errors.As(err, new(*returnError)) {
		if terr := s.runBashTrap("RETURN"); terr != nil {
			err = terr
		}
	}
	s.source, s.line, s.lineBase, s.frames = savedSource, savedLine, savedBase, s.frames[:depth]
	s.sourceDepth--
	if params != nil {
		s.args = saved
	}
	var r *returnError
	if errors.As(err, &r) {
		return r.Status, nil
	}
	return s.status, err
}
