// Command empty does nothing. Built statically (CGO_ENABLED=0) it is the
// floor for the start-up of any Go program: the harness runs it next to
// `plumb -c true`.
package main

func main() {}
