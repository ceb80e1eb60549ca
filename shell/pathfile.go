package shell

import (
	"os"
	"path/filepath"
)

// pathFile is the first regular file called name in PATH's directories,
// executable or not: the file bash's `source name` reads, and what type
// and command -v report for name when PATH holds no executable of that
// name. "" when there is none.
func (s *Shell) pathFile(name string) string {
	path, _ := s.get("PATH")
	for _, dir := range filepath.SplitList(path) {
		if dir == "" {
			dir = "."
		}
		p := filepath.Join(dir, name)
		if !filepath.IsAbs(p) {
			p = filepath.Join(s.dir, p)
		}
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p
		}
	}
	return ""
}
