package interp

import (
	"os"
	"path/filepath"
)

// pathFile is the first regular file called name in PATH's directories,
// executable or not: the file bash's `source name` reads, and what type
// and command -v report for name when PATH holds no executable of that
// name. "" when there is none.
func (s *Shell) pathFile(name string) string {
	pathVar, _ := s.get("PATH")
	p, _ := s.searchPath(pathVar, name, func(p string) bool {
		fi, err := os.Stat(p)
		return err == nil && fi.Mode().IsRegular()
	})
	return p
}

// sourceFind finds the file `source name` reads: pathFile's, else the one
// in the current directory, as bash does.
func (s *Shell) sourceFind(name string) string {
	if p := s.pathFile(name); p != "" {
		return p
	}
	return filepath.Join(s.dir, name)
}
