package interp

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"github.com/plumbsh/plumb/exec"
	"github.com/plumbsh/plumb/parser"
	"github.com/plumbsh/plumb/shell/expand"
	"github.com/plumbsh/plumb/shell/history"
)

// variable is one shell variable. A variable that is declared (export x,
// readonly x, local x) but never assigned has set == false.
//
// array is non-nil for a bash indexed array: its elements by index (sparse,
// as `a[7]=x` or `unset 'a[1]'` leave it); value is then unused and the
// variable is set. $a is element 0, assigning a scalar sets element 0,
// and an array is never exported (bash). See arrays.go.
//
// assoc is non-nil for a bash associative array (assoc.go); value is then
// unused, and set is false until an element is assigned (`declare -A m`
// declares m without setting it).
type variable struct {
	value    string
	set      bool
	exported bool
	readonly bool
	nameref  bool    // declare -n: value names the variable this one stands for (nameref.go)
	attrs    varAttr // declare -i, -l, -u, -c: how an assignment converts the value (attrs.go)
	array    map[int]string
	assoc    *assocArray
}

// cachedPath is a command's path found in PATH and how many times it has
// run since (`hash` shows both).
type cachedPath struct {
	path string
	hits int
}

// options are the `set` options.
type options struct {
	errexit   bool // -e
	nounset   bool // -u
	xtrace    bool // -x
	noclobber bool // -C
	noglob    bool // -f
	allexport bool // -a
	noexec    bool // -n: read commands, run none (source.go)
	verbose   bool // -v: echo the input to stderr as it is read
	histexp   bool // -H, histexpand: !! and friends at the prompt (package history)
	history   bool // set -o history: lines read are saved in the history (on at the prompt)
	pipefail  bool
	stats     bool
	pipeSize  pipeSizeOption // set -o pipesize=N (pipesize.go)
	shopt     shopts         // shopt's options (shopt.go)
	errtrace  bool           // -E: functions and subshells inherit the ERR trap (trap_bash.go)
	functrace bool           // -T: they inherit DEBUG and RETURN
	hashall   bool           // -h: on from New; plumb remembers commands' paths either way
	monitor   bool           // -m: background jobs get their own process group (at the prompt they always do)
	physical  bool           // -P: cd resolves symbolic links, as cd -P
	// posix (set -o posix, or started as sh): where bash and POSIX
	// disagree, POSIX: a special builtin is found before a function of
	// its name and its prefix assignments stay; a failed assignment ends
	// a script.
	posix bool
	// emacs and vi are the line editor's key bindings (set -o emacs, on
	// at the prompt; vi is accepted and turns emacs off, and plumb's
	// editor keeps its emacs keys).
	emacs, vi bool

	// braceexpand (-B) is on from New: {a,b} and {1..3} expand.
	braceexpand bool
}

