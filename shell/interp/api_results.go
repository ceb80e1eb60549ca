package interp

import (
	"os"
	"syscall"

	"github.com/plumbsh/plumb/exec"
)

// noteUnstarted sets StageResult.Err of each stage of res that is an
// external command the shell could not find or may not execute: such a
// stage never reaches exec as a program, it is the in-process stage
// externalStage makes, which prints the message and returns 127 or 126.
// It is told from the shell's other in-process stages by what
// externalStage leaves unset (Path, StartErr: builtins, functions and
// compound commands have a StartErr) and by the name, which is not one
// the shell runs itself.
func (s *Shell) noteUnstarted(plan *exec.Plan, res *exec.Result) {
	if s.recorder == nil {
		return // only the API reports it
	}
	for i, st := range plan.Stages {
		sr := &res.Stages[i]
		if st.Func == nil || st.StartErr != nil || st.Path != "" || sr.Err != nil || len(st.Argv) == 0 {
			continue
		}
		if sr.Status != 127 && sr.Status != 126 || !s.isExternal(st.Argv[0]) || st.Argv[0] == "(expansion error)" {
			continue
		}
		sr.Err = unstartable(st.Argv[0], sr.Status)
	}
}

// unstartable is the error of a command that was not found (status 127)
// or may not be executed (126).
func unstartable(name string, status int) error {
	errno := syscall.ENOENT
	if status == 126 {
		errno = syscall.EACCES
	}
	return &os.PathError{Op: "exec", Path: name, Err: errno}
}
