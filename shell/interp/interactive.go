package interp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/plumbsh/plumb/parser"
	"golang.org/x/sys/unix"

	"github.com/plumbsh/plumb/shell/history"
	"github.com/plumbsh/plumb/shell/lineedit"
	"github.com/plumbsh/plumb/shell/tty"
)

// The interactive shell: read a command (more lines while the parser
// says it is incomplete), record it in the history, run it, report jobs
// that changed state, show the prompt again.
//
// While a job runs, nothing reads the terminal but the job: the line
// reader only reads inside ReadLine (see tty.Reader and package cli's
// rlReader), so a foreground `cat` gets every line typed, including lines
// typed before it started.

// interactiveChans are the signal channels of the process's interactive
// shell (there is at most one: Main's), so that `trap`, which resets the
// process's handlers, can install them again.
var interactiveChans struct {
	sync.Mutex
	sigs, winch chan os.Signal
}

// reinstallInteractive is called after trap has reset the process's
// signal handlers.
func reinstallInteractive() {
	interactiveChans.Lock()
	defer interactiveChans.Unlock()
	if interactiveChans.sigs != nil {
		notifyInteractive(interactiveChans.sigs)
		signal.Notify(interactiveChans.winch, unix.SIGWINCH)
	}
}

// interrupter cancels the command line running now when SIGINT reaches
// the shell itself (an in-process loop, `wait`, `read` between jobs).
type interrupter struct {
	mu     sync.Mutex
	cancel context.CancelFunc
	fired  bool
}

func (in *interrupter) set(c context.CancelFunc) {
	in.mu.Lock()
	in.cancel, in.fired = c, false
	in.mu.Unlock()
}

func (in *interrupter) interrupt() {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.cancel != nil {
		in.cancel()
		in.fired = true
	}
}

func (in *interrupter) done() bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	f := in.fired
	in.cancel, in.fired = nil, false
	return f
}

// runInteractive is the prompt loop; it returns the status to exit with.
func (s *Shell) runInteractive(sf startupFiles, openEditor lineedit.Opener) int {
	s.interactive = true
	s.opts.histexp = true // bash's default at the prompt; set +H turns it off
	s.opts.history = true // and set +o history stops saving lines
	s.opts.emacs = !s.opts.vi
	s.initHistfile()
	// Background jobs are not cancelled with the command line that
	// started them (each line runs with its own context, see below).
	s.jobCtx = context.Background()
	sigs := make(chan os.Signal, 8)
	winch := make(chan os.Signal, 1)
	interactiveChans.Lock()
	interactiveChans.sigs, interactiveChans.winch = sigs, winch
	interactiveChans.Unlock()

	jc := newJobControl(true)
	if jc.startInteractive(sigs) {
		s.jc = jc
	} else {
		s.errorf("no job control in this shell")
		notifyInteractive(sigs)
	}
	signal.Notify(winch, unix.SIGWINCH)
	var intr interrupter
	go func() {
		for sig := range sigs {
			switch sig {
			case unix.SIGINT:
				intr.interrupt()
			case unix.SIGHUP:
				s.hangUp()
			}
			// SIGTERM is ignored, as by bash; the rest are the
			// terminal's job-control signals, for the jobs.
		}
	}()

	if st, done := s.runInteractiveStartup(sf, &intr); done {
		return st
	}
	if sf.command != nil {
		err := s.interruptible(&intr, func() error {
			return s.runSource([]byte(*sf.command), "-c")
		})
		st := s.status
		if err != nil {
			if x, ok := exitStatusOf(err, s.status); ok {
				st = x
			}
		}
		return s.leaveInteractive(st)
	}

	errOut := s.file(2)
	if errOut == nil {
		errOut = os.Stderr
	}
	var lr lineedit.LineReader
	term, _ := s.get("TERM")
	if openEditor != nil && term != "" && term != "dumb" && tty.IsTerminal(os.Stdin) {
		if ed, err := openEditor(editHost{s, &intr}, errOut, winch); err == nil {
			lr = ed
		}
	}
	if lr == nil {
		lr = &lineedit.Plain{In: tty.Reader{FD: 0}, Out: errOut}
	}
	hist := history.New(historyPath(s))
	s.hist = hist // for history and fc (histcmd.go)
	s.historyVarChanged("HISTSIZE")
	lr.SetHistory(hist.List())

	warned := false // "There are stopped jobs" said once
	for {
		if s.jc != nil {
			s.jc.term.TakeBack()
			s.checkWinSize(&s.jc.term)
		}
		s.notifyJobs()
		hist.SetPath(historyPath(s)) // HISTFILE may have changed
		if hist.Load() {
			lr.SetHistory(hist.List()) // other sessions' entries
		}
		if st, done := s.runPromptCommand(&intr); done {
			return st
		}
		src, f, err := s.readCommand(lr)
		switch {
		case err == lineedit.ErrInterrupted:
			s.status = 130
			continue
		case err != nil: // io.EOF: Ctrl-D on an empty line
			if s.hasStoppedJobs() && !warned {
				s.writeErr("There are stopped jobs.\n")
				warned = true
				continue
			}
			s.writeErr("exit\n")
			return s.leaveInteractive(s.status)
		}
		if src == "" {
			continue // an empty line
		}
		if s.opts.history {
			hist.SetPath(historyPath(s))
			hist.Add(src)
			hist.TakeEdited()
		}
		lr.SetHistory(hist.List())
		if f == nil { // syntax error, printed
			s.status = 2
			warned = false
			continue
		}
		s.commandsRun++
		ctx, cancel := context.WithCancel(context.Background())
		s.ctx = ctx
		intr.set(cancel)
		err = s.runStmts(f.Stmts)
		interrupted := intr.done()
		cancel()
		if hist.TakeEdited() { // history -c, fc -s
			lr.SetHistory(hist.List())
		}
		s.ctx = context.Background()
		s.diedOfSIGINT = false
		var ee *exitError
		var ie interruptError
		switch {
		case interrupted || errors.As(err, &ie):
			// The terminal echoed ^C; start the prompt on a new line.
			s.writeErr("\n")
			s.status = 130
		case errors.As(err, &ee):
			if s.hasStoppedJobs() && !warned {
				s.writeErr("There are stopped jobs.\n")
				warned = true
				continue
			}
			return s.leaveInteractive(ee.Status)
		case err != nil:
			if st, ok := exitStatusOf(err, s.status); ok {
				s.status = st
			}
		}
		warned = false
	}
}

