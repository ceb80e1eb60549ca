package interp

import (
	"context"
	"os"
	"strings"
	"time"

	"github.com/plumbsh/plumb/parser"
)

// cmdSubst runs $(…) in a subshell whose stdout is a pipe and returns what
// it wrote, less trailing newlines. The subshell runs in its own goroutine
// while this one reads, so a large output cannot fill the pipe and stall.
func (s *Shell) cmdSubst(c *parser.CmdSubst) (string, error) {
	if r, ok := substFileName(c); ok {
		return s.substFile(r) // $(< file): cmdsubst_file.go
	}
	// r is ours and closed below; w belongs to the subshell goroutine,
	// which closes it when it is done, so that (once every external
	// command it started has exited too) r reads EOF.
	r, w, err := osPipe()
	if err != nil {
		s.errorf("command substitution: %v", err)
		return "", &fatalError{Status: 1}
	}
	sub := s.clone()
	sub.inSubst = s.interactive
	sub.setFile(1, w, false)
	if ps4, ok := sub.get("PS4"); ok && ps4 != "" && s.opts.xtrace {
		// bash marks each level of substitution with one more PS4
		// character: `++ echo sub`.
		sub.vars["PS4"] = &variable{value: ps4[:1] + ps4, set: true}
	}
	done := make(chan int, 1)
	go func() {
		st := sub.runSubshell(c.Stmts)
		w.Close()
		done <- st
	}()
	// A cancelled run must end even when something it cannot signal
	// (started with setsid) holds a copy of w: the grace after the
	// cancel, r is closed under the Read, which then returns.
	readDone := make(chan struct{})
	grace := s.grace
	if grace <= 0 {
		grace = time.Second
	}
	stop := context.AfterFunc(s.ctx, func() {
		t := time.NewTimer(grace)
		defer t.Stop()
		select {
		case <-readDone:
		case <-t.C:
			r.Close()
		}
	})
	var b strings.Builder
	buf := make([]byte, 32*1024)
	for {
		n, err := r.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	close(readDone)
	stop()
	r.Close()
	s.lastSubst = <-done
	if sub.diedOfSIGINT {
		// Ctrl-C ended a job inside: the command it was an argument
		// of does not run, as in bash (`rm $(find …)` with half a list).
		s.status = s.lastSubst
		return "", s.childInterrupted()
	}
	// bash updates $? at once: `echo $(exit 3) $?` prints "3".
	s.status = s.lastSubst
	out := b.String()
	if strings.IndexByte(out, 0) >= 0 {
		// A value cannot hold NUL: execve would refuse an argument
		// with one. bash drops them and says so, once per substitution.
		s.errorf("warning: command substitution: ignored null byte in input")
		out = strings.ReplaceAll(out, "\x00", "")
	}
	return strings.TrimRight(out, "\n"), nil
}

// osPipe makes a close-on-exec pipe as two *os.File.
func osPipe() (r, w *os.File, err error) {
	return os.Pipe() // os.Pipe uses pipe2(O_CLOEXEC) on Linux
}
