package control

import "testing"

func TestCursorAt(t *testing.T) {
	src := "# c\ncomment = 'x'\n  rel\nschema = 'pub\nmod # note\n"
	f := Parse("x.control", []byte(src))
	if c := f.CursorAt(len("# c\ncomment = 'x'\n  rel")); c.HasEq || c.InComment || !c.AtKey || c.Prefix != "rel" || c.PrefixRange.End-c.PrefixRange.Start != 3 {
		t.Errorf("typing a key: %+v", c)
	}
	if c := f.CursorAt(len("# c\ncomment = 'x'\n  rel\nschema = 'pub")); !c.HasEq || c.Key != "schema" || c.Value != "pub" || src[c.ValueRange.Start] != '\'' {
		t.Errorf("typing a value: %+v", c)
	}
	if c := f.CursorAt(len(src) - 2); !c.InComment {
		t.Errorf("in a comment: %+v", c)
	}
	if k, r, ok := f.KeyAt(6); !ok || k != "comment" || r.Start != 4 {
		t.Errorf("KeyAt(6) = %q %v %v, want comment at 4", k, r, ok)
	}
	if _, _, ok := f.KeyAt(len("# c\ncomment = 'x")); ok {
		t.Error("KeyAt inside a value found a key")
	}
}
