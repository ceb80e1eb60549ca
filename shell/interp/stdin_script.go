package interp

import (
	"bytes"
	"errors"
	"io"
	"os"
	"sync/atomic"

	"golang.org/x/sys/unix"

	"github.com/plumbsh/plumb/parser"
)

// runStdinScript runs a script that arrives on standard input, one
// complete command at a time, reading no further than the command it is
// about to run. POSIX asks for that, and scripts rely on it:
// `printf 'read x\nhello\necho $x\n' | plumb` prints hello, because `read`
// gets the line after it. On a pipe the only way not to read ahead is a
// byte at a time; on a regular file the shell reads a block and, before
// running a command, seeks back to the end of the command's last line.
//
// Each command is read by a parser that asks for a line only when a token
// needs one (parser.Config.More) and stops at the newline that ends the
// command (and the bodies of its here-documents), so a command spanning
// many lines (an 8,000-line if, a 50 MB here-document) is lexed once, not
// again for every line it gains. Line numbers count from the top of the
// script.
func (s *Shell) runStdinScript(f *os.File, name string) error {
	in := &lineReader{fd: int(f.Fd())}
	var st unix.Stat_t
	in.seekable = unix.Fstat(in.fd, &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFREG
	lines := 0
	var text, ahead []byte
	for {
		// text is what this command's parser reads: first what the
		// last one read past its command (ahead; nothing, unless a
		// lookahead crossed a line end, which a test guards against),
		// then lines from the input as it asks for them.
		base := lines
		text = append(text[:0], ahead...)
		given := 0
		cfg := s.parserConfig()
		cfg.More = func() []byte {
			if given < len(text) {
				rest := text[given:]
				given = len(text)
				stdinParsed.Add(int64(len(rest)))
				return rest
			}
			if in.done {
				return nil
			}
			line, _ := in.readLine()
			line = dropNUL(line)
			stdinParsed.Add(int64(len(line)))
			text = append(text, line...)
			given = len(text)
			return line
		}
		p := cfg.NewParser(nil, name)
		stmts, err := p.Next()
		if err == io.EOF {
			return nil
		}
		var pe *parser.Error
		if errors.As(err, &pe) {
			pe.Line += base
			if pe.SourceLine != 0 {
				pe.SourceLine += base
			}
			s.printSyntax(err)
			s.status = 2
			return &syntaxError{err: pe}
		}
		used := min(p.Offset(), len(text))
		ahead = append(ahead[:0], text[used:]...)
		text = text[:used]
		lines += bytes.Count(text, []byte{'\n'})
		if len(text) > 0 && text[len(text)-1] != '\n' {
			lines++ // the last line, without a newline
		}
		// What was read past this command belongs to it: on a file,
		// seek back over it.
		if in.unread(len(ahead)) {
			ahead = ahead[:0]
		}
		if s.opts.verbose {
			s.writeErr(string(text))
		}
		if s.noexec() {
			continue
		}
		s.lineBase = base
		err = s.runStmts(stmts)
		s.lineBase = 0
		if err != nil {
			var ae *abortError
			if !errors.As(err, &ae) {
				return err
			}
			s.status = ae.Status // the line is abandoned; the script goes on
		}
	}
}

// stdinParsed counts the bytes of stdin scripts handed to the parser:
// each once, which a test checks.
var stdinParsed atomic.Int64

// lineReader reads a descriptor a line at a time without keeping any of
// what follows the line when a command runs: on a pipe it reads a byte at
// a time; on a regular file it reads blocks and seeks back over the rest.
type lineReader struct {
	fd       int
	seekable bool
	buf      []byte // read from the file but not yet returned (seekable only)
	eof      bool
	done     bool // readLine has said the input is over
}

// readLine returns the next line with its newline (without one at the end
// of input) and whether input has ended.
func (r *lineReader) readLine() ([]byte, bool) {
	line, eof := r.line()
	r.done = eof
	return line, eof
}

func (r *lineReader) line() ([]byte, bool) {
	var line []byte
	if !r.seekable {
		var b [1]byte
		for {
			n, err := unix.Read(r.fd, b[:])
			if err == unix.EINTR {
				continue
			}
			if n <= 0 {
				return line, true
			}
			line = append(line, b[0])
			if b[0] == '\n' {
				return line, false
			}
		}
	}
	for {
		for i, c := range r.buf {
			if c == '\n' {
				line = append(line, r.buf[:i+1]...)
				r.buf = r.buf[i+1:]
				return line, false
			}
		}
		line = append(line, r.buf...)
		r.buf = r.buf[:0]
		if r.eof {
			return line, true
		}
		block := make([]byte, 32*1024)
		n, err := unix.Read(r.fd, block)
		if err == unix.EINTR {
			continue
		}
		if n <= 0 {
			r.eof = true
			continue
		}
		r.buf = block[:n]
	}
}

// unread gives back to the file what was read past the current line,
// and extra bytes before that (read already but not used), so that a
// command run now reads from just after it. It reports whether it could.
func (r *lineReader) unread(extra int) bool {
	if !r.seekable {
		return extra == 0
	}
	if n := len(r.buf) + extra; n > 0 {
		if _, err := unix.Seek(r.fd, -int64(n), unix.SEEK_CUR); err != nil {
			return false
		}
		r.buf = r.buf[:0]
		r.eof, r.done = false, false
	}
	return true
}
