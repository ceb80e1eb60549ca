// Package tty holds what the interactive shell needs of its terminal and
// the line editor must not get wrong. Reader reads the shell's stdin one
// byte per read(2), so no byte typed ahead for the next command is taken
// by the prompt; IsTerminal. Terminal is the controlling terminal of an
// interactive shell: who owns it (taking it at start, handing it to a
// stopped job that `fg` resumes, taking it back after each job and
// before each prompt, giving it back at exit) and its modes around each
// job (Modes, Reclaim, KeepSettings).
//
// It must not know the shell or the line editor: waiting for a job, the
// job table and the prompt's signal handling, which decide when the
// terminal changes hands, are package interp's (foreground.go). It
// imports exec only for SetForeground, which blocks SIGTTOU on the
// calling thread for the tcsetpgrp.
package tty
