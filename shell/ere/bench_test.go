package ere

import (
	"strings"
	"testing"
)

func BenchmarkCompileMatch(b *testing.B) {
	for i := 0; i < b.N; i++ {
		re, err := Compile(`([a-z]+)([0-9]+) ([a-z-]+)@([a-z.]+)$`, 0)
		if err != nil {
			b.Fatal(err)
		}
		if m, _ := re.FindSubmatchIndex("foo123 bar-baz@example.com"); m == nil {
			b.Fatal("no match")
		}
	}
}

func BenchmarkCompile(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := Compile(`([a-z]+)([0-9]+) ([a-z-]+)@([a-z.]+)$`, 0); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMatch(b *testing.B) {
	re, err := Compile(`([a-z]+)([0-9]+) ([a-z-]+)@([a-z.]+)$`, 0)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		if m, _ := re.FindSubmatchIndex("foo123 bar-baz@example.com"); m == nil {
			b.Fatal("no match")
		}
	}
}

// BenchmarkLong matches a 2,001-character text on both matchers.
func BenchmarkLong(b *testing.B) {
	re, err := Compile(`((a|b)*)(c|d)$`, 0)
	if err != nil {
		b.Fatal(err)
	}
	s := strings.Repeat("ab", 1000) + "c"
	for _, pike := range []bool{false, true} {
		b.Run(map[bool]string{false: "bitstate", true: "pike"}[pike], func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if m, _ := re.find(s, pike); m == nil {
					b.Fatal("no match")
				}
			}
		})
	}
}