// Shell is the state of one shell: variables, functions, options, the
// working directory, positional parameters and its descriptor table. A
// subshell is a copy made by clone; nothing it changes reaches its parent.
//
// A Shell is used by one goroutine at a time. In-process pipeline stages
// each get their own clone.
type Shell struct {
	vars  map[string]*variable
	funcs map[string]*function
	opts  options

	// expCfg is word expansion's view of this shell (expandConfig).
	expCfg expand.Config
	// bytes is set while the locale is not a UTF-8 one, so that every
	// byte is a character (locale.go); varChanged keeps it current.
	bytes bool

	// aliases maps alias names to values (alias.go); nil when none.
	aliases map[string]string

	// compSpecs are the completion specs `complete` stored, by command
	// name (complete.go); compSeq numbers them as they come; compCur is
	// the completion a function runs for at the prompt, which compopt
	// without names changes (nil at other times).
	compSpecs map[string]*compSpec
	compSeq   uint64
	compCur   *compSpec

	dir      string
	dirStack []string // pushd's directories under the top, which is dir (builtin_dirs.go)
	arg0     string
	args     []string
	traps    map[string]string
	umask    int
	status   int

	// rlimits are the resource limits `ulimit` set, by resource; the
	// others are the process's (ulimit.go).
	rlimits map[int]unix.Rlimit

	pipestatus []int
	lastBg     int
	// namerefs is set once a nameref exists: names resolve (nameref.go).
	namerefs bool
	// subshellDepth is $BASH_SUBSHELL: how many subshells deep this is.
	subshellDepth int
	// lastArg is $_: the last word of the last simple command run here.
	lastArg string

	// globIgnore is GLOBIGNORE split at its colons (globignore.go).
	globIgnore []string
	// commandsRun counts the lines run at the prompt: the prompt's \#.
	commandsRun int

	// hist is the prompt's history, for history and fc (histcmd.go);
	// nil unless the shell is interactive.
	hist *history.History

	// started is when the shell began, for $SECONDS.
	started time.Time

	// shownTraps is what `trap` lists in a subshell that has set no
	// trap of its own: the parent's traps, as bash shows them, so that
	// saved=$(trap) can save them to be restored later.
	shownTraps map[string]string

	// fdTable is the descriptor table commands inherit: index = fd, nil =
	// closed; files[0..2] start as the shell's own stdio. It records
	// which descriptors this shell owns and must close (fdtable.go).
	fdTable

	// substEnds are the consumer ends of process substitutions in files,
	// until the command that uses their words is done; substs are the
	// substitutions still running, shared with every copy of the shell;
	// lastProc is the last one this shell started (procsubst.go).
	substEnds []substEnd
	substs    *substTable
	lastProc  *substProc

	// env caches the exported environment; nil after any change.
	env []string

	// pathCache maps command names to resolved paths for the current PATH.
	pathCache map[string]*cachedPath
	pathFor   string

	jobs *jobTable
	ctx  context.Context
	pgid int // process group that external commands join (0: their own)

	// runtime position, for messages
	source    string // script name for messages; "" for -c
	line      int
	lineBase  int // added to the line numbers of eval'd text: the eval's own line, less 1
	funcDepth int
	loopDepth int
	noErrexit int // > 0 inside a condition, where set -e does not apply
	// scriptReader marks the shell that reads a script file (not -c,
	// not a subshell's process): a discarded line (abortError.discard)
	// ends only that line of it.
	scriptReader bool
	// statusExempt marks $? as the failure of a command where set -e
	// was ignored (the left of && or ||, a ! pipeline). A compound
	// command ({ }, if, for, while, case) that ends with such a status
	// does not trip set -e either, as POSIX says; a subshell or a
	// function call does.
	statusExempt bool
	// stageClone is the copy of the shell that planStage made for the
	// stage it planned last, nil for an external stage: with shopt -s
	// lastpipe, the last stage's variables come back (runPipeline).
	stageClone  *Shell
	subshell    bool
	pid         int
	interactive bool
	login       bool // a login shell: logout works, shopt login_shell
	fromString  bool // started with -c: $- shows c
	ownsSignals bool // this is the process's top-level shell (cmd/plumb)
	// execsLast: the source is a -c string or a background list's text,
	// whose only external command may replace the process; oneShot marks
	// the command about to run as that one (oneshot.go).
	execsLast, oneShot bool
	// asyncIgnoresInt marks a background job's copy in a script: its
	// commands start with SIGINT and SIGQUIT ignored, as POSIX has it
	// without job control, since they share the shell's process group
	// and Ctrl-C at the terminal would reach them (jobs.go).
	asyncIgnoresInt bool
	// ackStarts is set on a background job's copy while its plan is
	// built; startAcks are then the read ends of the pipes whose write
	// ends its commands' trampolines hold until they exec the command
	// (trampoline.go). A clone (an in-process stage's shell) has
	// neither: nobody would wait on its pipes.
	ackStarts bool
	startAcks []*os.File
	// fifoOpens, while a pipeline of several stages is built, collects
	// the FIFOs its redirections open concurrently (fifoopen.go).
	fifoOpens *[]*fifoOpen
	sigCh     chan os.Signal // signals caught for traps
	bashTraps bashTrapState  // ERR, DEBUG, RETURN (trap_bash.go)
	bashName  string         // started as bash: that name, for messages (bashmsg.go)

	// inSubst marks a command substitution's copy at the prompt (and
	// its copies): Ctrl-Z does not stop its commands (foreground.go).
	inSubst bool

	// jc hands the terminal to foreground jobs (foreground.go); nil for
	// embedders and inside background jobs.
	jc           *jobControl
	diedOfSIGINT bool // a foreground job died of Ctrl-C and ended the script

	lastSubst   int                    // status of the last command substitution, -1 if none
	sourceDepth int                    // > 0 inside `.`/source, where return is allowed
	optIndex    int                    // getopts: the OPTIND it last set
	optPos      int                    // getopts: position inside a cluster like -abc
	locals      []map[string]*variable // saved values, one frame per function call
	frames      []callFrame            // the function calls under way, innermost last (caller.go)

	grace    time.Duration      // SIGTERM→SIGKILL on cancellation; 0 is exec's default
	recorder func(*exec.Result) // the embedder's record of every foreground pipeline
	blame    *blame             // the embedder's: which command produced $? (api_blame.go)
	live     *Live              // a started call's running pipelines (live.go)

	// cmdHook lets an embedder replace commands by name (see Runner).
	cmdHook func(name string) CommandFunc
	// jobCtx, when set, is the context background jobs start with in
	// place of ctx: a Session's, so that a job outlives the call that
	// started it (see Session.Run).
	jobCtx context.Context
}

