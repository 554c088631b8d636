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

// TestCondAt evaluates version conditions for one major: the minor
// release is unknown, other macros are undecided, what does not parse is
// Unknown.
func TestCondAt(t *testing.T) {
	for _, tc := range []struct {
		cond  string
		major int
		want  Truth
	}{
		{"", 15, True},
		{"PG_VERSION_NUM >= 150000", 15, True},
		{"PG_VERSION_NUM >= 150000", 14, False},
		{"PG_VERSION_NUM < 150000", 14, True},
		{"!(PG_VERSION_NUM >= 150000)", 16, False},
		{"!(PG_VERSION_NUM >= 150000)", 13, True},
		{"PG_VERSION_NUM >= 150001", 15, Unknown}, // depends on the minor
		{"PG_VERSION_NUM >= 150001", 16, True},
		{"PG_VERSION_NUM > 149999", 15, True},
		{"PG_VERSION_NUM <= 160000", 16, Unknown},
		{"PG_VERSION_NUM == 150000", 15, Unknown},
		{"PG_VERSION_NUM != 150000", 16, True},
		{"PG_VERSION_NUM >= 90600L", 10, True},
		{"PG_MAJORVERSION_NUM >= 16", 16, True},
		{"PG_MAJORVERSION_NUM >= 16", 15, False},
		{"PG_VERSION_NUM >= 160000 && !defined(WIN32)", 16, Unknown},
		{"PG_VERSION_NUM >= 160000 && !defined(WIN32)", 15, False}, // false && unknown
		{"PG_VERSION_NUM >= 160000 || defined(WIN32)", 16, True},   // true || unknown
		{"PG_VERSION_NUM < 130000 || PG_VERSION_NUM >= 160000", 14, False},
		{"(PG_VERSION_NUM >= 140000) && (PG_VERSION_NUM < 170000)", 16, True},
		{"defined(PG_VERSION_NUM)", 12, True},
		{"defined USE_ASSERT_CHECKING", 15, Unknown},
		{"0", 15, False},
		{"1", 15, True},
		{"PG_VERSION_NUM / 100 >= 1500", 15, Unknown}, // arithmetic
		{"SOME_MACRO(3) > 2", 15, Unknown},
		{"PG_VERSION_NUM >=", 15, Unknown},
		{"(PG_VERSION_NUM >= 150000", 15, Unknown},
		{"PG_VERSION_NUM >= 150000 @", 15, Unknown},
	} {
		if got := Cond(tc.cond).At(tc.major); got != tc.want {
			t.Errorf("Cond(%q).At(%d) = %v, want %v", tc.cond, tc.major, got, tc.want)
		}
	}
}

// TestCondRequires: a non-negated term naming a matching macro requires
// it; a negated term or "defined" itself does not.
func TestCondRequires(t *testing.T) {
	isFrontend := func(m string) bool { return m == "FRONTEND" }
	for _, c := range []struct {
		cond string
		want bool
	}{
		{"", false},
		{"defined(FRONTEND)", true},
		{"PG_VERSION_NUM >= 150000 && defined FRONTEND", true},
		{"!defined(FRONTEND)", false},
		{"defined(FRONTEND_X)", false},
		{"!(PG_VERSION_NUM >= 150000) && FRONTEND", true},
	} {
		if got := Cond(c.cond).Requires(isFrontend); got != c.want {
			t.Errorf("Cond(%q).Requires(FRONTEND) = %v, want %v", c.cond, got, c.want)
		}
	}
}

// TestAllAt: the conjunction of a function's and a statement's conditions.
func TestAllAt(t *testing.T) {
	if got := AllAt(15); got != True {
		t.Errorf("AllAt(15) = %v, want true", got)
	}
	if got := AllAt(15, "PG_VERSION_NUM >= 140000", "PG_VERSION_NUM < 150000"); got != False {
		t.Errorf("AllAt(15, >= 14, < 15) = %v, want false", got)
	}
	if got := AllAt(16, "PG_VERSION_NUM >= 140000", "defined(X)"); got != Unknown {
		t.Errorf("AllAt(16, >= 14, defined(X)) = %v, want unknown", got)
	}
}

func TestNamesVersion(t *testing.T) {
	for c, want := range map[Cond]bool{
		"PG_VERSION_NUM >= 160000":                   true,
		"defined(WIN32) && PG_MAJORVERSION_NUM < 17": true,
		"!(X0) && !(X1) && X2":                       false,
		"":                                           false,
	} {
		if got := c.NamesVersion(); got != want {
			t.Errorf("%q.NamesVersion() = %v, want %v", c, got, want)
		}
	}
}
