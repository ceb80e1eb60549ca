//go:build !(linux && amd64)

package main

var keep [][]*byte

func rawSpawn(argv []string, in, out int, vfork bool) int {
	fatal("-mode vfork and novfork exist on linux/amd64 only")
	return 0
}
