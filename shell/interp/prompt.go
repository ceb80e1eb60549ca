package interp

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/plumbsh/plumb/shell/lineedit"
	"github.com/plumbsh/plumb/shell/printf"
)

// historyPath is where the prompt keeps its history: $HISTFILE, as in
// bash ("" when it is unset or empty: nothing is read or saved, the
// usual `unset HISTFILE` before typing a secret).
func historyPath(s *Shell) string {
	p, _ := s.get("HISTFILE")
	return p
}

// initHistfile gives an interactive shell its HISTFILE before the rc
// files run, so they can change or unset it: $PLUMB_HISTFILE, else
// $XDG_STATE_HOME/plumb/history, else ~/.local/state/plumb/history
// (unset when that is empty).
// bash keeps a HISTFILE it inherits; plumb replaces it, since an
// inherited one names another shell's file, written in that shell's
// format, which plumb's appends and compaction would damage.
func (s *Shell) initHistfile() {
	p, ok := s.get("PLUMB_HISTFILE")
	if !ok {
		if d, ok := s.get("XDG_STATE_HOME"); ok && d != "" {
			p = filepath.Join(d, "plumb", "history")
		} else if home, _ := s.get("HOME"); home != "" {
			p = filepath.Join(home, ".local", "state", "plumb", "history")
		}
	}
	if p == "" { // PLUMB_HISTFILE= or no home: no history file
		s.unsetVar("HISTFILE")
		return
	}
	s.setVar("HISTFILE", p) // fails only when readonly: then it stays
}

// editHost is the shell as the line editor's completion and highlighting
// see it (lineedit.Host). They run only while the prompt waits in
// ReadLine, when nothing else uses the shell's state. intr is the
// prompt's: Ctrl-C ends a completion function as it ends a command line.
type editHost struct {
	s    *Shell
	intr *interrupter
}

func (h editHost) Dir() string                    { return h.s.dir }
func (h editHost) Var(name string) (string, bool) { return h.s.get(name) }
func (h editHost) Tilde(user string) string       { return h.s.tilde(user) }

func (h editHost) VarNames() []string {
	var names []string
	for k, v := range h.s.vars {
		if v.set {
			names = append(names, k)
		}
	}
	return names
}

func (h editHost) CommandNames() []string {
	var names []string
	for n := range h.s.funcs {
		names = append(names, n)
	}
	for n := range h.s.aliases {
		names = append(names, n)
	}
	for n := range builtins {
		names = append(names, n)
	}
	return names
}

func (h editHost) IsCommand(name string) bool {
	if _, ok := h.s.funcs[name]; ok || h.s.hasAlias(name) {
		return true
	}
	if _, ok := builtins[name]; ok {
		return true
	}
	_, st := h.s.lookPath(name)
	return st == 0
}

// Complete runs the completion spec for the command of req, as bash
// does at Tab: -I for the first word, -E for an empty line, else the
// command's spec (by its name as typed, then its last path component),
// else -D. The function of -F runs in the shell itself, as in bash: it
// may set variables, define functions and call compopt for this
// completion. $? is left as it was. The terminal stays in the line
// editor's mode (what the function runs reads raw keys, as under
// bash's readline), with signal keys on: Ctrl-C sends SIGINT to the
// shell's group, which ends what the function runs and, through intr,
// the function itself; the line being edited stays as it was.
func (h editHost) Complete(req lineedit.CompRequest) (lineedit.CompReply, bool) {
	s := h.s
	sp := s.compSpecFor(req.Words, req.CWord)
	if sp == nil {
		return lineedit.CompReply{}, false
	}
	cur := *sp // compopt in the function changes this completion only
	s.compCur = &cur
	status := s.status
	cc := compCall{
		cmd: req.Words[0], cur: req.Cur, prev: req.Prev,
		words: req.Words, cword: req.CWord, line: req.Line, point: req.Point,
		typ: '\t', key: '\t',
	}
	var words []string
	// The commands the function runs stay in the shell's process
	// group, as a script's do, and the terminal stays the shell's:
	// readline reads ahead on a goroutine of its own, and its pending
	// read fails (EIO, which it takes for the end of input) when
	// another group is given the terminal.
	jc := s.jc
	s.jc = nil
	restoreTerm := signalKeysOn()
	h.s.interruptible(h.intr, func() error {
		var err error
		words, _, err = s.compGenerate(&cur, &cc)
		if err == nil && cc.restart {
			// Once more with the spec the function installed, if it
			// changed it (bash's rule for status 124).
			if again := s.compSpecFor(req.Words, req.CWord); again != nil && again != sp {
				sp, cur, cc.restart = again, *again, false
				words, _, err = s.compGenerate(&cur, &cc)
			}
		}
		return err
	})
	restoreTerm()
	s.jc = jc
	s.compCur = nil
	s.status = status
	s.diedOfSIGINT = false
	o := cur.opts
	return lineedit.CompReply{
		Words:     words,
		Filenames: o&coFilenames != 0, NoQuote: o&coNoquote != 0,
		NoSpace: o&coNospace != 0, NoSort: o&coNosort != 0,
		BashDefault: o&coBashdefault != 0, Default: o&coDefault != 0, DirNames: o&coDirnames != 0,
	}, true
}

