package interp

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// The trap builtin and signal names; delivering trapped signals is
// traps.go.
func init() {
	builtins["trap"] = biTrap
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
	return rtSignal(up)
}

// The real-time signals go by bash's names: RTMIN (34: glibc keeps 32
// and 33 for itself), RTMIN+1 … RTMIN+15, RTMAX-14 … RTMAX-1, RTMAX (64).
const sigRTMin, sigRTMax = 34, 64

// sigGoReserved is the one named signal that a Go program can neither
// catch nor ignore: the runtime keeps 32 to 34 for the C libraries' own
// use (34 is musl's SIGSYNCCALL, golang/go#39343), and bash calls 34
// SIGRTMIN. A trap on it is refused.
const sigGoReserved = sigRTMin

// knownSignal reports whether sig is a signal with a name: a standard
// one or a real-time one.
func knownSignal(sig syscall.Signal) bool {
	return sig > 0 && (unix.SignalName(sig) != "" || sig >= sigRTMin && sig <= sigRTMax)
}

// rtSignal reads a real-time signal's name (without SIG).
func rtSignal(up string) (syscall.Signal, bool) {
	base, rest, sign := 0, "", 1
	switch {
	case strings.HasPrefix(up, "RTMIN"):
		base, rest = sigRTMin, up[len("RTMIN"):]
	case strings.HasPrefix(up, "RTMAX"):
		base, rest, sign = sigRTMax, up[len("RTMAX"):], -1
	default:
		return 0, false
	}
	n := 0
	if rest != "" {
		if rest[0] != "+-"[max(0, -sign)] {
			return 0, false
		}
		v, err := strconv.Atoi(rest[1:])
		if err != nil || v < 0 {
			return 0, false
		}
		n = v
	}
	sig := base + sign*n
	return syscall.Signal(sig), sig >= sigRTMin && sig <= sigRTMax
}

// sigName is a signal's name without SIG ("TERM"), or its number.
func sigName(sig syscall.Signal) string {
	if n := unix.SignalName(sig); n != "" {
		return strings.TrimPrefix(n, "SIG")
	}
	switch n := int(sig); {
	case n == sigRTMin:
		return "RTMIN"
	case n == sigRTMax:
		return "RTMAX"
	case n > sigRTMin && n <= sigRTMin+15:
		return "RTMIN+" + strconv.Itoa(n-sigRTMin)
	case n > sigRTMin+15 && n < sigRTMax:
		return "RTMAX-" + strconv.Itoa(sigRTMax-n)
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
	if sig, ok := signalByName(name); ok && knownSignal(sig) {
		return sigName(sig), true
	}
	return "", false
}

func biTrap(s *Shell, args []string) (int, error) {
	args = args[1:]
	dashdash := len(args) > 0 && args[0] == "--"
	if dashdash {
		args = args[1:]
	}
	if len(args) == 0 || args[0] == "-p" {
		return s.listTraps(args)
	}
	if args[0] == "-l" {
		return s.killList(nil) // the signals, as kill -l lists them (bash)
	}
	if a := args[0]; len(a) > 1 && a[0] == '-' && !dashdash {
		s.errorf("trap: %s: invalid option", a)
		s.writeErr("trap: usage: trap [-lp] [[arg] signal_spec ...]\n")
		return 2, nil
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
		sig, _ := signalByName(name)
		if name != "EXIT" && !s.trappable(sig) {
			continue // ignored since plumb started: stays so (POSIX)
		}
		if sig == sigGoReserved && action != "-" {
			// The Go runtime neither delivers nor ignores it: the
			// process dies of it whatever is asked. Say so rather
			// than accept a trap that cannot hold.
			s.errorf("trap: %s: plumb cannot catch or ignore this signal", sg)
			status = 1
			continue
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
