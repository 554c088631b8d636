package csrc_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
)

// TestCondBounds: conditions are modelled to 64 nested groups and 4 KiB;
// past the bounds, groups add no condition and the first directive past
// them is recorded, in time and memory linear in the file (20,000 levels
// took minutes and gigabytes when each region rebuilt its condition).
func TestCondBounds(t *testing.T) {
	const depth = 20000
	src := strings.Repeat("#if A\n", depth) + "PG_FUNCTION_INFO_V1(f);\n" + strings.Repeat("#endif\n", depth) +
		"#ifdef B\nPG_FUNCTION_INFO_V1(g);\n#endif\n"
	f := csrc.Parse("deep.c", []byte(src))
	if f.CondLimit == nil {
		t.Fatal("no CondLimit for 20,000 nested groups")
	}
	if got, want := f.CondLimit.Start, strings.Index(src, "#if A\n")+64*len("#if A\n"); got != want {
		t.Errorf("CondLimit starts at %d, want %d (the 65th #if)", got, want)
	}
	if len(f.V1) != 2 {
		t.Fatalf("V1 = %+v, want f and g", f.V1)
	}
	if want := csrc.Cond(strings.TrimSuffix(strings.Repeat("A && ", 64), " && ")); f.V1[0].Cond != want {
		t.Errorf("cond of f has %d bytes, want the 64 outer groups' (%d bytes)", len(f.V1[0].Cond), len(want))
	}
	if f.V1[1].Cond != "defined(B)" {
		t.Errorf("cond of g = %q, want defined(B): the groups after the deep ones are modelled", f.V1[1].Cond)
	}

	// A long chain of #elif: each branch negates the earlier ones until
	// the condition reaches 4 KiB.
	var b strings.Builder
	b.WriteString("#if X0\nint a0;\n")
	for i := 1; i < 5000; i++ {
		fmt.Fprintf(&b, "#elif X%d\nint a%d;\n", i, i)
	}
	b.WriteString("#else\nPG_FUNCTION_INFO_V1(h);\n#endif\n")
	f = csrc.Parse("elif.c", []byte(b.String()))
	if f.CondLimit == nil {
		t.Fatal("no CondLimit for 5,000 #elif")
	}
	if len(f.V1) != 1 || f.V1[0].Cond != "" {
		t.Errorf("V1 = %+v: the #else past the bound is modelled as its enclosing group (no condition)", f.V1)
	}
	for _, r := range f.Conds {
		if len(r.Cond) > 4096+len(" && !defined(X9999)") {
			t.Fatalf("a region's condition has %d bytes", len(r.Cond))
		}
	}

	// Within the bounds nothing changes.
	f = csrc.Parse("ok.c", []byte("#if A\n#elif B\n#ifdef C\nPG_FUNCTION_INFO_V1(k);\n#endif\n#else\nint x;\n#endif\n"))
	if f.CondLimit != nil || len(f.V1) != 1 || f.V1[0].Cond != "!(A) && B && defined(C)" {
		t.Errorf("CondLimit %v, V1 %+v", f.CondLimit, f.V1)
	}
}
