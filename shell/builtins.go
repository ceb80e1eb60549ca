package shell

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/plumbsh/plumb/parser"
	"github.com/plumbsh/plumb/shell/printf"
)

// A builtin runs inside the shell, on the shell's own descriptor table:
// when it is a pipeline stage, that table is the stage's (invariant 6). It
// returns its status, and an error only for control flow (exit, return,
// break, continue) or a fatal error.
type builtin func(s *Shell, args []string) (int, error)

// builtins maps names to builtins. It is filled by init functions (one
// here, others beside the builtins they add), because the table refers to
// builtins that refer back to it.
var builtins = map[string]builtin{}

func init() {
	for name, b := range map[string]builtin{
		":":        func(*Shell, []string) (int, error) { return 0, nil },
		"true":     func(*Shell, []string) (int, error) { return 0, nil },
		"false":    func(*Shell, []string) (int, error) { return 1, nil },
		"echo":     biEcho,
		"printf":   biPrintf,
		"cd":       biCd,
		"pwd":      biPwd,
		"exit":     biExit,
		"export":   biExport,
		"readonly": biReadonly,
		"unset":    biUnset,
		"set":      biSet,
		"shift":    biShift,
		"test":     biTest,
		"[":        biTest,
		"read":     biRead,
		"wait":     biWait,
		"exec":     biExec,
		"eval":     biEval,
		"source":   biSource,
		".":        biSource,
		"return":   biReturn,
		"break":    biBreak,
		"continue": biContinue,
		"trap":     biTrap,
		"command":  biCommand,
		"type":     biType,
		"umask":    biUmask,
		"history":  biHistory,
		"fc":       biFc,
		"ulimit":   biUlimit,
		"getopts":  biGetopts,
		"local":    biLocal,
		"times":    biTimes,
		"kill":     biKill,
		"builtin":  biBuiltin,
		"hash":     biHash,
	} {
		builtins[name] = b
	}
}

// print writes text to descriptor fd of the shell's table. A copy of the
// shell (a stage, a subshell, a substitution) writes as a process of its
// own would, its broken pipe never a SIGPIPE to the shell
// (sigpipe_linux.go).
func (s *Shell) print(fd int, text string) error {
	f := s.file(fd)
	if f == nil {
		return syscall.EBADF
	}
	if s.subshell {
		return writeStage(f, text)
	}
	_, err := f.WriteString(text)
	return err
}

// writeFailed reports a builtin's failed write. A reader that has gone
// (EPIPE) ends the stage as SIGPIPE would end a forked shell.
func (s *Shell) writeFailed(name string, err error) (int, error) {
	if errors.Is(err, syscall.EPIPE) {
		return 141, brokenPipe{}
	}
	s.errorf("%s: write error: %s", name, errText(err))
	return 1, nil
}

func biEcho(s *Shell, args []string) (int, error) {
	args = args[1:]
	newline, escapes := true, false
	for len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-' && strings.Trim(args[0][1:], "neE") == "" {
		for _, c := range args[0][1:] {
			switch c {
			case 'n':
				newline = false
			case 'e':
				escapes = true
			case 'E':
				escapes = false
			}
		}
		args = args[1:]
	}
	text := strings.Join(args, " ")
	if escapes {
		var stop bool
		text, stop = printf.EchoEscapes(text)
		if stop {
			newline = false
		}
	}
	if newline {
		text += "\n"
	}
	if err := s.print(1, text); err != nil {
		return s.writeFailed("echo", err)
	}
	return 0, nil
}

func biPrintf(s *Shell, args []string) (int, error) {
	args = args[1:]
	var varName string
	if len(args) >= 2 && args[0] == "-v" {
		varName, args = args[1], args[2:]
	}
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		s.errorf("printf: usage: printf [-v var] format [arguments]")
		return 2, nil
	}
	var b strings.Builder
	status, diags := printf.Format(&b, args[0], args[1:])
	for _, d := range diags {
		s.errorf("%s", d)
	}
	if varName != "" {
		if err := s.setVar(varName, b.String()); err != nil {
			s.errorf("printf: %v", err)
			return 1, nil
		}
		return status, nil
	}
	if err := s.print(1, b.String()); err != nil {
		return s.writeFailed("printf", err)
	}
	return status, nil
}

func biCd(s *Shell, args []string) (int, error) {
	args = args[1:]
	physical := s.opts.physical // set -P
	for len(args) > 0 && (args[0] == "-L" || args[0] == "-P") {
		physical = args[0] == "-P"
		args = args[1:]
	}
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	var target string
	printDir := false
	switch {
	case len(args) > 1:
		s.errorf("cd: too many arguments")
		return 1, nil
	case len(args) == 0:
		h, ok := s.get("HOME")
		if !ok || h == "" {
			s.errorf("cd: HOME not set")
			return 1, nil
		}
		target = h
	case args[0] == "-":
		o, ok := s.get("OLDPWD")
		if !ok || o == "" {
			s.errorf("cd: OLDPWD not set")
			return 1, nil
		}
		target, printDir = o, true
	default:
		target = args[0]
	}
	ok, viaCDPATH := s.changeDir("cd", target, physical)
	if !ok {
		return 1, nil
	}
	dir := s.dir
	if printDir || viaCDPATH { // sh shows where CDPATH led
		if err := s.print(1, dir+"\n"); err != nil {
			return s.writeFailed("cd", err)
		}
	}
	return 0, nil
}