// CommandFunc is a command written in Go that runs as a pipeline stage:
// args is its argv (args[0] its name), files its descriptor table (index
// = fd, nil = closed): it reads files[0] and writes files[1] and
// files[2], and returns its exit status. The files belong to the
// pipeline: it must not close them nor use them after it returns. It must
// return when ctx is done. CommandCtx(ctx) gives the call's working
// directory and environment; a panic in it is the command's failure,
// status 70 with the panic and its stack on its stderr.
type CommandFunc func(ctx context.Context, args []string, files []*os.File) int

// newShell returns a shell whose working directory is dir, whose environment is
// env (KEY=VALUE) and whose stdio is stdin, stdout, stderr.
func newShell(dir string, env []string, stdin, stdout, stderr *os.File) *Shell {
	s := &Shell{
		vars:   make(map[string]*variable),
		funcs:  make(map[string]*function),
		traps:  make(map[string]string),
		dir:    dir,
		arg0:   "plumb",
		jobs:   newJobTable(),
		substs: &substTable{},
		ctx:    context.Background(),
		pid:    os.Getpid(),
		umask:  currentUmask(),
	}
	s.fdTable = borrowed([]*os.File{stdin, stdout, stderr})
	s.opts.shopt = defaultShopts()
	s.opts.braceexpand = true
	s.opts.hashall = true
	for _, kv := range env {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || !parser.IsName(k) {
			continue
		}
		s.vars[k] = &variable{value: v, set: true, exported: true}
	}
	s.importFuncs(env)
	// $_ starts as the environment's _ (the path the caller ran), as in
	// bash; after that it is the shell's own, not a variable.
	if v, ok := s.vars["_"]; ok {
		s.lastArg = v.value
		delete(s.vars, "_")
	} else {
		s.lastArg = os.Args[0]
	}
	if v, ok := s.get("IFS"); !ok || v == "" {
		s.setVar("IFS", " \t\n")
	}
	s.setVar("PWD", dir)
	s.exportVar("PWD")
	s.setVar("PPID", strconv.Itoa(os.Getppid()))
	if _, ok := s.get("PS4"); !ok {
		s.setVar("PS4", "+ ")
	}
	s.setVar("OPTIND", "1")
	s.newOptionVars()
	// bash's read-only identity variables, which scripts test
	// ([ "$EUID" -eq 0 ]); not exported, as in bash.
	for k, v := range map[string]int{"UID": os.Getuid(), "EUID": os.Geteuid()} {
		s.vars[k] = &variable{value: strconv.Itoa(v), set: true, readonly: true}
	}
	for _, k := range []string{"PPID", "OPTIND", "UID", "EUID"} {
		s.vars[k].attrs = attrInteger // as bash declares them (declare -p)
	}
	if _, ok := s.get("HOSTNAME"); !ok {
		if h, err := os.Hostname(); err == nil {
			s.setVar("HOSTNAME", h)
		}
	}
	s.setLocale()
	s.started = time.Now() // for $SECONDS
	return s
}

var umaskOnce sync.Once
var processUmask int

// currentUmask reads the process umask once. Reading it means setting it,
// which is why this happens once, at the first shell's birth, before any
// command runs; after that the shell keeps its own umask and hands it to
// children without touching the process's.
func currentUmask() int {
	umaskOnce.Do(func() {
		processUmask = readUmask()
	})
	return processUmask
}

