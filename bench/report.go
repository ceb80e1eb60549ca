package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

type report struct {
	cfg       config
	machine   machine
	shells    []shellT
	results   []*result
	sizes     sizes
	command   string
	elapsed   time.Duration
	hyperfine []hfRow
}

// stat is the summary of one cell: median, min and max of the metric.
// For throughput shapes the metric is GB/s (higher is better), for memory
// shapes MiB of peak RSS, otherwise seconds (lower is better).
type stat struct {
	med, lo, hi float64
	n           int
	ok          bool
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func summarize(r *result, c *cell) stat {
	if c == nil || c.Err != "" || len(c.Samples) == 0 {
		return stat{}
	}
	var v []float64
	for _, s := range c.Samples {
		switch {
		case r.memory:
			v = append(v, float64(s.HWM)/1024)
		case r.bytes > 0:
			v = append(v, float64(r.bytes)/s.Dur.Seconds()/1e9)
		default:
			v = append(v, s.Dur.Seconds())
		}
	}
	return stat{med: median(v), lo: slices.Min(v), hi: slices.Max(v), n: len(v), ok: true}
}

func maxrssMedian(c *cell) float64 {
	if c == nil || c.Err != "" || len(c.Samples) == 0 {
		return 0
	}
	var v []float64
	for _, s := range c.Samples {
		v = append(v, float64(s.MaxRSS)/1024)
	}
	return median(v)
}

// cpuMedian is the median CPU time of c's runs in seconds, 0 if unknown
// (a JSON file from before samples had it).
func cpuMedian(c *cell) float64 {
	if c == nil || c.Err != "" || len(c.Samples) == 0 {
		return 0
	}
	var v []float64
	for _, s := range c.Samples {
		v = append(v, s.CPU.Seconds())
	}
	return median(v)
}

// timed reports whether r's cells are times (spawn, start-up, scripts),
// for which CPU time is shown too.
func (r *result) timed() bool { return !r.memory && r.bytes == 0 }

// cpuNote lists the CPU time of the time rows, shell by shell, with
// plumb's ratio to the floor where the floor ran.
func (rep *report) cpuNote() string {
	var parts []string
	for _, r := range rep.results {
		if !r.timed() {
			continue
		}
		var s []string
		for _, sh := range rep.shells {
			if v := cpuMedian(r.cells[sh.name]); v > 0 {
				s = append(s, sh.name+" "+fmtTime(v, 0, 0, false))
			}
		}
		if len(s) == 0 {
			continue
		}
		if p, f := cpuMedian(r.cells["plumb"]), cpuMedian(r.cells["floor"]); p > 0 && f > 0 {
			s = append(s, fmt.Sprintf("plumb/floor %.2f×", p/f))
		}
		parts = append(parts, fmt.Sprintf("%s: %s", r.title, strings.Join(s, ", ")))
	}
	if len(parts) == 0 {
		return ""
	}
	return "CPU time of the same runs (user + system of the shell and of every process it waited for, from wait4's rusage; a loaded machine stretches wall times far more than this), median: " +
		esc(strings.Join(parts, "; ")) + "."
}

// unit picks one scale for a time cell so median, min and max read alike.
func fmtTime(med, lo, hi float64, withRange bool) string {
	scale, unit, prec := 1e3, "ms", 1
	switch {
	case med >= 10:
		scale, unit, prec = 1, "s", 1
	case med >= 1:
		scale, unit, prec = 1, "s", 2
	case med < 0.01:
		prec = 2
	}
	if !withRange {
		return fmt.Sprintf("%.*f %s", prec, med*scale, unit)
	}
	return fmt.Sprintf("%.*f %s (%.*f–%.*f)", prec, med*scale, unit, prec, lo*scale, prec, hi*scale)
}

func (r *result) format(st stat) string {
	switch {
	case r.memory:
		return fmt.Sprintf("%.1f MiB (%.1f–%.1f)", st.med, st.lo, st.hi)
	case r.bytes > 0:
		return fmt.Sprintf("%.2f GB/s (%.2f–%.2f)", st.med, st.lo, st.hi)
	}
	return fmtTime(st.med, st.lo, st.hi, true)
}

func esc(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

var groupHead = map[string]string{
	"throughput": "**throughput** — GB/s, higher is better; ratio = plumb GB/s ÷ other GB/s",
	"spawn":      "**spawn** — wall time of one pipeline, lower is better; ratio = plumb time ÷ other time",
	"startup":    "**start-up** — wall time, lower is better; the floor column of `-c true` is the empty static Go program, so plumb/floor there is plumb/empty",
	"script":     "**scripts** (run as `SHELL FILE`) — wall time, lower is better",
	"memory":     "**memory** — peak RSS of the shell process itself (VmHWM at its exit, via ptrace), lower is better",
}

func (rep *report) byID(id string) *result {
	for _, r := range rep.results {
		if r.id == id {
			return r
		}
	}
	return nil
}

func (rep *report) plumb() *shellT {
	for i := range rep.shells {
		if rep.shells[i].name == "plumb" {
			return &rep.shells[i]
		}
	}
	return nil
}

// marginal is the per-stage cost between the two longest pipelines of a kind.
func (rep *report) marginal(kind, shell string) (float64, int, int, bool) {
	ns := rep.sizes.spawnN
	if kind == "cat" {
		ns = rep.sizes.catN
	}
	if len(ns) < 2 {
		return 0, 0, 0, false
	}
	a, b := ns[len(ns)-2], ns[len(ns)-1]
	ra, rb := rep.byID(fmt.Sprintf("spawn-%s-%d", kind, a)), rep.byID(fmt.Sprintf("spawn-%s-%d", kind, b))
	if ra == nil || rb == nil {
		return 0, a, b, false
	}
	sa, sb := summarize(ra, ra.cells[shell]), summarize(rb, rb.cells[shell])
	if !sa.ok || !sb.ok {
		return 0, a, b, false
	}
	return (sb.med - sa.med) / float64(b-a), a, b, true
}

// A ratio column: median of num ÷ median of den on the same row.
type ratioCol struct{ num, den string }

func (rc ratioCol) String() string { return rc.num + "/" + rc.den }

// ratioCols are plumb against every other shell and the floor, then each
// floor -mode experiment against the floor.
func (rep *report) ratioCols() []ratioCol {
	var cols []ratioCol
	if rep.plumb() != nil {
		for _, sh := range rep.shells {
			if sh.name != "plumb" && (!sh.floor || sh.name == "floor") {
				cols = append(cols, ratioCol{"plumb", sh.name})
			}
		}
	}
	if rep.shell("floor") != nil {
		for _, sh := range rep.shells {
			if sh.floor && sh.name != "floor" {
				cols = append(cols, ratioCol{sh.name, "floor"})
			}
		}
	}
	return cols
}

func (rep *report) shell(name string) *shellT {
	for i := range rep.shells {
		if rep.shells[i].name == name {
			return &rep.shells[i]
		}
	}
	return nil
}

// base is the row a plumb-only shape (|>, |>tcp) is compared on for a
// shell that cannot run it: the plain-pipe dd row with the same pinning.
func (rep *report) base(r *result, den string) *result {
	if !r.plumb || r.cells[den] != nil {
		return r
	}
	id := "tp-dd"
	if r.pin {
		id += "-1cpu"
	}
	return rep.byID(id)
}

func (rep *report) write(w io.Writer) {
	p := rep.plumb()
	var others []shellT
	for _, sh := range rep.shells {
		if sh.name != "plumb" {
			others = append(others, sh)
		}
	}
	rcols := rep.ratioCols()
	mode := "full"
	if rep.cfg.quick {
		mode = "quick (-quick: smaller sizes, N ≤ 100; not comparable with a full run)"
	}
	m := rep.machine
	var names []string
	for _, sh := range others {
		names = append(names, sh.name)
	}
	fmt.Fprintf(w, "### plumb vs %s — %s run\n\n", strings.Join(names, ", "), strings.SplitN(mode, " ", 2)[0])
	fmt.Fprintf(w, "- **Machine:** %s, nproc %d, Linux %s; %s; run as %s; pipe-max-size %s, pipe-user-pages-soft %s\n",
		m.CPU, m.NProc, m.Kernel, m.Date, m.User, m.PipeMax, m.PipeSoft)
	fmt.Fprintf(w, "- **Load average** (1/5/15 min): %s at start, %s at end; run took %s\n", m.LoadStart, m.LoadEnd, rep.elapsed.Round(time.Second))
	var sv []string
	for _, sh := range rep.shells {
		sv = append(sv, fmt.Sprintf("%s = %s (`%s`)", sh.name, sh.version, sh.path))
	}
	fmt.Fprintf(w, "- **Shells:** %s\n", strings.Join(sv, "; "))
	fmt.Fprintf(w, "- **Command:** `%s` — mode %s\n", rep.command, mode)
	reps := fmt.Sprintf("adaptive %d–%d runs per shell within a %v budget per shape", rep.cfg.minReps, rep.cfg.maxReps, rep.cfg.budget)
	if rep.cfg.reps > 0 {
		reps = fmt.Sprintf("%d runs per shell", rep.cfg.reps)
	}
	fmt.Fprintf(w, "- **Method:** each cell is median (min–max) over the runs; %d warm-up round(s), then %s, shells interleaved in rotating order; memory shapes %d runs, no warm-up\n",
		rep.cfg.warmup, reps, rep.cfg.memReps)
	if p != nil && !p.real {
		fmt.Fprintf(w, "- **Note:** the plumb column is a stand-in (`%s`), not plumb; plumb-only shapes are skipped\n", p.path)
	}
	fmt.Fprintln(w)

	cols := []string{"shape"}
	for _, sh := range rep.shells {
		cols = append(cols, sh.name)
	}
	for _, rc := range rcols {
		cols = append(cols, rc.String())
	}
	cols = append(cols, "runs")
	row := func(cells ...string) {
		for len(cells) < len(cols) {
			cells = append(cells, "")
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
	}
	row(cols...)
	seps := make([]string, len(cols))
	for i := range seps {
		seps[i] = "---"
		if i > 0 {
			seps[i] = "--:"
		}
	}
	row(seps...)

	var notes []string
	group := ""
	for _, r := range rep.results {
		if r.group != group {
			if group == "spawn" {
				rep.marginalRows(row, rcols)
			}
			group = r.group
			row(groupHead[group])
		}
		if len(r.cells) == 0 {
			continue // plumb-only shape without plumb
		}
		cells := []string{esc(r.title)}
		stats := map[string]stat{}
		runs := ""
		for _, sh := range rep.shells {
			c := r.cells[sh.name]
			switch {
			case c == nil:
				cells = append(cells, "—")
			case c.Err != "":
				cells = append(cells, "FAIL")
				notes = append(notes, fmt.Sprintf("%s on %s: %s", sh.name, r.title, c.Err))
			default:
				st := summarize(r, c)
				stats[sh.name] = st
				cells = append(cells, r.format(st))
				if runs == "" {
					runs = fmt.Sprint(st.n)
				}
			}
		}
		for _, rc := range rcols {
			ns, ds := stats[rc.num], stats[rc.den]
			ref := ""
			if b := rep.base(r, rc.den); b != r && b != nil {
				// |> and |>tcp: against the other shell's plain pipe
				ds = summarize(b, b.cells[rc.den])
				ref = " †"
			}
			if ns.ok && ds.ok && ds.med > 0 {
				cells = append(cells, fmt.Sprintf("%.2f×%s", ns.med/ds.med, ref))
			} else {
				cells = append(cells, "—")
			}
		}
		cells = append(cells, runs)
		row(cells...)
	}
	if group == "spawn" {
		rep.marginalRows(row, rcols)
	}
	fmt.Fprintln(w)
	if rep.byID("tp-dd-sock") != nil || rep.byID("tp-dd-tcp") != nil {
		fmt.Fprintln(w, "† `|>` and `|>tcp` rows: plumb's socket link compared with the other shell's plain `|` on the same dd transfer (the floor runs the same link kind: socketpair, loopback TCP).")
	}
	if rep.shell("floor") != nil {
		fmt.Fprintln(w, "floor = bench/floor: pipe2(O_CLOEXEC) + syscall.ForkExec + wait4 and nothing else, given each stage's argv (1 MiB pipes on the throughput rows, as plumb enlarges them); on start-up rows `-c true` it is bench/empty, an empty static Go program. \"1 CPU\" rows: the shell and every stage pinned to one CPU (sched_setaffinity, as taskset does).")
	}
	fmt.Fprintln(w, "Ratios compare medians. Marginal per-stage cost = (median(N_hi) − median(N_lo)) ÷ (N_hi − N_lo), no range shown.")
	if mem := rep.memNote(); mem != "" {
		fmt.Fprintln(w, mem)
	}
	if cpu := rep.cpuNote(); cpu != "" {
		fmt.Fprintln(w, cpu)
	}
	if len(notes) > 0 {
		fmt.Fprintln(w, "\nFailures:")
		for _, n := range notes {
			fmt.Fprintf(w, "- %s\n", esc(n))
		}
	}
	if p != nil {
		rep.targets(w)
	}
	if len(rep.hyperfine) > 0 {
		fmt.Fprintln(w, "\nhyperfine cross-check (each command's runs back to back, not interleaved; `hyperfine -N`, median ± σ):")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "| command | median | mean ± σ | runs |")
		fmt.Fprintln(w, "|---|--:|--:|--:|")
		for _, h := range rep.hyperfine {
			fmt.Fprintf(w, "| `%s` | %.2f ms | %.2f ± %.2f ms | %d |\n", esc(h.cmd), h.median*1e3, h.mean*1e3, h.stddev*1e3, h.runs)
		}
	}
}

func (rep *report) marginalRows(row func(...string), rcols []ratioCol) {
	for _, kind := range []string{"true", "cat"} {
		label := map[string]string{"true": "/bin/true", "cat": "cat"}[kind]
		var a, b int
		vals := map[string]float64{}
		cells := []string{""}
		for _, sh := range rep.shells {
			v, lo, hi, ok := rep.marginal(kind, sh.name)
			a, b = lo, hi
			if ok {
				vals[sh.name] = v
				cells = append(cells, fmtTime(v, 0, 0, false))
			} else {
				cells = append(cells, "—")
			}
		}
		if a == 0 || len(vals) == 0 {
			continue
		}
		cells[0] = fmt.Sprintf("marginal cost per stage, `%s`, N=%d→%d", label, a, b)
		for _, rc := range rcols {
			nv, okn := vals[rc.num]
			dv, okd := vals[rc.den]
			if okn && okd && dv > 0 {
				cells = append(cells, fmt.Sprintf("%.2f×", nv/dv))
			} else {
				cells = append(cells, "—")
			}
		}
		row(cells...)
	}
}

func (rep *report) memNote() string {
	var parts []string
	for _, r := range rep.results {
		if !r.memory {
			continue
		}
		var s []string
		for _, sh := range rep.shells {
			if v := maxrssMedian(r.cells[sh.name]); v > 0 {
				s = append(s, fmt.Sprintf("%s %.1f", sh.name, v))
			}
		}
		if len(s) > 0 {
			parts = append(parts, fmt.Sprintf("%s: %s", r.title, strings.Join(s, ", ")))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "For comparison, wait4 ru_maxrss (what `/usr/bin/time -f %M` shows; includes the harness image the shell was exec'd from and the largest child, so it has a floor of the harness's own RSS), MiB, median: " +
		esc(strings.Join(parts, "; ")) + "."
}

// cpuRatio is num's median CPU time over den's on a time target's shape.
// It is shown beside the mark, which stays the wall-time one.
func (rep *report) cpuRatio(t target) (float64, bool) {
	r := rep.byID(t.id)
	if r == nil || !r.timed() {
		return 0, false
	}
	n, d := cpuMedian(r.cells[t.num]), cpuMedian(r.cells[t.den])
	if n <= 0 || d <= 0 {
		return 0, false
	}
	return n / d, true
}

// A target is a ratio of medians in one run with its threshold.
type target struct {
	what   string
	id     string
	num    string // normally plumb
	den    string // bash, dash, floor (the empty program on start-up rows)
	limit  float64
	atMost bool // ratio must be ≤ limit (times, MiB); else ≥ limit (GB/s)
}

// ratio is num's median over den's on shape id (for |> and |>tcp against
// a shell that cannot run them: that shell's plain pipe, see base).
func (rep *report) ratio(t target) (float64, bool) {
	r := rep.byID(t.id)
	if r == nil {
		return 0, false
	}
	ns := summarize(r, r.cells[t.num])
	b := rep.base(r, t.den)
	if b == nil {
		return 0, false
	}
	ds := summarize(b, b.cells[t.den])
	if !ns.ok || !ds.ok || ds.med == 0 {
		return 0, false
	}
	return ns.med / ds.med, true
}

// issue15Targets are the targets of issue 15 that this harness measures.
// Target 4 (pipe sizes of 100 concurrent plumb processes of one user) is a
// different experiment and is not among them.
func (rep *report) issue15Targets() []target {
	var ts []target
	for _, n := range rep.sizes.spawnN {
		if n >= 10 {
			ts = append(ts, target{fmt.Sprintf("1. spawn `/bin/true` N=%d ≤ 1.05× floor", n), fmt.Sprintf("spawn-true-%d", n), "plumb", "floor", 1.05, true})
		}
	}
	ts = append(ts,
		target{fmt.Sprintf("1. script of %d external commands ≤ 1.05× floor", rep.sizes.lines), "script-true", "plumb", "floor", 1.05, true},
		target{fmt.Sprintf("1. script of %d `echo x | cat` lines ≤ 1.05× floor", rep.sizes.lines), "script-echo-cat", "plumb", "floor", 1.05, true},
		target{"2. start-up `-c true` ≤ 1.10× the empty static Go program", "startup-true", "plumb", "floor", 1.10, true},
		target{fmt.Sprintf("3. peak RSS, %d-stage `cat` pipeline ≤ 2× bash", rep.sizes.memN), "mem-cat", "plumb", "bash", 2, true},
		target{"3. peak RSS, builtin loop ≤ 2× bash", "mem-loop", "plumb", "bash", 2, true},
	)
	if ns := rep.sizes.catN; len(ns) > 0 {
		n := ns[len(ns)-1]
		ts = append(ts, target{fmt.Sprintf("3. wall time, %d-stage `cat` pipeline ≤ 1.0× bash", n), fmt.Sprintf("spawn-cat-%d", n), "plumb", "bash", 1.0, true})
	}
	// "Throughput stays at the floor": within 5%, the noise of one run.
	for _, pin := range []string{"-1cpu", ""} {
		where := "free"
		if pin != "" {
			where = "1 CPU"
		}
		ts = append(ts,
			target{fmt.Sprintf("5. `dd | dd` throughput ≥ 0.95× floor (%s)", where), "tp-dd" + pin, "plumb", "floor", 0.95, false},
			target{fmt.Sprintf("5. `dd |> dd` throughput ≥ 0.95× floor's socketpair (%s)", where), "tp-dd-sock" + pin, "plumb", "floor", 0.95, false},
			target{fmt.Sprintf("5. `dd |>tcp dd` throughput ≥ 0.95× floor's loopback TCP (%s)", where), "tp-dd-tcp" + pin, "plumb", "floor", 0.95, false},
		)
	}
	return ts
}

// issue6Targets are the targets of issue 6 that issue 15 did not replace
// (it replaced the spawn targets against bash and dash with the floor).
func (rep *report) issue6Targets() []target {
	return []target{
		{"`dd | dd` throughput ≥ 1.5× bash (free)", "tp-dd", "plumb", "bash", 1.5, false},
		{"`head -c | cat | cat` throughput ≥ 1.0× bash", "tp-head-cat", "plumb", "bash", 1.0, false},
		{"8-stage chain throughput ≥ 1.0× bash", "tp-chain8", "plumb", "bash", 1.0, false},
		{"`|>` ≥ 3× bash's `|` (dd, free)", "tp-dd-sock", "plumb", "bash", 3, false},
		{"`|>tcp` ≥ 1.5× bash's `|` (dd, free)", "tp-dd-tcp", "plumb", "bash", 1.5, false},
		{"start-up `-c true` ≤ 1.2× bash", "startup-true", "plumb", "bash", 1.2, true},
		{"builtin loop ≤ 1.0× dash", "script-loop", "plumb", "dash", 1.0, true},
	}
}

// targets marks each target met or missed with the ratio from this run.
func (rep *report) targets(w io.Writer) {
	list := func(head string, ts []target) {
		fmt.Fprintf(w, "\n%s (ratio of medians in this run):\n\n", head)
		for _, t := range ts {
			if rep.byID(t.id) == nil {
				continue // not in this run (-only)
			}
			v, ok := rep.ratio(t)
			mark := "not measured"
			if ok {
				met := v >= t.limit
				if t.atMost {
					met = v <= t.limit
				}
				prec := 2
				if fmt.Sprintf("%.2f", v) == fmt.Sprintf("%.2f", t.limit) {
					prec = 3 // 1.054 would read as "1.05× — missed"
				}
				mark = fmt.Sprintf("%.*f× — missed", prec, v)
				if met {
					mark = fmt.Sprintf("%.*f× — met", prec, v)
				}
				if c, ok := rep.cpuRatio(t); ok {
					mark += fmt.Sprintf(" (CPU time: %.2f×)", c)
				}
			}
			fmt.Fprintf(w, "- %s: %s\n", t.what, mark)
		}
	}
	list("Targets of issue 15", rep.issue15Targets())
	list("Targets of issue 6 that still stand", rep.issue6Targets())
	if p := rep.plumb(); p != nil && !p.real {
		fmt.Fprintln(w, "\n(plumb column is a stand-in: these marks say nothing about plumb.)")
	}
}

// hyperfine cross-check for the short shapes.
type hfRow struct {
	cmd                  string
	median, mean, stddev float64
	runs                 int
}

func hyperfineCheck(c config, shells []shellT, results []*result) []hfRow {
	hf, err := exec.LookPath("hyperfine")
	if err != nil {
		logf("-hyperfine: hyperfine not found — skipped")
		return nil
	}
	if c.asUser != "" {
		logf("-hyperfine: not with -user — skipped")
		return nil
	}
	runs := "50"
	if c.quick {
		runs = "20"
	}
	out := filepath.Join(os.TempDir(), fmt.Sprintf("plumb-bench-hf-%d.json", os.Getpid()))
	defer os.Remove(out)
	args := []string{"-N", "-i", "--warmup", "5", "--runs", runs, "--style", "none", "--export-json", out}
	for _, text := range []string{"true", "/bin/true"} {
		for _, sh := range shells {
			switch {
			case !sh.floor:
				args = append(args, sh.path+" -c "+text)
			case sh.name != "floor": // the -mode experiments: not start-up
			case text == "true" && sh.empty != "":
				args = append(args, sh.empty)
			case text == "/bin/true":
				args = append(args, sh.path+" /bin/true")
			}
		}
	}
	logf("hyperfine %s", strings.Join(args, " "))
	cmd := exec.Command(hf, args...)
	cmd.Stdout, cmd.Stderr = io.Discard, os.Stderr
	if err := cmd.Run(); err != nil {
		logf("hyperfine: %v", err)
		return nil
	}
	b, err := os.ReadFile(out)
	if err != nil {
		logf("hyperfine: %v", err)
		return nil
	}
	var j struct {
		Results []struct {
			Command string    `json:"command"`
			Mean    float64   `json:"mean"`
			Stddev  float64   `json:"stddev"`
			Median  float64   `json:"median"`
			Times   []float64 `json:"times"`
		} `json:"results"`
	}
	if err := json.Unmarshal(b, &j); err != nil {
		logf("hyperfine json: %v", err)
		return nil
	}
	var rows []hfRow
	for _, r := range j.Results {
		rows = append(rows, hfRow{r.Command, r.Median, r.Mean, r.Stddev, len(r.Times)})
	}
	return rows
}
