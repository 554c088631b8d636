package e2e

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// The benchmarks run the real server on PostgreSQL 15's contrib (about 50
// extensions) as the workspace, read-only: edits live in open buffers.
// Latencies are measured at the client, from sending a message to
// receiving what it causes, and include the diagnostics debounce.

const (
	hstoreC   = "hstore/hstore_op.c"
	hstoreSQL = "hstore/hstore--1.4.sql"
)

// contribSession starts a server on contrib and waits for the first index.
func contribSession(b *testing.B) *session {
	b.Helper()
	src := testenv.PostgresSource(b)
	s := newSession(b, options{root: filepath.Join(src, "contrib")})
	s.waitIndexed()
	return s
}

// report records the median and 95th percentile of latencies.
func report(b *testing.B, ds []time.Duration) {
	if len(ds) == 0 {
		return
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(ds[len(ds)/2]), "p50-ms")
	b.ReportMetric(ms(ds[(len(ds)*95)/100]), "p95-ms")
	b.ReportMetric(0, "ns/op") // the wall time per op includes the setup waits
}

// BenchmarkDidOpenDiagnostics opens a C file whose buffer breaks a
// PG_FUNCTION_INFO_V1, and waits for the error in the unopened script.
func BenchmarkDidOpenDiagnostics(b *testing.B) {
	s := contribSession(b)
	broken := strings.Replace(s.text(hstoreC), "PG_FUNCTION_INFO_V1(hstore_fetchval)", "PG_FUNCTION_INFO_V1(hstore_fetchvalue)", 1)
	var ds []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		mark := s.mark()
		start := time.Now()
		s.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
			"uri": s.uri(hstoreC), "languageId": "c", "version": 1, "text": broken}})
		s.diagnosticsFor(hstoreSQL, mark, func(p publishParams) bool { return hasCode(p, "PGX001") })
		ds = append(ds, time.Since(start))
		mark = s.mark()
		s.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": s.uri(hstoreC)}})
		s.diagnosticsFor(hstoreSQL, mark, func(p publishParams) bool { return len(p.Diagnostics) == 0 })
	}
	b.StopTimer()
	report(b, ds)
	s.shutdown()
}

// BenchmarkDidChangeDiagnostics alternates an edit that breaks a V1 marker
// and one that fixes it, waiting each time for the script's diagnostics.
func BenchmarkDidChangeDiagnostics(b *testing.B) {
	s := contribSession(b)
	s.open(hstoreC)
	var ds []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		mark := s.mark()
		start := time.Now()
		s.edit(hstoreC, "(hstore_fetchval)", "(hstore_fetchvalue)", 0)
		s.diagnosticsFor(hstoreSQL, mark, func(p publishParams) bool { return hasCode(p, "PGX001") })
		ds = append(ds, time.Since(start))
		mark = s.mark()
		start = time.Now()
		s.edit(hstoreC, "(hstore_fetchvalue)", "(hstore_fetchval)", 0)
		s.diagnosticsFor(hstoreSQL, mark, func(p publishParams) bool { return len(p.Diagnostics) == 0 })
		ds = append(ds, time.Since(start))
	}
	b.StopTimer()
	report(b, ds)
	s.shutdown()
}

// BenchmarkDefinition jumps from a SQL link symbol to its C definition.
func BenchmarkDefinition(b *testing.B) {
	s := contribSession(b)
	p := s.tdp(hstoreSQL, s.at(hstoreSQL, "'hstore_fetchval'", 0, 3))
	var ds []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		var got []location
		s.call("textDocument/definition", p, &got)
		ds = append(ds, time.Since(start))
		if len(got) != 1 || !strings.HasSuffix(got[0].URI, "hstore_op.c") {
			b.Fatalf("definition = %v", got)
		}
	}
	b.StopTimer()
	report(b, ds)
	s.shutdown()
}

// BenchmarkReferences lists the references of a C function across C and
// every script version.
func BenchmarkReferences(b *testing.B) {
	s := contribSession(b)
	p := s.tdp(hstoreC, s.at(hstoreC, "hstore_fetchval(PG_FUNCTION_ARGS)", 0, 2))
	p["context"] = map[string]any{"includeDeclaration": true}
	var ds []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		var got []location
		s.call("textDocument/references", p, &got)
		ds = append(ds, time.Since(start))
		if len(got) < 3 {
			b.Fatalf("references = %v", got)
		}
	}
	b.StopTimer()
	report(b, ds)
	s.shutdown()
}

// BenchmarkFirstHover starts a fresh server on contrib for each iteration
// and sends a hover together with the didOpen of the file, as an editor
// does when it opens a file under the mouse: the time to the hover's
// answer (first-hover-ms) against the time to the end of indexing the whole
// workspace (index-ms). Their ratio is under 1 when the hover is answered
// from the file's extension before the workspace is indexed.
func BenchmarkFirstHover(b *testing.B) {
	src := testenv.PostgresSource(b)
	var hovers, indexes []time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		s := newSession(b, options{root: filepath.Join(src, "contrib")})
		const c = "hstore/hstore_io.c"
		s.open(c)
		id := s.request("textDocument/hover", s.tdp(c, s.at(c, "PG_FUNCTION_INFO_V1(hstore_in)", 0, 3)))
		m := s.response(id)
		hovers = append(hovers, time.Since(start))
		if m.Error != nil || !strings.Contains(string(m.Result), "PG_FUNCTION_INFO_V1") {
			b.Fatalf("first hover = %s (error %v), want PG_FUNCTION_INFO_V1's", m.Result, m.Error)
		}
		s.waitIndexed()
		indexes = append(indexes, time.Since(start))
		s.shutdown()
	}
	median := func(ds []time.Duration) float64 {
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		return float64(ds[len(ds)/2]) / float64(time.Millisecond)
	}
	h, ix := median(hovers), median(indexes)
	b.ReportMetric(h, "first-hover-ms")
	b.ReportMetric(ix, "index-ms")
	b.ReportMetric(h/ix, "hover/index")
	b.ReportMetric(0, "ns/op")
}