// signalKeysOn turns the terminal's signal keys on while a completion
// function runs (the line editor reads keys raw, with them off), and
// returns what puts back the modes it found.
func signalKeysOn() (restore func()) {
	saved, err := unix.IoctlGetTermios(0, unix.TCGETS)
	if err != nil || saved.Lflag&unix.ISIG != 0 {
		return func() {}
	}
	t := *saved
	t.Lflag |= unix.ISIG
	unix.IoctlSetTermios(0, unix.TCSETS, &t)
	return func() { unix.IoctlSetTermios(0, unix.TCSETS, saved) }
}

// A promptKind is which prompt string is expanded: \! and \# count the
// command about to be typed at PS1 and PS2, the one running elsewhere.
type promptKind uint8

const (
	promptPS1   promptKind = iota
	promptPS2              // a continuation line
	promptOther            // ${x@P}
)

// decodePrompt replaces the backslash escapes of a prompt string, as
// bash's decode_prompt_string does:
//
//	\a \e \r \n   BEL, ESC, CR, newline; \\ a backslash
//	\nnn          the byte of octal nnn (up to three digits, modulo 256:
//	              \555 is m); a \ followed by fewer digits than three
//	              and then another character stays as written
//	\t \T \@ \A   the time as %H:%M:%S, %I:%M:%S, %I:%M %p, %H:%M
//	\d \D{fmt}    the date as %a %b %d; strftime(fmt), %X for \D{}
//	\u \h \H      the user name, the host name to its first dot, and whole
//	\w \W         the working directory with ~ for $HOME, its last part
//	\s            the shell's name: the last part of $0
//	\v \V         the version: bash's when started as bash, else plumb's
//	\j \l         the number of unfinished jobs; the terminal on
//	              standard input (its last part; "tty" when none)
//	\! \#         the history number and the command number
//	\$            # for root, else $; \[ \] nothing (the line editor
//	              measures escape sequences itself)
//
// Any other escape stays as written. Text that the user does not write
// (directory, host and user names, \D's result) is quoted for the
// expansion that follows: a directory named $x shows as $x.
func (s *Shell) decodePrompt(ps string, kind promptKind) string {
	if strings.IndexByte(ps, '\\') < 0 {
		return ps
	}
	var b strings.Builder
	for i := 0; i < len(ps); i++ {
		c := ps[i]
		if c != '\\' || i+1 == len(ps) {
			b.WriteByte(c)
			continue
		}
		i++
		switch c = ps[i]; c {
		case 'a':
			b.WriteByte('\a')
		case 'e':
			b.WriteByte(0x1b)
		case 'r':
			b.WriteByte('\r')
		case 'n':
			b.WriteByte('\n')
		case '\\':
			b.WriteByte('\\')
		case '0', '1', '2', '3', '4', '5', '6', '7':
			n, end, ok := promptOctal(ps, i)
			if !ok {
				b.WriteByte('\\') // the digits follow as written
				i--
				continue
			}
			b.WriteByte(byte(n))
			i = end - 1
		case 'd', 't', 'T', '@', 'A':
			b.WriteString(printf.Strftime(promptTimeFormats[c], time.Now().In(s.timeZone())))
		case 'D':
			if i+1 >= len(ps) || ps[i+1] != '{' {
				b.WriteString(`\D`)
				continue
			}
			layout, _, _ := strings.Cut(ps[i+2:], "}")
			i += 2 + len(layout) // at the }, or the end
			if layout == "" {
				layout = "%X"
			}
			quoteForPrompt(&b, printf.Strftime(layout, time.Now().In(s.timeZone())))
		case 'u':
			quoteForPrompt(&b, userName())
		case 'h', 'H':
			h, _ := os.Hostname()
			if c == 'h' {
				h, _, _ = strings.Cut(h, ".")
			}
			quoteForPrompt(&b, h)
		case 'w':
			quoteForPrompt(&b, s.tildeDir())
		case 'W':
			d := s.tildeDir()
			if d != "~" && d != "/" {
				d = filepath.Base(d)
			}
			quoteForPrompt(&b, d)
		case 's':
			quoteForPrompt(&b, filepath.Base(s.arg0))
		case 'v', 'V':
			b.WriteString(s.promptVersion(c == 'V'))
		case 'j':
			b.WriteString(strconv.Itoa(s.unfinishedJobs()))
		case 'l':
			b.WriteString(stdinTTYName())
		case '!':
			b.WriteString(strconv.Itoa(s.historyNumber(kind)))
		case '#':
			n := s.commandsRun
			if kind != promptOther {
				n++ // the command about to be typed
			}
			b.WriteString(strconv.Itoa(n))
		case '$':
			if os.Geteuid() == 0 {
				b.WriteByte('#')
			} else {
				b.WriteString(`\$`) // $ after the expansion
			}
		case '[', ']':
		default:
			b.WriteByte('\\')
			b.WriteByte(c)
		}
	}
	return b.String()
}

