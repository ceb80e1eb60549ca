package shell

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"reflect"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// sameWriter reports whether a and b are the same writer, without
// panicking on writers of a type that cannot be compared.
func sameWriter(a, b io.Writer) bool {
	if a == nil || b == nil {
		return a == b
	}
	ta, tb := reflect.TypeOf(a), reflect.TypeOf(b)
	return ta == tb && ta.Comparable() && a == b
}

// stdio joins a run's readers and writers to descriptors.
//
// Who owns what: the caller's *os.File values are the caller's and are
// never closed. Everything else here is made by stdio and closed by
// finish (or abort): /dev/null, and for each copied stream a pipe whose
// commands' end (cmdEnd) the shell hands out and whose other end a
// copier goroutine owns. The commands' ends stay open for the whole run,
// because every command of the script inherits them; they are closed at
// the end, after which the copiers see EOF once the last process holding
// a copy has exited.
type stdio struct {
	null  []*os.File // /dev/null opened for nil Stdin or Stdout
	pipes []*outPipe

	// stdinR is the commands' end of the stdin pipe; stdinW the end the
	// stdin copier fills, closed by the copier at EOF, by closeStdin on
	// cancellation, or by finish.
	stdinR, stdinW *os.File
	stdinDone      chan struct{}
	// inErr is the error the caller's reader returned, under inMu.
	inMu  sync.Mutex
	inErr error
}