// checkWinSize sets COLUMNS and LINES to the terminal's size before
// each prompt and after each foreground job, as bash does (its
// checkwinsize, on by default): the window may have been resized while
// a command ran. `echo $COLUMNS` and select's menus see the width now.
func (s *Shell) checkWinSize(term *tty.Terminal) {
	if cols, rows, ok := term.Size(); ok {
		s.setVar("COLUMNS", strconv.Itoa(cols))
		s.setVar("LINES", strconv.Itoa(rows))
	}
}

// runInteractiveStartup runs the profile files of a login shell and the
// rc file (rcfile.go) with the prompt's handling of Ctrl-C: it ends the
// file being run, not the shell. done is true when one of them ran exit.
func (s *Shell) runInteractiveStartup(sf startupFiles, intr *interrupter) (status int, done bool) {
	err := s.interruptible(intr, func() error {
		if sf.login {
			if err := s.runProfiles(); err != nil {
				return err
			}
		}
		return s.runStartupFile(s.rcPath(sf))
	})
	var ee *exitError
	if errors.As(err, &ee) {
		return s.leaveInteractive(ee.Status), true
	}
	return 0, false
}

// runPromptCommand runs $PROMPT_COMMAND before each prompt (each element
// in turn when it is an array, as bash 5.1 does). $? is left as the
// last command's, for PS1. Ctrl-C ends it; exit in it ends the shell
// (done), as in bash.
func (s *Shell) runPromptCommand(intr *interrupter) (status int, done bool) {
	_, cmds, ok := s.arrayElems("PROMPT_COMMAND")
	if !ok {
		return 0, false
	}
	last := s.status
	err := s.interruptible(intr, func() error {
		for _, c := range cmds {
			if strings.TrimSpace(c) == "" {
				continue
			}
			if _, err := s.evalString(c, "PROMPT_COMMAND"); err != nil {
				return err
			}
		}
		return nil
	})
	var ee *exitError
	if errors.As(err, &ee) {
		return s.leaveInteractive(ee.Status), true
	}
	s.status = last
	return 0, false
}

// interruptible runs f with a context that Ctrl-C cancels, as a command
// line typed at the prompt has.
func (s *Shell) interruptible(intr *interrupter, f func() error) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer func() {
		intr.done()
		cancel()
		s.ctx = context.Background()
	}()
	s.ctx = ctx
	intr.set(cancel)
	return f()
}

// leaveInteractive ends the session: stopped jobs are hung up, the
// terminal goes back to the group that had it, the EXIT trap runs.
func (s *Shell) leaveInteractive(status int) int {
	s.hangUpJobs()
	if s.jc != nil {
		s.jc.stop()
	}
	return s.finish(status)
}

func (s *Shell) hasStoppedJobs() bool {
	for _, j := range s.jobs.all() {
		if j.isStopped() {
			return true
		}
	}
	return false
}