// promptTimeFormats are the strftime layouts of the time escapes.
var promptTimeFormats = map[byte]string{
	'd': "%a %b %d", 't': "%H:%M:%S", 'T': "%I:%M:%S", '@': "%I:%M %p", 'A': "%H:%M",
}

// promptOctal reads the octal escape whose digits start at ps[i], as
// bash does: the next three characters (fewer at the end) must all be
// octal digits, else ok is false. end is the index after the digits.
func promptOctal(ps string, i int) (n, end int, ok bool) {
	end = min(i+3, len(ps))
	for j := i; j < end; j++ {
		if ps[j] < '0' || ps[j] > '7' {
			return 0, 0, false
		}
		n = n*8 + int(ps[j]-'0')
	}
	return n, end, true
}

// quoteForPrompt writes text so that the expansion after the escapes
// gives it back as it is: with a backslash before each character that
// is special inside double quotes.
func quoteForPrompt(b *strings.Builder, text string) {
	for i := 0; i < len(text); i++ {
		switch c := text[i]; c {
		case '$', '`', '"', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
}

// dqWord writes a decoded prompt as a double-quoted word for the
// parser: a " not already escaped is escaped, and a backslash at the
// end stands for itself. Inside $(…) and ${…} the text is the
// substitution's own, quotes included, as in "$(__git_ps1 " (%s)")":
// it is copied as it is, its quoted strings whole, so that their
// parentheses and braces do not count.
func dqWord(out string) string {
	var b strings.Builder
	b.Grow(len(out) + 2)
	b.WriteByte('"')
	depth := 0 // open $( ( ${ { inside a substitution
	for i := 0; i < len(out); i++ {
		c := out[i]
		switch {
		case c == '\\' && i+1 < len(out):
			b.WriteString(out[i : i+2])
			i++
			continue
		case c == '\\' || c == '"' && depth == 0:
			b.WriteByte('\\')
		case c == '$' && i+1 < len(out) && (out[i+1] == '(' || out[i+1] == '{'):
			depth++
			b.WriteString(out[i : i+2])
			i++
			continue
		case depth == 0:
		case c == '(' || c == '{':
			depth++
		case c == ')' || c == '}':
			depth--
		case c == '\'' || c == '"':
			end := quotedEnd(out, i)
			b.WriteString(out[i:end])
			i = end - 1
			continue
		}
		b.WriteByte(c)
	}
	b.WriteByte('"')
	return b.String()
}

// quotedEnd is the index after the string quoted by out[i] (' or "),
// or len(out) when it is not closed.
func quotedEnd(out string, i int) int {
	q := out[i]
	for j := i + 1; j < len(out); j++ {
		switch {
		case out[j] == '\\' && q == '"':
			j++
		case out[j] == q:
			return j + 1
		}
	}
	return len(out)
}

// promptVersion is \v (major.minor) or \V (with the patch level): the
// bash release plumb follows when it was started as bash and says so in
// $BASH_VERSION, else plumb's own version, since the shell answering is
// plumb and there is no bash version to be honest about.
func (s *Shell) promptVersion(full bool) string {
	v := strings.Split(Version, ".")
	if s.bashName != "" {
		v = bashVersion[:3]
	}
	if full {
		return strings.Join(v, ".")
	}
	return strings.Join(v[:2], ".")
}

// unfinishedJobs is \j: the jobs in the table that have not ended
// (running or stopped), as bash's count_all_jobs.
func (s *Shell) unfinishedJobs() int {
	n := 0
	for _, j := range s.jobs.all() {
		select {
		case <-j.done:
		default:
			n++
		}
	}
	return n
}

// stdinTTYName is \l: the last part of the name of the terminal on the
// process's standard input, as bash's ttyname(0), or "tty".
func stdinTTYName() string {
	if _, err := unix.IoctlGetTermios(0, unix.TCGETS); err == nil {
		if p, err := os.Readlink("/proc/self/fd/0"); err == nil {
			return filepath.Base(p)
		}
	}
	return "tty"
}

// historyNumber is \!: the number the next command will have in the
// history at PS1 and PS2, the number of the last entry elsewhere (the
// one running), 1 with no history or set +o history, as bash's
// prompt_history_number.
func (s *Shell) historyNumber(kind promptKind) int {
	n := 1
	if s.hist != nil && s.opts.history {
		n += s.hist.Len()
	}
	if kind == promptOther && n > 1 {
		n--
	}
	return n
}