func (st *stdio) reader(r io.Reader) (*os.File, error) {
	switch r := r.(type) {
	case nil:
		f, err := os.Open(os.DevNull)
		if err != nil {
			return nil, err
		}
		st.null = append(st.null, f)
		return f, nil
	case *os.File:
		return r, nil
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	st.stdinR, st.stdinW = pr, pw
	st.stdinDone = make(chan struct{})
	// When the commands stop reading early, Write fails with EPIPE once
	// pr is closed too (finish): Go ignores SIGPIPE for descriptors other
	// than 1 and 2, so that is an error here, not a signal, and it is
	// not the run's error.
	go func() {
		defer close(st.stdinDone)
		io.Copy(pw, readErr{r, st}) // EPIPE from pw is not the run's error
		pw.Close()
	}()
	return pr, nil
}

// readErr is the caller's reader, whose errors (other than io.EOF) the
// stdin copier keeps in st.inErr.
type readErr struct {
	r  io.Reader
	st *stdio
}

func (r readErr) Read(b []byte) (int, error) {
	n, err := r.r.Read(b)
	if err != nil && err != io.EOF {
		r.st.inMu.Lock()
		if r.st.inErr == nil {
			r.st.inErr = err
		}
		r.st.inMu.Unlock()
	}
	return n, err
}

// closeStdin closes the write end of the stdin pipe, so that commands
// reading it see EOF.
func (st *stdio) closeStdin() {
	if st.stdinW != nil {
		st.stdinW.Close() // safe concurrently with the copier's Write
	}
}

// writer returns the descriptor the commands write w through; tail, when
// not nil, also gets a copy of the stream.
func (st *stdio) writer(w io.Writer, tail *tailBuffer) (*os.File, error) {
	if f, ok := w.(*os.File); ok {
		return f, nil
	}
	if w == nil && tail == nil {
		f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
		if err != nil {
			return nil, err
		}
		st.null = append(st.null, f)
		return f, nil
	}
	p, err := newOutPipe(w, tail)
	if err != nil {
		return nil, err
	}
	st.pipes = append(st.pipes, p)
	return p.cmdEnd, nil
}

// flush waits until what has been written to every output pipe so far
// has reached its writer.
func (st *stdio) flush() {
	for _, p := range st.pipes {
		p.flush()
	}
}

// begin opens a call on every output pipe. Taking p.mu also orders the
// caller's use of its writers before the call against the copies of the
// call (what a caller does to its writer between two calls, such as
// bytes.Buffer.Reset, happens before the next call's output is written,
// but only through the kernel, which the race detector cannot see).
func (st *stdio) begin() {
	for _, p := range st.pipes {
		p.begin()
	}
}

// takeErr returns the first error of the caller's reader or writers in
// the current call, and forgets it.
func (st *stdio) takeErr() error {
	var err error
	for _, p := range st.pipes {
		if e := p.takeErr(); e != nil && err == nil {
			err = fmt.Errorf("plumb: writing output: %w", e)
		}
	}
	st.inMu.Lock()
	defer st.inMu.Unlock()
	if st.inErr != nil && err == nil {
		err = fmt.Errorf("plumb: reading input: %w", st.inErr)
	}
	st.inErr = nil
	return err
}

// finish closes the commands' ends and /dev/null, and waits for the
// copies: the output ones until EOF, or until deadline, when the read
// ends are closed under whatever process still holds a write end (one
// the run could not reach: a writer then gets EPIPE). The stdin copy
// ends at its next Write, but it may be blocked in the caller's Read: it
// is waited for until the same deadline, and not at all when the run was
// cancelled, which must return promptly.
func (st *stdio) finish(deadline time.Time, cancelled bool) {
	for _, f := range st.null {
		f.Close()
	}
	st.null = nil
	if st.stdinR != nil {
		st.stdinR.Close()
		st.stdinW.Close()
	}
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	expired := false
	for _, p := range st.pipes {
		p.cmdEnd.Close()
	}
	for _, p := range st.pipes {
		if expired {
			<-p.done
			continue
		}
		select {
		case <-p.done:
		case <-timer.C:
			expired = true
			// Close the read ends under the stragglers, but only of
			// pipes that still have a writer: one without is at EOF
			// already and only waits for its copier, which on a loaded
			// machine may not have run yet and must not lose the data
			// still in the pipe.
			for _, p := range st.pipes {
				if hasWriters(p.readEnd) {
					p.readEnd.Close()
				}
			}
			<-p.done
		}
	}
	for _, p := range st.pipes {
		p.readEnd.Close()
	}
	if st.stdinDone != nil && !expired && !cancelled {
		select {
		case <-st.stdinDone:
		case <-timer.C:
		}
	}
}

// hasWriters reports whether some process still holds a write end of the
// pipe whose read end is r: poll reports POLLHUP on a read end when the
// last writer has gone. It asks through SyscallConn, because r.Fd would
// take r out of the runtime poller its copier is waiting in.
func hasWriters(r *os.File) bool {
	rc, err := r.SyscallConn()
	if err != nil {
		return false // closed: nothing left to protect
	}
	writers := true
	rc.Control(func(fd uintptr) {
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		if n, err := unix.Poll(fds, 0); err == nil && n == 1 && fds[0].Revents&unix.POLLHUP != 0 {
			writers = false
		}
	})
	return writers
}

// abort closes everything when the run could not be set up.
func (st *stdio) abort() {
	for _, f := range st.null {
		f.Close()
	}
	if st.stdinR != nil {
		st.stdinR.Close()
		st.stdinW.Close()
	}
	for _, p := range st.pipes {
		p.cmdEnd.Close()
		p.readEnd.Close()
	}
}

// outPipe is one output stream copied into a Go writer. The copier
// goroutine owns readEnd; cmdEnd is what the commands get as fd 1 or 2.
//
// flush needs to know when everything written so far has been copied,
// although the pipe stays open (the shell and its jobs keep writing into
// it between calls). It writes a random token into cmdEnd: a pipe keeps
// the order of writes, and a write of at most PIPE_BUF bytes is atomic,
// so when the copier meets the token, every byte written before it — by
// commands that have exited, hence finished writing — has been passed on.
// The token never reaches the writer.
type outPipe struct {
	readEnd, cmdEnd *os.File
	// mu is held while the copier writes to w. What a caller does to
	// its writer between two calls of a Session (bytes.Buffer.Reset)
	// happens before the next call's output is written, but only
	// through the kernel (the next commands write into the pipe after
	// the call began), which the race detector cannot see: begin takes
	// mu once, so that the order is one it can see.
	mu sync.Mutex
	// open is true while a call runs: output goes to w. Between the
	// calls of a Session (after the call's flush token, before the next
	// begin) it is false and output is held, so that the caller may
	// read and reset its writer (a bytes.Buffer) while a background job
	// keeps printing; see Session.
	open bool
	held []byte
	// unblock wakes a copier that waits, with held full, for the next
	// call.
	unblock *sync.Cond
	// err is the first error w returned in the current call; after it
	// the call's output is discarded.
	err   error
	w     io.Writer
	tail  *tailBuffer
	token []byte
	marks chan struct{}
	done  chan struct{}
}

// maxHeld bounds the output held between the calls of a Session; beyond
// it the copier stops reading, the pipe fills, and the writing command
// blocks until the next call (or Close) takes the output.
const maxHeld = 1 << 20

func newOutPipe(w io.Writer, tail *tailBuffer) (*outPipe, error) {
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	if w == nil {
		w = io.Discard
	}
	p := &outPipe{readEnd: pr, cmdEnd: pw, w: w, tail: tail,
		token: make([]byte, 24), marks: make(chan struct{}, 1), done: make(chan struct{})}
	p.unblock = sync.NewCond(&p.mu)
	copy(p.token, "\x00plumb:")
	randomBytes(p.token[7:])
	go p.copy()
	return p, nil
}

func (p *outPipe) write(b []byte) {
	if len(b) == 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for !p.open && len(p.held) >= maxHeld {
		p.unblock.Wait()
	}
	if !p.open {
		p.held = append(p.held, b...)
		return
	}
	p.deliver(b)
}

// deliver writes b to w, with p.mu held, unless w has failed in this
// call.
func (p *outPipe) deliver(b []byte) {
	if p.err == nil {
		n, err := p.w.Write(b)
		if err == nil && n < len(b) {
			err = io.ErrShortWrite
		}
		p.err = err
	}
	if p.tail != nil {
		p.tail.Write(b)
	}
}

// begin opens a call: the output held since the last one is written
// first, then the call's own as it comes.
func (p *outPipe) begin() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.open = true
	p.err = nil
	if len(p.held) > 0 {
		p.deliver(p.held)
		p.held = nil
	}
	p.unblock.Broadcast()
}

