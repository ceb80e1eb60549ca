package exec

import (
	"context"
	"os"
)

// stageRun is one stage of a started plan.
type stageRun struct {
	i  int
	st *Stage
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

// buildTable computes the final descriptor table of stage i of p, given
// the ends of every link (ends[j][0] is the left stage's end of Links[j],
// ends[j][1] the right stage's). It makes no system call.
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
func buildTable(p *Plan, i int, ends [][2]*end) *stageRun {
	st := p.Stages[i]
	s := &stageRun{i: i, st: st}
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
		set(0, ends[i-1][1].f)
		set(1, ends[i-1][1].f)
	case left != nil && (right == nil || !right.Bidi):
		set(0, ends[i-1][1].f)
	}
	switch {
	case right != nil && right.Bidi:
		set(0, ends[i][0].f)
		set(1, ends[i][0].f)
	case right != nil && (left == nil || !left.Bidi):
		set(1, ends[i][0].f)
	}
	seen := map[*os.File]bool{}
	for _, rd := range st.Redirs {
		switch {
		case rd.File != nil:
			set(rd.Fd, rd.File)
			if !seen[rd.File] {
				seen[rd.File] = true
				s.owned = append(s.owned, rd.File)
			}
		case rd.Close:
			set(rd.Fd, nil)
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
		byFile[ends[i-1][1].f] = ends[i-1][1]
	}
	if right != nil {
		byFile[ends[i][0].f] = ends[i][0]
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
