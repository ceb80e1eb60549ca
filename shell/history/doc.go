// Package history is the interactive shell's history: the file every
// session appends to and reads other sessions' entries from (History,
// store.go), and bash's expansion of !-references and ^old^new against the
// entries (Expand, expand.go), with fc's way of naming an entry (Index).
//
// A History owns its file: it opens it close-on-exec for each read or
// append and closes it before returning, so no descriptor of it outlives
// a call. Its methods may be called from the prompt and from the history
// and fc builtins at once (a mutex guards the entries).
//
// It must not know the shell: where the file is (the caller passes the
// path), whether expansion is on, how a line is run or shown, or any
// plumb package.
package history
