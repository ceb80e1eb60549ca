package interp

import (
	"context"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/plumbsh/plumb/exec"
	"github.com/plumbsh/plumb/parser"
)

// Process substitution (bash): the word part <(list) starts list with
// its stdout on a pipe and expands to /dev/fd/N, where N is the pipe's
// read end in the descriptor table of the command that uses the word;
// >(list) is the same with list's stdin and the write end.
//
// The plumbing, end by end:
//
//   - The pipe is made by pipe2(O_CLOEXEC), blocking: both ends may be
//     handed to children as they are.
//   - The substitution's end becomes fd 1 (fd 0 for >( )) of a copy of the
//     shell that runs list. In the plumb command the copy starts list in
//     a plumb process of its own (startSubstProcess, bgprocess.go) before
//     the command that uses the word runs, and closes its descriptors
//     once the process has its copies: like sh's forked list it outlives
//     the shell, so `cmd > >(tac)` at a script's end loses nothing. For
//     an embedder the copy runs list in its own goroutine, as `( list )`
//     would run, owns the end and closes it when list is done (finish).
//     Either way the reader sees EOF once the last command of list
//     holding it has exited.
//     Its other descriptors are its own duplicates of the shell's, as a
//     forked process's are (dupTable), less the consumer ends of the other
//     substitutions in progress: in `diff <(a) <(b)`, b must not hold a's
//     read end, or a would never get SIGPIPE when diff stops reading.
//   - The consumer's end goes into the shell's table at N, chosen as bash
//     does: the highest free descriptor from 63 down to 10 (so scripts
//     and tests see the /dev/fd/63 that bash prints), or the lowest free
//     one above 63 when those are taken. Every command the word reaches
//     inherits the table, so an external command gets the end as its fd N
//     and /dev/fd/N resolves in it. The table is replaced, never written
//     in place: a stage already planned keeps the table it was given.
//   - The shell's copy of the consumer's end is closed, and N taken out of
//     the table, when the command that used the word has finished (as
//     bash does): runPipeline ends the scope of the words it expanded.
//     Each stage of a longer pipeline gets only the ends of its own words
//     (planStage). Redirection targets are opened at once, so their ends
//     are closed as soon as the redirections are open (openRedirs): the
//     body of `while …; done < <(cmd)` does not see fd 63, as in bash.
//   - An in-process command that opens /dev/fd/N (a redirection, source,
//     test -p) means N of the shell's table, not of the plumb process:
//     devFdPath turns it into /proc/self/fd/M of the file the table holds,
//     which the kernel opens anew, as it does for an external command.
//
// Nothing waits for a substitution before the command goes on (bash does
// not either), but every one is waited for: its goroutine (or, in the
// plumb command, the one that waits for its process, whose pid is $!)
// ends when list has, after every command list started has been reaped. `wait` with no
// operand waits for the last one, `wait $!` too. A substitution's context
// is the shell's, so cancelling a run ends it; a Runner call gives those
// still running Grace to finish at its end, then cancels them and waits
// (stopSubsts). Their pipelines are not recorded in the Result: they end
// in no fixed order relative to the command that reads them.

// firstSubstFd and lowSubstFd bound the descriptors a substitution's end
// takes first: from 63 down to 10, as in bash.
const (
	firstSubstFd = 63
	lowSubstFd   = 10
)

// substEnd is the consumer's end of a process substitution, at fd in the
// shell's table until the command that uses the word is done.
type substEnd struct {
	fd  int
	end *os.File
}

// substProc is one running process substitution.
type substProc struct {
	pid    int // $!: a pseudo-pid, as for in-process jobs
	cancel context.CancelFunc
	done   chan struct{}
	status int // list's exit status, once done is closed
}

// substTable holds the process substitutions still running. A shell and
// all its copies share one, so the end of a run reaches those started in
// subshells and pipeline stages too.
type substTable struct {
	mu   sync.Mutex
	list []*substProc
}

func (t *substTable) add(p *substProc) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.list = append(t.list, p)
}

