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
	"startup":    "**start-up** — wall time, lower is better",
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

func (rep *report) write(w io.Writer) {
	p := rep.plumb()
	var others []shellT
	for _, sh := range rep.shells {
		if sh.name != "plumb" {
			others = append(others, sh)
		}
	}
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
	if p != nil {
		for _, o := range others {
			cols = append(cols, "plumb/"+o.name)
		}
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
				rep.marginalRows(row, p, others)
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
		if p != nil {
			for _, o := range others {
				ps, os := stats["plumb"], stats[o.name]
				ref := ""
				if r.plumb { // |> and |>tcp: against the other shell's plain pipe
					if base := rep.byID("tp-dd"); base != nil {
						os = summarize(base, base.cells[o.name])
						ref = " †"
					}
				}
				if ps.ok && os.ok && os.med > 0 {
					cells = append(cells, fmt.Sprintf("%.2f×%s", ps.med/os.med, ref))
				} else {
					cells = append(cells, "—")
				}
			}
		}
		cells = append(cells, runs)
		row(cells...)
	}
	if group == "spawn" {
		rep.marginalRows(row, p, others)
	}
	fmt.Fprintln(w)
	if rep.byID("tp-dd-sock") != nil || rep.byID("tp-dd-tcp") != nil {
		fmt.Fprintln(w, "† `|>` and `|>tcp` rows: plumb's socket link compared with the other shell's plain `|` on the same dd transfer.")
	}
	fmt.Fprintln(w, "Ratios compare medians. Marginal per-stage cost = (median(N_hi) − median(N_lo)) ÷ (N_hi − N_lo), no range shown.")
	if mem := rep.memNote(); mem != "" {
		fmt.Fprintln(w, mem)
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

func (rep *report) marginalRows(row func(...string), p *shellT, others []shellT) {
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
		if p != nil {
			for _, o := range others {
				pv, okp := vals["plumb"]
				ov, oko := vals[o.name]
				if okp && oko && ov > 0 {
					cells = append(cells, fmt.Sprintf("%.2f×", pv/ov))
				} else {
					cells = append(cells, "—")
				}
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

// targets checks the ratios of issue 6 against this run.
func (rep *report) targets(w io.Writer) {
	ratio := func(id, other string) (float64, bool) {
		r := rep.byID(id)
		if r == nil {
			return 0, false
		}
		ps := summarize(r, r.cells["plumb"])
		if r.plumb {
			r = rep.byID("tp-dd")
			if r == nil {
				return 0, false
			}
		}
		os := summarize(r, r.cells[other])
		if !ps.ok || !os.ok || os.med == 0 {
			return 0, false
		}
		return ps.med / os.med, true
	}
	type target struct {
		what   string
		id     string
		other  string
		limit  float64
		atMost bool // ratio must be ≤ limit (times); else ≥ limit (throughput)
	}
	var ts []target
	ts = append(ts,
		target{"`dd | dd` throughput ≥ 1.5× bash", "tp-dd", "bash", 1.5, false},
		target{"`head -c | cat | cat` throughput ≥ 1.0× bash", "tp-head-cat", "bash", 1.0, false},
		target{"8-stage chain throughput ≥ 1.0× bash", "tp-chain8", "bash", 1.0, false},
		target{"`|>` ≥ 3× bash's `|` (dd)", "tp-dd-sock", "bash", 3, false},
		target{"`|>tcp` ≥ 1.5× bash's `|` (dd)", "tp-dd-tcp", "bash", 1.5, false},
	)
	for _, kind := range []string{"true", "cat"} {
		for _, n := range rep.sizes.spawnN {
			id := fmt.Sprintf("spawn-%s-%d", kind, n)
			if n >= 100 {
				ts = append(ts,
					target{fmt.Sprintf("spawn `%s` N=%d ≤ 0.6× bash", kind, n), id, "bash", 0.6, true},
					target{fmt.Sprintf("spawn `%s` N=%d ≤ 0.75× dash", kind, n), id, "dash", 0.75, true})
			} else {
				ts = append(ts, target{fmt.Sprintf("spawn `%s` N=%d ≤ 1.0× bash", kind, n), id, "bash", 1.0, true})
			}
		}
	}
	ts = append(ts,
		target{"start-up `-c true` ≤ 1.2× bash", "startup-true", "bash", 1.2, true},
		target{"script of external commands ≤ 0.6× bash", "script-true", "bash", 0.6, true},
		target{"script of `echo x | cat` lines ≤ 0.7× bash", "script-echo-cat", "bash", 0.7, true},
		target{"builtin loop ≤ 1.0× dash", "script-loop", "dash", 1.0, true},
		target{"peak RSS, long pipeline ≤ 2× bash", "mem-cat", "bash", 2, true},
	)
	fmt.Fprintln(w, "\nTargets of issue 6 (ratio of medians in this run):")
	fmt.Fprintln(w)
	for _, t := range ts {
		if rep.byID(t.id) == nil {
			continue // not in this run (-only)
		}
		v, ok := ratio(t.id, t.other)
		mark := "not measured"
		if ok {
			met := v >= t.limit
			if t.atMost {
				met = v <= t.limit
			}
			prec := 2
			if fmt.Sprintf("%.2f", v) == fmt.Sprintf("%.2f", t.limit) {
				prec = 3 // 0.754 would read as "0.75× — missed"
			}
			mark = fmt.Sprintf("%.*f× — missed", prec, v)
			if met {
				mark = fmt.Sprintf("%.*f× — met", prec, v)
			}
		}
		fmt.Fprintf(w, "- %s: %s\n", t.what, mark)
	}
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
			args = append(args, sh.path+" -c "+text)
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
