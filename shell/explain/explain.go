package explain

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/sys/unix"

	"github.com/plumbsh/plumb/parser"
	"github.com/plumbsh/plumb/shell/netredir"
)

// Script writes to w, without running anything, how plumb would plumb
// every pipeline of f: a diagram of its stages and links, what each link
// is in the kernel, and for every stage what its fds 0, 1, 2 and every
// other descriptor it gets will be (a link end, a file and its mode, a
// copy of another fd, or one that plumb itself inherited).
//
// Nothing is expanded: words that need expansion are shown as written
// and no command substitution runs. It follows the same rules as exec's
// table (links first, then redirections in order, then |&'s fd 2) and
// the shell's (`a <|> b R` is `{ a <|> b; } R`; `exec` redirections
// change the descriptors of the statements after it in the same list).
// Descriptors plumb inherited are called "plumb's stdin" and so on.
//
// isBuiltin says which command names are the shell's builtins (run in
// plumb) rather than external commands; functions defined in f are found
// in f.
func Script(w io.Writer, f *parser.File, isBuiltin func(name string) bool) error {
	return explainTo(w, f, "plumb's", isBuiltin)
}

// Line is Script for a line typed at the interactive prompt:
// the inherited descriptors are the terminal's, and a background job
// keeps the terminal as its stdin.
func Line(w io.Writer, f *parser.File, isBuiltin func(name string) bool) error {
	return explainTo(w, f, "", isBuiltin)
}

func explainTo(w io.Writer, f *parser.File, owner string, isBuiltin func(string) bool) error {
	e := &explainer{funcs: map[string]int{}, interactive: owner == "", isBuiltin: isBuiltin}
	t := fdTable{
		{dir: "←", what: "stdin"},
		{dir: "→", what: "stdout"},
		{dir: "→", what: "stderr"},
	}
	for _, d := range t {
		if owner == "" {
			d.what = "the terminal (" + d.what + ")"
		} else {
			d.what = owner + " " + d.what
		}
	}
	e.stmts(f.Stmts, t, "")
	if _, err := io.WriteString(w, e.b.String()); err != nil {
		return err
	}
	if e.refused > 0 {
		return ErrRefused
	}
	return nil
}

// ErrRefused is what Script and Line return, after writing the whole
// explanation, when it shows a pipeline that plumb refuses to start (its
// "error:" line says which stage, counted from 1 as everywhere else).
// Running the same source fails too, so explaining it is an error as
// well: the explain builtin and --explain exit 1, as the run would.
var ErrRefused = errors.New("plumb refuses to start a pipeline of it")

// An fdInfo says what one descriptor of a stage will be.
type fdInfo struct {
	dir  string // ← read, → write, ↔ both, as the object is opened
	what string // "link 2: tcp loopback, dialed end", "file out (write, create, truncate)"
	via  string // the redirection that set it, as written; "" for links and inherited
	// of is the description this one copies (2>&1), nil for an
	// original: link ends are told apart by it.
	of *fdInfo
}

// origin is the original description of what d copies.
func (d *fdInfo) origin() *fdInfo {
	if d.of != nil {
		return d.of
	}
	return d
}

// fdTable is a descriptor table being explained: index = fd, nil = closed.
type fdTable []*fdInfo

func (t fdTable) clone() fdTable { return append(fdTable(nil), t...) }

func (t *fdTable) set(fd int, d *fdInfo) {
	for len(*t) <= fd {
		*t = append(*t, nil)
	}
	(*t)[fd] = d
}

func (t fdTable) get(fd int) *fdInfo {
	if fd < len(t) {
		return t[fd]
	}
	return nil
}

type explainer struct {
	b           strings.Builder
	funcs       map[string]int // functions declared so far, and their line
	links       int            // links numbered so far, across the whole file
	refused     int            // pipelines shown with an "error:" line
	interactive bool
	isBuiltin   func(name string) bool
}

func (e *explainer) printf(format string, a ...any) { fmt.Fprintf(&e.b, format, a...) }

// stmts explains a list. t is the list's own table: an `exec` with only
// redirections changes it for the statements after it.
func (e *explainer) stmts(list []*parser.Stmt, t fdTable, indent string) {
	t = t.clone()
	for _, st := range list {
		e.pipeline(st.AndOr.First, t, indent, st.Background)
		for _, it := range st.AndOr.Rest {
			e.pipeline(it.Pipeline, t, indent, st.Background)
		}
		if p := st.AndOr.First; len(st.AndOr.Rest) == 0 && !st.Background && len(p.Stages) == 1 && isExecRedirs(p.Stages[0]) {
			for _, r := range p.Stages[0].Redirs {
				e.redirect(&t, r)
			}
		}
	}
}

