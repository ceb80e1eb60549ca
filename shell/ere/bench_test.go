package ere

import "testing"

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
