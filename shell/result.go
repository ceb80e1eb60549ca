package shell

import (
	"path/filepath"

	"github.com/plumbsh/plumb/exec"
)

// Stage returns the stage of the call's pipelines whose argv[0], or the
// last element of it as a path, is name: the last one to end, when
// several are. ok is false when no stage has that name.
func (r *Result) Stage(name string) (st exec.StageResult, ok bool) {
	for i := len(r.Pipelines) - 1; i >= 0; i-- {
		stages := r.Pipelines[i].Stages
		for j := len(stages) - 1; j >= 0; j-- {
			if argv := stages[j].Argv; len(argv) > 0 && (argv[0] == name || filepath.Base(argv[0]) == name) {
				return stages[j], true
			}
		}
	}
	return exec.StageResult{}, false
}
