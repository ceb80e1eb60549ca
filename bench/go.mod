module github.com/plumbsh/plumb/bench

go 1.26.0
