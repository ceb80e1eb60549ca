package interp

import (
	"os"
	"slices"
)

// fdTable is a shell's descriptor table: files[fd] is the open file its
// commands find at fd (nil: closed), and owned[fd] says whether this
// table must close it. Every Shell embeds one; only the methods in this
// file read or write owned, so the two slices cannot drift apart.
//
// Who may close: only the table that owns an entry. set closes what the
// table owned at fd when something else takes its place, unless the same
// *os.File is still owned at another fd (after `exec 4>&3` both fds name
// one file, closed with the last); closeOwned closes everything the table
// owns when its shell finishes.
//
// Who borrows: a table made from files someone else holds — the caller's
// stdio (New), a clone for a subshell, a command substitution or a
// pipeline stage's expansion, an in-process stage bound to the
// descriptors exec gave it (bindStage) — owns none of them, and must not
// use them after its lender may close them: it is only used while the
// lender waits for it (the subshell, the $(…), the stage).
//
// Who must dup: whatever outlives the command that made it takes its own
// duplicates first: a process substitution (startSubst) one of every
// entry (dupTable), owned and closed when it is done; a background job
// (startBackground) shared ones for its in-process stages (shareFiles,
// jobfiles.go), released when it is done. So a job never holds a file its stage closes
// under it, and `exec 3>&-` in the shell never reaches a job's fd 3.
//
// The slices are replaced, not written in place, whenever another table
// may share them (addSubstEnd, closeSubstEnds, a redirection's table);
// set writes in place, which is safe because a clone copies files and a
// borrowed stage table is exec's, used only by that stage.
type fdTable struct {
	files []*os.File
	owned []bool
}

// borrowed is a table of files someone else owns.
func borrowed(files []*os.File) fdTable {
	return fdTable{files: files, owned: make([]bool, len(files))}
}

// file returns what fd is, nil when closed.
func (t *fdTable) file(fd int) *os.File {
	if fd < len(t.files) {
		return t.files[fd]
	}
	return nil
}

// entry returns what fd is and whether the table owns it.
func (t *fdTable) entry(fd int) (*os.File, bool) {
	if fd < len(t.files) {
		return t.files[fd], t.owned[fd]
	}
	return nil, false
}

// setFile installs f as fd, closing what the table owned there before;
// own says whether the table now owns f.
func (t *fdTable) setFile(fd int, f *os.File, own bool) {
	if n := fd + 1 - len(t.files); n > 0 {
		// One step (append of make does not allocate the make): an
		// inherited fd 251 or `exec 200>f` grows the table once.
		t.files = append(t.files, make([]*os.File, n)...)
		t.owned = append(t.owned, make([]bool, n)...)
	}
	if t.owned[fd] && t.files[fd] != nil && t.files[fd] != f && !t.sharedElsewhere(fd) {
		t.files[fd].Close()
	}
	t.files[fd], t.owned[fd] = f, own && f != nil
}

// sharedElsewhere reports whether the file at fd is also owned at another
// fd (after `exec 4>&3` both name one *os.File; it is closed with the last).
func (t *fdTable) sharedElsewhere(fd int) bool {
	for i, f := range t.files {
		if i != fd && f == t.files[fd] && t.owned[i] {
			return true
		}
	}
	return false
}

// closeOwned closes every descriptor the table owns, each once.
func (t *fdTable) closeOwned() {
	seen := map[*os.File]bool{}
	for i, f := range t.files {
		if t.owned[i] && f != nil && !seen[f] {
			seen[f] = true
			f.Close()
		}
		t.owned[i] = false
	}
}

// useFiles makes files (a redirection's table, made from this one) the
// table's; keep says which fds stay owned. Entries past the old end are
// not owned.
func (t *fdTable) useFiles(files []*os.File, keep func(fd int) bool) {
	owned := make([]bool, len(files))
	for fd := range owned {
		owned[fd] = fd < len(t.owned) && t.owned[fd] && keep(fd)
	}
	t.files, t.owned = files, owned
}

// dupTable gives the table its own duplicate (F_DUPFD_CLOEXEC) of every
// entry, owned, as a forked process has, less the files skip names (the
// consumer ends of process substitutions in progress). On error nothing
// is left open and the table is unchanged.
func (t *fdTable) dupTable(skip []substEnd) error {
	files := make([]*os.File, len(t.files))
	owned := make([]bool, len(t.files))
	for i, f := range t.files {
		if f == nil || slices.ContainsFunc(skip, func(o substEnd) bool { return o.end == f }) {
			continue
		}
		d, err := dupFile(f)
		if err != nil {
			for _, g := range files {
				if g != nil {
					g.Close()
				}
			}
			return err
		}
		files[i], owned[i] = d, true
	}
	t.files, t.owned = files, owned
	return nil
}

// withFile puts f, not owned, at fd in a new copy of the table.
func (t *fdTable) withFile(fd int, f *os.File) {
	files := append(make([]*os.File, 0, max(len(t.files), fd+1)), t.files...)
	owned := append(make([]bool, 0, cap(files)), t.owned...)
	for len(files) <= fd {
		files = append(files, nil)
		owned = append(owned, false)
	}
	files[fd], owned[fd] = f, false
	t.files, t.owned = files, owned
}

// withoutEnds takes the substitution ends out of a new copy of the table
// (it does not close them) and drops closed entries past fd 2 at its end.
func (t *fdTable) withoutEnds(ends []substEnd) {
	files := append([]*os.File(nil), t.files...)
	owned := append([]bool(nil), t.owned...)
	for _, o := range ends {
		if o.fd < len(files) && files[o.fd] == o.end {
			files[o.fd], owned[o.fd] = nil, false
		}
	}
	for len(files) > 3 && files[len(files)-1] == nil {
		files, owned = files[:len(files)-1], owned[:len(owned)-1]
	}
	t.files, t.owned = files, owned
}
