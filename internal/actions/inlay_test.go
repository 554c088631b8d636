package actions_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/actions"
	"github.com/pgext-ls/pgext-ls/internal/check"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/regfile"
	"github.com/pgext-ls/pgext-ls/internal/span"
	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// render shows hints inline, as an editor does: "PG_GETARG_INT32(«a: integer»0)".
func render(content []byte, hs []actions.Hint) string {
	var sb strings.Builder
	last := 0
	for _, h := range hs {
		sb.Write(content[last:h.Offset])
		sb.WriteString("«" + h.Label + "»")
		last = h.Offset
	}
	sb.Write(content[last:])
	return sb.String()
}

func TestInlayHints(t *testing.T) {
	c := cHead + `
PG_FUNCTION_INFO_V1(add);

Datum
add(PG_FUNCTION_ARGS)
{
	int64		a = PG_GETARG_INT64(0);
	int64		b = PG_NARGS() > 1 && !PG_ARGISNULL(1) ? PG_GETARG_INT64(1) : 0;
	text	   *label = PG_GETARG_TEXT_PP(2);

	PG_RETURN_INT64(a + b);
}

PG_FUNCTION_INFO_V1(unbound);

Datum
unbound(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(PG_GETARG_INT32(0));
}
`
	w := newWorkspace(t, map[string]string{
		"Makefile": makefile, "ext.control": control, "ext.c": c,
		"ext--1.0.sql": guard + `
CREATE FUNCTION add(a bigint, b bigint, "label" text) RETURNS bigint AS 'MODULE_PATHNAME' LANGUAGE C;
CREATE FUNCTION add(x bigint) RETURNS bigint AS 'MODULE_PATHNAME' LANGUAGE C;
CREATE FUNCTION add(a bigint, integer, text) RETURNS bigint AS 'MODULE_PATHNAME' LANGUAGE C;
CREATE FUNCTION unbound_sql(integer) RETURNS integer AS 'MODULE_PATHNAME', 'other' LANGUAGE C;
`,
	})
	path := w.path("ext.c")
	content := w.snap.File(path).Content
	hs := actions.InlayHints(w.snap, path, span.Range{Start: 0, End: len(content)})
	got := render(content, hs)
	for _, want := range []string{
		"PG_GETARG_INT64(«a|x: bigint»0)",
		"!PG_ARGISNULL(«b|$2: bigint|integer»1) ? PG_GETARG_INT64(«b|$2: bigint|integer»1)",
		"PG_GETARG_TEXT_PP(«label|$3: text»2)",
		"PG_GETARG_INT32(0)", // unbound: no hint
	} {
		if !strings.Contains(got, want) {
			t.Errorf("hints do not show %q:\n%s", want, got)
		}
	}
	if len(hs) != 4 {
		t.Errorf("got %d hints, want 4: %+v", len(hs), hs)
	}
	if !strings.Contains(hs[0].Tooltip, "add(a bigint, b bigint, label text) RETURNS bigint") {
		t.Errorf("tooltip %q", hs[0].Tooltip)
	}
	// Only hints in the range are returned.
	i := strings.Index(string(content), "text	   *label")
	part := actions.InlayHints(w.snap, path, span.Range{Start: i, End: i + 40})
	if len(part) != 1 || part[0].Label != "label|$3: text" {
		t.Errorf("hints in a range: %+v", part)
	}
	if hs := actions.InlayHints(w.snap, w.path("ext--1.0.sql"), span.Range{End: 1 << 20}); len(hs) != 0 {
		t.Errorf("hints in a script: %+v", hs)
	}
}

// TestContrib offers every action on PostgreSQL's contrib and checks that
// each applies cleanly, and that inlay hints name an argument of the SQL
// declarations at every PG_GETARG_* of bound functions.
func TestContrib(t *testing.T) {
	src := testenv.PostgresSource(t)
	root := filepath.Join(src, "contrib")
	snap := project.Load(regfile.Disk{}, []string{root}, nil, project.Options{})
	env := actions.Env{API: api(t), Versions: []int{15}}
	diags := check.Run(snap, check.Config{API: env.API, PGVersions: env.Versions})
	fixed := map[string]int{}
	for _, d := range diags {
		for _, a := range actions.CodeActions(snap, d.File, d.Range, diags, env) {
			for p, es := range a.Edits {
				f := snap.File(p)
				if f == nil {
					t.Errorf("%s: edit of a file not in the snapshot: %s", a.Title, p)
					continue
				}
				if _, err := actions.ApplyEdits(f.Content, es); err != nil {
					t.Errorf("%s: %v", a.Title, err)
				}
			}
			if a.Kind == actions.QuickFix {
				fixed[d.Code]++
			}
		}
	}
	t.Logf("quick fixes on contrib: %v", fixed)

	hstore := filepath.Join(root, "hstore", "hstore_op.c")
	f := snap.File(hstore)
	if f == nil {
		t.Fatal("hstore_op.c not found")
	}
	hs := actions.InlayHints(snap, hstore, span.Range{End: len(f.Content)})
	if len(hs) < 20 {
		t.Fatalf("only %d hints in hstore_op.c", len(hs))
	}
	got := render(f.Content, hs)
	// hstore_fetchval(hstore, text): PG_GETARG_HSTORE_P(0), PG_GETARG_TEXT_PP(1).
	for _, want := range []string{"PG_GETARG_TEXT_PP(«$2: text»1)", "PG_GETARG_HSTORE_P(«$1: hstore»0)"} {
		if !strings.Contains(got, want) {
			t.Errorf("hstore_op.c hints do not show %q", want)
		}
	}
	// Every source action on a contrib control file proposes a script that
	// does not exist yet.
	n := 0
	for _, e := range snap.Extensions() {
		for _, a := range actions.CodeActions(snap, e.Control.Path, span.Range{}, nil, env) {
			if a.Kind != actions.Source || len(a.CreateFiles) != 1 {
				t.Errorf("%s: %+v", e.Name, a)
				continue
			}
			if snap.File(a.CreateFiles[0].Path) != nil {
				t.Errorf("%s: creates existing %s", e.Name, a.CreateFiles[0].Path)
			}
			n++
		}
	}
	if n < 30 {
		t.Errorf("only %d upgrade-script actions on contrib", n)
	}
}
