package e2e

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// TestKeystrokeBurst types 200 keystrokes into a C file as separate
// incremental didChange notifications, without waiting, with a
// documentSymbol request after each completed line. The server must answer
// every request on exactly the text sent before it (LSP ordering), build
// the burst in fewer snapshots than keystrokes (didChange only records the
// text), and end with the diagnostics a fresh check gives for the final
// text.
func TestKeystrokeBurst(t *testing.T) {
	s := newSession(t, options{})
	rel := "demo/src/demo.c"
	s.open(rel)
	s.waitIndexed()

	var typed strings.Builder
	for i := 0; typed.Len() < 200; i++ {
		// Each line declares a V1 function with no SQL definition and
		// defines it: findings of their own for the final check.
		fmt.Fprintf(&typed, "PG_FUNCTION_INFO_V1(burst_%d);\nDatum burst_%d(PG_FUNCTION_ARGS) { PG_RETURN_VOID(); }\n", i, i)
	}
	keys := []rune(typed.String())[:200]

	type probe struct {
		id   json.RawMessage
		want []string // the burst_ functions named in the text so far
	}
	var probes []probe
	named := regexp.MustCompile(`burst_\d+`)
	for _, k := range keys {
		s.typeAtEnd(rel, string(k))
		if k == '\n' {
			// The functions named so far, by a V1 line or a definition.
			var want []string
			seen := map[string]bool{}
			for _, name := range named.FindAllString(s.buffers[rel], -1) {
				if !seen[name] {
					seen[name] = true
					want = append(want, name)
				}
			}
			id := s.request("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": s.uri(rel)}})
			probes = append(probes, probe{id, want})
		}
	}
	if len(probes) < 3 {
		t.Fatalf("only %d probes in the burst", len(probes))
	}
	for i, p := range probes {
		m := s.response(p.id)
		if m.Error != nil {
			t.Fatalf("documentSymbol %d: %v", i, m.Error)
		}
		var syms []struct {
			Name string `json:"name"`
		}
		if err := json.Unmarshal(m.Result, &syms); err != nil {
			t.Fatalf("documentSymbol %d: %v", i, err)
		}
		var got []string
		seen := map[string]bool{}
		for _, x := range syms {
			if strings.HasPrefix(x.Name, "burst_") && !seen[x.Name] {
				seen[x.Name] = true
				got = append(got, x.Name)
			}
		}
		sort.Strings(got)
		want := append([]string(nil), p.want...)
		sort.Strings(want)
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("documentSymbol after line %d answered on other text: got %v, want %v", i+1, got, want)
		}
	}
	// The server may write its log line after the answers: give it time.
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(s.log(), "edits as one snapshot"); {
		if time.Now().After(deadline) {
			t.Errorf("200 keystrokes sent at once were built one by one:\n%s", s.log())
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	dir, text := s.twin(t)
	if diffs := s.settleConsistent(t, dir, text, 20*time.Second); len(diffs) > 0 {
		t.Errorf("after the burst, server and check differ:\n%s", strings.Join(diffs, "\n"))
	}
	s.shutdown()
}
