// Package tty holds what reading the terminal needs and the line editor
// must not get wrong: Reader reads the shell's stdin one byte per read(2),
// so no byte typed ahead for the next command is taken by the prompt, and
// IsTerminal.
//
// It must not know the shell or the line editor. Who owns the terminal
// (the foreground process group hand-off, termios save and restore around
// each job) is package interp's foreground.go (jobControl): it is woven
// into waiting for a job, the job table and the signal handling of the
// prompt, and has not moved here yet.
package tty
