package shell

import (
	"os"
	"slices"
	"sync"
)

// jobDups are the duplicates of descriptors that background jobs use in
// place of the table they were started from (see shareTable), one per
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

// shareTable gives a background job's copy of the shell (s) duplicates of
// the descriptors of its table, as a forked job owns its copies: the
// table it was started from may be an in-process stage's, a group's with
// a redirection, or a substitution's, whose files are closed when that
// returns while the job runs on. The consumer ends of the process
// substitutions skip are left out, as startSubst does.
//
// A duplicate is shared by all the jobs started from one original file,
// so a loop that starts hundreds of in-process jobs holds two or three
// more descriptors, not hundreds (bash, whose jobs are processes, holds
// none). release gives the job's references back; the last one closes
// the duplicate. The map holds the original *os.File, so its address is
// not reused while its entry lives; an original that is closed meanwhile
// is no longer in any table to be shared from.
func (s *Shell) shareTable(skip []substEnd) (release func(), err error) {
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
	files := make([]*os.File, len(s.files))
	for i, f := range s.files {
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
				return nil, err
			}
			d = &jobDup{f: dup}
			jobDups.m[f] = d
		}
		d.refs++
		held = append(held, f)
		files[i] = d.f
	}
	s.files, s.owned = files, make([]bool, len(files))
	return release, nil
}