// isExecRedirs reports whether a stage is `exec` with only redirections,
// which apply to the shell itself from then on.
func isExecRedirs(st *parser.Stage) bool {
	c, ok := st.Cmd.(*parser.SimpleCmd)
	return ok && len(c.Args) == 1 && c.Args[0].Lit() == "exec"
}

// firstLine shortens source text to its first line and at most n runes.
func firstLine(s string, n int) string {
	cut := false
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s, cut = strings.TrimRight(s[:i], " ;"), true
	}
	if utf8.RuneCountInString(s) > n {
		r := []rune(s)
		s, cut = string(r[:n-1]), true
	}
	if cut {
		s += "…"
	}
	return s
}

// pipeline explains one pipeline: header, diagram, links, stages.
func (e *explainer) pipeline(p *parser.Pipeline, shell fdTable, indent string, bg bool) {
	pos := p.Pos()
	e.printf("%sline %d:%d: %s", indent, pos.Line, pos.Col, firstLine(parser.Format(p), 70))
	if bg {
		e.printf(" &")
	}
	e.printf("\n")
	in := indent + "  "

	if len(p.Stages) == 1 {
		if fd, ok := p.Stages[0].Cmd.(*parser.FuncDecl); ok {
			e.funcs[fd.Name] = pos.Line
			e.printf("%sdefines function %s; its body runs with its caller's descriptors:\n", in, fd.Name)
			caller := fdTable{
				{dir: "←", what: "caller's fd 0"},
				{dir: "→", what: "caller's fd 1"},
				{dir: "→", what: "caller's fd 2"},
			}
			e.stage(1, fd.Body, caller, in)
			e.blank()
			return
		}
		if isExecRedirs(p.Stages[0]) && !bg {
			e.printf("%sexec: from here on the shell's own descriptors are:\n", in)
			t := shell.clone()
			for _, r := range p.Stages[0].Redirs {
				e.redirect(&t, r)
			}
			e.fds(t, in+"    ")
			e.blank()
			return
		}
	}

	base := shell.clone()
	if bg && !e.interactive {
		base.set(0, &fdInfo{dir: "←", what: "/dev/null (a background job's stdin in a script)"})
	}
	stages := p.Stages
	if inner, rs := p.BidiTail(); rs != nil {
		var txt []string
		for _, r := range rs {
			e.redirect(&base, r)
			txt = append(txt, parser.Format(r))
		}
		stages = inner.Stages
		e.printf("%s%s applies to the whole pipeline: its last link is two-way, so it is { … } %s\n", in, strings.Join(txt, " "), strings.Join(txt, " "))
	}

	// Numbers and diagram.
	first := e.links + 1
	e.links += len(p.Links)
	if len(stages) > 1 {
		e.diagram(p, stages, first, in)
		for i, l := range p.Links {
			e.printf("%slink %d  %-6s  %s\n", in, first+i, l.Kind, linkLegend(l.Kind, i+1))
		}
	}
	for i := 1; i < len(p.Links); i++ {
		if p.Links[i-1].Kind.Bidi() && p.Links[i].Kind.Bidi() {
			e.printf("%serror: stage %d is between two two-way links; plumb refuses to start this pipeline\n\n", in, i+1)
			e.refused++
			return
		}
	}

	// Each stage's table, built as exec.buildTable builds it.
	used := make(map[*fdInfo]bool)
	ends := make([][2]*fdInfo, len(p.Links))
	for i, l := range p.Links {
		ends[i] = linkEnds(l.Kind, first+i)
	}
	tables := make([]fdTable, len(stages))
	for i, st := range stages {
		t := base.clone()
		var left, right *parser.Link
		if i > 0 {
			left = p.Links[i-1]
		}
		if i < len(p.Links) {
			right = p.Links[i]
		}
		switch {
		case left != nil && left.Kind.Bidi():
			t.set(0, ends[i-1][1])
			t.set(1, ends[i-1][1])
		case left != nil && (right == nil || !right.Kind.Bidi()):
			t.set(0, ends[i-1][1])
		}
		switch {
		case right != nil && right.Kind.Bidi():
			t.set(0, ends[i][0])
			t.set(1, ends[i][0])
		case right != nil && (left == nil || !left.Kind.Bidi()):
			t.set(1, ends[i][0])
		}
		for _, r := range st.Redirs {
			e.redirect(&t, r)
		}
		if right != nil && right.Kind == parser.LinkPipeAll {
			src := t.get(1)
			if src != nil {
				d := *src
				d.via, d.of = "|&", src.origin()
				t.set(2, &d)
			}
		}
		for _, d := range t {
			if d != nil {
				used[d.origin()] = true
			}
		}
		tables[i] = t
	}
	for i, l := range p.Links {
		for side, d := range ends[i] {
			if used[d] || l.Kind.Bidi() && used[ends[i][1-side]] {
				continue
			}
			if side == 1 {
				e.printf("%snote: link %d's read end reaches no stage: stage %d gets EPIPE (SIGPIPE) when it writes\n", in, first+i, i+1)
			} else {
				e.printf("%snote: link %d's write end reaches no stage: stage %d reads EOF at once\n", in, first+i, i+2)
			}
		}
	}
	if len(stages) > 1 {
		e.printf("\n")
	}
	for i, st := range stages {
		e.stage(i+1, st, tables[i], in)
	}
	e.blank()
}