func (t *substTable) remove(p *substProc) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i, x := range t.list {
		if x == p {
			t.list = append(t.list[:i], t.list[i+1:]...)
			return
		}
	}
}

func (t *substTable) all() []*substProc {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]*substProc(nil), t.list...)
}

// find returns the running substitution whose $! is pid, or nil.
func (t *substTable) find(pid int) *substProc {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, p := range t.list {
		if p.pid == pid {
			return p
		}
	}
	return nil
}

// stop ends the substitutions still running: each gets grace to finish
// on its own (a `>(wc -l)` printing its count), then its context is
// cancelled, which ends its commands as a cancelled run's (SIGTERM, then
// SIGKILL after the shell's grace); stop returns when all are reaped.
func (t *substTable) stop(grace time.Duration) {
	procs := t.all()
	timer := time.NewTimer(grace)
	defer timer.Stop()
	expired := false
	for _, p := range procs {
		if !expired {
			select {
			case <-p.done:
				continue
			case <-timer.C:
				expired = true
			}
		}
		p.cancel()
	}
	for _, p := range procs {
		<-p.done
	}
}

// procSubst starts the list of <(…) or >(…) and returns the path the word
// part expands to. A failure to make the pipe is fatal, as for $(…).
func (s *Shell) procSubst(p *parser.ProcSubst) (string, error) {
	var fds [2]int
	if err := unix.Pipe2(fds[:], unix.O_CLOEXEC); err != nil {
		s.errorf("process substitution: %v", os.NewSyscallError("pipe2", err))
		return "", &fatalError{Status: 1}
	}
	r := os.NewFile(uintptr(fds[0]), "procsubst r")
	w := os.NewFile(uintptr(fds[1]), "procsubst w")
	// <(list): list writes w as its fd 1 and the command reads r.
	// >(list): list reads r as its fd 0 and the command writes w.
	theirs, theirFd, mine := w, 1, r
	if !p.In {
		theirs, theirFd, mine = r, 0, w
	}
	if err := s.startSubst(p.Stmts, theirs, theirFd); err != nil {
		mine.Close()
		s.errorf("process substitution: %v", err)
		return "", &fatalError{Status: 1}
	}
	n := s.addSubstEnd(mine)
	return "/dev/fd/" + strconv.Itoa(n), nil
}

// startSubst runs stmts in a copy of the shell, in a goroutine, with end
// as its descriptor fd. The copy owns end and closes it when done; on
// error end is closed already.
func (s *Shell) startSubst(stmts []*parser.Stmt, end *os.File, fd int) error {
	sub := s.clone()
	sub.jc = nil       // never the terminal's foreground job
	sub.recorder = nil // see the package comment above
	sub.blame = nil
	if err := sub.dupTable(s.substEnds); err != nil {
		end.Close()
		return err
	}
	sub.setFile(fd, end, true)
	if s.ownsSignals {
		return s.startSubstProcess(sub, stmts)
	}
	ctx, cancel := context.WithCancel(s.ctx)
	sub.ctx = ctx
	proc := &substProc{pid: newPseudoPid(), cancel: cancel, done: make(chan struct{})}
	s.substs.add(proc)
	s.lastBg, s.lastProc = proc.pid, proc
	go func() {
		proc.status = sub.runSubshell(stmts) // closes end (finish)
		cancel()
		s.substs.remove(proc)
		close(proc.done)
	}()
	return nil
}