// takeErr returns the error w gave in this call, and forgets it.
func (p *outPipe) takeErr() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	err := p.err
	p.err = nil
	return err
}

// copy copies readEnd to the writer until EOF or until readEnd is
// closed, taking the flush tokens out of the stream. Bytes at the end of
// a read that could be the start of a token are held back until the next
// read says whether they are.
func (p *outPipe) copy() {
	defer close(p.done)
	buf := make([]byte, 64*1024)
	var held []byte
	for {
		n, err := p.readEnd.Read(buf)
		data := append(held, buf[:n]...)
		held = nil
		for {
			i := bytes.Index(data, p.token)
			if i < 0 {
				break
			}
			p.write(data[:i])
			data = data[i+len(p.token):]
			// The token ends a Session call: what comes after it is
			// held until the next.
			p.mu.Lock()
			p.open = false
			p.mu.Unlock()
			p.marks <- struct{}{}
		}
		k := partialSuffix(data, p.token)
		p.write(data[:len(data)-k])
		held = append([]byte(nil), data[len(data)-k:]...)
		if err != nil {
			p.write(held)
			return
		}
	}
}

// partialSuffix returns the length of the longest proper prefix of tok
// that data ends with.
func partialSuffix(data, tok []byte) int {
	for k := min(len(tok)-1, len(data)); k > 0; k-- {
		if bytes.Equal(data[len(data)-k:], tok[:k]) {
			return k
		}
	}
	return 0
}

func (p *outPipe) flush() {
	if _, err := p.cmdEnd.Write(p.token); err != nil {
		return
	}
	select {
	case <-p.marks:
	case <-p.done:
	}
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = append(t.b[:0], t.b[len(t.b)-t.max:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}

// randomBytes fills b from the kernel's random pool. It is getrandom(2)
// itself, not crypto/rand: that package links and initialises the whole
// FIPS 140 module (eight packages' inits, some 50 page faults at start-up)
// for the one token an outPipe needs. Should getrandom fail (it cannot
// once the pool is initialised, for 256 bytes or fewer; a seccomp filter
// could refuse it), the clock and the pid still make a token no command
// writes by chance.
func randomBytes(b []byte) {
	for len(b) > 0 {
		n, err := unix.Getrandom(b, 0)
		if err == unix.EINTR {
			continue
		}
		if err != nil || n <= 0 {
			x := uint64(time.Now().UnixNano()) ^ uint64(os.Getpid())<<40
			for i := range b {
				x = x*6364136223846793005 + 1442695040888963407
				b[i] = byte(x >> 56)
			}
			return
		}
		b = b[n:]
	}
}
