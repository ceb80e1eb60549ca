package interp

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/plumbsh/plumb/shell/history"
)

// The history builtins, `history` and POSIX `fc`. They work on the
// prompt's history (package history), numbered from 1 in the order the prompt's
// Up key walks it; the line that runs them is already its last entry, as
// in bash. Outside an interactive shell there is no history unless set
// -o history made one (source.go): they list nothing, and fc -s and
// editing fail.

func biHistory(s *Shell, args []string) (int, error) {
	h := s.hist
	args = args[1:]
	if len(args) > 0 {
		switch args[0] {
		case "-c":
			if h != nil {
				h.Clear()
			}
			return 0, nil
		case "-a", "-n", "-r", "-w":
			return s.historyFile(args[0], args[1:])
		case "-s":
			// The arguments, as one entry. bash also drops the
			// `history -s` line itself; plumb has saved it already.
			if len(args) > 1 {
				s.historyList().Add(strings.Join(args[1:], " "))
			}
			return 0, nil
		case "-p":
			var entries []string
			if h != nil {
				entries = h.List()
			}
			var b strings.Builder
			for _, a := range args[1:] {
				out, _, err := history.Expand(a, entries)
				if err != nil {
					s.errorf("%v", err)
					return 1, nil
				}
				b.WriteString(out + "\n")
			}
			if err := s.print(1, b.String()); err != nil {
				return s.writeFailed("history", err)
			}
			return 0, nil
		case "-d":
			if len(args) < 2 {
				s.errorf("history: -d: option requires an argument")
				return 2, nil
			}
			n, err := strconv.Atoi(args[1])
			if err != nil || h == nil || !h.Remove(n) {
				s.errorf("history: %s: history position out of range", args[1])
				return 1, nil
			}
			return 0, nil
		}
	}
	var entries []string
	if h != nil {
		entries = h.List()
	}
	from := 0
	if len(args) > 0 {
		if a := args[0]; len(a) > 1 && a[0] == '-' && a != "--" {
			s.errorf("history: %s: invalid option", a)
			s.writeErr("history: usage: history [-c] [-d offset] [n] or history -anrw [filename] or history -ps arg [arg...]\n")
			return 2, nil
		}
		n, err := strconv.Atoi(args[0])
		if err != nil || n < 0 {
			s.errorf("history: %s: numeric argument required", args[0])
			return 1, nil
		}
		if len(args) > 1 {
			s.errorf("history: too many arguments")
			return 1, nil
		}
		from = max(len(entries)-n, 0)
	}
	var b strings.Builder
	for i := from; i < len(entries); i++ {
		fmt.Fprintf(&b, "%5d  %s\n", i+1, entries[i])
	}
	if err := s.print(1, b.String()); err != nil {
		return s.writeFailed("history", err)
	}
	return 0, nil
}

func biFc(s *Shell, args []string) (int, error) {
	var list, noNum, reverse, rerun bool
	editor := ""
	args = args[1:]
	for len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-' && !isNumber(args[0]) {
		a := args[0]
		args = args[1:]
		if a == "--" {
			break
		}
		for i := 1; i < len(a); i++ {
			switch a[i] {
			case 'l':
				list = true
			case 'n':
				noNum = true
			case 'r':
				reverse = true
			case 's':
				rerun = true
			case 'e':
				if len(args) == 0 {
					s.errorf("fc: -e: option requires an argument")
					return 2, nil
				}
				editor, args = args[0], args[1:]
			default:
				s.errorf("fc: -%c: invalid option", a[i])
				s.writeErr("fc: usage: fc [-e ename] [-lnr] [first] [last] or fc -s [pat=rep] [command]\n")
				return 2, nil
			}
		}
	}
	if editor == "-" {
		rerun = true
	}
	if s.hist == nil && list {
		return 0, nil // no history: nothing to list, whatever the range (bash)
	}
	var entries []string
	if s.hist != nil {
		entries = s.hist.List()
	}
	// The last entry is this fc line; the commands it may name are before.
	cur := len(entries)
	if cur > 0 {
		entries = entries[:cur-1]
	}
	if rerun {
		var pat, rep string
		subst := len(args) > 0 && strings.Contains(args[0], "=")
		if subst {
			pat, rep, _ = strings.Cut(args[0], "=")
			args = args[1:]
		}
		first := "-1"
		if len(args) > 0 {
			first = args[0]
		}
		n, ok := history.Index(entries, cur, first)
		if !ok {
			s.errorf("fc: no command found")
			return 1, nil
		}
		cmd := entries[n]
		if subst && pat != "" {
			cmd = strings.ReplaceAll(cmd, pat, rep)
		}
		return s.runFromHistory(cmd)
	}

	first, last := "-1", ""
	if list {
		first = "-16"
	}
	if len(args) > 0 {
		first = args[0]
	}
	if len(args) > 1 {
		last = args[1]
	}
	from, ok := history.Index(entries, cur, first)
	if !ok && list && len(args) == 0 {
		from, ok = 0, len(entries) > 0 // fewer than 16 entries
	}
	to := from
	if last != "" {
		to, ok = history.Index(entries, cur, last)
	} else if list {
		to = len(entries) - 1
	}
	if !ok {
		s.errorf("fc: history specification out of range")
		return 1, nil
	}
	if from > to {
		from, to = to, from
		reverse = !reverse
	}
	if list {
		var b strings.Builder
		for k := from; k <= to; k++ {
			i := k
			if reverse {
				i = to - (k - from)
			}
			if noNum {
				fmt.Fprintf(&b, "\t %s\n", entries[i])
			} else {
				fmt.Fprintf(&b, "%d\t %s\n", i+1, entries[i])
			}
		}
		if err := s.print(1, b.String()); err != nil {
			return s.writeFailed("fc", err)
		}
		return 0, nil
	}
	cmds := append([]string(nil), entries[from:to+1]...)
	if reverse {
		for i, j := 0, len(cmds)-1; i < j; i, j = i+1, j-1 {
			cmds[i], cmds[j] = cmds[j], cmds[i]
		}
	}
	return s.editAndRun(editor, strings.Join(cmds, "\n")+"\n")
}

