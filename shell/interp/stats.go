package interp

import (
	"fmt"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/plumbsh/plumb/exec"
)

// reportStats prints, with set -o stats, one row per stage of a finished
// pipeline on stderr: argv, pid, status, wall and CPU time, max RSS and
// the bytes the stage read and wrote (from /proc/PID/io).
func (s *Shell) reportStats(res *exec.Result) {
	if !s.opts.stats || res == nil {
		return
	}
	s.writeErr(formatStats(res))
}

func formatStats(res *exec.Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-24s %7s %6s %9s %9s %9s %9s %10s %10s\n", "STAGE", "PID", "STATUS", "WALL", "USER", "SYS", "MAXRSS", "READ", "WRITTEN")
	for _, r := range res.Stages {
		name := strings.Join(r.Argv, " ")
		if utf8.RuneCountInString(name) > 24 {
			name = string([]rune(name)[:23]) + "…"
		}
		pid := "-"
		if r.Pid > 0 {
			pid = fmt.Sprint(r.Pid)
		}
		user, sys, rss := dur(r.User), dur(r.Sys), size(r.MaxRSS)
		if r.Pid == 0 {
			// An in-process stage (builtin, function, subshell) shares
			// plumb's rusage: there is nothing of its own to show.
			user, sys, rss = "-", "-", "-"
		}
		fmt.Fprintf(&b, "%-24s %7s %6s %9s %9s %9s %9s %10s %10s\n", name, pid, statusText(r), dur(r.Wall), user, sys, rss, size(r.ReadBytes), size(r.WriteBytes))
	}
	return b.String()
}

func statusText(r exec.StageResult) string {
	if r.Signal != 0 {
		return "SIG" + strings.TrimPrefix(strings.ToUpper(signalName(r.Signal)), "SIG")
	}
	return fmt.Sprint(r.Status)
}

func signalName(sig syscall.Signal) string {
	for k, v := range signalNames {
		if v == sig {
			return k
		}
	}
	return fmt.Sprint(int(sig))
}

func dur(d time.Duration) string {
	switch {
	case d <= 0:
		return "0"
	case d < time.Millisecond:
		return fmt.Sprintf("%dµs", d.Microseconds())
	case d < time.Second:
		return fmt.Sprintf("%.1fms", float64(d)/1e6)
	}
	return fmt.Sprintf("%.2fs", d.Seconds())
}

func size(n int64) string {
	switch {
	case n < 0:
		return "-"
	case n < 1<<10:
		return fmt.Sprintf("%dB", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1fKiB", float64(n)/(1<<10))
	case n < 1<<30:
		return fmt.Sprintf("%.1fMiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.2fGiB", float64(n)/(1<<30))
}
