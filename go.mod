module github.com/plumbsh/plumb

go 1.26.0

require (
	github.com/chzyer/readline v1.5.1
	github.com/creack/pty v1.1.24
	github.com/google/shlex v0.0.0-20191202100458-e7afc7fbc510
	golang.org/x/sys v0.50.0
	golang.org/x/tools v0.52.0
)
