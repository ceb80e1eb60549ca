package interp

import (
	"context"
	"os"
	"slices"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/plumbsh/plumb/exec"
)

// Opening a FIFO blocks until its other side is opened too. bash opens a
// stage's redirections in the stage's own child, so in
// `producer >fifo | consumer <fifo` both opens wait for each other in
// two processes and both complete. plumb opens an external stage's
// redirections in its own process while it builds the pipeline, one
// stage after the other: the first open would wait for an open that
// comes only after it. So while a pipeline of several stages is built, a
// FIFO is opened on a goroutine of its own and the stage gets a
// placeholder; once every stage is built, the shell waits for those
// opens (they complete each other) and puts the files in the
// placeholders' places before anything starts.

// fifoOpen is one FIFO being opened for a pipeline under construction.
type fifoOpen struct {
	name        string
	placeholder *os.File
	done        chan fifoResult
}

type fifoResult struct {
	f   *os.File
	err error
}

// deferFifo starts opening path (a FIFO, for a pipeline being built)
// and returns the placeholder that stands for it until awaitFifos; ok is
// false when path is no FIFO or no placeholder could be made, and the
// caller opens it itself.
func (s *Shell) deferFifo(name, path string, flag int) (*os.File, bool) {
	if !isFifo(path) {
		return nil, false
	}
	fd, err := unix.Open(os.DevNull, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, false
	}
	o := &fifoOpen{name: name, placeholder: os.NewFile(uintptr(fd), os.DevNull), done: make(chan fifoResult, 1)}
	go func() {
		f, err := os.OpenFile(path, flag, 0o666)
		o.done <- fifoResult{f, err}
	}()
	*s.fifoOpens = append(*s.fifoOpens, o)
	return o.placeholder, true
}

// settleFifos puts the FIFOs being opened for plan in their places. One
// that an in-process stage holds is waited for by that stage when it
// runs, since its other side may be opened by another in-process stage
// only then (`echo x >fifo | { cat <fifo; }`); the others are waited for
// now (awaitFifos), before anything starts: an external stage needs its
// descriptors when it is forked.
func (s *Shell) settleFifos(plan *exec.Plan, opens []*fifoOpen) error {
	var now []*fifoOpen
	for _, o := range opens {
		if st := fifoHolder(plan, o); st != nil && st.Func != nil {
			s.openInStage(st, o)
		} else {
			now = append(now, o)
		}
	}
	if len(now) == 0 {
		return nil
	}
	return s.awaitFifos(plan, now)
}

// fifoHolder is the stage of plan whose redirections hold o's
// placeholder, or nil.
func fifoHolder(plan *exec.Plan, o *fifoOpen) *exec.Stage {
	for _, st := range plan.Stages {
		for _, r := range st.Redirs {
			if r.File == o.placeholder {
				return st
			}
		}
	}
	return nil
}

// openInStage makes the in-process stage st wait, when it runs, for the
// FIFO o is opening, and run with it where exec put the placeholder
// (exec closes the placeholder, a Redir file, after the stage; the
// stage closes the FIFO). If the stage never runs (Start failed), the
// FIFO, once open, is closed by nobody until the process ends: a failed
// Start of a pipeline with an unmet FIFO.
func (s *Shell) openInStage(st *exec.Stage, o *fifoOpen) {
	run, prefix := st.Func, s.prefix()
	st.Func = func(ctx context.Context, io *exec.StageIO) int {
		var r fifoResult
		select {
		case r = <-o.done:
		case <-ctx.Done():
			go func() { // the open may still complete: close it then
				if r := <-o.done; r.f != nil {
					r.f.Close()
				}
			}()
			return 130
		}
		if r.err != nil {
			writeTo(io.Files, 2, prefix+o.name+": "+errText(r.err)+"\n")
			return 1
		}
		defer r.f.Close()
		files := slices.Clone(io.Files)
		for i, f := range files {
			if f == o.placeholder {
				files[i] = r.f
			}
		}
		return run(ctx, &exec.StageIO{Files: files, Pgid: io.Pgid})
	}
}

// awaitFifos waits for the FIFOs deferFifo is opening for plan and puts
// each in its placeholder's place. It fails, printing why, when an open
// failed or the shell was interrupted meanwhile; plan's files are then
// the caller's to close (placeholders included), and a FIFO that opens
// later is closed by its goroutine's receiver here, never leaked.
func (s *Shell) awaitFifos(plan *exec.Plan, opens []*fifoOpen) error {
	var failed error
	for _, o := range opens {
		var r fifoResult
		select {
		case r = <-o.done:
		case <-s.ctx.Done():
			go func(o *fifoOpen) { // the open may still complete: close it then
				if r := <-o.done; r.f != nil {
					r.f.Close()
				}
			}(o)
			failed = s.ctx.Err()
			continue
		}
		if r.err != nil || failed != nil {
			if r.f != nil {
				r.f.Close()
			}
			if r.err != nil && failed == nil {
				s.errorf("%s: %s", o.name, errText(r.err))
				failed = errRedir
			}
			continue
		}
		used := false
		for _, st := range plan.Stages {
			for i := range st.Redirs {
				if st.Redirs[i].File == o.placeholder {
					st.Redirs[i].File, used = r.f, true
				}
			}
		}
		if used {
			o.placeholder.Close()
		} else {
			r.f.Close() // the stage dropped it (a failed redirection after it)
		}
	}
	return failed
}

// isFifo reports whether path names a FIFO in the file system. A pipe
// already open (/dev/fd/N, /proc/self/fd/N: a process substitution's) is
// not one: reopening it does not wait, and its descriptor may be closed
// soon after.
func isFifo(path string) bool {
	if strings.HasPrefix(path, "/proc/") || strings.HasPrefix(path, "/dev/fd/") || strings.HasPrefix(path, "/dev/std") {
		return false
	}
	var st unix.Stat_t
	return unix.Stat(path, &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFIFO
}
