package interp

import "os"
import "path/filepath"
import "syscall"

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The directory stack: pushd, popd, dirs and $DIRSTACK, as in bash.
//
// The top of the stack is always the shell's directory, so cd changes
// the top and nothing else; s.dirStack holds the entries below it, the
// nearest first. It is replaced, never changed in place, so a subshell's
// copy is its own.

func init() {
	builtins["cd"] = biCd
	builtins["pwd"] = biPwd
	builtins["pushd"] = biPushd
	builtins["popd"] = biPopd
	builtins["dirs"] = biDirs
}

// dirList is the whole stack, top first: what dirs shows and $DIRSTACK
// holds.
func (s *Shell) dirList() []string {
	return append([]string{s.dir}, s.dirStack...)
}

// tildeShort writes dir with $HOME as ~, as dirs does without -l.
func (s *Shell) tildeShort(dir string) string {
	home, _ := s.get("HOME")
	switch {
	case home == "" || home == "/":
		return dir
	case dir == home:
		return "~"
	case strings.HasPrefix(dir, home+"/"):
		return "~" + dir[len(home):]
	}
	return dir
}

// stackIndex parses +N (from the top) or -N (from the bottom) as an
// index into a stack of n entries; ok is false for anything else, and
// inRange when the index is within the stack.
func stackIndex(arg string, n int) (i int, ok, inRange bool) {
	if len(arg) < 2 || arg[0] != '+' && arg[0] != '-' {
		return 0, false, false
	}
	k, err := strconv.Atoi(arg[1:])
	if err != nil || k < 0 {
		return 0, false, false
	}
	if arg[0] == '-' {
		k = n - 1 - k
	}
	return k, true, k >= 0 && k < n
}

// printDirs prints the stack as dirs with no options does.
func (s *Shell) printDirs(who string) (int, error) {
	var words []string
	for _, d := range s.dirList() {
		words = append(words, s.tildeShort(d))
	}
	if err := s.print(1, strings.Join(words, " ")+"\n"); err != nil {
		return s.writeFailed(who, err)
	}
	return 0, nil
}

// stackArgs splits pushd's or popd's arguments into -n and the rest,
// printing the usage for an unknown option.
func (s *Shell) stackArgs(who, usage string, args []string) (noCd bool, rest []string, ok bool) {
	for len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-' {
		switch a := args[0]; {
		case a == "--":
			return noCd, args[1:], true
		case a == "-n":
			noCd = true
		case a[1] >= '0' && a[1] <= '9':
			return noCd, args, true // -N
		default:
			s.errorf("%s: %s: invalid number", who, a)
			s.writeErr(usage)
			return false, nil, false
		}
		args = args[1:]
	}
	return noCd, args, true
}

// setStack makes list (top first) the stack, changing to its top
// unless noCd. It fails, and leaves the stack, when the cd fails.
func (s *Shell) setStack(who string, list []string, noCd bool) bool {
	if !noCd && list[0] != s.dir && !changed(s.changeDir(who, list[0], false)) {
		return false
	}
	if noCd {
		list[0] = s.dir
	}
	s.dirStack = list[1:]
	return true
}

const pushdUsage = "pushd: usage: pushd [-n] [+N | -N | dir]\n"

func biPushd(s *Shell, args []string) (int, error) {
	noCd, args, ok := s.stackArgs("pushd", pushdUsage, args[1:])
	switch {
	case !ok:
		return 2, nil
	case len(args) > 1:
		s.errorf("pushd: too many arguments")
		return 1, nil
	case len(args) == 0 && len(s.dirStack) == 0:
		s.errorf("pushd: no other directory")
		return 1, nil
	}
	list := s.dirList()
	switch {
	case len(args) == 0:
		list[0], list[1] = list[1], list[0]
	default:
		if i, ok, inRange := stackIndex(args[0], len(list)); ok {
			if len(s.dirStack) == 0 {
				s.errorf("pushd: directory stack empty")
				return 1, nil
			}
			if !inRange {
				s.errorf("pushd: %s: directory stack index out of range", args[0])
				return 1, nil
			}
			list = slices.Concat(list[i:], list[:i])
			break
		}
		if noCd {
			// Under the top, as written: the top stays.
			list = append([]string{list[0], args[0]}, list[1:]...)
			break
		}
		if !changed(s.changeDir("pushd", args[0], false)) {
			return 1, nil
		}
		s.dirStack = list
		return s.printDirs("pushd")
	}
	if !s.setStack("pushd", list, noCd) {
		return 1, nil
	}
	return s.printDirs("pushd")
}

const popdUsage = "popd: usage: popd [-n] [+N | -N]\n"

func biPopd(s *Shell, args []string) (int, error) {
	noCd, args, ok := s.stackArgs("popd", popdUsage, args[1:])
	if !ok {
		return 2, nil
	}
	list := s.dirList()
	i := 0
	if len(args) > 0 {
		var ok, inRange bool
		i, ok, inRange = stackIndex(args[0], len(list))
		switch {
		case !ok:
			s.errorf("popd: %s: invalid argument", args[0])
			s.writeErr(popdUsage)
			return 2, nil
		case !inRange:
			s.errorf("popd: %s: directory stack index out of range", args[0])
			return 1, nil
		}
	}
	if len(s.dirStack) == 0 {
		s.errorf("popd: directory stack empty")
		return 1, nil
	}
	if i == 0 && noCd {
		i = 1 // -n: the entry under the top goes, the directory stays
	}
	list = append(list[:i:i], list[i+1:]...)
	if !s.setStack("popd", list, noCd || i > 0) {
		return 1, nil
	}
	return s.printDirs("popd")
}

func biDirs(s *Shell, args []string) (int, error) {
	args = args[1:]
	var long, perLine, numbered, clearOnly bool
	for len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-' {
		a := args[0]
		if a == "--" {
			args = args[1:]
			break
		}
		if a[1] >= '0' && a[1] <= '9' {
			break // -N
		}
		for _, c := range a[1:] {
			switch c {
			case 'c':
				s.dirStack = nil
				clearOnly = true
			case 'l':
				long = true
			case 'p':
				perLine = true
			case 'v':
				perLine, numbered = true, true
			default:
				s.errorf("dirs: -%c: invalid option", c)
				s.writeErr("dirs: usage: dirs [-clpv] [+N] [-N]\n")
				return 2, nil
			}
		}
		args = args[1:]
	}
	if clearOnly {
		return 0, nil
	}
	list := s.dirList()
	show := func(d string) string {
		if long {
			return d
		}
		return s.tildeShort(d)
	}
	var b strings.Builder
	if len(args) > 0 {
		i, ok, inRange := stackIndex(args[0], len(list))
		if !ok || !inRange {
			s.errorf("dirs: %s: directory stack index out of range", strings.TrimPrefix(args[0], "+"))
			return 1, nil
		}
		b.WriteString(show(list[i]) + "\n")
	} else {
		for i, d := range list {
			switch {
			case numbered:
				fmt.Fprintf(&b, "%2d  %s\n", i, show(d))
			case perLine:
				b.WriteString(show(d) + "\n")
			default:
				if i > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(show(d))
			}
		}
		if !perLine {
			b.WriteByte('\n')
		}
	}
	if err := s.print(1, b.String()); err != nil {
		return s.writeFailed("dirs", err)
	}
	return 0, nil
}

// changed is changeDir's ok, for callers that don't print where $CDPATH
// led (pushd and popd print the whole stack).
func changed(ok, _ bool) bool { return ok }

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
