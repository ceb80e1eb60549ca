module github.com/plumbsh/plumb/bench/api

go 1.26.0

require (
	github.com/plumbsh/plumb v0.0.0
	mvdan.cc/sh/v3 v3.14.1
)

require (
	github.com/chzyer/readline v1.5.1 // indirect
	golang.org/x/sys v0.50.0 // indirect
	golang.org/x/term v0.45.0 // indirect
)

replace github.com/plumbsh/plumb => ../..