// changeDir makes target (through $CDPATH when it is relative) the
// shell's directory, setting OLDPWD and PWD, for cd, pushd and popd
// (who, in the message when it cannot). viaCDPATH says a $CDPATH entry
// found it.
func (s *Shell) changeDir(who, target string, physical bool) (ok, viaCDPATH bool) {
	dir := target
	if !filepath.IsAbs(dir) {
		dir, viaCDPATH = s.cdpath(target)
	}
	dir = filepath.Clean(dir)
	if physical {
		if p, err := filepath.EvalSymlinks(dir); err == nil {
			dir = p
		}
	}
	fi, err := os.Stat(dir)
	if err == nil && !fi.IsDir() {
		err = syscall.ENOTDIR
	}
	if err == nil {
		err = syscall.Access(dir, 1) // X_OK: can we enter it?
	}
	if err != nil {
		s.errorf("%s: %s: %s", who, target, errText(err))
		return false, false
	}
	s.setVar("OLDPWD", s.dir)
	s.dir = dir
	s.setVar("PWD", dir)
	return true, viaCDPATH
}

// cdpath resolves a relative cd target through $CDPATH, then the cwd;
// viaCDPATH says a non-empty $CDPATH entry found it.
func (s *Shell) cdpath(target string) (dir string, viaCDPATH bool) {
	if cp, ok := s.get("CDPATH"); ok && !strings.HasPrefix(target, ".") {
		for _, d := range filepath.SplitList(cp) {
			if d == "" {
				continue
			}
			p := filepath.Join(d, target)
			if !filepath.IsAbs(p) {
				p = filepath.Join(s.dir, p)
			}
			if fi, err := os.Stat(p); err == nil && fi.IsDir() {
				return p, true
			}
		}
	}
	return filepath.Join(s.dir, target), false
}

func biPwd(s *Shell, args []string) (int, error) {
	dir := s.dir
	if len(args) > 1 && args[1] == "-P" {
		if p, err := filepath.EvalSymlinks(dir); err == nil {
			dir = p
		}
	}
	if err := s.print(1, dir+"\n"); err != nil {
		return s.writeFailed("pwd", err)
	}
	return 0, nil
}

// numArg parses the optional numeric argument of exit, return, shift,
// break and continue.
func (s *Shell) numArg(name string, args []string, def int) (int, bool) {
	if len(args) < 2 {
		return def, true
	}
	n, err := strconv.Atoi(args[1])
	if err != nil {
		s.errorf("%s: %s: numeric argument required", name, args[1])
		return 2, false
	}
	return n, true
}

func biExit(s *Shell, args []string) (int, error) {
	n, _ := s.numArg("exit", args, s.status)
	return n & 0xff, &exitError{Status: n & 0xff}
}

func biReturn(s *Shell, args []string) (int, error) {
	n, ok := s.numArg("return", args, s.status)
	if !ok {
		return 2, &returnError{Status: 2}
	}
	if s.funcDepth == 0 && s.sourceDepth == 0 {
		s.errorf("return: can only `return' from a function or sourced script")
		return 2, nil // bash 5's status here
	}
	return n & 0xff, &returnError{Status: n & 0xff}
}

func biBreak(s *Shell, args []string) (int, error)    { return s.loopJump("break", args) }
func biContinue(s *Shell, args []string) (int, error) { return s.loopJump("continue", args) }

func (s *Shell) loopJump(name string, args []string) (int, error) {
	n, ok := s.numArg(name, args, 1)
	if !ok {
		return 1, nil
	}
	if n < 1 {
		s.errorf("%s: %d: loop count out of range", name, n)
		return 1, nil
	}
	if s.loopDepth == 0 {
		s.errorf("%s: only meaningful in a `for', `while', or `until' loop", name)
		return 0, nil
	}
	if n > s.loopDepth {
		n = s.loopDepth
	}
	if name == "break" {
		return 0, &breakError{N: n}
	}
	return 0, &continueError{N: n}
}

// assignArgs handles the NAME[=VALUE] operands of export, readonly and local.
func (s *Shell) assignArgs(name string, args []string, each func(name string) error) int {
	status := 0
	for _, a := range args {
		k, v, hasValue := strings.Cut(a, "=")
		if !parser.IsName(k) {
			s.errorf("%s: `%s': not a valid identifier", name, a)
			status = 1
			continue
		}
		if hasValue {
			if err := s.assignValue(k, v, false, false); err != nil {
				s.errorf("%s: %v", name, err)
				status = 1
				continue
			}
		}
		if err := each(k); err != nil {
			s.errorf("%s: %v", name, err)
			status = 1
		}
	}
	return status
}

func biExport(s *Shell, args []string) (int, error) {
	args = args[1:]
	unexport, funcs := false, false
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		switch args[0] {
		case "-n":
			unexport = true
		case "-f":
			funcs = true
		case "-fn", "-nf":
			funcs, unexport = true, true
		case "-p", "--":
		default:
			s.errorf("export: %s: invalid option", args[0])
			return 2, nil
		}
		args = args[1:]
	}
	if funcs {
		return s.exportFuncs("export", args, unexport)
	}
	if len(args) == 0 {
		return s.listVars("declare -x", func(v *variable) bool { return v.exported })
	}
	return s.assignArgs("export", args, func(k string) error {
		if unexport {
			if v, ok := s.vars[k]; ok {
				v.exported = false
				s.env = nil
			}
			return nil
		}
		s.exportVar(k)
		return nil
	}), nil
}

func biReadonly(s *Shell, args []string) (int, error) {
	args = args[1:]
	if len(args) > 0 && args[0] == "-p" {
		args = args[1:]
	}
	if len(args) == 0 {
		return s.listVars("declare -r", func(v *variable) bool { return v.readonly })
	}
	if args[0] == "-a" || args[0] == "-A" {
		// readonly -A m=(…) is declare -gAr m=(…)
		return biDeclare(s, append([]string{"readonly", "-gr" + args[0][1:]}, args[1:]...))
	}
	return s.assignArgs("readonly", args, func(k string) error {
		v, ok := s.vars[k]
		if !ok {
			v = &variable{}
			s.vars[k] = v
		}
		v.readonly = true
		return nil
	}), nil
}

