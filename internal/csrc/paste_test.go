package csrc

import "testing"

func TestPastedOnly(t *testing.T) {
	for _, c := range []struct {
		define string
		arg    int
		want   bool
	}{
		{"#define IsA(nodeptr,_type_) (nodeTag(nodeptr) == T_##_type_)", 1, true},
		{"#define IsA(nodeptr,_type_) (nodeTag(nodeptr) == T_##_type_)", 0, false},
		{"#define castNode(_type_, nodeptr) ((_type_ *) castNodeImpl(T_##_type_, nodeptr))", 0, false},
		{"#define CppAsString(identifier) #identifier", 0, true},
		{"#define CppConcat(x, y) x##y", 1, true},
		{"#define UNUSED(x) 0", 0, false},
		{"#define OBJECT 1", 0, false},
	} {
		params, body, ok := DefineParts(c.define)
		got := ok && c.arg < len(params) && PastedOnly(body, params[c.arg])
		if got != c.want {
			t.Errorf("%s, argument %d: pasted only = %v, want %v", c.define, c.arg, got, c.want)
		}
	}
}

func TestNamesIn(t *testing.T) {
	f := Parse("a.c", []byte("int f(Node *n) { return IsA(n, String) || g(h(x), y + z); }\n"))
	uses, _ := f.Names(func(string) bool { return true })
	want := map[string]string{"n": "IsA/0", "String": "IsA/1", "x": "h/0", "y": "", "z": ""}
	for _, u := range uses {
		w, ok := want[u.Name]
		if !ok {
			continue
		}
		got := ""
		if u.In != "" {
			got = u.In + "/" + string(rune('0'+u.InArg))
		}
		if got != w {
			t.Errorf("%s: in %q, want %q", u.Name, got, w)
		}
	}
}
