package interp

import (
	"errors"
	"math"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

func init() {
	builtins["read"] = biRead
}

// The read builtin: read [-ers] [-a array] [-d delim] [-i text]
// [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...].
// Its input is taken one byte at a time through a lineInput
// (scriptinput.go), so that it never takes more than the line it returns.

const readUsage = "read: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n"

// readOpts are read's options.
type readOpts struct {
	raw     bool   // -r: a backslash is an ordinary character
	delim   byte   // -d: the line's end ('\n'; 0 for -d '')
	limit   int    // -n, -N: at most this many bytes; -1 for no limit
	exact   bool   // -N: the delimiter is an ordinary character
	prompt  string // -p
	array   string // -a: the fields go into this indexed array
	silent  bool   // -s: no echo on a terminal
	timeout string // -t, as written; "" for none
	fd      int    // -u
}

// parseReadOpts parses read's options and returns its names. status
// is not 0 when they are wrong (a message is printed).
func (s *Shell) parseReadOpts(args []string) (o readOpts, names []string, status int) {
	o = readOpts{delim: '\n', limit: -1}
	names, status = s.scanOpts("read", readUsage, args, "rse", "adinNptu", func(c byte, val string) int {
		switch c {
		case 'r':
			o.raw = true
		case 's':
			o.silent = true
		case 'e': // readline editing: plain input here
		case 'a':
			o.array = val
		case 'd':
			o.delim = 0
			if val != "" {
				o.delim = val[0]
			}
		case 'n', 'N':
			n, err := strconv.Atoi(val)
			if err != nil || n < 0 {
				s.errorf("read: %s: invalid number", val)
				return 1
			}
			o.limit, o.exact = n, c == 'N'
		case 'p':
			o.prompt = val
		case 't':
			if _, ok := parseTimeout(val); !ok {
				s.errorf("read: %s: invalid timeout specification", val)
				return 1
			}
			o.timeout = val
		case 'u':
			n, err := strconv.Atoi(val)
			if err != nil || n < 0 {
				s.errorf("read: %s: invalid file descriptor specification", val)
				return 1
			}
			o.fd = n
		}
		return 0
	})
	return o, names, status
}

// parseTimeout parses read -t's seconds: digits with at most one point.
func parseTimeout(v string) (time.Duration, bool) {
	if v == "" || v == "." || strings.Trim(v, "0123456789.") != "" || strings.Count(v, ".") > 1 {
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f*float64(time.Second) > math.MaxInt64 {
		return 0, false
	}
	return time.Duration(f * float64(time.Second)), true
}

func biRead(s *Shell, args []string) (int, error) {
	o, names, status := s.parseReadOpts(args[1:])
	if status != 0 {
		return status, nil
	}
	for i, n := range append(names, o.array) {
		// A name may be an element, a[1] (not the -a array).
		if n != "" && !isNameStr(n) && (i == len(names) || !refTarget(n)) {
			s.errorf("read: `%s': not a valid identifier", n)
			return 1, nil
		}
	}
	f := s.file(o.fd)
	if f == nil {
		s.errorf("read: %d: invalid file descriptor: %s", o.fd, errText(syscall.EBADF))
		return 1, nil
	}
	timeout, _ := parseTimeout(o.timeout)
	if o.timeout != "" && timeout == 0 {
		// -t 0: only say whether there is input, and read none.
		return boolStatus(inputReady(f)), nil
	}
	if o.prompt != "" && s.interactive {
		s.writeErr(o.prompt)
	}
	if o.silent {
		defer s.echoOff(f)()
	}
	in := s.newLineInput(f, timeout)
	defer in.close()
	delim := int(o.delim)
	if o.exact {
		delim = -1
	}
	line, ok, err := s.readLine(in, delim, o.raw, o.limit)
	timedOut := errors.Is(err, errReadTimeout)
	if err != nil && !timedOut {
		return s.status, err
	}
	ifs, set := s.get("IFS")
	if !set {
		ifs = " \t\n"
	}
	if o.array != "" {
		if err := s.setArray(o.array, splitRead(line, ifs, math.MaxInt, o.raw)); err != nil {
			if err, ok := s.intAssignFailed(err, "read: "); ok {
				return 1, err
			}
			s.errorf("%v", err)
			return 1, nil
		}
	} else {
		if len(names) == 0 {
			names = []string{"REPLY"}
			ifs = "" // bash: REPLY gets the whole line, white space and all
		}
		if o.exact {
			ifs = "" // read -N: the first name takes all that was read
		}
		fields := splitRead(line, ifs, len(names), o.raw)
		for i, name := range names {
			v := ""
			if i < len(fields) {
				v = fields[i]
			}
			if err := s.assignTarget(name, v); err != nil {
				if err, ok := s.intAssignFailed(err, "read: "); ok {
					return 1, err
				}
				s.errorf("read: %v", err)
				return 1, nil
			}
		}
	}
	switch {
	case timedOut:
		return 128 + int(syscall.SIGALRM), nil // bash's status for a timeout
	case !ok:
		return 1, nil
	}
	return 0, nil
}

// readLine reads a line for read from in: up to delim (-1 for none),
// and at most limit characters when limit is not negative: bytes in the
// C locale, else UTF-8 characters, whose bytes are read only as far as
// the first one promises (a byte that does not continue it starts the
// next character), so no more is taken from in than bash takes. Without raw a
// backslash quotes the next byte and is kept in the line (splitRead
// removes it), and a backslash-newline pair is removed. ok is false at
// the end of the input. err is what ended the wait (lineInput.next),
// errReadTimeout for read -t.
func (s *Shell) readLine(in *lineInput, delim int, raw bool, limit int) (line string, ok bool, err error) {
	var b []byte
	carry := -1 // a byte read that did not continue a UTF-8 character
	// n counts characters as read -n does: a backslash pair is one.
	for n := 0; limit < 0 || n < limit; n++ {
		var c byte
		if carry >= 0 {
			c, carry = byte(carry), -1
		} else {
			var ok bool
			var err error
			if c, ok, err = in.next(); !ok {
				return string(b), false, err
			}
		}
		if c == '\\' && !raw {
			c, ok, err := in.next()
			if !ok {
				return string(b), false, err
			}
			if c == '\n' {
				n--
				continue
			}
			b = append(b, '\\', c)
			continue
		}
		if int(c) == delim {
			return string(b), true, nil
		}
		if c == 0 {
			n--
			continue // bash drops NUL bytes: a value cannot hold one
		}
		b = append(b, c)
		if limit >= 0 && !s.bytes && c >= 0xC0 {
			// The rest of a UTF-8 character counts with its first byte.
			for k := utf8Tail(c); k > 0; k-- {
				c, ok, err := in.next()
				if !ok {
					return string(b), false, err
				}
				if c&0xC0 != 0x80 {
					carry = int(c)
					break
				}
				b = append(b, c)
			}
		}
	}
	return string(b), true, nil
}

// utf8Tail is how many bytes follow the UTF-8 leading byte c (0xC0 up)
// in its character.
func utf8Tail(c byte) int {
	switch {
	case c >= 0xF0:
		return 3
	case c >= 0xE0:
		return 2
	}
	return 1
}

// inputReady is read -t 0: whether f has input (or its end) waiting.
func inputReady(f *os.File) bool {
	rc, err := f.SyscallConn()
	if err != nil {
		return false
	}
	ready := false
	rc.Control(func(fd uintptr) {
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		n, err := unix.Poll(fds, 0)
		ready = err == nil && n > 0
	})
	return ready
}

// echoOff turns off the echo of the terminal f, for read -s, and
// returns what turns it back on. The terminal is restored also when
// Ctrl-C ends the read: at the prompt the read returns (s.ctx is
// cancelled); in a script that does not trap SIGINT, which SIGINT would
// kill with the terminal left silent, SIGINT is caught while the read
// lasts, the terminal restored, and the shell then dies of it as it
// would have. When f is not a terminal there is nothing to do.
func (s *Shell) echoOff(f *os.File) (restore func()) {
	rc, err := f.SyscallConn()
	if err != nil {
		return func() {}
	}
	var saved *unix.Termios
	rc.Control(func(fd uintptr) {
		t, err := unix.IoctlGetTermios(int(fd), unix.TCGETS)
		if err != nil {
			return
		}
		saved = t
		quiet := *t
		quiet.Lflag &^= unix.ECHO | unix.ECHOE | unix.ECHOK | unix.ECHONL
		unix.IoctlSetTermios(int(fd), unix.TCSETSW, &quiet)
	})
	if saved == nil {
		return func() {}
	}
	reset := func() {
		rc.Control(func(fd uintptr) { unix.IoctlSetTermios(int(fd), unix.TCSETSW, saved) })
	}
	if _, trapped := s.traps["INT"]; s.interactive || trapped || signal.Ignored(unix.SIGINT) {
		return reset
	}
	intr := make(chan os.Signal, 1)
	stop, stopped := make(chan struct{}), make(chan struct{})
	signal.Notify(intr, unix.SIGINT)
	go func() {
		defer close(stopped)
		select {
		case <-intr:
			reset()
			dieOfSIGINT()
		case <-stop:
		}
	}()
	return func() {
		signal.Stop(intr)
		close(stop)
		<-stopped
		reset()
	}
}

// splitRead splits a line read by `read` into at most n fields on IFS;
// the last field takes the rest of the line, less trailing IFS white
// space. Without -r, a backslash (kept by readLine) quotes the next
// character and is removed here.
func splitRead(line, ifs string, n int, raw bool) []string {
	isWS := func(c byte) bool { return (c == ' ' || c == '\t' || c == '\n') && strings.IndexByte(ifs, c) >= 0 }
	isDelim := func(c byte) bool { return strings.IndexByte(ifs, c) >= 0 }
	var fields []string
	i := 0
	for i < len(line) && isWS(line[i]) {
		i++
	}
	for i < len(line) {
		if len(fields) == n-1 {
			rest := line[i:]
			end := trimIFSSpace(rest, isWS, raw)
			// The rest is one field ended by a non-white delimiter
			// ("a:" with IFS=:): the delimiter goes too, as in POSIX.
			if end > 0 && isDelim(rest[end-1]) && !isWS(rest[end-1]) && !escaped(rest, end-1, raw) {
				one := true
				for j := 0; j < trimIFSSpace(rest[:end-1], isWS, raw); j++ {
					if !raw && rest[j] == '\\' {
						j++
					} else if isDelim(rest[j]) {
						one = false
						break
					}
				}
				if one {
					end = trimIFSSpace(rest[:end-1], isWS, raw)
				}
			}
			fields = append(fields, unbackslash(rest[:end], raw))
			return fields
		}
		var b strings.Builder
		for i < len(line) && (!raw && line[i] == '\\' || !isDelim(line[i])) {
			// A backslash quotes the next character, also one in IFS.
			if !raw && line[i] == '\\' && i+1 < len(line) {
				i++
			}
			b.WriteByte(line[i])
			i++
		}
		fields = append(fields, b.String())
		// skip the delimiter: white space, at most one non-white, white space
		for i < len(line) && isWS(line[i]) {
			i++
		}
		if i < len(line) && isDelim(line[i]) && !isWS(line[i]) {
			i++
			for i < len(line) && isWS(line[i]) {
				i++
			}
		}
	}
	return fields
}

// trimIFSSpace returns the end of s less its trailing IFS white space;
// an escaped character stays.
func trimIFSSpace(s string, isWS func(byte) bool, raw bool) int {
	end := len(s)
	for end > 0 && isWS(s[end-1]) && !escaped(s, end-1, raw) {
		end--
	}
	return end
}

// escaped reports whether a backslash kept by readLine quotes s[i]: an
// odd run of backslashes before it.
func escaped(s string, i int, raw bool) bool {
	if raw {
		return false
	}
	n := 0
	for i > 0 && s[i-1] == '\\' {
		n++
		i--
	}
	return n%2 == 1
}

func unbackslash(s string, raw bool) string {
	if raw || !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