// listVars prints the variables keep selects, sorted, bash style.
func (s *Shell) listVars(prefix string, keep func(*variable) bool) (int, error) {
	names := make([]string, 0, len(s.vars))
	for k, v := range s.vars {
		if keep(v) {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	var b strings.Builder
	for _, k := range names {
		v := s.vars[k]
		switch {
		case prefix != "" && (v.array != nil || v.assoc != nil):
			b.WriteString(s.declareText(k, v) + "\n")
		case v.set:
			fmt.Fprintf(&b, "%s %s=%s\n", prefix, k, doubleQuote(v.value))
		default:
			fmt.Fprintf(&b, "%s %s\n", prefix, k)
		}
	}
	if err := s.print(1, b.String()); err != nil {
		return s.writeFailed(strings.Fields(prefix)[0], err)
	}
	return 0, nil
}

func doubleQuote(v string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, `$`, `\$`, "`", "\\`")
	return `"` + r.Replace(v) + `"`
}

// singleQuote quotes a value so the shell reads it back as it is.
func singleQuote(v string) string {
	if v != "" && strings.Trim(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:=@%+,") == "" {
		return v
	}
	return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
}

func biUnset(s *Shell, args []string) (int, error) {
	args = args[1:]
	funcs, vars, ref := false, false, false
	if len(args) > 0 && (args[0] == "-f" || args[0] == "-v" || args[0] == "-n") {
		funcs, vars, ref = args[0] == "-f", args[0] == "-v", args[0] == "-n"
		args = args[1:]
	}
	status := 0
	for _, a := range args {
		if funcs {
			delete(s.funcs, a)
			s.env = nil // it may have been exported
			continue
		}
		if v := s.vars[a]; ref && v != nil && v.nameref {
			// unset -n ref: the nameref itself, not its target
			if v.readonly {
				s.errorf("unset: %s: cannot unset: readonly variable", a)
				status = 1
			} else {
				delete(s.vars, a)
				s.env = nil
			}
			continue
		}
		if r := s.ref(a); r != a && !parser.IsName(r) {
			a = r // unset ref, where ref names a[2]
		}
		if _, isVar := s.vars[a]; !isVar && !vars && !ref && s.funcs[a] != nil {
			// bash: plain unset of a name that is only a function
			// unsets the function.
			delete(s.funcs, a)
			s.env = nil
			continue
		}
		if name, sub, ok := splitSubscript(a); ok {
			if sub == "@" || sub == "*" {
				a = name
			} else if assoc := s.assocOf(name); assoc != nil {
				key, err := s.textKey(sub)
				if err != nil {
					return 1, nil
				}
				if s.vars[name].readonly {
					s.errorf("unset: %s: cannot unset: readonly variable", name)
					status = 1
				} else {
					assoc.del(key)
				}
				continue
			} else {
				i, err := s.arithIndex(sub)
				if err != nil {
					return 1, nil
				}
				if err := s.unsetElement(name, i); err != nil {
					s.errorf("unset: %v", err)
					status = 1
				}
				continue
			}
		}
		if err := s.unsetVar(a); err != nil {
			s.errorf("unset: %v", err)
			status = 1
		}
	}
	return status, nil
}

// longOptions maps `set -o NAME` to the option it sets.
func (s *Shell) longOption(name string) *bool {
	switch name {
	case "errexit":
		return &s.opts.errexit
	case "nounset":
		return &s.opts.nounset
	case "xtrace":
		return &s.opts.xtrace
	case "noclobber":
		return &s.opts.noclobber
	case "noglob":
		return &s.opts.noglob
	case "allexport":
		return &s.opts.allexport
	case "pipefail":
		return &s.opts.pipefail
	case "stats":
		return &s.opts.stats
	case "noexec":
		return &s.opts.noexec
	case "verbose":
		return &s.opts.verbose
	case "histexpand":
		return &s.opts.histexp
	case "braceexpand":
		return &s.opts.braceexpand
	case "errtrace":
		return &s.opts.errtrace
	case "functrace":
		return &s.opts.functrace
	case "hashall":
		return &s.opts.hashall
	case "monitor":
		return &s.opts.monitor
	case "physical":
		return &s.opts.physical
	}
	return nil
}

var longOptionNames = []string{"allexport", "braceexpand", "errexit", "errtrace", "functrace", "hashall", "histexpand", "monitor", "noclobber", "noexec", "noglob", "nounset", "physical", "pipefail", "stats", "verbose", "xtrace"}

func (s *Shell) shortOption(c byte) *bool {
	switch c {
	case 'e':
		return &s.opts.errexit
	case 'u':
		return &s.opts.nounset
	case 'x':
		return &s.opts.xtrace
	case 'C':
		return &s.opts.noclobber
	case 'f':
		return &s.opts.noglob
	case 'a':
		return &s.opts.allexport
	case 'n':
		return &s.opts.noexec
	case 'v':
		return &s.opts.verbose
	case 'H':
		return &s.opts.histexp
	case 'B':
		return &s.opts.braceexpand
	case 'E':
		return &s.opts.errtrace
	case 'T':
		return &s.opts.functrace
	case 'h':
		return &s.opts.hashall
	case 'm':
		return &s.opts.monitor
	case 'P':
		return &s.opts.physical
	}
	return nil
}

func biSet(s *Shell, args []string) (int, error) {
	args = args[1:]
	if len(args) == 0 {
		return s.listSet()
	}
	for len(args) > 0 {
		a := args[0]
		if a == "--" {
			s.args = append([]string(nil), args[1:]...)
			return 0, nil
		}
		if a == "-" {
			s.opts.xtrace = false
			args = args[1:]
			break
		}
		if len(a) < 2 || (a[0] != '-' && a[0] != '+') {
			break
		}
		on := a[0] == '-'
		args = args[1:]
		for i := 1; i < len(a); i++ {
			if a[i] == 'o' {
				if len(args) == 0 {
					s.printOptions(on)
					continue
				}
				if ok, st := s.valueOption(args[0], on); ok { // pipesize.go
					if st != 0 {
						return st, nil
					}
					args = args[1:]
					continue
				}
				p := s.longOption(args[0])
				if p == nil {
					s.errorf("set: %s: invalid option name", args[0])
					return 2, nil
				}
				*p = on
				args = args[1:]
				continue
			}
			p := s.shortOption(a[i])
			if p == nil {
				s.errorf("set: %c%c: invalid option", a[0], a[i])
				return 2, nil
			}
			*p = on
		}
	}
	if len(args) > 0 {
		s.args = append([]string(nil), args...)
	}
	return 0, nil
}

func (s *Shell) printOptions(minus bool) {
	var b strings.Builder
	for _, n := range longOptionNames {
		on := *s.longOption(n)
		if minus {
			st := "off"
			if on {
				st = "on"
			}
			fmt.Fprintf(&b, "%-15s\t%s\n", n, st)
		} else {
			c := "+"
			if on {
				c = "-"
			}
			fmt.Fprintf(&b, "set %so %s\n", c, n)
		}
	}
	s.print(1, b.String())
}

func biShift(s *Shell, args []string) (int, error) {
	n, ok := s.numArg("shift", args, 1)
	if !ok {
		return 1, nil
	}
	if n < 0 || n > len(s.args) {
		if s.opts.shopt[shoptIndex("shift_verbose")] || n < 0 {
			s.errorf("shift: %d: shift count out of range", n) // bash: only under shopt -s shift_verbose
		}
		return 1, nil
	}
	s.args = s.args[n:]
	return 0, nil
}

func biTest(s *Shell, args []string) (int, error) {
	name := args[0]
	args = args[1:]
	if name == "[" {
		if len(args) == 0 || args[len(args)-1] != "]" {
			s.errorf("[: missing `]'")
			return 2, nil
		}
		args = args[:len(args)-1]
	}
	st, err := s.test(args)
	if err != nil {
		s.errorf("%s: %v", name, err)
	}
	return st, nil
}

const waitUsage = "wait: usage: wait [-fn] [-p var] [id ...]\n"

// biWait is wait [-fn] [-p var] [id ...]. -n waits for the first of the
// jobs (all of them, without ids) to end, and says 127 when there is
// none. -p names a variable that gets the pid (or job spec) of the job
// whose status wait returns. -f is accepted: a job stopped meanwhile
// is not a job that ended here either.
func biWait(s *Shell, args []string) (int, error) {
	args = args[1:]
	anyJob, pidVar := false, ""
	args, st := s.scanOpts("wait", waitUsage, args, "nf", "p", func(c byte, val string) int {
		switch c {
		case 'n':
			anyJob = true
		case 'p':
			pidVar = val
		}
		return 0
	})
	if st != 0 {
		return st, nil
	}
	if pidVar != "" {
		s.unsetVar(pidVar)
	}
	// waited records j's status as the one wait returns.
	waited := func(j *job, spec string) int {
		s.jobs.remove(j)
		if pidVar != "" {
			s.setVar(pidVar, spec)
		}
		return j.status
	}
	if len(args) == 0 && !anyJob {
		for _, j := range s.jobs.all() {
			if st, stop := s.waitDone(j.done); stop {
				return st, nil
			}
			s.jobs.remove(j)
		}
		// bash waits for the last process substitution too.
		if p := s.lastProc; p != nil {
			if st, stop := s.waitDone(p.done); stop {
				return st, nil
			}
		}
		return 0, nil
	}
	status := 0
	var jobs []*job
	specs := map[*job]string{}
	for _, a := range args {
		j := s.jobs.find(a)
		if p := s.findSubst(a); j == nil && p != nil {
			if st, stop := s.waitDone(p.done); stop {
				return st, nil
			}
			status = p.status
			continue
		}
		if j == nil {
			if _, err := strconv.Atoi(a); err != nil && !strings.HasPrefix(a, "%") {
				s.errorf("wait: `%s': not a pid or valid job spec", a)
				status = 2
				continue
			}
			if anyJob {
				s.errorf("wait: %s: no such job", a)
			} else {
				s.errorf("wait: pid %s is not a child of this shell", a)
			}
			status = 127
			continue
		}
		if anyJob {
			jobs = append(jobs, j)
			specs[j] = a
			continue
		}
		if st, stop := s.waitDone(j.done); stop {
			return st, nil
		}
		status = waited(j, a)
	}
	if !anyJob {
		return status, nil
	}
	if len(args) == 0 {
		jobs = s.jobs.all()
	}
	if len(jobs) == 0 {
		return 127, nil
	}
	j, st, stop := s.waitFirst(jobs)
	if stop {
		return st, nil
	}
	spec, ok := specs[j]
	if !ok {
		spec = strconv.Itoa(j.pid)
	}
	return waited(j, spec), nil
}

// waitFirst waits for the first of jobs to end, and returns it: the
// first in the list that has ended already, if one has. stop is as
// for waitDone.
func (s *Shell) waitFirst(jobs []*job) (first *job, status int, stop bool) {
	for _, j := range jobs {
		select {
		case <-j.done:
			return j, 0, false
		default:
		}
	}
	ended := make(chan *job, len(jobs))
	done, quit := make(chan struct{}), make(chan struct{})
	var once sync.Once
	for _, j := range jobs {
		go func() {
			select {
			case <-j.done:
				ended <- j
				once.Do(func() { close(done) })
			case <-quit:
			}
		}()
	}
	defer close(quit)
	if st, stop := s.waitDone(done); stop {
		return nil, st, true
	}
	return <-ended, 0, false
}

// waitDone waits for done (a job's or a process substitution's). stop is
// set when the wait was interrupted first, with wait's status: 128+15 for a cancelled context,
// 128+N for a trapped signal N, whose handler runs before the next
// command (POSIX). A nil sigCh never delivers, so only the top-level
// shell sees signals here.
func (s *Shell) waitDone(done <-chan struct{}) (status int, stop bool) {
	sig, cancelled := awaitInterrupt(s.ctx, s.sigCh, done)
	switch {
	case cancelled:
		return 128 + 15, true
	case sig != nil:
		requeue(s.sigCh, sig)
		return 128 + int(sig.(syscall.Signal)), true
	}
	return 0, false
}

// biExec runs `exec cmd args…`. In the plumb command's top-level shell the
// process becomes the command (replaceProcess); elsewhere (subshells,
// pipeline stages, a Go program embedding plumb, which must survive it)
// the command runs with the shell's descriptors and the shell then exits
// with its status.
func biExec(s *Shell, args []string) (int, error) {
	args = args[1:]
	if len(args) == 0 {
		return 0, nil
	}
	if handled, st, ran := s.replaceProcess(args); handled {
		if !ran && s.interactive {
			return st, nil // bash: the prompt goes on after a failed exec
		}
		delete(s.traps, "EXIT") // replaced, or ends as if it had been: bash runs no EXIT trap
		return st, &exitError{Status: st}
	}
	delete(s.traps, "EXIT")
	if err := s.runArgv(args, nil); err != nil {
		return s.status, err
	}
	return s.status, &exitError{Status: s.status}
}

func biEval(s *Shell, args []string) (int, error) {
	if len(args) > 1 && args[1] == "--" {
		args = args[1:]
	}
	src := strings.Join(args[1:], " ")
	if strings.TrimSpace(src) == "" {
		return 0, nil
	}
	return s.evalString(src, "eval")
}

func biSource(s *Shell, args []string) (int, error) {
	if len(args) < 2 {
		s.errorf("%s: filename argument required", args[0])
		return 2, nil
	}
	name := args[1]
	path := name
	if !strings.Contains(name, "/") {
		if p := s.pathFile(name); p != "" { // pathfile.go
			path = p
		} else {
			path = filepath.Join(s.dir, name)
		}
	} else if !filepath.IsAbs(path) {
		path = filepath.Join(s.dir, path)
	}
	var params []string
	if len(args) > 2 {
		params = args[2:]
	}
	return s.sourcePath(name, path, params)
}

// sourcePath runs the file at path in the shell itself, as `.` does;
// name is how messages call it. Non-nil params are the positional
// parameters while it runs.
func (s *Shell) sourcePath(name, path string, params []string) (int, error) {
	src, err := os.ReadFile(s.devFdPath(path))
	if err != nil {
		s.errorf("%s: %s", name, errText(err))
		return 1, nil
	}
	saved := s.args
	if params != nil {
		s.args = params
	}
	s.sourceDepth++
	savedSource, savedLine, savedBase, depth := s.source, s.line, s.lineBase, len(s.frames)
	s.frames = append(s.frames, callFrame{fn: &function{file: name}, line: s.line, source: s.source})
	s.source, s.lineBase = name, 0
	err = s.runSource(src, name)
	if err == nil || errors.As(err, new(*returnError)) {
		if terr := s.runBashTrap("RETURN"); terr != nil {
			err = terr
		}
	}
	s.source, s.line, s.lineBase, s.frames = savedSource, savedLine, savedBase, s.frames[:depth]
	s.sourceDepth--
	if params != nil {
		s.args = saved
	}
	var r *returnError
	if errors.As(err, &r) {
		return r.Status, nil
	}
	return s.status, err
}

// signals that trap and kill know, by name without SIG.
var signalNames = map[string]syscall.Signal{
	"HUP": syscall.SIGHUP, "INT": syscall.SIGINT, "QUIT": syscall.SIGQUIT, "KILL": syscall.SIGKILL,
	"TERM": syscall.SIGTERM, "USR1": syscall.SIGUSR1, "USR2": syscall.SIGUSR2, "ALRM": syscall.SIGALRM,
	"PIPE": syscall.SIGPIPE, "CHLD": syscall.SIGCHLD, "CONT": syscall.SIGCONT, "STOP": syscall.SIGSTOP,
	"TSTP": syscall.SIGTSTP, "TTIN": syscall.SIGTTIN, "TTOU": syscall.SIGTTOU, "WINCH": syscall.SIGWINCH,
}

// signalByName accepts INT, SIGINT, int and 2.
func signalByName(name string) (syscall.Signal, bool) {
	if n, err := strconv.Atoi(name); err == nil {
		return syscall.Signal(n), n >= 0 && n < 65
	}
	up := strings.TrimPrefix(strings.ToUpper(name), "SIG")
	if sig, ok := signalNames[up]; ok {
		return sig, true
	}
	if sig := unix.SignalNum("SIG" + up); sig != 0 {
		return sig, true
	}
	return 0, false
}

// sigName is a signal's name without SIG ("TERM"), or its number.
func sigName(sig syscall.Signal) string {
	if n := unix.SignalName(sig); n != "" {
		return strings.TrimPrefix(n, "SIG")
	}
	return strconv.Itoa(int(sig))
}

// trapName is the key of s.traps for a trap operand: EXIT or a signal
// name without SIG.
func trapName(name string) (string, bool) {
	up := strings.TrimPrefix(strings.ToUpper(name), "SIG")
	if up == "EXIT" || up == "0" {
		return "EXIT", true
	}
	if isBashTrap(up) {
		return up, true // trap_bash.go
	}
	if sig, ok := signalByName(name); ok && sig > 0 && unix.SignalName(sig) != "" {
		return sigName(sig), true
	}
	return "", false
}

func biTrap(s *Shell, args []string) (int, error) {
	args = args[1:]
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 || args[0] == "-p" {
		return s.listTraps(args)
	}
	if args[0] == "-l" {
		return s.killList(nil) // the signals, as kill -l lists them (bash)
	}
	action := args[0]
	sigs := args[1:]
	if len(sigs) == 0 || isUnsigned(action) {
		// `trap SIG` and `trap 1 2` reset, as `trap - SIG` does (POSIX)
		sigs, action = args, "-"
	}
	status := 0
	for _, sg := range sigs {
		name, ok := trapName(sg)
		if !ok {
			s.errorf("trap: %s: invalid signal specification", sg)
			status = 1
			continue
		}
		if sig, _ := signalByName(name); name != "EXIT" && !s.trappable(sig) {
			continue // ignored since plumb started: stays so (POSIX)
		}
		if action == "-" {
			delete(s.traps, name)
		} else {
			s.traps[name] = action
		}
		s.shownTraps = nil
	}
	s.trapsChanged()
	return status, nil
}

// listTraps is `trap` and `trap -p [SIG…]`: each trap as a command that
// sets it again, bash style.
func (s *Shell) listTraps(args []string) (int, error) {
	traps := s.listedTraps()
	var names []string
	status := 0
	if len(args) > 1 {
		for _, a := range args[1:] {
			name, ok := trapName(a)
			if !ok {
				s.errorf("trap: %s: invalid signal specification", a)
				status = 1
				continue
			}
			if _, set := traps[name]; set {
				names = append(names, name)
			}
		}
	} else {
		for k := range traps {
			names = append(names, k)
		}
		sort.Slice(names, func(i, j int) bool { return trapOrder(names[i]) < trapOrder(names[j]) })
	}
	var b strings.Builder
	for _, k := range names {
		sig := k
		if k != "EXIT" && !isBashTrap(k) {
			sig = "SIG" + k
		}
		fmt.Fprintf(&b, "trap -- '%s' %s\n", strings.ReplaceAll(traps[k], "'", `'\''`), sig)
	}
	s.print(1, b.String())
	return status, nil
}

// listedTraps is the traps `trap` lists: a subshell's own once it has
// set one, else those of the shell it was made from.
func (s *Shell) listedTraps() map[string]string {
	if s.shownTraps != nil {
		return s.shownTraps
	}
	return s.traps
}

// trapOrder sorts trap listings as bash does: EXIT, then by number.
func trapOrder(name string) int {
	if name == "EXIT" {
		return 0
	}
	if n, ok := bashTrapOrder(name); ok {
		return n
	}
	sig, _ := signalByName(name)
	return int(sig)
}

func isUnsigned(a string) bool {
	if a == "" {
		return false
	}
	for i := 0; i < len(a); i++ {
		if a[i] < '0' || a[i] > '9' {
			return false
		}
	}
	return true
}

func biCommand(s *Shell, args []string) (int, error) {
	args = args[1:]
	verbose := 0
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		switch args[0] {
		case "-v":
			verbose = 1
		case "-V":
			verbose = 2
		case "-p":
		case "--":
			args = args[1:]
			goto done
		default:
			s.errorf("command: %s: invalid option", args[0])
			return 2, nil
		}
		args = args[1:]
	}
done:
	if len(args) == 0 {
		return 0, nil
	}
	if verbose > 0 {
		status := 0
		for _, name := range args {
			if !s.describe(name, verbose == 2) {
				status = 1
			}
		}
		return status, nil
	}
	if b, ok := builtins[args[0]]; ok {
		return b(s, args)
	}
	if err := s.runExternal(args, nil, nil); err != nil {
		return s.status, err
	}
	return s.status, nil
}

