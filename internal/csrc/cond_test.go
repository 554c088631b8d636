package csrc

import "testing"

func TestExclusive(t *testing.T) {
	for _, c := range []struct {
		a, b  string
		major int
		want  bool
	}{
		{"defined(PG_MODULE_MAGIC_EXT)", "!defined(PG_MODULE_MAGIC_EXT) && defined PG_MODULE_MAGIC", 15, true},
		{"PG_VERSION_NUM >= 160000", "!(PG_VERSION_NUM >= 160000)", 16, true},
		{"PG_VERSION_NUM >= 180000", "PG_VERSION_NUM < 170000", 18, true},
		{"PG_VERSION_NUM >= 150000", "PG_VERSION_NUM < 170000", 15, false},
		{"PG_VERSION_NUM >= 150000", "PG_VERSION_NUM < 170000", 17, true}, // the second is not compiled for 17
		{"", "defined(X)", 15, false},
		{"defined(X)", "defined(Y)", 15, false},
		{"defined(X)", "defined(X)", 15, false},
		// The #else of a compound condition excludes it (the split on
		// " && " used to miss this).
		{"defined(_MSC_VER) && _MSC_VER >= 1900", "!(defined(_MSC_VER) && _MSC_VER >= 1900)", 15, true},
		{"A && B", "!(A && B) && C", 15, true},
		{"A || B", "!(A || B)", 15, true},
		{"A || B", "!A", 15, false},
		// Different platforms are alternatives; one platform's macros are not.
		{"defined(WIN32)", "defined(__APPLE__)", 15, true},
		{"defined(_MSC_VER)", "defined(__linux__)", 15, true},
		{"defined(__x86_64__)", "defined(__aarch64__)", 15, true},
		{"defined(_MSC_VER)", "defined(WIN32)", 15, false},
		{"defined(__x86_64__)", "defined(__linux__)", 15, false},
		{"_MSC_VER >= 1900", "defined(__APPLE__)", 15, true},
		{"defined(WIN32)", "!defined(__APPLE__)", 15, false},
		// Version and platform together.
		{"PG_VERSION_NUM >= 160000 && defined(WIN32)", "PG_VERSION_NUM < 180000", 16, false},
		{"PG_VERSION_NUM >= 160000 && defined(WIN32)", "PG_VERSION_NUM < 180000", 15, true},
		{"PG_VERSION_NUM >= 160000 && defined(WIN32)", "PG_VERSION_NUM < 180000", 18, true},
		// What does not parse can hold.
		{"PG_VERSION_NUM / 100 >= 1500", "!(PG_VERSION_NUM / 100 >= 1500)", 15, false},
	} {
		if got := Exclusive(c.major, Cond(c.a), Cond(c.b)); got != c.want {
			t.Errorf("Exclusive(%d, %q, %q) = %v, want %v", c.major, c.a, c.b, got, c.want)
		}
	}
}

func TestSatisfiable(t *testing.T) {
	for _, c := range []struct {
		conds []Cond
		major int
		want  bool
	}{
		{nil, 15, true},
		{[]Cond{"PG_VERSION_NUM >= 180000"}, 15, false},
		{[]Cond{"defined(X) && !defined(X)"}, 15, false},
		{[]Cond{"defined(X)", "!defined(X)"}, 15, false},
		{[]Cond{"defined(X)", "defined(Y)", "!defined(Z)"}, 15, true},
		{[]Cond{"PG_VERSION_NUM >= 150002"}, 15, true}, // depends on the minor
		{[]Cond{"PG_VERSION_NUM >= 150002", "!(PG_VERSION_NUM >= 150002)"}, 15, false},
	} {
		if got := Satisfiable(c.major, c.conds...); got != c.want {
			t.Errorf("Satisfiable(%d, %q) = %v, want %v", c.major, c.conds, got, c.want)
		}
	}
}
