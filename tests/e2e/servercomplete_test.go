package e2e

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// TestCompleteInBgWorkerMainReal completes in autoprewarm_main, the
// background worker main of a copy of contrib/pg_prewarm (registered with
// strcpy(worker.bgw_function_name, "autoprewarm_main") in another
// function): what a worker's main calls comes first, each with its
// declaration and the per-major declarations of the server headers.
func TestCompleteInBgWorkerMainReal(t *testing.T) {
	const c = "autoprewarm.c"
	s := contribCopy(t, "pg_prewarm", c)
	var incomplete bool
	complete := func(typed string) []completionItem {
		t.Helper()
		list := s.complete(c, s.at(c, typed, 0, len(typed)))
		incomplete = list.IsIncomplete
		return list.Items
	}
	// The first statement of autoprewarm_main's body.
	s.edit(c, "BackgroundWorkerUnblockSignals();", "Back", 0)
	items := complete("\n\tBack")
	want := []string{"BackgroundWorkerUnblockSignals", "BackgroundWorkerInitializeConnection", "BackgroundWorkerInitializeConnectionByOid"}
	if len(items) < len(want) {
		t.Fatalf("items %+v", items)
	}
	for i, w := range want {
		if items[i].Label != w {
			t.Fatalf("item %d is %s, want %s (first: %+v)", i, items[i].Label, w, items[:min(5, len(items))])
		}
	}
	if incomplete {
		t.Error("the few names beginning with Back make an incomplete list")
	}
	if items[0].SortText >= items[1].SortText {
		t.Errorf("sortText %q, %q do not keep the order", items[0].SortText, items[1].SortText)
	}
	if !strings.Contains(items[0].Detail, "extern void BackgroundWorkerUnblockSignals(void);") ||
		!strings.Contains(items[0].Documentation.Value, "`postmaster/bgworker.h`") {
		t.Errorf("BackgroundWorkerUnblockSignals: %+v", items[0])
	}
	// In a function that is no worker's main (autoprewarm_dump_now, a V1
	// function), the same prefix keeps the names' order.
	s.edit(c, "Back", "BackgroundWorkerUnblockSignals();", 0)
	s.edit(c, "\tint\t\t\tnum_blocks;\n", "\tint\t\t\tnum_blocks;\n\tBack\n", 0)
	items = complete("num_blocks;\n\tBack")
	if len(items) == 0 || items[0].Label == want[0] {
		t.Errorf("outside a worker's main first %+v", items[:min(3, len(items))])
	}
	// A one-letter prefix matches more server symbols than one list
	// holds: the client is told to ask again as the word grows.
	s.edit(c, "\tBack\n", "\tB\n", 0)
	if items = complete("num_blocks;\n\tB"); len(items) == 0 || !incomplete {
		t.Errorf("prefix B: %d items, incomplete %v", len(items), incomplete)
	}
	s.shutdown()
}

// TestCompletionResolve completes a server function in a copy of
// contrib/pg_stat_statements checked for 14-18, by a client that resolves
// documentation and by one that does not: the first gets items without
// documentation, each with data, and completionItem/resolve fills in the
// declaration of each major (standard_ExecutorRun lost execute_once in
// 18), the same text the second gets inline.
func TestCompletionResolve(t *testing.T) {
	const c = "pg_stat_statements.c"
	const typed = "standard_ExecutorRun(queryDesc"
	sessions := map[bool]*session{}
	items := map[bool]completionItem{}
	for _, lazy := range []bool{true, false} {
		root := t.TempDir()
		copyTree(t, filepath.Join(testenv.Source(t, "postgresql-15"), "contrib", "pg_stat_statements"), root)
		s := newSession(t, options{root: root, encodings: []string{"utf-8"}, resolveDocs: lazy,
			projectFile: `{"pgVersions": [14, 15, 16, 17, 18]}`})
		caps, _ := s.init["capabilities"].(map[string]any)
		cp, _ := caps["completionProvider"].(map[string]any)
		if cp["resolveProvider"] != true {
			t.Errorf("completionProvider %v announces no resolveProvider", cp)
		}
		s.waitIndexed()
		s.open(c)
		list := s.complete(c, s.at(c, typed, 0, len("standard_ExecutorR")))
		i := slices.IndexFunc(list.Items, func(it completionItem) bool { return it.Label == "standard_ExecutorRun" })
		if i < 0 {
			t.Fatalf("lazy %v: no standard_ExecutorRun in %d items", lazy, len(list.Items))
		}
		sessions[lazy], items[lazy] = s, list.Items[i]
	}
	lazy, inline := items[true], items[false]
	if lazy.Documentation.Value != "" || len(lazy.Data) == 0 {
		t.Fatalf("resolving client: item with documentation %q, data %s", lazy.Documentation.Value, lazy.Data)
	}
	if len(inline.Data) != 0 || inline.Documentation.Value == "" {
		t.Fatalf("client without resolve: item with documentation %q, data %s", inline.Documentation.Value, inline.Data)
	}
	// The client sends the item back as it got it.
	var sent map[string]any
	raw, _ := json.Marshal(lazy)
	if err := json.Unmarshal(raw, &sent); err != nil {
		t.Fatal(err)
	}
	sent["kind"] = 3
	var resolved struct {
		completionItem
		Kind int `json:"kind"`
	}
	sessions[true].call("completionItem/resolve", sent, &resolved)
	doc := resolved.Documentation.Value
	for _, want := range []string{
		"14–17: `executor/executor.h`", "uint64 count, bool execute_once);",
		"18: `executor/executor.h`", "extern void standard_ExecutorRun(QueryDesc *queryDesc, ScanDirection direction, uint64 count);",
		"Changed in 18: parameter `bool execute_once` removed.",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("resolved documentation lacks %q:\n%s", want, doc)
		}
	}
	if doc != inline.Documentation.Value {
		t.Errorf("resolved documentation differs from the inline one:\n%s\n---\n%s", doc, inline.Documentation.Value)
	}
	if resolved.Label != lazy.Label || resolved.Kind != 3 || string(resolved.Data) != string(lazy.Data) {
		t.Errorf("resolve changed the item: %+v", resolved)
	}
	for _, s := range sessions {
		s.shutdown()
	}
}