// biHash is POSIX hash: `hash -r` forgets the remembered command paths,
// `hash name…` looks each one up now (status 1 for one not found, which
// scripts use as a "have I got git?" test), bare `hash` lists them.
func biHash(s *Shell, args []string) (int, error) {
	args = args[1:]
	if len(args) > 0 && args[0] == "-r" {
		s.pathCache = nil
		return 0, nil
	}
	if len(args) == 0 {
		if len(s.pathCache) == 0 {
			s.print(1, "hash: hash table empty\n") // on stdout, as bash
			return 0, nil
		}
		names := make([]string, 0, len(s.pathCache))
		for n := range s.pathCache {
			names = append(names, n)
		}
		sort.Strings(names)
		var b strings.Builder
		b.WriteString("hits\tcommand\n")
		for _, n := range names {
			fmt.Fprintf(&b, "%4d\t%s\n", s.pathCache[n].hits, s.pathCache[n].path)
		}
		s.print(1, b.String())
		return 0, nil
	}
	status := 0
	for _, name := range args {
		if _, ok := builtins[name]; ok || s.funcs[name] != nil {
			continue
		}
		if _, st := s.lookPath(name); st != 0 {
			s.errorf("hash: %s: not found", name)
			status = 1
		}
	}
	return status, nil
}