// blank ends a section with one empty line, but never two in a row.
func (e *explainer) blank() {
	if !strings.HasSuffix(e.b.String(), "\n\n") {
		e.printf("\n")
	}
}

// stage prints one stage: its kind, its descriptors, and for a compound
// command the pipelines inside it, run with those descriptors.
func (e *explainer) stage(n int, st *parser.Stage, t fdTable, indent string) {
	name := firstLine(parser.Format(st.Cmd), 40)
	if _, ok := st.Cmd.(*parser.SimpleCmd); ok && len(st.Redirs) > 0 {
		name = firstLine(parser.Format(st), 40)
	}
	e.printf("%s[%d] %-32s %s\n", indent, n, name, e.kind(st.Cmd))
	e.fds(t, indent+"    ")
	var body [][]*parser.Stmt
	switch c := st.Cmd.(type) {
	case *parser.Block:
		body = append(body, c.Stmts)
	case *parser.Subshell:
		body = append(body, c.Stmts)
	case *parser.IfClause:
		body = append(body, c.Cond, c.Then)
		for _, el := range c.Elifs {
			body = append(body, el.Cond, el.Then)
		}
		body = append(body, c.Else)
	case *parser.WhileClause:
		body = append(body, c.Cond, c.Body)
	case *parser.ForClause:
		body = append(body, c.Body)
	case *parser.SelectClause:
		body = append(body, c.Body)
	case *parser.ArithForClause:
		body = append(body, c.Body)
	case *parser.CaseClause:
		for _, it := range c.Items {
			body = append(body, it.Body)
		}
	}
	if len(body) == 0 {
		return
	}
	e.printf("%s    inside, with these descriptors:\n", indent)
	for _, list := range body {
		e.stmts(list, t.clone(), indent+"      ")
	}
}

// kind says what runs a stage: a process or plumb itself.
func (e *explainer) kind(c parser.Command) string {
	switch c := c.(type) {
	case *parser.SimpleCmd:
		if len(c.Args) == 0 {
			if len(c.Assigns) == 0 {
				return "redirections only (in plumb)"
			}
			return "assignment (in plumb)"
		}
		name := c.Args[0].Lit()
		if name == "" {
			return "command named when it runs"
		}
		if line, ok := e.funcs[name]; ok {
			return fmt.Sprintf("function from line %d (in plumb)", line)
		}
		if e.isBuiltin(name) {
			return "builtin (in plumb)"
		}
		return "external command"
	case *parser.Subshell:
		return "subshell (in plumb, copy of the state)"
	case *parser.Block:
		return "{ } group (in plumb)"
	case *parser.IfClause:
		return "if (in plumb)"
	case *parser.WhileClause:
		if c.Until {
			return "until loop (in plumb)"
		}
		return "while loop (in plumb)"
	case *parser.ForClause:
		return "for loop (in plumb)"
	case *parser.SelectClause:
		return "select loop (in plumb)"
	case *parser.CaseClause:
		return "case (in plumb)"
	case *parser.ArithForClause:
		return "for (( )) loop (in plumb)"
	case *parser.TestClause:
		return "[[ ]] test (in plumb)"
	case *parser.ArithCmd:
		return "(( )) arithmetic (in plumb)"
	}
	return ""
}