// clone returns a subshell: a deep copy of the state that shares no
// variable, function table or descriptor ownership with s.
func (s *Shell) clone() *Shell {
	c := *s
	c.vars = make(map[string]*variable, len(s.vars))
	for k, v := range s.vars {
		vv := *v
		if v.array != nil {
			vv.array = maps.Clone(v.array)
		}
		if v.assoc != nil {
			vv.assoc = v.assoc.clone()
		}
		c.vars[k] = &vv
	}
	c.funcs = maps.Clone(s.funcs)
	c.shownTraps = s.listedTraps()
	c.aliases = maps.Clone(s.aliases)
	c.compSpecs = cloneCompSpecs(s.compSpecs)
	c.traps = make(map[string]string)
	for k, v := range s.traps {
		if v == "" { // ignored signals stay ignored in a subshell
			c.traps[k] = v
		}
	}
	c.inheritBashTraps(s)
	c.args = append([]string(nil), s.args...)
	c.frames = slices.Clone(s.frames) // callFunction pushes in place
	c.rlimits = maps.Clone(s.rlimits)
	c.fdTable = borrowed(append([]*os.File(nil), s.files...))
	c.pipestatus = append([]int(nil), s.pipestatus...)
	c.jobs = newJobTable()
	c.substEnds, c.lastProc = nil, nil
	c.ackStarts, c.startAcks, c.fifoOpens = false, nil, nil
	c.subshell = true
	c.subshellDepth++
	c.sigCh = nil // only the top-level shell runs signal handlers (traps.go)
	c.pathCache = nil
	if len(s.pathCache) > 0 {
		// A subshell knows its parent's commands (`hash | grep`), but
		// counts its own hits: stages run on other goroutines.
		c.pathCache = make(map[string]*cachedPath, len(s.pathCache))
		for k, v := range s.pathCache {
			cp := *v
			c.pathCache[k] = &cp
		}
	}
	c.locals = nil
	return &c
}

func (s *Shell) get(name string) (string, bool) {
	v, ok := s.vars[name]
	if !ok || !v.set {
		return "", false
	}
	if v.array != nil || v.assoc != nil || v.nameref {
		return s.getOther(name, v)
	}
	return v.value, true
}

// getOther is get for an array (its element 0) and a nameref (what it
// names), kept apart so that get stays small enough to inline.
func (s *Shell) getOther(name string, v *variable) (string, bool) {
	if v.nameref {
		if r := s.ref(name); r != name {
			if r == "" {
				s.errorf("warning: %s: circular name reference", name)
				return "", false
			}
			if !parser.IsName(r) {
				return s.getRef(r)
			}
			return s.get(r)
		}
	}
	if v.array != nil {
		el, ok := v.array[0]
		return el, ok
	}
	if v.assoc != nil {
		return v.assoc.get("0")
	}
	return v.value, true
}

// setVar assigns a variable, failing for a readonly one.
func (s *Shell) setVar(name, value string) error {
	return s.assignVar(name, value, false)
}

// assignVar assigns a variable or, with add, appends to its value (x+=v),
// converting the value as the variable's attributes say (attrs.go).
func (s *Shell) assignVar(name, value string, add bool) error {
	if s.namerefs {
		if r := s.ref(name); r != name {
			if r == "" {
				return errorf("%s: circular name reference", name)
			}
			if !parser.IsName(r) {
				return s.setRef(r, value, add)
			}
			name = r
		}
	}
	v, ok := s.vars[name]
	if !ok {
		v = &variable{}
		s.vars[name] = v
	}
	if v.readonly {
		return errorf("%s: readonly variable", name)
	}
	if add || v.attrs != 0 {
		var old string // x+=v appends to element 0 of an array
		switch {
		case !add || !v.set:
		case v.array != nil:
			old = v.array[0]
		case v.assoc != nil:
			old, _ = v.assoc.get("0")
		default:
			old = v.value
		}
		var err error
		if value, err = s.attrValue(v.attrs, old, value, add); err != nil {
			return err
		}
	}
	if v.array != nil || v.assoc != nil {
		v.set = true
		if v.assoc != nil {
			v.assoc.set("0", value)
		} else {
			v.array[0] = value
		}
		s.varChanged(name)
		return nil
	}
	v.value, v.set = value, true
	if s.opts.allexport {
		v.exported = true
	}
	if v.exported {
		s.env = nil
	}
	s.varChanged(name)
	return nil
}