// biBuiltin is bash's `builtin name args…`: the builtin, even where a
// function of the same name hides it.
func biBuiltin(s *Shell, args []string) (int, error) {
	if len(args) < 2 {
		return 0, nil
	}
	b, ok := builtins[args[1]]
	if !ok {
		s.errorf("builtin: %s: not a shell builtin", args[1])
		return 1, nil
	}
	return b(s, args[1:])
}

// biUmask is umask [-p] [-S] [mode]: mode is octal or symbolic
// (u+w,go-rx, a=r; see symbolicUmask). -S shows the mask symbolically,
// -p as a umask command; with a mode, -S shows the new mask.
func biUmask(s *Shell, args []string) (int, error) {
	args = args[1:]
	symbolic, reusable := false, false
	for len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-' && strings.Trim(args[0][1:], "pS") == "" {
		symbolic = symbolic || strings.Contains(args[0], "S")
		reusable = reusable || strings.Contains(args[0], "p")
		args = args[1:]
	}
	if len(args) > 0 && args[0] == "-" {
		return 0, nil // bash: a lone "-" changes and shows nothing
	}
	if len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-' && args[0] != "--" {
		c := strings.TrimLeft(args[0][1:], "pS")[:1]
		s.errorf("umask: -%s: invalid option\numask: usage: umask [-p] [-S] [mode]", c)
		return 2, nil
	}
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) > 0 {
		if n, err := strconv.ParseUint(args[0], 8, 32); err == nil || isOctalDigits(args[0]) {
			if err != nil || n > 0o777 {
				s.errorf("umask: %s: octal number out of range", args[0])
				return 1, nil
			}
			s.umask = int(n)
			return 0, nil
		}
		mask, msg := symbolicUmask(s.umask, args[0])
		if msg != "" {
			s.errorf("umask: %s", msg)
			return 1, nil
		}
		s.umask = mask
		if !symbolic {
			return 0, nil
		}
	}
	text := fmt.Sprintf("%04o", s.umask)
	if symbolic {
		perm := func(shift uint) string {
			bits := (^s.umask >> shift) & 7
			var b strings.Builder
			for i, c := range "rwx" {
				if bits&(4>>i) != 0 {
					b.WriteRune(c)
				}
			}
			return b.String()
		}
		text = fmt.Sprintf("u=%s,g=%s,o=%s", perm(6), perm(3), perm(0))
	}
	switch {
	case reusable && symbolic:
		text = "umask -S " + text
	case reusable:
		text = "umask " + text
	}
	s.print(1, text+"\n")
	return 0, nil
}