// editAndRun is fc's editing form: the commands go into a temporary file,
// the editor runs on it as a foreground job (it gets the terminal), and
// what the file holds afterwards is shown and run, unless the editor
// failed.
func (s *Shell) editAndRun(editor, text string) (int, error) {
	if s.hist == nil {
		s.errorf("fc: no command found")
		return 1, nil
	}
	if editor == "" {
		editor = "vi"
		if e, ok := s.get("EDITOR"); ok && e != "" {
			editor = e
		}
		if e, ok := s.get("FCEDIT"); ok && e != "" {
			editor = e
		}
	}
	f, err := os.CreateTemp("", "plumb-fc-*.sh")
	if err != nil {
		s.errorf("fc: %s", errText(err))
		return 1, nil
	}
	path := f.Name()
	defer os.Remove(path)
	_, err = f.WriteString(text)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		s.errorf("fc: %s: %s", path, errText(err))
		return 1, nil
	}
	st, err := s.evalString(editor+" "+singleQuote(path), "fc")
	if err != nil || st != 0 {
		return st, err
	}
	edited, err := os.ReadFile(path)
	if err != nil {
		s.errorf("fc: %s: %s", path, errText(err))
		return 1, nil
	}
	return s.runFromHistory(strings.TrimRight(string(edited), "\n"))
}

// runFromHistory shows cmd, records it and runs it, as fc -s and the
// editing form do.
func (s *Shell) runFromHistory(cmd string) (int, error) {
	if strings.TrimSpace(cmd) == "" {
		return 0, nil
	}
	s.writeErr(cmd + "\n")
	s.hist.Add(cmd)
	return s.evalString(cmd, "fc")
}

// isNumber reports whether a is an optionally signed decimal number (fc's
// -5 is an operand, not an option).
func isNumber(a string) bool {
	_, err := strconv.Atoi(a)
	return err == nil
}

// historyList is the shell's history list, made empty on first use in a
// shell without a prompt, so that `history -r`, `-s` and HISTSIZE work
// in scripts as in bash.
func (s *Shell) historyList() *history.History {
	if s.hist == nil {
		s.hist = history.New("")
		s.historyVarChanged("HISTSIZE")
	}
	return s.hist
}

// historyFile is history -a, -n, -r and -w, on FILE or $HISTFILE.
// plumb's prompt appends each entry to the file as it runs, so -a has
// nothing left to write.
func (s *Shell) historyFile(op string, args []string) (int, error) {
	path, _ := s.get("HISTFILE")
	if len(args) > 0 {
		path = args[0]
	}
	if path == "" || op == "-a" {
		return 0, nil
	}
	h := s.historyList()
	var err error
	switch op {
	case "-n":
		err = h.ReadNew(path)
	case "-r":
		err = h.Read(path)
	case "-w":
		err = h.Write(path)
	}
	if err != nil {
		s.errorf("history: %s: %s", path, errText(err))
		return 1, nil
	}
	return 0, nil
}

// historyVarChanged applies HISTSIZE to the list (unset or not a
// number: plumb's default, history.Limit; negative: no limit) and a new
// HISTFILESIZE to the file, as bash does when they are assigned.
func (s *Shell) historyVarChanged(name string) {
	v, _ := s.get(name)
	n, err := strconv.Atoi(strings.TrimSpace(v))
	switch {
	case name == "HISTSIZE" && s.hist != nil:
		if err != nil {
			n = history.Limit
		}
		s.hist.SetLimit(n)
	case name == "HISTFILESIZE" && err == nil && n >= 0:
		if p, _ := s.get("HISTFILE"); p != "" {
			history.TruncateFile(p, n)
		}
	}
}
