package csrc

import "testing"

func TestValidName(t *testing.T) {
	for s, want := range map[string]bool{
		"table_open": true, "_x1": true, "A": true,
		"": false, "1x": false, "a-b": false, "a$b": false, "naïve": false, "while": false, "_Bool": false, "static": false, "__inline": false, "__attribute__": false,
	} {
		if got := ValidName(s); got != want {
			t.Errorf("ValidName(%q) = %v, want %v", s, got, want)
		}
	}
}
