package diag

import "testing"

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
