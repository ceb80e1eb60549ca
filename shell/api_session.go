package shell

// name is what the session's parse errors call its source.
func (se *Session) name() string {
	if se.r.Name != "" {
		return se.r.Name
	}
	return "session"
}

// Var returns the value of the session's shell variable name, and
// whether it is set: what "$name" expands to, for an array its first
// element. It reads the state the last call left; it must not be called
// while a call runs (like Run, it is not for concurrent use).
func (se *Session) Var(name string) (string, bool) {
	if se.sess == nil {
		return "", false
	}
	return se.sess.sh.Var(name)
}

// Dir returns the session's working directory, as `cd` left it.
func (se *Session) Dir() string {
	if se.sess == nil {
		return ""
	}
	return se.sess.sh.Dir()
}
