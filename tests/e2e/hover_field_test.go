package e2e

import (
	"strings"
	"testing"
)

// TestHoverStructField hovers a field reached through PG_FUNCTION_ARGS'
// fcinfo in the real binary: the answer is the field's declaration in the
// server struct that FunctionCallInfo stands for.
func TestHoverStructField(t *testing.T) {
	s := newSession(t, options{})
	s.waitIndexed()
	const c = "demo/src/demo.c"
	s.open(c)
	s.edit(c, "PG_RETURN_TEXT_P(name);", "(void) fcinfo->flinfo;\n\tPG_RETURN_TEXT_P(name);", 0)
	var h struct {
		Contents struct {
			Value string `json:"value"`
		} `json:"contents"`
		Range *lspRange `json:"range"`
	}
	s.call("textDocument/hover", s.tdp(c, s.at(c, "flinfo", 0, 2)), &h)
	for _, want := range []string{"field of `struct FunctionCallInfo", "FmgrInfo *flinfo;", "`fmgr.h`"} {
		if !strings.Contains(h.Contents.Value, want) {
			t.Errorf("hover on fcinfo->flinfo lacks %q:\n%s", want, h.Contents.Value)
		}
	}
	if h.Range == nil || *h.Range != s.rangeOf(c, "flinfo", 0) {
		t.Errorf("hover range %+v, want %+v", h.Range, s.rangeOf(c, "flinfo", 0))
	}
	s.shutdown()
}
