package e2e

import (
	"strings"
	"testing"
)

// TestAssist checks that hover, completion and signature help reach the
// client, with ranges in the negotiated encoding.
func TestAssist(t *testing.T) {
	encodings(t, func(t *testing.T, o options) {
		s := newSession(t, o)
		s.waitIndexed()
		const c = "demo/src/demo.c"
		s.open(c)

		// Hover on the V1 marker, after Cyrillic text and an emoji.
		var h struct {
			Contents struct {
				Kind  string `json:"kind"`
				Value string `json:"value"`
			} `json:"contents"`
			Range *lspRange `json:"range"`
		}
		s.call("textDocument/hover", s.tdp(c, s.at(c, "PG_FUNCTION_INFO_V1", 0, 3)), &h)
		if h.Contents.Kind != "markdown" || !strings.Contains(h.Contents.Value, "PG_FUNCTION_INFO_V1") {
			t.Errorf("hover = %+v", h)
		}
		if h.Range == nil || *h.Range != s.rangeOf(c, "PG_FUNCTION_INFO_V1", 0) {
			t.Errorf("hover range %+v, want %+v", h.Range, s.rangeOf(c, "PG_FUNCTION_INFO_V1", 0))
		}

		// Completion in the middle of PG_GETARG_INT32 proposes it, typed
		// for argument 0 of demo_add.
		var list struct {
			Items []struct {
				Label    string `json:"label"`
				TextEdit struct {
					Range   lspRange `json:"range"`
					NewText string   `json:"newText"`
				} `json:"textEdit"`
			} `json:"items"`
		}
		s.call("textDocument/completion", s.tdp(c, s.at(c, "PG_GETARG_INT32", 0, len("PG_GETARG_"))), &list)
		if len(list.Items) == 0 || list.Items[0].Label != "PG_GETARG_INT32" {
			t.Fatalf("completion items %+v, want PG_GETARG_INT32 first", list.Items)
		}
		start := s.at(c, "PG_GETARG_INT32", 0, 0)
		if list.Items[0].TextEdit.Range.Start != start {
			t.Errorf("completion edit range %+v, want it to start at %+v", list.Items[0].TextEdit.Range, start)
		}

		// Signature help inside a call of a server API function.
		s.edit(c, "PG_RETURN_TEXT_P(name);", "elog(NOTICE, \"привет 🐘\");\n\tPG_RETURN_TEXT_P(name);", 0)
		var sh struct {
			Signatures []struct {
				Label string `json:"label"`
			} `json:"signatures"`
			ActiveParameter int `json:"activeParameter"`
		}
		s.call("textDocument/signatureHelp", s.tdp(c, s.at(c, "elog(NOTICE, ", 0, len("elog(NOTICE, "))), &sh)
		if len(sh.Signatures) == 0 || !strings.Contains(sh.Signatures[0].Label, "elog") || sh.ActiveParameter != 1 {
			t.Errorf("signature help = %+v, want elog's signature at parameter 1", sh)
		}
		s.shutdown()
	})
}
