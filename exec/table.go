package exec

import (
	"context"
	"os"
	"slices"
)

// stageRun is one stage of a started plan.
type stageRun struct {
	i  int
	st *Stage
	// table is what the stage starts with, nil once it has started
	// (external) or returned (in-process): see release.
	*table
	// fn is what runs in-process: Stage.Func, or a closure calling
	// StartErr for a stage that could not start. nil for a started
	// external stage.
	fn func(ctx context.Context, io *StageIO) int

	pid int
	res StageResult
	// Wait's state, guarded by Running.mu.
	done    bool
	stopped bool
}

// table is a stage's final descriptor table and what goes with it.
type table struct {
	// files is the final descriptor table (index = child fd, nil =
	// closed): the base table, then the links, then the Redirs, then a
	// Stderr link's fd 2.
	files []*os.File
	// ends are the link ends in files. The stage holds one reference to
	// each, dropped right after the stage starts (external) or returns
	// (in-process).
	ends []*end
	// owned are the stage's Redir files, closed at the same moment.
	owned []*os.File
	// badFd is the error of the first Redir whose DupFrom was closed.
	badFd error
}

// buildTable computes the final descriptor table of stage i of p, given
// the stage's own ends of its links: left is its end of Links[i-1] (the
// read end of a one-way link), right its end of Links[i] (the write
// end); nil where there is no such link. fdLimit is FdLimit(): a Redir
// that would put a descriptor at or above it makes the stage fail with
// EBADF, as dup2 would in the child, before the table grows to that
// size. It makes no system call.
//
// Order, each step overriding the previous ones on the fds it sets:
//
//  1. Stage.Files, padded with nil to fds 0, 1, 2, so a parent's
//     stdin/out/err never reaches a child by accident;
//  2. the link to the left: a one-way link's read end as fd 0, a Bidi
//     link's end as fd 0 and fd 1;
//  3. the link to the right: a one-way link's write end as fd 1, a Bidi
//     link's end as fd 0 and fd 1. A one-way end never overrides a Bidi
//     end on either side: the Bidi link owns both fds of both its
//     stages;
//  4. the Redirs, in order;
//  5. if the link to the right has Stderr: fd 2 = fd 1 (as it is now).
func buildTable(p *Plan, i int, leftEnd, rightEnd *end, fdLimit int) *stageRun {
	st := p.Stages[i]
	s := &stageRun{i: i, st: st, table: new(table)}
	t := make([]*os.File, max(len(st.Files), 3))
	copy(t, st.Files)
	set := func(fd int, f *os.File) {
		for fd >= len(t) {
			t = append(t, nil)
		}
		t[fd] = f
	}
	var left, right *Link
	if i > 0 {
		left = &p.Links[i-1]
	}
	if i < len(p.Links) {
		right = &p.Links[i]
	}
	switch {
	case left != nil && left.Bidi:
		set(0, leftEnd.f)
		set(1, leftEnd.f)
	case left != nil && (right == nil || !right.Bidi):
		set(0, leftEnd.f)
	}
	switch {
	case right != nil && right.Bidi:
		set(0, rightEnd.f)
		set(1, rightEnd.f)
	case right != nil && (left == nil || !left.Bidi):
		set(1, rightEnd.f)
	}
	seen := map[*os.File]bool{}
	for _, rd := range st.Redirs {
		switch {
		case rd.Fd >= fdLimit && !rd.Close:
			if s.badFd == nil {
				s.badFd = errBadFd(rd.Fd)
			}
			if rd.File != nil && !seen[rd.File] {
				seen[rd.File] = true
				s.owned = append(s.owned, rd.File)
			}
		case rd.File != nil:
			set(rd.Fd, rd.File)
			if !seen[rd.File] {
				seen[rd.File] = true
				s.owned = append(s.owned, rd.File)
			}
		case rd.Close:
			// Closing a descriptor beyond the table is a no-op (bash:
			// `99999999>&-` succeeds); the table does not grow for it.
			if rd.Fd < len(t) {
				t[rd.Fd] = nil
			}
		case s.badFd != nil:
			// The stage fails already; later dups don't matter.
		case rd.DupFrom < len(t) && t[rd.DupFrom] != nil:
			set(rd.Fd, t[rd.DupFrom])
		default:
			s.badFd = errBadFd(rd.DupFrom)
		}
	}
	if right != nil && right.Stderr {
		set(2, t[1])
	}
	s.files = t

	byFile := map[*os.File]*end{}
	if left != nil {
		byFile[leftEnd.f] = leftEnd
	}
	if right != nil {
		byFile[rightEnd.f] = rightEnd
	}
	for _, f := range t {
		if e := byFile[f]; e != nil && f != nil {
			delete(byFile, f)
			s.ends = append(s.ends, e)
		}
	}
	return s
}

// closeRedirFiles closes every Redir file of every stage of p: exec owns
// them from Start on, also when Start fails before looking at them.
func closeRedirFiles(p *Plan) {
	for _, st := range p.Stages {
		if st == nil {
			continue
		}
		for _, rd := range st.Redirs {
			if rd.File != nil {
				rd.File.Close()
			}
		}
	}
}

// checkFds fails the plan, before anything is made or started, if a
// stage without StartErr has a Redir that cannot be applied: a DupFrom
// naming a closed descriptor, or an Fd at or above fdLimit. Start is all
// or nothing, and with links made lazily the table of a later stage is
// otherwise built only after the earlier stages have started. It builds
// those tables with placeholder ends.
func checkFds(p *Plan, fdLimit int) error {
	for i, st := range p.Stages {
		if st.StartErr != nil || !slices.ContainsFunc(st.Redirs, func(rd Redir) bool {
			return rd.Fd >= fdLimit || (rd.File == nil && !rd.Close)
		}) {
			continue
		}
		left, right := &end{f: new(os.File)}, &end{f: new(os.File)}
		if s := buildTable(p, i, left, right, fdLimit); s.badFd != nil {
			return &StartError{Stage: i, Name: name(st), Err: s.badFd}
		}
	}
	return nil
}