func isOctalDigits(v string) bool {
	return v != "" && strings.Trim(v, "0123456789") == ""
}

// symbolicUmask applies a symbolic mode to the umask mask, as chmod
// would to the permissions a new file may have: comma-separated clauses
// of who (u g o a; none means a), one operator (+ - =) and permissions
// (r w x). It returns the new mask, or bash's message for a bad mode.
func symbolicUmask(mask int, mode string) (int, string) {
	allowed := ^mask & 0o777
	for _, clause := range strings.Split(mode, ",") {
		who, i := 0, 0
		for ; i < len(clause) && strings.IndexByte("ugoa", clause[i]) >= 0; i++ {
			who |= map[byte]int{'u': 0o700, 'g': 0o070, 'o': 0o007, 'a': 0o777}[clause[i]]
		}
		if who == 0 {
			who = 0o777
		}
		if i == len(clause) || strings.IndexByte("+-=", clause[i]) < 0 {
			c := ","
			if i < len(clause) {
				c = clause[i : i+1]
			}
			return mask, "`" + c + "': invalid symbolic mode operator"
		}
		op := clause[i]
		perm := 0
		for _, c := range []byte(clause[i+1:]) {
			bit := strings.IndexByte("xwr", c)
			if bit < 0 {
				return mask, "`" + string(c) + "': invalid symbolic mode character"
			}
			perm |= (1 << bit) * 0o111
		}
		switch op {
		case '+':
			allowed |= perm & who
		case '-':
			allowed &^= perm & who
		case '=':
			allowed = allowed&^who | perm&who
		}
	}
	return ^allowed & 0o777, ""
}

