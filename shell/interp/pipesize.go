package interp

import (
	"strconv"
	"strings"

	"github.com/plumbsh/plumb/exec"
)

// `set -o pipesize=N`: the buffer size of the shell's `|` pipes.
//
// Unset (the default, and what `set +o pipesize` returns to), pipes are
// sized by exec.AutoPipeSize: enlarged up to 1 MiB within a per-process
// budget that keeps the user's pipe pages well inside the kernel's
// per-user soft limit (see exec's "Pipe sizes"). pipesize=0 leaves every
// pipe at the kernel's default (64 KiB); pipesize=N (bytes, or with a
// k or m suffix) sets N on every pipe, rounded up by the kernel to a
// power-of-two number of pages, and a pipe the kernel refuses to enlarge
// (above /proc/sys/fs/pipe-max-size) fails the pipeline.

// pipeSizeOption is the state of `set -o pipesize`.
type pipeSizeOption struct {
	set  bool // false: automatic
	size int  // bytes when set; 0 is the kernel's default
}

// planPipeSize is exec.Plan.PipeSize for the shell's current setting.
func (s *Shell) planPipeSize() int {
	if !s.opts.pipeSize.set {
		return exec.AutoPipeSize
	}
	return s.opts.pipeSize.size
}

// valueOption handles the `set -o NAME=VALUE` options (pipesize=N) and
// `set +o pipesize`. It reports whether arg was one of them, and the
// status: 2 after printing why a value is bad.
func (s *Shell) valueOption(arg string, on bool) (handled bool, status int) {
	name, value, hasValue := strings.Cut(arg, "=")
	if name != "pipesize" {
		return false, 0
	}
	if !on {
		s.opts.pipeSize = pipeSizeOption{}
		return true, 0
	}
	n, ok := parseSize(value)
	if !hasValue || !ok {
		s.errorf("set: pipesize: want pipesize=BYTES (0 for the kernel's default), got %q", arg)
		return true, 2
	}
	s.opts.pipeSize = pipeSizeOption{set: true, size: n}
	return true, 0
}

// parseSize parses a byte count with an optional k or m suffix.
func parseSize(v string) (int, bool) {
	mult := 1
	switch {
	case strings.HasSuffix(v, "k"), strings.HasSuffix(v, "K"):
		mult, v = 1<<10, v[:len(v)-1]
	case strings.HasSuffix(v, "m"), strings.HasSuffix(v, "M"):
		mult, v = 1<<20, v[:len(v)-1]
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > 1<<30/mult {
		return 0, false
	}
	return n * mult, true
}
