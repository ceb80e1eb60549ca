package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

const goshModule = "mvdan.cc/sh/v3/cmd/gosh@v3.14.1"

func logf(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", a...)
}

func fatalf(format string, a ...any) {
	logf(format, a...)
	if pid := running.Load(); pid > 0 {
		killGroup(int(pid))
	}
	os.Exit(1)
}

// repoRoot walks up from the working directory to the go.mod of plumb.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.HasPrefix(strings.TrimSpace(string(b)), "module github.com/plumbsh/plumb\n") {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod of github.com/plumbsh/plumb above the working directory")
		}
		dir = parent
	}
}

func output(name string, args ...string) string {
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// buildPlumb returns the plumb binary to measure: $PLUMB if set, else a
// fresh build of ./cmd/plumb. It returns "" (and says why) when there is none.
func buildPlumb(work string) string {
	if p := os.Getenv("PLUMB"); p != "" {
		abs, err := exec.LookPath(p)
		if err != nil {
			logf("PLUMB=%s: %v — plumb skipped", p, err)
			return ""
		}
		abs, _ = filepath.Abs(abs)
		return abs
	}
	root, err := repoRoot()
	if err != nil {
		logf("%v — plumb skipped (set PLUMB=/path/to/plumb)", err)
		return ""
	}
	out := filepath.Join(work, "plumb")
	// Static, as the README says to build it: with cgo (the default when
	// a C compiler is installed) the net and os/user packages make a
	// dynamically linked binary, and loading libc plus cgo's thread set-up
	// cost 0.9 ms of a 2.6 ms `plumb -c true`.
	logf("building plumb: CGO_ENABLED=0 go build -o %s ./cmd/plumb (in %s)", out, root)
	cmd := exec.Command("go", "build", "-o", out, "./cmd/plumb")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		msg := strings.TrimSpace(string(b))
		if len(msg) > 600 {
			msg = msg[:600] + " …"
		}
		logf("plumb build failed — plumb skipped (set PLUMB=/path to override):\n%s", msg)
		return ""
	}
	return out
}

// buildBench builds bench/NAME (floor, empty) statically into the scratch
// directory, once per run, and returns the binary ("" if that failed).
func buildBench(work, name string) string {
	out := filepath.Join(work, name)
	if _, err := os.Stat(out); err == nil {
		return out
	}
	dir := "."
	if root, err := repoRoot(); err == nil {
		dir = filepath.Join(root, "bench")
	}
	logf("building %s: CGO_ENABLED=0 go build -o %s ./%s (in %s)", name, out, name, dir)
	cmd := exec.Command("go", "build", "-o", out, "./"+name)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	cmd.Dir = dir
	if b, err := cmd.CombinedOutput(); err != nil {
		logf("building %s failed — its column is skipped:\n%s", name, lastLines(string(b), 5))
		return ""
	}
	return out
}

func isRoot() bool { return os.Geteuid() == 0 }

// ensureDebian installs dash and hyperfine from Debian packages where missing.
func ensureDebian(install bool) {
	var missing []string
	for _, p := range []string{"dash", "hyperfine"} {
		if _, err := exec.LookPath(p); err != nil {
			missing = append(missing, p)
		}
	}
	if len(missing) == 0 {
		return
	}
	if !install {
		logf("missing %v (-install=false): those columns are skipped", missing)
		return
	}
	if !isRoot() {
		logf("missing %v and not root: run `sudo apt-get install -y %s`; skipping them", missing, strings.Join(missing, " "))
		return
	}
	logf("installing %v: apt-get update && apt-get install -y %s", missing, strings.Join(missing, " "))
	run := func(args ...string) error {
		cmd := exec.Command("apt-get", args...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		b, err := cmd.CombinedOutput()
		if err != nil {
			logf("apt-get %s: %v\n%s", strings.Join(args, " "), err, lastLines(string(b), 5))
		}
		return err
	}
	if run("update") == nil {
		run(append([]string{"install", "-y", "--no-install-recommends"}, missing...)...)
	}
}

func lastLines(s string, n int) string {
	l := strings.Split(strings.TrimSpace(s), "\n")
	if len(l) > n {
		l = l[len(l)-n:]
	}
	return strings.Join(l, "\n")
}

func cacheDir() string {
	if d := os.Getenv("BENCH_CACHE"); d != "" {
		return d
	}
	d, err := os.UserCacheDir()
	if err != nil {
		d = os.TempDir()
	}
	return filepath.Join(d, "plumb-bench")
}

// ensureGosh returns the gosh binary: $GOSH, or the cached go-installed one
// (installed with GOBIN=cache go install mvdan.cc/sh/v3/cmd/gosh@v3.14.1,
// which never touches plumb's go.mod).
func ensureGosh(install bool) string {
	if p := os.Getenv("GOSH"); p != "" {
		return p
	}
	dir := filepath.Join(cacheDir(), "bin")
	bin := filepath.Join(dir, "gosh")
	if _, err := os.Stat(bin); err == nil {
		return bin
	}
	if !install {
		logf("no gosh in %s (-install=false): gosh skipped", dir)
		return ""
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		logf("gosh: %v — skipped", err)
		return ""
	}
	logf("installing gosh: GOBIN=%s go install %s", dir, goshModule)
	cmd := exec.Command("go", "install", goshModule)
	cmd.Dir = dir // outside any module: plumb's go.mod is not involved
	cmd.Env = append(os.Environ(), "GOBIN="+dir, "GOWORK=off")
	if b, err := cmd.CombinedOutput(); err != nil {
		logf("go install gosh failed — gosh skipped:\n%s", lastLines(string(b), 5))
		return ""
	}
	return bin
}

func shellVersion(name, path string) string {
	switch name {
	case "bash":
		v := output(path, "-c", `echo "$BASH_VERSION"`)
		return "bash " + v
	case "dash":
		if v := output("dpkg-query", "-W", "-f", "${Version}", "dash"); v != "" {
			return "dash " + v + " (Debian package)"
		}
		return "dash"
	case "gosh":
		for _, l := range strings.Split(output("go", "version", "-m", path), "\n") {
			f := strings.Fields(l)
			if len(f) >= 3 && f[0] == "mod" && f[1] == "mvdan.cc/sh/v3" {
				return "gosh " + f[2]
			}
		}
		return "gosh"
	}
	v := output(path, "--version")
	if i := strings.IndexByte(v, '\n'); i >= 0 {
		v = v[:i]
	}
	return v
}

// machine describes where the run happened, for the header of the report.
type machine struct {
	CPU, Kernel, Date, User, PipeMax, PipeSoft string
	NProc                                      int
	LoadStart, LoadEnd                         string
}

func readMachine() machine {
	m := machine{NProc: runtime.NumCPU(), Date: time.Now().UTC().Format("2006-01-02 15:04 MST")}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	if n := output("nproc"); n != "" {
		fmt.Sscan(n, &m.NProc)
	}
	m.Kernel = strings.TrimSpace(readFile("/proc/sys/kernel/osrelease"))
	m.PipeMax = strings.TrimSpace(readFile("/proc/sys/fs/pipe-max-size"))
	m.PipeSoft = strings.TrimSpace(readFile("/proc/sys/fs/pipe-user-pages-soft"))
	m.LoadStart = loadavg()
	return m
}

func readFile(p string) string {
	b, _ := os.ReadFile(p)
	return string(b)
}

func loadavg() string {
	f := strings.Fields(readFile("/proc/loadavg"))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