// fds prints a table, one row per open descriptor, and the closed ones
// among 0, 1, 2.
func (e *explainer) fds(t fdTable, indent string) {
	width := 0
	for _, d := range t {
		if d != nil && d.via != "" {
			width = max(width, utf8.RuneCountInString(d.what))
		}
	}
	width = min(width, 56)
	for fd, d := range t {
		switch {
		case d == nil && fd <= 2:
			e.printf("%s%d   closed\n", indent, fd)
		case d == nil:
		case d.via == "":
			e.printf("%s%d %s %s\n", indent, fd, d.dir, d.what)
		default:
			pad := max(width-utf8.RuneCountInString(d.what), 0)
			e.printf("%s%d %s %s%s   %s\n", indent, fd, d.dir, d.what, strings.Repeat(" ", pad), d.via)
		}
	}
}

// diagram draws the stages and links on one line, or several when it
// would be wider than a terminal.
func (e *explainer) diagram(p *parser.Pipeline, stages []*parser.Stage, first int, indent string) {
	const width = 78
	line := indent
	for i, st := range stages {
		box := fmt.Sprintf("[%d] %s", i+1, firstLine(parser.Format(st.Cmd), 24))
		if i > 0 {
			arrow := " " + linkArrow(p.Links[i-1].Kind) + " "
			if utf8.RuneCountInString(line+arrow+box) > width {
				e.printf("%s\n", strings.TrimRight(line, " "))
				line = indent + "   "
			}
			line += arrow
		}
		line += box
	}
	e.printf("%s\n", line)
}

func linkArrow(k parser.LinkKind) string {
	switch k {
	case parser.LinkPipe:
		return "──pipe──▶"
	case parser.LinkPipeAll:
		return "──pipe(1+2)──▶"
	case parser.LinkUnix:
		return "══unix══▶"
	case parser.LinkTCP:
		return "══tcp══▶"
	case parser.LinkBidi:
		return "◀══unix══▶"
	case parser.LinkBidiTCP:
		return "◀══tcp══▶"
	}
	return "?"
}

// linkLegend says what kernel object a link is, for stages i and i+1.
func linkLegend(k parser.LinkKind, i int) string {
	switch k {
	case parser.LinkPipe:
		return fmt.Sprintf("pipe: [%d] writes, [%d] reads", i, i+1)
	case parser.LinkPipeAll:
		return fmt.Sprintf("pipe: [%d] writes stdout and stderr, [%d] reads", i, i+1)
	case parser.LinkUnix:
		return fmt.Sprintf("unix stream socketpair: [%d] writes, [%d] reads; unused halves shut down", i, i+1)
	case parser.LinkTCP:
		return fmt.Sprintf("tcp loopback connection (127.0.0.1, ::1 without IPv4): [%d] writes, [%d] reads; unused halves shut down", i, i+1)
	case parser.LinkBidi:
		return fmt.Sprintf("unix stream socketpair, two-way: fd 0 and 1 of [%d] and [%d] are its ends", i, i+1)
	case parser.LinkBidiTCP:
		return fmt.Sprintf("tcp loopback connection, two-way: fd 0 and 1 of [%d] and [%d] are its ends", i, i+1)
	}
	return ""
}

// linkEnds describes the left and right stage's ends of link number n.
func linkEnds(k parser.LinkKind, n int) [2]*fdInfo {
	l := fmt.Sprintf("link %d: ", n)
	switch k {
	case parser.LinkUnix:
		return [2]*fdInfo{
			{dir: "→", what: l + "unix stream socket, writing end"},
			{dir: "←", what: l + "unix stream socket, reading end"}}
	case parser.LinkTCP:
		return [2]*fdInfo{
			{dir: "→", what: l + "tcp loopback, dialed end, writing"},
			{dir: "←", what: l + "tcp loopback, accepted end, reading"}}
	case parser.LinkBidi:
		return [2]*fdInfo{
			{dir: "↔", what: l + "unix stream socket, left end"},
			{dir: "↔", what: l + "unix stream socket, right end"}}
	case parser.LinkBidiTCP:
		return [2]*fdInfo{
			{dir: "↔", what: l + "tcp loopback, dialed end"},
			{dir: "↔", what: l + "tcp loopback, accepted end"}}
	}
	return [2]*fdInfo{
		{dir: "→", what: l + "pipe, write end"},
		{dir: "←", what: l + "pipe, read end"}}
}

