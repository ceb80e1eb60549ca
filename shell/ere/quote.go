package ere

import "strings"

// specials are the characters with a meaning outside a bracket
// expression; a backslash before any of them makes it literal.
const specials = `\.[]()*+?{}|^$`

// QuoteMeta returns s with a backslash before each character that would
// otherwise have a meaning, so that Compile reads it as its literal text
// (the quoted parts of [[ x =~ re ]]'s right side).
func QuoteMeta(s string) string {
	if !strings.ContainsAny(s, specials) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(specials, s[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
