// Command bench measures plumb against bash, dash, the floor program
// (bench/floor: what a minimal Go pipeline runner costs) and optionally gosh
// on the shapes of issues 6 and 15 (throughput, spawn, start-up, scripts,
// memory), prints a Markdown table and marks issue 15's targets met or
// missed. See README.md. It lives in its own module so that gosh and
// anything else it needs never become plumb dependencies.
package main

import (
	"encoding/json"
	"flag"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"os/user"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type config struct {
	quick     bool
	reps      int
	minReps   int
	maxReps   int
	memReps   int
	warmup    int
	budget    time.Duration
	timeout   time.Duration
	shells    string
	only      string
	install   bool
	asUser    string
	jsonOut   string
	hyperfine bool
	keep      bool
}

// cell is what one shell did on one shape.
type cell struct {
	Samples []sample `json:"samples"`
	Err     string   `json:"error,omitempty"`
}

type result struct {
	shape
	cells map[string]*cell
}

func main() {
	var c config
	flag.BoolVar(&c.quick, "quick", false, "smaller sizes, N up to 100, fewer runs: under a minute")
	flag.IntVar(&c.reps, "reps", 0, "fixed number of measured runs per shell and shape (0 = adaptive, see -budget)")
	flag.DurationVar(&c.budget, "budget", 0, "time budget per shape for the adaptive run count (default 10s, -quick 1.5s; throughput shapes get 2.5×)")
	flag.IntVar(&c.warmup, "warmup", 1, "warm-up rounds per shape (each shell once per round), not measured")
	flag.DurationVar(&c.timeout, "timeout", 0, "kill a single run after this long (default 300s, -quick 60s)")
	flag.StringVar(&c.shells, "shells", "plumb,bash,dash,floor", "shells to compare, in this order (also: gosh; floor-MODE for the floor's -mode experiments, e.g. floor-par,floor-vfork,floor-novfork)")
	flag.StringVar(&c.only, "only", "", "regexp: run only shapes whose id matches (ids: see README)")
	flag.BoolVar(&c.install, "install", true, "install missing dash/hyperfine (apt-get, as root) and gosh (go install)")
	flag.StringVar(&c.asUser, "user", "", "run the shells as this user (root only); matters for pipe buffer budgets")
	flag.StringVar(&c.jsonOut, "json", "", "also write every sample to this JSON file")
	flag.BoolVar(&c.hyperfine, "hyperfine", false, "cross-check the start-up shapes with hyperfine (not interleaved)")
	flag.BoolVar(&c.keep, "keep", false, "keep the scratch directory (scripts, the built plumb)")
	flag.Parse()
	closeInherited()

	sz := fullSizes
	c.minReps, c.maxReps, c.memReps = 5, 31, 5
	if c.budget == 0 {
		c.budget = 10 * time.Second
	}
	if c.timeout == 0 {
		c.timeout = 300 * time.Second
	}
	if c.quick {
		sz = quickSizes
		c.minReps, c.maxReps, c.memReps = 5, 15, 3
		if !flagSet("budget") {
			c.budget = 1500 * time.Millisecond
		}
		if !flagSet("timeout") {
			c.timeout = 60 * time.Second
		}
	}
	start := time.Now()

	work, err := os.MkdirTemp("", "plumb-bench-")
	if err != nil {
		fatalf("%v", err)
	}
	os.Chmod(work, 0o755)
	cleanup := func() {
		if !c.keep {
			os.RemoveAll(work)
		}
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		s := <-sigs
		if pid := running.Load(); pid > 0 {
			killGroup(int(pid))
		}
		cleanup()
		logf("interrupted (%v)", s)
		os.Exit(130)
	}()

	m := readMachine()
	shells := findShells(c, work)
	if len(shells) == 0 {
		fatalf("no shell to measure")
	}
	m.User = currentUser()

	r := &runner{work: work, timeout: c.timeout, scripts: map[string]string{}}
	r.devnull, err = os.OpenFile(os.DevNull, os.O_RDWR, 0)
	if err != nil {
		fatalf("%v", err)
	}
	r.env = []string{
		"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
		"HOME=" + work,
		"LC_ALL=C",
	}
	if c.asUser != "" {
		u, err := user.Lookup(c.asUser)
		if err != nil {
			fatalf("-user: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		r.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		m.User = u.Username + " (uid " + u.Uid + ", via -user)"
	}

	var only *regexp.Regexp
	if c.only != "" {
		only = regexp.MustCompile(c.only)
	}
	var results []*result
	for _, s := range shapes(sz) {
		if only != nil && !only.MatchString(s.id) {
			continue
		}
		results = append(results, measure(c, r, shells, s))
	}
	m.LoadEnd = loadavg()

	var hf []hfRow
	if c.hyperfine {
		hf = hyperfineCheck(c, shells, results)
	}

	rep := report{cfg: c, machine: m, shells: shells, results: results, sizes: sz,
		command: commandLine(), elapsed: time.Since(start), hyperfine: hf}
	rep.write(os.Stdout)
	if c.jsonOut != "" {
		if err := writeJSON(c.jsonOut, rep); err != nil {
			logf("json: %v", err)
		}
	}
	cleanup()
}

func flagSet(name string) bool {
	set := false
	flag.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}

func killGroup(pid int) { killSession(pid) }

func currentUser() string {
	if u, err := user.Current(); err == nil {
		return u.Username + " (uid " + u.Uid + ")"
	}
	return "uid " + strconv.Itoa(os.Getuid())
}

// findShells resolves the shells named by -shells, building or installing
// them as needed. A shell that cannot be found is left out, with a message.
func findShells(c config, work string) []shellT {
	names := strings.Split(c.shells, ",")
	if slices.Contains(names, "dash") && c.install {
		ensureDebian(true)
	} else if c.hyperfine && c.install {
		ensureDebian(true)
	}
	var out []shellT
	for _, name := range names {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		var path string
		switch {
		case name == "floor" || strings.HasPrefix(name, "floor-"):
			sh, ok := floorShell(c, work, name)
			if ok {
				out = append(out, sh)
			}
			continue
		case name == "plumb":
			path = buildPlumb(work)
		case name == "gosh":
			path = ensureGosh(c.install)
		default:
			p, err := exec.LookPath(name)
			if err != nil {
				logf("%s not found — skipped", name)
				continue
			}
			path = p
		}
		if path == "" {
			continue
		}
		if c.asUser != "" && !strings.HasPrefix(path, "/usr/") && !strings.HasPrefix(path, "/bin/") {
			// The other user may not reach root's cache or build dir.
			path = copyExec(path, filepath.Join(work, "bin", name))
		}
		sh := shellT{name: name, path: path}
		if name == "plumb" {
			v := output(path, "--version")
			sh.real = strings.Contains(v, "plumb")
			if sh.real {
				sh.version = firstLine(v)
			} else {
				sh.version = "stand-in: " + shellVersion(filepath.Base(path), path)
				logf("PLUMB=%s is not plumb (--version does not say so): plumb-only shapes (|>, |>tcp) are skipped", path)
			}
		} else {
			sh.version = shellVersion(name, path)
		}
		out = append(out, sh)
	}
	return out
}

// floorShell is the column for the floor program: "floor", or "floor-MODE"
// for floor -mode MODE. The "floor" column also runs the empty static Go
// program for the start-up shapes.
func floorShell(c config, work, name string) (shellT, bool) {
	path := buildBench(work, "floor")
	if path == "" {
		return shellT{}, false
	}
	sh := shellT{name: name, path: path, floor: true, version: "bench/floor (syscall.ForkExec, pipe2, wait4)"}
	if mode, ok := strings.CutPrefix(name, "floor-"); ok {
		sh.args = []string{"-mode", mode}
		sh.version = "bench/floor -mode " + mode
	} else {
		sh.empty = buildBench(work, "empty")
		sh.version += "; start-up: bench/empty (`func main() {}`)"
	}
	if c.asUser != "" {
		sh.path = copyExec(sh.path, filepath.Join(work, "bin", filepath.Base(sh.path)))
		if sh.empty != "" {
			sh.empty = copyExec(sh.empty, filepath.Join(work, "bin", "empty"))
		}
	}
	return sh, true
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func copyExec(src, dst string) string {
	os.MkdirAll(filepath.Dir(dst), 0o755)
	in, err := os.Open(src)
	if err != nil {
		fatalf("%v", err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o755)
	if err != nil {
		fatalf("%v", err)
	}
	if _, err := io.Copy(out, in); err != nil {
		fatalf("%v", err)
	}
	out.Close()
	return dst
}

// measure runs one shape for every shell: warm-up rounds, then measured
// rounds in which the shells take turns (rotating who goes first), so that
// machine noise falls on all of them alike.
func measure(c config, r *runner, shells []shellT, s shape) *result {
	res := &result{shape: s, cells: map[string]*cell{}}
	var active []shellT
	for _, sh := range shells {
		if !sh.runs(s) {
			continue
		}
		res.cells[sh.name] = &cell{}
		active = append(active, sh)
	}
	if len(active) == 0 {
		return res
	}
	fail := func(sh shellT, err error) {
		res.cells[sh.name].Err = err.Error()
		logf("  %s: %s: %v", s.id, sh.name, err)
		active = slices.DeleteFunc(active, func(x shellT) bool { return x.name == sh.name })
	}

	warm := c.warmup
	if s.memory {
		warm = 0
	}
	var round time.Duration
	for w := 0; w < warm; w++ {
		round = 0
		for _, sh := range slices.Clone(active) {
			smp, err := r.once(sh, s, false)
			if err != nil {
				fail(sh, err)
				continue
			}
			round += smp.Dur
		}
	}
	reps := c.reps
	switch {
	case s.memory:
		reps = c.memReps
	case reps > 0:
	case round <= 0:
		reps = c.minReps
	default:
		budget := c.budget
		if s.group == "throughput" {
			budget = budget * 5 / 2 // the noisiest shapes, and few runs fit
		}
		reps = int(budget / round)
		reps = max(c.minReps, min(c.maxReps, reps))
	}
	logf("%-18s %d shells × %d runs", s.id, len(active), reps)
	for i := 0; i < reps && len(active) > 0; i++ {
		order := slices.Clone(active)
		k := i % len(order)
		order = append(order[k:], order[:k]...)
		for _, sh := range order {
			if res.cells[sh.name].Err != "" {
				continue
			}
			smp, err := r.once(sh, s, s.memory)
			if err != nil {
				fail(sh, err)
				continue
			}
			res.cells[sh.name].Samples = append(res.cells[sh.name].Samples, smp)
		}
	}
	return res
}

// commandLine is the exact command to put under the table.
func commandLine() string {
	var b strings.Builder
	if p := os.Getenv("PLUMB"); p != "" {
		b.WriteString("PLUMB=" + shellQuote(p) + " ")
	}
	if cmd := os.Getenv("BENCH_CMD"); cmd != "" {
		b.WriteString(cmd)
		return b.String()
	}
	b.WriteString("go run .")
	for _, a := range os.Args[1:] {
		b.WriteString(" " + shellQuote(a))
	}
	return "(cd bench && " + b.String() + ")"
}

func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '/' || r == '-' || r == '.' || r == '_' || r == '=' || r == ',' || r == ':' ||
			r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func writeJSON(path string, rep report) error {
	type jshape struct {
		ID     string           `json:"id"`
		Title  string           `json:"title"`
		Text   string           `json:"text"`
		Bytes  int64            `json:"bytes,omitempty"`
		N      int              `json:"n,omitempty"`
		Shells map[string]*cell `json:"shells"`
	}
	type jshell struct{ Name, Path, Version string }
	out := struct {
		Command string    `json:"command"`
		Machine machine   `json:"machine"`
		Shells  []jshell  `json:"shells"`
		Shapes  []jshape  `json:"shapes"`
		Elapsed string    `json:"elapsed"`
		When    time.Time `json:"when"`
	}{Command: rep.command, Machine: rep.machine, Elapsed: rep.elapsed.Round(time.Second).String(), When: time.Now().UTC()}
	for _, sh := range rep.shells {
		out.Shells = append(out.Shells, jshell{sh.name, sh.path, sh.version})
	}
	for _, r := range rep.results {
		out.Shapes = append(out.Shapes, jshape{r.id, r.title, r.text, r.bytes, r.n, r.cells})
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return err
	}
	logf("samples written to %s", path)
	return nil
}

// closeInherited marks close-on-exec every descriptor above 2 that the
// harness inherited without it (a terminal's, an IDE's or a CI runner's
// extra fds): syscall.ForkExec would pass them on to every shell it
// starts. Bash and dash ignore them, but plumb hands its inherited
// descriptors on to every command it runs (as sh does), through a
// descriptor table as long as the highest one: with fd 251 open, every
// stage cost 250 more system calls in the child and 2 KiB more memory,
// which made a 500-stage pipeline take 8.5 MiB instead of 5.3.
func closeInherited() {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return
	}
	var marked []string
	for _, e := range ents {
		fd, err := strconv.Atoi(e.Name())
		if err != nil || fd <= 2 {
			continue
		}
		flags, _, errno := syscall.Syscall(syscall.SYS_FCNTL, uintptr(fd), syscall.F_GETFD, 0)
		if errno == 0 && flags&syscall.FD_CLOEXEC == 0 {
			syscall.CloseOnExec(fd)
			marked = append(marked, e.Name())
		}
	}
	if len(marked) > 0 {
		logf("inherited descriptors %s marked close-on-exec: the shells start with 0, 1, 2 only", strings.Join(marked, ", "))
	}
}
