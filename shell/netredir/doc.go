// Package netredir opens bash's network redirections: a redirection
// whose target is /dev/tcp/HOST/PORT or /dev/udp/HOST/PORT connects a
// socket to HOST:PORT instead of opening a file, whatever the operator
// (<, >, >>, <>), and whether or not such a path exists on disk. It is how
// a stage talks to another machine: `exec 3<>/dev/tcp/example.org/80`.
//
// The socket is made with unix.Socket, not the net package: a net.Conn's
// File() dups the descriptor, and the runtime's poller would leave the
// socket non-blocking, which a child must never inherit. It is born
// close-on-exec (SOCK_CLOEXEC) like every descriptor plumb makes
// (invariant 1, in package exec's doc), and is blocking again by the time
// anyone else sees it. Open hands the caller the only descriptor of the
// socket: the caller owns it and closes it; on failure nothing is left
// open.
//
// It owns name parsing, resolution and connecting with a timeout; it must
// not know the shell (where the descriptor goes, what the error line
// looks like) or any plumb package but exec, through which it runs
// getent(1) to resolve a host name (resolve.go says why not Go's net).
package netredir
