package diag

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

func TestParseSeverity(t *testing.T) {
	for in, want := range map[string]Severity{"error": Error, "Warning": Warning, " warn ": Warning, "info": Info, "hint": Hint, "off": 0} {
		if got, err := ParseSeverity(in); err != nil || got != want {
			t.Errorf("ParseSeverity(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseSeverity("loud"); err == nil {
		t.Errorf("ParseSeverity accepted an unknown name")
	}
	if Error.String() != "error" || Hint.String() != "hint" || Severity(9).String() != "severity(9)" {
		t.Errorf("String")
	}
}

func TestSort(t *testing.T) {
	ds := []Diagnostic{{File: "b", Code: "X"}, {File: "a"}, {File: "b", Code: "A"}}
	ds[0].Range.Start, ds[2].Range.Start = 5, 5
	Sort(ds)
	if ds[0].File != "a" || ds[1].Code != "A" || ds[2].Code != "X" {
		t.Errorf("Sort = %+v", ds)
	}
}

// TestSortPermutes holds Sort to a stable sort of the diagnostics
// themselves over random lists with many ties (the order of equal keys is
// kept, which the Message-less, Severity-only differences show), sorted
// and unsorted.
func TestSortPermutes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 200; n++ {
		ds := make([]Diagnostic, rng.IntN(60))
		for i := range ds {
			ds[i] = Diagnostic{File: string(rune('a' + rng.IntN(3))), Range: span.Range{Start: rng.IntN(4)}, Code: string(rune('A' + rng.IntN(2))), Severity: Severity(i)}
		}
		if n%5 == 0 {
			slices.SortStableFunc(ds, func(a, b Diagnostic) int { return strings.Compare(a.File, b.File) })
		}
		want := slices.Clone(ds)
		slices.SortStableFunc(want, func(a, b Diagnostic) int {
			if c := strings.Compare(a.File, b.File); c != 0 {
				return c
			}
			if a.Range.Start != b.Range.Start {
				return a.Range.Start - b.Range.Start
			}
			return strings.Compare(a.Code, b.Code)
		})
		Sort(ds)
		if !slices.EqualFunc(ds, want, func(a, b Diagnostic) bool {
			return a.File == b.File && a.Range == b.Range && a.Code == b.Code && a.Severity == b.Severity
		}) {
			t.Fatalf("list %d: Sort gave %v, want %v", n, ds, want)
		}
	}
}