// readCommand reads lines until they make a complete command (PS2 for the
// continuation lines). It returns the source, one history entry, and
// the parsed file, or nil after printing a syntax error.
//
// The parser asks for each continuation line as it needs it
// (parser.Config.More) and lexes every line once, so pasting a block of
// thousands of lines costs time linear in its size (it was parsed again
// from its first line for every line it gained: 3,000 lines took 17 s).
// promptParsed counts what it was given, for a test.
func (s *Shell) readCommand(lr lineedit.LineReader) (string, *parser.File, error) {
	line, err := s.readPromptLine(lr, s.ps1())
	if err != nil || line == nil {
		return "", nil, err
	}
	if t := strings.TrimSpace(*line); t == "" || strings.HasPrefix(t, "#") {
		// Nothing to run: a new prompt, after job reports. A comment
		// is kept in the history, as bash keeps it.
		if t == "" {
			return "", nil, nil
		}
		promptParsed.Add(int64(len(*line) + 1))
		return *line + "\n", &parser.File{}, nil
	}
	var src strings.Builder
	pending := *line + "\n"
	var readErr error
	cfg := s.parserConfig()
	cfg.More = func() []byte {
		if pending == "" && readErr == nil {
			l, err := s.readPromptLine(lr, s.ps2())
			switch {
			case err != nil:
				readErr = err
			case l == nil:
				readErr = errHistAbort
			default:
				pending = *l + "\n"
			}
		}
		next := pending
		pending = ""
		src.WriteString(next)
		promptParsed.Add(int64(len(next)))
		return []byte(next)
	}
	p := cfg.NewParser(nil, "")
	stmts, err := p.Next()
	switch {
	case readErr == errHistAbort:
		return "", nil, nil // nothing runs, nothing is recorded
	case readErr == io.EOF:
		// Ctrl-D inside a continuation: the command can't be
		// finished; say so as bash does, and go on.
		s.writeErr("plumb: syntax error: unexpected end of file\n")
		return src.String(), nil, nil
	case readErr != nil:
		return "", nil, readErr
	case err == io.EOF:
		return "", nil, nil
	case err != nil:
		s.printSyntax(err)
		return src.String(), nil, nil
	}
	return src.String(), &parser.File{Stmts: stmts}, nil
}

// errHistAbort stops reading a command whose line failed history
// expansion (the error is printed).
var errHistAbort = errors.New("history expansion failed")

// promptParsed counts the bytes of prompt input handed to the parser:
// each once, which a test checks.
var promptParsed atomic.Int64

// readPromptLine reads one line at the prompt and applies history
// expansion to it; nil (and no error) when the expansion failed, after
// its message.
func (s *Shell) readPromptLine(lr lineedit.LineReader, prompt string) (*string, error) {
	line, err := lr.ReadLine(prompt)
	if err != nil {
		return nil, err
	}
	if s.opts.histexp && s.hist != nil && (strings.Contains(line, "!") || strings.HasPrefix(line, "^")) {
		// Only a line that may refer to the history copies it.
		expanded, changed, err := history.Expand(line, s.hist.List())
		if err != nil {
			s.errorf("%v", err)
			return nil, nil
		}
		if changed {
			s.writeErr(expanded + "\n") // what will run, as bash shows it
			line = expanded
		}
	}
	return &line, nil
}

// ps2 is the continuation prompt.
func (s *Shell) ps2() string {
	if v, ok := s.get("PS2"); ok {
		return s.expandPromptAs(v, promptPS2)
	}
	return "> "
}

// ps1 is the prompt: $PS1 when the user set it, else the working
// directory (with ~), the last status when it is not 0, and $ or #.
func (s *Shell) ps1() string {
	if v, ok := s.get("PS1"); ok {
		return s.expandPromptAs(v, promptPS1)
	}
	p := s.tildeDir()
	if s.status != 0 {
		p += " [" + strconv.Itoa(s.status) + "]"
	}
	if os.Geteuid() == 0 {
		return p + "# "
	}
	return p + "$ "
}

// tildeDir is the working directory with $HOME written as ~.
func (s *Shell) tildeDir() string {
	home, _ := s.get("HOME")
	d := s.dir
	if home != "" && home != "/" {
		home = strings.TrimSuffix(home, "/")
		if d == home {
			return "~"
		}
		if strings.HasPrefix(d, home+"/") {
			return "~" + d[len(home):]
		}
	}
	return d
}

// expandPrompt expands text as ${x@P} does (promptOther).
func (s *Shell) expandPrompt(ps string) string { return s.expandPromptAs(ps, promptOther) }

// expandPromptAs expands a prompt string as bash does: its backslash
// escapes first (decodePrompt), then parameter, command and arithmetic
// expansion as inside double quotes ($?, $(git branch --show-current)),
// where the escapes' own text (\w of a directory named $x) was quoted.
func (s *Shell) expandPromptAs(ps string, kind promptKind) string {
	out := s.decodePrompt(ps, kind)
	if !strings.ContainsAny(out, "$`\\") {
		return out
	}
	f, err := parser.Parse([]byte(dqWord(out)), "PS1")
	if err != nil || len(f.Stmts) != 1 {
		return out
	}
	c, ok := f.Stmts[0].AndOr.First.Stages[0].Cmd.(*parser.SimpleCmd)
	if !ok || len(c.Args) != 1 {
		return out
	}
	status, pipestatus := s.status, append([]int(nil), s.pipestatus...)
	v, err := s.expandString(c.Args[0])
	s.status, s.pipestatus = status, pipestatus
	if err != nil {
		return out
	}
	return v
}

var userOnce struct {
	sync.Once
	name string
}

func userName() string {
	userOnce.Do(func() {
		if name, _, ok := lookupPasswd(strconv.Itoa(os.Getuid()), true); ok {
			userOnce.name = name
		} else {
			userOnce.name = fmt.Sprint(os.Getuid())
		}
	})
	return userOnce.name
}