// startSubstProcess runs the list of a process substitution of the plumb
// command in a plumb process of its own (bgprocess.go), on sub's table,
// as sh's fork does: started before the command that uses it runs, it
// outlives the shell. In a goroutine of the shell, a `cmd > >(tac)`
// that was the script's last command lost its output whenever plumb
// exited before the goroutine had started tac. sub's descriptors are
// closed once the process has its own.
func (s *Shell) startSubstProcess(sub *Shell, stmts []*parser.Stmt) error {
	line := 0
	if len(stmts) > 0 {
		line = stmts[0].Pos().Line
	}
	plan, err := sub.subshellProcessText(stmtsText(stmts), line, false)
	if err != nil {
		sub.closeOwned()
		return err
	}
	ctx := s.ctx
	if s.jobCtx != nil {
		ctx = s.jobCtx
	}
	run, err := exec.Start(ctx, plan)
	sub.closeOwned()
	if err != nil {
		return err
	}
	pid := run.Pids()[0]
	proc := &substProc{pid: pid, done: make(chan struct{}), cancel: func() { syscall.Kill(pid, syscall.SIGTERM) }}
	s.substs.add(proc)
	s.lastBg, s.lastProc = proc.pid, proc
	go func() {
		res, _ := run.Wait()
		if res != nil {
			proc.status = res.Status
		}
		s.substs.remove(proc)
		close(proc.done)
	}()
	return nil
}

// dupFile returns a close-on-exec duplicate of f.
func dupFile(f *os.File) (*os.File, error) {
	rc, err := f.SyscallConn()
	if err != nil {
		return nil, err
	}
	nfd := -1
	cerr := rc.Control(func(fd uintptr) {
		nfd, err = unix.FcntlInt(fd, unix.F_DUPFD_CLOEXEC, 0)
	})
	if cerr != nil {
		return nil, cerr
	}
	if err != nil {
		return nil, os.NewSyscallError("fcntl", err)
	}
	return os.NewFile(uintptr(nfd), f.Name()), nil
}

// addSubstEnd puts the consumer's end of a substitution into the shell's
// table at the descriptor bash would use and returns that descriptor.
func (s *Shell) addSubstEnd(end *os.File) int {
	n := -1
	for fd := firstSubstFd; fd >= lowSubstFd; fd-- {
		if s.file(fd) == nil {
			n = fd
			break
		}
	}
	for fd := firstSubstFd + 1; n < 0; fd++ {
		if s.file(fd) == nil {
			n = fd
		}
	}
	s.withFile(n, end)
	s.substEnds = append(s.substEnds, substEnd{fd: n, end: end})
	return n
}

// closeSubstEnds closes the consumer ends added since mark (a length of
// s.substEnds) and takes them out of the table, which is replaced, not
// written in place, and loses the closed descriptors at its end.
func (s *Shell) closeSubstEnds(mark int) {
	if len(s.substEnds) <= mark {
		return
	}
	s.withoutEnds(s.substEnds[mark:])
	for _, o := range s.substEnds[mark:] {
		o.end.Close()
	}
	s.substEnds = s.substEnds[:mark]
}

// devFdPath returns the path by which the plumb process opens what name
// means to a command of this shell. For /dev/fd/N that is descriptor N
// of the shell's table, not of the process: /proc/self/fd/M, M being the
// process's descriptor of the file the table holds at N, which the kernel
// opens anew (a pipe end reopened, a file from its start), just as it
// does /dev/fd/N for an external command. A closed N gives a path that
// names nothing, so opening it fails as /dev/fd/N of a closed descriptor
// does. Any other name is returned as it is.
func (s *Shell) devFdPath(name string) string {
	rest, ok := strings.CutPrefix(name, "/dev/fd/")
	if !ok || rest == "" || strings.Trim(rest, "0123456789") != "" {
		return name
	}
	n, err := strconv.Atoi(rest)
	if err != nil {
		return name
	}
	fd := -1
	if f := s.file(n); f != nil {
		// Not f.Fd(), which would make a non-blocking file blocking.
		if rc, err := f.SyscallConn(); err == nil {
			rc.Control(func(u uintptr) { fd = int(u) })
		}
	}
	return "/proc/self/fd/" + strconv.Itoa(fd)
}

// findSubst returns the process substitution whose $! is spec: the
// shell's last one (even when done), or one still running.
func (s *Shell) findSubst(spec string) *substProc {
	pid, err := strconv.Atoi(spec)
	if err != nil {
		return nil
	}
	if s.lastProc != nil && s.lastProc.pid == pid {
		return s.lastProc
	}
	return s.substs.find(pid)
}
