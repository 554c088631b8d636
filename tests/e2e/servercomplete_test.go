package e2e

import (
	"strings"
	"testing"
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
