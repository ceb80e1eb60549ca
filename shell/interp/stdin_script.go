package interp

import (
	"errors"
	"os"

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
// Lines gather until the parser stops saying the text is incomplete (an
// open quote, an unfinished if, a here-document still waiting for its
// delimiter), then run. Line numbers count from the top of the script.
func (s *Shell) runStdinScript(f *os.File, name string) error {
	in := &lineReader{fd: int(f.Fd())}
	var st unix.Stat_t
	in.seekable = unix.Fstat(in.fd, &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFREG
	var text []byte
	lines, base := 0, 0
	for {
		line, eof := in.readLine()
		if len(line) > 0 {
			text = append(text, line...)
			lines++
		}
		if len(text) == 0 {
			if eof {
				return nil
			}
			continue
		}
		file, err := s.parserConfig().Parse(text, name)
		var pe *parser.Error
		if errors.As(err, &pe) && pe.Incomplete && !eof {
			continue
		}
		if err != nil {
			if pe != nil {
				pe.Line += base
				if pe.SourceLine != 0 {
					pe.SourceLine += base
				}
			}
			s.printSyntax(err)
			s.status = 2
			return &syntaxError{err: pe}
		}
		in.unread() // what was read past this command belongs to it
		if s.opts.verbose {
			s.writeErr(string(text))
		}
		if s.noexec() {
			text, base = text[:0], lines
			if eof {
				return nil
			}
			continue
		}
		s.lineBase = base
		err = s.runStmts(file.Stmts)
		s.lineBase = 0
		if err != nil {
			var ae *abortError
			if !errors.As(err, &ae) {
				return err
			}
			s.status = ae.Status // the line is abandoned; the script goes on
		}
		text, base = text[:0], lines
		if eof {
			return nil
		}
	}
}

// lineReader reads a descriptor a line at a time without keeping any of
// what follows the line when a command runs: on a pipe it reads a byte at
// a time; on a regular file it reads blocks and seeks back over the rest.
type lineReader struct {
	fd       int
	seekable bool
	buf      []byte // read from the file but not yet returned (seekable only)
	eof      bool
}

// readLine returns the next line with its newline (without one at the end
// of input) and whether input has ended.
func (r *lineReader) readLine() ([]byte, bool) {
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

// unread gives back to the file what was read past the current line, so
// that a command run now reads from just after it.
func (r *lineReader) unread() {
	if r.seekable && len(r.buf) > 0 {
		if _, err := unix.Seek(r.fd, -int64(len(r.buf)), unix.SEEK_CUR); err == nil {
			r.buf = r.buf[:0]
			r.eof = false
		}
	}
}
