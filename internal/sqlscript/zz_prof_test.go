package sqlscript

import (
	"os"
	"testing"
)

func BenchmarkPgtap(b *testing.B) {
	src, err := os.ReadFile(os.Getenv("PGTAP"))
	if err != nil {
		b.Skip(err)
	}
	for i := 0; i < b.N; i++ {
		Parse("x.sql", src)
	}
}