// redirect applies one redirection to a table, as openRedirs and exec
// would, describing instead of opening.
func (e *explainer) redirect(t *fdTable, r *parser.Redirect) {
	via := parser.Format(r)
	fd := r.N
	if fd < 0 {
		fd = 1
		switch r.Op {
		case parser.RdrIn, parser.RdrInOut, parser.DupIn, parser.Heredoc, parser.DashHeredoc, parser.Herestring:
			fd = 0
		}
	}
	word := ""
	if r.Word != nil {
		word = parser.Format(r.Word)
	}
	switch r.Op {
	case parser.Heredoc, parser.DashHeredoc:
		t.set(fd, &fdInfo{dir: "←", what: "here-document (a pipe plumb fills)", via: via})
		return
	case parser.Herestring:
		t.set(fd, &fdInfo{dir: "←", what: "here-string (a pipe plumb fills)", via: via})
		return
	case parser.DupIn, parser.DupOut:
		lit := r.Word.Lit()
		if lit == "-" {
			t.set(fd, nil)
			return
		}
		if n, err := strconv.Atoi(lit); err == nil && n >= 0 {
			src := t.get(n)
			if src == nil {
				t.set(fd, &fdInfo{dir: "!", what: fmt.Sprintf("fd %d is not open: the command fails (Bad file descriptor)", n), via: via})
				return
			}
			d := *src
			d.via, d.of = via, src.origin()
			t.set(fd, &d)
			return
		}
		if lit == "" || r.Op == parser.DupIn || r.N >= 0 {
			t.set(fd, &fdInfo{dir: "?", what: "copy of fd " + word + ", decided when it runs", via: via})
			return
		}
		// >&file is &>file.
		f := fileInfo(word, parser.RdrOut, via)
		t.set(1, f)
		t.set(2, f)
	case parser.RdrAll, parser.AppendAll:
		op := parser.RdrOut
		if r.Op == parser.AppendAll {
			op = parser.RdrAppend
		}
		f := fileInfo(word, op, via)
		t.set(1, f)
		t.set(2, f)
	default:
		t.set(fd, fileInfo(word, r.Op, via))
	}
}

// fileInfo describes the file (or /dev/tcp socket) a redirection opens.
func fileInfo(name string, op parser.RedirOp, via string) *fdInfo {
	if proto, host, port, ok := netredir.Parse(name); ok {
		return &fdInfo{dir: "↔", what: fmt.Sprintf("%s connection to %s port %s (connected when it runs)", proto, host, port), via: via}
	}
	switch op {
	case parser.RdrIn:
		return &fdInfo{dir: "←", what: "file " + name + " (read)", via: via}
	case parser.RdrOut:
		return &fdInfo{dir: "→", what: "file " + name + " (write, create, truncate)", via: via}
	case parser.RdrClobber:
		return &fdInfo{dir: "→", what: "file " + name + " (write, create, truncate even with noclobber)", via: via}
	case parser.RdrAppend:
		return &fdInfo{dir: "→", what: "file " + name + " (append, create)", via: via}
	case parser.RdrInOut:
		return &fdInfo{dir: "↔", what: "file " + name + " (read-write, create)", via: via}
	}
	return &fdInfo{dir: "?", what: name, via: via}
}

// describeInherited says what this process's descriptors 0, 1 and 2 are
// right now, for the head of `plumb --explain` output: the terminal, a
// pipe, a socket or a file.
func describeInherited(files []*os.File) string {
	var parts []string
	for fd, f := range files {
		what := "closed"
		if f != nil {
			what = fdKind(int(f.Fd()))
		}
		parts = append(parts, fmt.Sprintf("%d = %s", fd, what))
	}
	return "plumb's own descriptors now: " + strings.Join(parts, ", ")
}

// fdKind names what an open descriptor is.
func fdKind(fd int) string {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return "closed"
	}
	link, _ := os.Readlink("/proc/self/fd/" + strconv.Itoa(fd))
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFIFO:
		return "a pipe"
	case unix.S_IFSOCK:
		return "a socket"
	case unix.S_IFCHR:
		if _, err := unix.IoctlGetTermios(fd, unix.TCGETS); err == nil {
			return "the terminal " + link
		}
		return link
	case unix.S_IFREG:
		return "file " + link
	}
	return link
}

// Main is `plumb --explain`: parse the whole source and explain it,
// after a line saying what this process's descriptors 0, 1 and 2 are; a
// syntax error is reported as it would be when running, status 2.
func Main(src []byte, name string, stdin, stdout, stderr *os.File, isBuiltin func(name string) bool) int {
	f, err := parser.Parse(src, name)
	if err != nil {
		if pe, ok := err.(*parser.Error); ok {
			fmt.Fprintf(stderr, "plumb: %s\n%s", pe.Error(), pe.Snippet())
		} else {
			fmt.Fprintf(stderr, "plumb: %v\n", err)
		}
		return 2
	}
	fmt.Fprintf(stdout, "%s\n\n", describeInherited([]*os.File{stdin, stdout, stderr}))
	if err := Script(stdout, f, isBuiltin); err != nil {
		return 1
	}
	return 0
}
