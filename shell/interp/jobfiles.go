package interp

import (
	"os"
	"slices"
	"sync"

	"github.com/plumbsh/plumb/exec"
)

// jobDups are the duplicates of descriptors that background jobs use in
// place of the table they were started from (see shareFiles), one per
// original file, shared by every job started while it was open.
var jobDups struct {
	sync.Mutex
	m map[*os.File]*jobDup
}

// jobDup is one shared duplicate: its file and how many jobs hold it.
type jobDup struct {
	f    *os.File
	refs int
}

// shareStages gives the in-process stages of a background job's plan
// duplicates of the descriptors they were given, as a forked job owns its
// copies: the table they came from may be an in-process stage's, a
// group's with a redirection, or a substitution's, whose files are closed
// when that returns while the job runs on. The consumer ends of the
// process substitutions skip are left out, as startSubst does. release
// gives the job's duplicates back when it is done.
//
// An external stage needs none: Start returns once its process has its
// own copies. Leaving its table as it was also keeps an inherited
// descriptor high in the table (a CI runner's fd 251) at its own number,
// which exec can then leave out under a low `ulimit -n` (fitTable); a
// duplicate at another number would have to be moved there, above the
// limit.
func shareStages(plan *exec.Plan, skip []substEnd) (release func(), err error) {
	var releases []func()
	release = func() {
		for _, r := range releases {
			r()
		}
		releases = nil
	}
	for _, st := range plan.Stages {
		if st.Func == nil {
			continue
		}
		files, rel, err := shareFiles(st.Files, skip)
		if err != nil {
			release()
			return nil, err
		}
		st.Files = files
		releases = append(releases, rel)
	}
	return release, nil
}

// shareFiles returns duplicates of files (nil where skip names the file).
// A duplicate is shared by all the jobs started from one original file,
// so a loop that starts hundreds of in-process jobs holds two or three
// more descriptors, not hundreds (bash, whose jobs are processes, holds
// none). release gives the references back; the last one closes the
// duplicate. The map holds the original *os.File, so its address is not
// reused while its entry lives; an original that is closed meanwhile is
// no longer in any table to be shared from.
func shareFiles(orig []*os.File, skip []substEnd) (files []*os.File, release func(), err error) {
	jobDups.Lock()
	defer jobDups.Unlock()
	if jobDups.m == nil {
		jobDups.m = map[*os.File]*jobDup{}
	}
	var held []*os.File
	release = func() {
		jobDups.Lock()
		defer jobDups.Unlock()
		for _, orig := range held {
			d := jobDups.m[orig]
			if d.refs--; d.refs == 0 {
				d.f.Close()
				delete(jobDups.m, orig)
			}
		}
		held = nil
	}
	files = make([]*os.File, len(orig))
	for i, f := range orig {
		if f == nil || slices.ContainsFunc(skip, func(o substEnd) bool { return o.end == f }) {
			continue
		}
		d := jobDups.m[f]
		if d == nil {
			dup, err := dupFile(f)
			if err != nil {
				jobDups.Unlock()
				release()
				jobDups.Lock()
				return nil, nil, err
			}
			d = &jobDup{f: dup}
			jobDups.m[f] = d
		}
		d.refs++
		held = append(held, f)
		files[i] = d.f
	}
	return files, release, nil
}

// closePlanFiles closes the files a plan's redirections own, for a plan
// that will not be started (Start closes them otherwise).
func closePlanFiles(plan *exec.Plan) {
	for _, st := range plan.Stages {
		for _, r := range st.Redirs {
			if r.File != nil {
				r.File.Close()
			}
		}
	}
}
