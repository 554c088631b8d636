package sqlscript

import (
	"os"
	"strings"
	"testing"

	pg "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// protoWalk is walkMessages through protobuf reflection, the order the
// descriptor declares: what walkMessages must visit.
func protoWalk(m protoreflect.Message, visit func(protoreflect.Message)) {
	visit(m)
	fields := m.Descriptor().Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		if fd.Kind() != protoreflect.MessageKind || !m.Has(fd) {
			continue
		}
		if fd.IsList() {
			l := m.Get(fd).List()
			for i := 0; i < l.Len(); i++ {
				protoWalk(l.Get(i).Message(), visit)
			}
		} else {
			protoWalk(m.Get(fd).Message(), visit)
		}
	}
}

// visits returns the messages walk visits under every statement of the
// parse trees, in order.
func visits(trees []*pg.ParseResult, walk func(protoreflect.Message, func(protoreflect.Message))) []protoreflect.Message {
	var out []protoreflect.Message
	for _, res := range trees {
		for _, raw := range res.GetStmts() {
			walk(raw.ProtoReflect(), func(m protoreflect.Message) { out = append(out, m) })
		}
	}
	return out
}

// realTrees parses the contrib and pgvector scripts whole, without their
// psql lines and with @extschema@ made a name, skipping those pg_query
// still rejects.
func realTrees(t testing.TB) []*pg.ParseResult {
	var trees []*pg.ParseResult
	for _, p := range realScripts(t) {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, l := range strings.Split(string(src), "\n") {
			if !strings.HasPrefix(l, "\\") {
				lines = append(lines, strings.ReplaceAll(l, "@extschema@", "extschema"))
			}
		}
		if res, err := pg.Parse(strings.Join(lines, "\n")); err == nil {
			trees = append(trees, res)
		}
	}
	return trees
}

func TestWalkMessagesOrder(t *testing.T) {
	trees := realTrees(t)
	got, want := visits(trees, walkMessages), visits(trees, protoWalk)
	if len(got) != len(want) {
		t.Fatalf("walkMessages visited %d messages, protobuf reflection %d", len(got), len(want))
	}
	kinds := map[protoreflect.FullName]bool{}
	for i := range got {
		if got[i].Interface() != want[i].Interface() {
			t.Fatalf("message %d: walkMessages visited a %s, protobuf reflection a %s",
				i, got[i].Descriptor().FullName(), want[i].Descriptor().FullName())
		}
		kinds[got[i].Descriptor().FullName()] = true
	}
	// The scripts reach the oneofs (Node, A_Const's value) and lists.
	for _, k := range []protoreflect.FullName{"pg_query.Node", "pg_query.String", "pg_query.FuncCall", "pg_query.A_Const", "pg_query.TypeName"} {
		if !kinds[k] {
			t.Errorf("no %s visited in %d messages", k, len(got))
		}
	}
}

func BenchmarkWalkMessages(b *testing.B) {
	trees := realTrees(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		for _, res := range trees {
			for _, raw := range res.GetStmts() {
				walkMessages(raw.ProtoReflect(), func(protoreflect.Message) { n++ })
			}
		}
	}
}