func biGetopts(s *Shell, args []string) (int, error) {
	if len(args) < 3 {
		s.errorf("getopts: usage: getopts optstring name [arg ...]")
		return 2, nil
	}
	optstring, name := args[1], args[2]
	params := s.args
	if len(args) > 3 {
		params = args[3:]
	}
	silent := strings.HasPrefix(optstring, ":")
	if silent {
		optstring = optstring[1:]
	}
	optind := 1
	if v, ok := s.get("OPTIND"); ok {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			optind = n
		}
	}
	// s.optPos is the position inside a cluster like -abc; it is reset
	// whenever OPTIND is changed from outside.
	if optind != s.optIndex {
		s.optPos = 1
	}
	end := func() (int, error) {
		s.setVar(name, "?")
		s.setVar("OPTIND", strconv.Itoa(optind))
		s.optIndex = optind
		s.unsetVar("OPTARG")
		return 1, nil
	}
	if optind > len(params) {
		return end()
	}
	arg := params[optind-1]
	if s.optPos == 1 {
		if arg == "--" {
			optind++
			return end()
		}
		if len(arg) < 2 || arg[0] != '-' {
			return end()
		}
	}
	c := arg[s.optPos]
	s.optPos++
	next := func() {
		if s.optPos >= len(arg) {
			optind++
			s.optPos = 1
		}
	}
	i := strings.IndexByte(optstring, c)
	if i < 0 || c == ':' {
		next()
		s.setVar(name, "?")
		if silent {
			s.setVar("OPTARG", string(c))
		} else {
			// like getopt(3) and bash: $0, not the shell's prefix
			s.writeErr(fmt.Sprintf("%s: illegal option -- %c\n", s.arg0, c))
			s.unsetVar("OPTARG")
		}
	} else if i+1 < len(optstring) && optstring[i+1] == ':' {
		if s.optPos < len(arg) {
			s.setVar("OPTARG", arg[s.optPos:])
			optind++
			s.optPos = 1
		} else if optind < len(params) {
			s.setVar("OPTARG", params[optind])
			optind += 2
			s.optPos = 1
		} else {
			optind++
			s.optPos = 1
			if silent {
				s.setVar(name, ":")
				s.setVar("OPTARG", string(c))
			} else {
				s.setVar(name, "?")
				s.unsetVar("OPTARG")
				s.writeErr(fmt.Sprintf("%s: option requires an argument -- %c\n", s.arg0, c))
			}
			s.setVar("OPTIND", strconv.Itoa(optind))
			s.optIndex = optind
			return 0, nil
		}
		s.setVar(name, string(c))
	} else {
		next()
		s.setVar(name, string(c))
		s.unsetVar("OPTARG")
	}
	s.setVar("OPTIND", strconv.Itoa(optind))
	s.optIndex = optind
	return 0, nil
}

