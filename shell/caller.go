package shell

import (
	"strconv"
)

// logout and caller: the builtins that ask where the shell is.

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

// callFrame is one function call under way: the function, and the
// line and source it was called from.
type callFrame struct {
	name   string
	line   int
	source string
}

// biCaller is caller [N]: without N, the line and file of the current
// function's call; with N, the line, function and file of the call N
// frames up (0: the current function's call), "main" for the top level
// and NULL for no file, as in bash. Status 1 past the outermost frame.
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
	file := func(f callFrame) string {
		if f.source == "" {
			return "NULL"
		}
		return f.source
	}
	if len(s.frames) == 0 && !withN {
		s.print(1, "0 NULL\n") // bash's answer at the top level
		return 0, nil
	}
	i := len(s.frames) - 1 - n
	if i < 0 {
		return 1, nil
	}
	f := s.frames[i]
	line := strconv.Itoa(f.line) + " "
	if withN {
		fn := "main"
		if i > 0 {
			fn = s.frames[i-1].name
		}
		line += fn + " "
	}
	if err := s.print(1, line+file(f)+"\n"); err != nil {
		return s.writeFailed("caller", err)
	}
	return 0, nil
}
