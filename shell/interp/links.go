package interp

import (
	"errors"
	"fmt"
	"os"

	"github.com/plumbsh/plumb/exec"
	"github.com/plumbsh/plumb/parser"
)

// Two-way pairs and their redirections.
//
// In `a <|> b` each stage's fd 0 and fd 1 are its end of one socket, so
// the pipeline's own stdin and stdout have no use in the pair. The
// redirections written after the last stage of a pipeline whose last
// link is two-way therefore apply to the whole pipeline, as if it were
// in braces: `a <|> b 2>&1` is `{ a <|> b; } 2>&1` and sends both
// stages' stderr to the pipeline's stdout, `a <|> b 2>log` sends both to
// log. Under the one-stage reading of `|`, `2>&1` would only have
// pointed b's stderr into the socket, where a would read it as an answer.
// parser.Pipeline.BidiTail splits such redirections off.

// asBlock turns `a <|> b R` into the one-stage pipeline `{ a <|> b; } R`,
// for the callers (background jobs) that need one plan for it.
func asBlock(inner *parser.Pipeline, rs []*parser.Redirect) *parser.Pipeline {
	stmt := &parser.Stmt{AndOr: &parser.AndOr{First: inner}}
	return &parser.Pipeline{Stages: []*parser.Stage{{
		Cmd:    &parser.Block{Lbrace: inner.Pos(), Rbrace: inner.End(), Stmts: []*parser.Stmt{stmt}},
		Redirs: rs,
	}}}
}

// linkSpelling is the operator of an exec.Link as the user wrote it.
func linkSpelling(l exec.Link) string {
	op := "|"
	switch {
	case l.Bidi:
		op = "<|>"
	case l.Kind != exec.Pipe:
		op = "|>"
	case l.Stderr:
		op = "|&"
	}
	if l.Kind == exec.TCP {
		op += "tcp"
	}
	return op
}

// plumbingError is the one line printed for a pipeline that could not be
// set up: the stage (counted from 1, as in PIPESTATUS order plus one),
// the link when a link failed, and the system call.
//
//	link |>tcp from stage 1 (yes) to stage 2 (head): socket: Too many open files
func plumbingError(plan *exec.Plan, err error) string {
	var se *exec.StartError
	if !errors.As(err, &se) || se.Stage < 0 || se.Stage >= len(plan.Stages) {
		return err.Error()
	}
	where := fmt.Sprintf("stage %d (%s)", se.Stage+1, se.Name)
	if se.Link && se.Stage+1 < len(plan.Stages) {
		next := plan.Stages[se.Stage+1]
		nextName := ""
		if len(next.Argv) > 0 {
			nextName = next.Argv[0]
		}
		where = fmt.Sprintf("link %s from %s to stage %d (%s)", linkSpelling(plan.Links[se.Stage]), where, se.Stage+2, nextName)
	}
	var sys *os.SyscallError
	if errors.As(se.Err, &sys) {
		return where + ": " + sys.Syscall + ": " + errText(sys.Err)
	}
	var pe *os.PathError
	if errors.As(se.Err, &pe) {
		return where + ": " + pe.Op + " " + pe.Path + ": " + errText(pe.Err)
	}
	return where + ": " + se.Err.Error()
}