// biLocal is `local`: declare's options and operands (biDeclare), in a
// function only.
func biLocal(s *Shell, args []string) (int, error) {
	if s.funcDepth == 0 {
		s.errorf("local: can only be used in a function")
		return 1, nil
	}
	if len(args) == 1 {
		return 0, nil // bash lists the locals here; plumb does not
	}
	return biDeclare(s, args)
}

func (s *Shell) pushLocals() { s.locals = append(s.locals, nil) }

// saveLocal remembers name's value in the current function's frame, the
// first time only (when it reports true), so that popLocals can put it
// back.
func (s *Shell) saveLocal(name string) bool {
	top := len(s.locals) - 1
	if s.locals[top] == nil {
		s.locals[top] = make(map[string]*variable)
	}
	if _, done := s.locals[top][name]; done {
		return false
	}
	var old *variable
	if v, ok := s.vars[name]; ok {
		cp := *v
		old = &cp
		// a local starts out unexported unless the user exports it
		// a caller's read-only local may be shadowed; a read-only
		// global may not (bash)
		s.vars[name] = &variable{value: v.value, set: v.set, readonly: v.readonly && !s.callerLocal(name, top)}
		s.env = nil
	}
	s.locals[top][name] = old
	return true
}

func (s *Shell) popLocals() {
	top := len(s.locals) - 1
	for name, old := range s.locals[top] {
		if old == nil {
			delete(s.vars, name)
		} else {
			s.vars[name] = old
		}
		s.env = nil
		if name == "PATH" {
			s.pathCache = nil
		}
	}
	s.locals = s.locals[:top]
}

func biKill(s *Shell, args []string) (int, error) {
	args = args[1:]
	sig := syscall.SIGTERM
	if len(args) > 0 && (args[0] == "-l" || args[0] == "-L") {
		return s.killList(args[1:])
	}
	if len(args) > 1 && args[0] == "-s" {
		sg, ok := signalByName(args[1])
		if !ok {
			s.errorf("kill: %s: invalid signal specification", args[1])
			return 1, nil
		}
		sig, args = sg, args[2:]
	} else if len(args) > 0 && strings.HasPrefix(args[0], "-") && len(args[0]) > 1 && args[0] != "--" {
		sg, ok := signalByName(args[0][1:])
		if !ok {
			s.errorf("kill: %s: invalid signal specification", args[0][1:])
			return 1, nil
		}
		sig, args = sg, args[1:]
	}
	if len(args) > 0 && args[0] == "--" {
		args = args[1:] // kill -TERM -- -PGID
	}
	if len(args) == 0 {
		s.errorf("kill: usage: kill [-s sigspec | -sigspec] pid | jobspec ...")
		return 2, nil
	}
	status := 0
	for _, a := range args {
		if j := s.jobs.find(a); j != nil {
			if err := s.signalJob(j, sig); err != nil {
				s.errorf("kill: %s: %s", a, errText(err))
				status = 1
			}
			continue
		}
		pid, err := strconv.Atoi(a)
		if err != nil {
			s.errorf("kill: %s: arguments must be process or job IDs", a)
			status = 1
			continue
		}
		if err := syscall.Kill(pid, sig); err != nil {
			s.errorf("kill: (%d) - %s", pid, errText(err))
			status = 1
			continue
		}
		if pid == os.Getpid() || pid == 0 || pid == -1 || pid == -syscall.Getpgrp() {
			s.afterSelfKill(sig)
		}
	}
	return status, nil
}

// killList is `kill -l [sig|status]…`: with no operand every signal,
// bash style; a number (or an exit status above 128) prints its name, a
// name prints its number.
func (s *Shell) killList(args []string) (int, error) {
	var b strings.Builder
	if len(args) == 0 {
		for n := 1; n < 32; n++ {
			fmt.Fprintf(&b, "%2d) SIG%-8s", n, sigName(syscall.Signal(n)))
			if n%5 == 0 || n == 31 {
				b.WriteString("\n")
			} else {
				b.WriteString("\t")
			}
		}
		s.print(1, b.String())
		return 0, nil
	}
	status := 0
	for _, a := range args {
		if n, err := strconv.Atoi(a); err == nil {
			if n > 128 {
				n -= 128
			}
			if n <= 0 || n >= 65 || unix.SignalName(syscall.Signal(n)) == "" {
				s.errorf("kill: %s: invalid signal specification", a)
				status = 1
				continue
			}
			fmt.Fprintf(&b, "%s\n", sigName(syscall.Signal(n)))
			continue
		}
		sig, ok := signalByName(a)
		if !ok {
			s.errorf("kill: %s: invalid signal specification", a)
			status = 1
			continue
		}
		fmt.Fprintf(&b, "%d\n", int(sig))
	}
	s.print(1, b.String())
	return status, nil
}
