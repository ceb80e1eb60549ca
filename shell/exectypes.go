package shell

import "github.com/plumbsh/plumb/exec"

// The types of package exec that this package's results and pipelines
// are made of, under names of this package, so that a caller never needs
// plumb's exec next to os/exec.
type (
	// PipelineResult is one pipeline's result in Result.Pipelines: its
	// stages' argv, pids, statuses, times, max RSS and byte counts.
	PipelineResult = exec.Result
	// StageResult is one stage's part of a PipelineResult.
	StageResult = exec.StageResult
	// StartError is the error of a pipeline that could not start; it
	// names the stage.
	StartError = exec.StartError
	// Link joins two stages of a Pipeline; LinkPipe and the other Link
	// variables are the shell's operators.
	Link = exec.Link
	// LinkKind is a Link's kind of channel.
	LinkKind = exec.LinkKind
)

// The kinds of channel a Link makes.
const (
	Pipe = exec.Pipe
	Unix = exec.Unix
	TCP  = exec.TCP
)
