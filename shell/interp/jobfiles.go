package interp

import (
	"os"
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
