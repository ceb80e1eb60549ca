package pattern

import "strings"

// A PathMatcher matches whole pathnames the way fnmatch(3) does with
// FNM_PATHNAME, which bash uses for GLOBIGNORE: a slash in the text is
// matched only by a slash in the pattern, so `*` and `?` and brackets
// stay inside one component (*.txt does not match foo/a.txt, */x*
// matches d/x1). A leading dot needs no explicit match.
type PathMatcher []Matcher

// CompilePath reads pat as mode m says, one Matcher per component.
func CompilePath(pat string, m Mode) PathMatcher {
	comps := splitPath(pat)
	p := make(PathMatcher, len(comps))
	for i, c := range comps {
		p[i] = Compile(c, m)
	}
	return p
}

// Match reports whether the pattern matches all of path, component by
// component; path is not split into a slice, so matching allocates
// nothing.
func (p PathMatcher) Match(path string) bool {
	for i, m := range p {
		comp := path
		if i < len(p)-1 {
			j := strings.IndexByte(path, '/')
			if j < 0 {
				return false
			}
			comp, path = path[:j], path[j+1:]
		} else if strings.IndexByte(path, '/') >= 0 {
			return false
		}
		if !m.Match(comp) {
			return false
		}
	}
	return true
}
