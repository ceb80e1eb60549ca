package interp

import (
	"strconv"
	"strings"
	"syscall"
)

// mapfile (readarray): lines of input into an indexed array.
//
// mapfile [-d delim] [-n count] [-O origin] [-s count] [-t] [-u fd]
// [-C callback] [-c quantum] [array]
//
// It reads through the same lineInput as read (scriptinput.go), so Ctrl-C,
// a cancelled Runner and trapped signals reach it while it waits. With
// -n it takes no more input than the lines it returns, as bash does on
// a pipe, so that the next command reads the rest; without -n it
// consumes all of its input anyway and reads it in blocks.

func init() {
	builtins["mapfile"] = biMapfile
	builtins["readarray"] = biMapfile
}

const mapfileUsage = "mapfile: usage: mapfile [-d delim] [-n count] [-O origin] [-s count] [-t] [-u fd] [-C callback] [-c quantum] [array]\n"

// mapfileOpts are mapfile's options.
type mapfileOpts struct {
	delim    byte
	count    int // -n: at most this many lines; 0 for all
	origin   int // -O: the first index; -1 to clear the array and start at 0
	skip     int // -s: lines dropped first
	trim     bool
	fd       int
	callback string
	quantum  int
}

// parseMapfileOpts parses mapfile's options and returns the array's
// name. status is not 0 when they are wrong (a message is printed).
func (s *Shell) parseMapfileOpts(name string, args []string) (o mapfileOpts, array string, status int) {
	o = mapfileOpts{delim: '\n', origin: -1, quantum: 5000}
	args, status = s.scanOpts(name, mapfileUsage, args, "t", "dnOsuCc", func(c byte, val string) int {
		switch c {
		case 't':
			o.trim = true
			return 0
		case 'd':
			o.delim = 0
			if val != "" {
				o.delim = val[0]
			}
			return 0
		case 'C':
			o.callback = val
			return 0
		}
		n, err := strconv.Atoi(val)
		bad := map[byte]string{'n': "invalid line count", 's': "invalid line count", 'O': "invalid array origin", 'u': "invalid file descriptor specification", 'c': "invalid callback quantum"}[c]
		if err != nil || n < 0 || c == 'c' && n == 0 {
			s.errorf("%s: %s: %s", name, val, bad)
			return 1
		}
		switch c {
		case 'n':
			o.count = n
		case 's':
			o.skip = n
		case 'O':
			o.origin = n
		case 'u':
			o.fd = n
		case 'c':
			o.quantum = n
		}
		return 0
	})
	if status != 0 {
		return o, "", status
	}
	array = "MAPFILE"
	if len(args) > 0 {
		array = args[0]
	}
	if !isNameStr(array) {
		s.errorf("%s: `%s': not a valid identifier", name, array)
		return o, "", 1
	}
	return o, array, 0
}

func biMapfile(s *Shell, args []string) (int, error) {
	name := args[0]
	o, array, status := s.parseMapfileOpts(name, args[1:])
	if status != 0 {
		return status, nil
	}
	f := s.file(o.fd)
	if f == nil {
		s.errorf("%s: %d: invalid file descriptor: %s", name, o.fd, errText(syscall.EBADF))
		return 1, nil
	}
	v, err := s.toArray(array)
	if err != nil {
		s.errorf("%v", err)
		return 1, nil
	}
	index := o.origin
	if index < 0 {
		clear(v.array)
		index = 0
	}
	in := s.newLineInput(f, 0)
	defer in.close()
	if o.count == 0 {
		in.readAhead(64 << 10)
	}
	for n := 0; o.count == 0 || n < o.count+o.skip; n++ {
		line, more, err := readRecord(in, o.delim)
		if err != nil {
			return s.status, err
		}
		if !more && line == "" {
			break
		}
		if n < o.skip {
			continue
		}
		if o.trim {
			line = strings.TrimSuffix(line, string(o.delim))
		}
		if o.callback != "" && (n-o.skip+1)%o.quantum == 0 {
			src := o.callback + " " + strconv.Itoa(index) + " " + singleQuote(line)
			if _, err := s.evalString(src, name); err != nil {
				return s.status, err
			}
		}
		// The callback may have changed the variable.
		if err := s.setElement(array, index, line, false); err != nil {
			if err, ok := s.intAssignFailed(err, "mapfile: "); ok {
				return 1, err
			}
			s.errorf("%v", err)
			return 1, nil
		}
		index++
	}
	return 0, nil
}

// readRecord reads up to and including delim; more is false at the end
// of the input. A record ends at its first NUL as a value, as in bash
// (`-d ”` ends records on NUL instead): what follows the NUL, the
// delimiter too, is read and lost.
func readRecord(in *lineInput, delim byte) (line string, more bool, err error) {
	var b []byte
	cut := false
	for {
		c, ok, err := in.next()
		if !ok {
			return string(b), false, err
		}
		if c == 0 {
			cut = true
		} else if !cut {
			b = append(b, c)
		}
		if c == delim {
			return string(b), true, nil
		}
	}
}