// unsetCallerLocal is unset of a variable that is a local of a calling
// function, not of the running one: as in bash, that binding goes and
// the next outer one shows again (what bash-completion's _upvars counts
// on to assign "one scope above the caller"). A local of the running
// function stays local, unset, until it returns.
func (s *Shell) unsetCallerLocal(name string) bool {
	top := len(s.locals) - 1
	if top < 1 {
		return false
	}
	if _, own := s.locals[top][name]; own {
		return false
	}
	for k := top - 1; k >= 0; k-- {
		old, ok := s.locals[k][name]
		if !ok {
			continue
		}
		delete(s.locals[k], name)
		s.restoreOuter(name, old)
		return true
	}
	return false
}

// varChanged follows the variables whose values the shell itself uses,
// after an assignment, an unset, or a restore (a prefix assignment's or
// a local's old value back), also of an array element.
func (s *Shell) varChanged(name string) {
	switch name {
	case "PATH":
		s.pathCache = nil
	case "HISTSIZE", "HISTFILESIZE":
		s.historyVarChanged(name)
	case "GLOBIGNORE":
		s.globIgnoreChanged()
	case "LC_ALL", "LC_CTYPE", "LANG":
		s.setLocale() // locale.go
	}
}

func (s *Shell) exportVar(name string) {
	v, ok := s.vars[name]
	if !ok {
		v = &variable{}
		s.vars[name] = v
	}
	v.exported = true
	s.env = nil
}

func (s *Shell) unsetVar(name string) error {
	name = s.ref(name)
	v, ok := s.vars[name]
	if !ok {
		return nil
	}
	if v.readonly {
		return errorf("%s: cannot unset: readonly variable", name)
	}
	if s.unsetCallerLocal(name) {
		return nil
	}
	delete(s.vars, name)
	if v.exported {
		s.env = nil
	}
	s.varChanged(name)
	return nil
}

// environ returns the exported variables as KEY=VALUE, sorted.
func (s *Shell) environ() []string {
	if s.env != nil {
		return s.env
	}
	exportsOptions := s.exportsOptions()
	if exportsOptions {
		s.syncOptionVars()
	}
	env := make([]string, 0, len(s.vars))
	for k, v := range s.vars {
		if v.exported && v.set && v.array == nil && v.assoc == nil {
			env = append(env, k+"="+v.value)
		}
	}
	sort.Strings(env)
	env = append(env, s.funcEnviron()...)
	if !exportsOptions { // else the options may change before the next command
		s.env = env
	}
	return env
}

// bashVersion is the bash release whose behaviour plumb follows; a shell
// started as `bash` (a link of that name) says it is that version, so
// that scripts which test $BASH_VERSION take their bash path.
var bashVersion = []string{"5", "2", "0", "1", "release", "x86_64-pc-linux-gnu"}

// presentAsBash sets BASH_VERSION, BASH_VERSINFO (read-only, as in
// bash) and BASH.
func (s *Shell) presentAsBash() {
	s.bashName = os.Args[0]
	v := bashVersion
	s.setVar("BASH_VERSION", v[0]+"."+v[1]+"."+v[2]+"("+v[3]+")-"+v[4])
	info := make(map[int]string, len(v))
	for i, x := range v {
		info[i] = x
	}
	s.vars["BASH_VERSINFO"] = &variable{array: info, set: true, readonly: true}
	s.setVar("BASH", s.invokedPath())
}

// invokedPath is $BASH: the path the shell was started by, as bash makes
// it, made absolute or found along PATH but not through symbolic links,
// so that `$BASH -c …` starts the link named bash again (and a bash, not
// a plumb, answers).
func (s *Shell) invokedPath() string {
	name := strings.TrimPrefix(os.Args[0], "-")
	if strings.Contains(name, "/") {
		if !filepath.IsAbs(name) {
			name = filepath.Join(s.dir, name)
		}
		return name
	}
	pathVar, _ := s.get("PATH")
	if p, ok := s.searchPath(pathVar, name, func(p string) bool { return executable(p) == 0 }); ok {
		return p
	}
	exe, _ := os.Executable()
	return exe
}

// setHostVars sets OSTYPE, MACHTYPE and HOSTTYPE, which bash always
// sets and scripts test (bats: [[ $OSTYPE == cygwin ]] under set -u);
// an inherited value is kept, as in bash.
func (s *Shell) setHostVars() {
	arch := bashVersion[5][:strings.IndexByte(bashVersion[5], '-')]
	for k, v := range map[string]string{"OSTYPE": "linux-gnu", "MACHTYPE": bashVersion[5], "HOSTTYPE": arch} {
		if _, ok := s.get(k); !ok {
			s.setVar(k, v)
		}
	}
}
