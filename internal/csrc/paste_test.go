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
