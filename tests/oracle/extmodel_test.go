package oracle

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/extmodel"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/regfile"
	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

// TestExtensionModelOracle proves the static model of extension scripts
// (package extmodel) against the catalog of a real PostgreSQL 15: for
// every extension installed with the server that has more than one
// version, and every version the scripts can install or update to, the
// member objects the model computes from the scripts (as pg_describe_object
// spells them), the attributes of member functions and the comments of
// members must be what the server records after
//
//	CREATE EXTENSION x VERSION 'v'
//
// and after CREATE EXTENSION x VERSION 'u'; ALTER EXTENSION x UPDATE TO 'v'
// for every older installable u with an update path to v. An extension
// whose scripts run a statement the model does not follow (a DO block
// that rewrites pg_depend) is reported and skipped, as the upgrade check
// stays silent on it; one whose requirements are not installed (an
// untrusted language) is skipped with a log line.
func TestExtensionModelOracle(t *testing.T) {
	in := findInstallation(t)
	work := filepath.Join(in.root, "extmodel")
	t.Cleanup(func() { os.RemoveAll(work) })
	srv, err := in.newStage(work)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.populate(); err != nil {
		t.Fatal(err)
	}
	if err := srv.start(t, 21500); err != nil {
		t.Fatal(err)
	}
	extDir := filepath.Join(in.sharedir, "extension")
	compared := compareModel(t, srv, extDir, false)
	if compared < 50 {
		t.Errorf("compared only %d installs and update paths; want the contrib extensions with more than one version", compared)
	}
}

// TestExtensionModelOracleDebian proves the model on the extensions of
// Debian's postgresql-15-* packages that have more than one install
// script, as TestExtensionModelOracle does on contrib: each package's
// scripts, control files and shared libraries are installed into the
// staging tree of a PostgreSQL 15 server. A path the server cannot run
// for a reason outside the scripts (a library that needs
// shared_preload_libraries or a missing system library) is skipped with a
// log line; one the model says fails must fail there, and one the server
// runs must leave the catalog the model computes.
func TestExtensionModelOracleDebian(t *testing.T) {
	in := findInstallation(t)
	debs := testenv.DebianPackages(t)
	work := filepath.Join(in.root, "extmodel-debian")
	t.Cleanup(func() { os.RemoveAll(work) })
	srv, err := in.newStage(work)
	if err != nil {
		t.Fatal(err)
	}
	extDir := filepath.Join(srv.stage, in.sharedir, "extension")
	pkgs, _ := filepath.Glob(filepath.Join(debs, "*", "usr", "share", "postgresql", "15", "extension"))
	for _, d := range pkgs {
		root := filepath.Dir(filepath.Dir(filepath.Dir(filepath.Dir(filepath.Dir(d)))))
		if err := copyTree(d, extDir); err != nil {
			t.Fatal(err)
		}
		lib := filepath.Join(root, "usr", "lib", "postgresql", "15", "lib")
		if _, err := os.Stat(lib); err != nil {
			continue // scripts only
		}
		if err := copyTree(lib, filepath.Join(srv.stage, in.pkglibdir)); err != nil {
			t.Fatal(err)
		}
	}
	if err := srv.populate(); err != nil {
		t.Fatal(err)
	}
	if err := srv.start(t, 21600); err != nil {
		t.Fatal(err)
	}
	// Only the packages' extensions: contrib is TestExtensionModelOracle's.
	for _, e := range project.Load(regfile.Disk{}, []string{filepath.Join(in.sharedir, "extension")}, nil, project.Options{}).Extensions() {
		os.Remove(filepath.Join(extDir, e.Name+".control"))
	}
	if compared := compareModel(t, srv, extDir, true); compared < 20 {
		t.Errorf("compared only %d installs and update paths of the Debian packages; want more", compared)
	}
}

// compareModel compares, for every extension of extDir with more than
// one version, each install and update path's catalog as the model
// computes it with what the server srv records after running it, and
// returns how many paths it compared. With lenient, a path the server
// fails and the model does not predict to fail is skipped with a log
// line (a requirement of the package outside its scripts).
func compareModel(t *testing.T, srv *server, extDir string, lenient bool) int {
	snap := project.Load(regfile.Disk{}, []string{extDir}, nil, project.Options{})
	compared, unmodelled := 0, 0
	seen := map[string]bool{}
	for _, e := range snap.Extensions() {
		if len(e.Versions()) < 2 {
			continue
		}
		for _, v := range e.Versions() {
			install := e.InstallPathOf(v)
			if install == nil || (lenient && install[0].From != "") {
				continue
			}
			// The fresh install of v, then every update to a later version.
			runs := [][]*project.Script{install}
			for _, to := range e.Versions() {
				if up := e.UpdatePath(v, to); len(up) > 0 && install[len(install)-1].From == "" {
					runs = append(runs, append(append([]*project.Script(nil), install...), up...))
				}
			}
			for _, path := range runs {
				name := fmt.Sprintf("%s %s", e.Name, describePath(path))
				if seen[name] {
					continue
				}
				seen[name] = true
				cat := extmodel.Run(modelScripts(path), controlSchema(e))
				to := path[len(path)-1].To
				if !cat.Complete() {
					unmodelled++
					t.Logf("%s: not modelled (%s:%d)", name, filepath.Base(cat.Unmodelled[0].Path), cat.Unmodelled[0].Range.Start)
					continue
				}
				sql := fmt.Sprintf("CREATE EXTENSION %s VERSION %s CASCADE;", sqlIdent(e.Name), sqlLiteral(path[0].To))
				if to != path[0].To {
					sql += fmt.Sprintf("\nALTER EXTENSION %s UPDATE TO %s;", sqlIdent(e.Name), sqlLiteral(to))
				}
				if schema := controlSchema(e); schema != "" {
					// The objects of a fixed schema spelled without it,
					// as the model names them.
					sql += fmt.Sprintf("\nSET search_path = public, %s;", sqlIdent(schema))
				}
				got, fail := srv.psql(sql + "\n" + helpersSQL + membersQuery(e.Name))
				srv.psql(fmt.Sprintf("DROP EXTENSION IF EXISTS %s CASCADE;", sqlIdent(e.Name)))
				if fail != nil {
					switch {
					case len(cat.Conflicts) > 0 && (strings.Contains(fail.Message, "already exists") ||
						strings.Contains(fail.Message, "cannot change return type")):
						t.Logf("%s: fails as the model predicts: %s", name, fail.Message)
						compared++
					case strings.Contains(fail.Message, "control file"), lenient:
						t.Logf("%s: skipped, a requirement is not installed: %s", name, fail.Message)
					default:
						t.Errorf("%s: %s", name, fail.Message)
					}
					continue
				}
				// The server ran every statement of the path, so the model
				// must find none that fails (PGX513, PGX514).
				for _, k := range cat.Conflicts {
					t.Errorf("%s: the model says %s:%d fails, the server ran it", name, filepath.Base(k.At.Path), k.At.Range.Start)
				}
				compared++
				want := modelRows(cat)
				if diff := diffLines(want, serverRows(got)); diff != "" {
					t.Errorf("%s: the model differs from the catalog (- model, + server):\n%s", name, diff)
				}
			}
		}
	}
	t.Logf("compared %d installs and update paths with the catalog; %d not modelled", compared, unmodelled)
	return compared
}

// controlSchema is the schema e's control file fixes, "" for none.
func controlSchema(e *project.Extension) string {
	if v, ok := e.Control.Control.Get("schema"); ok {
		return v.Value
	}
	return ""
}

// modelScripts turns a path of the project into the model's scripts.
func modelScripts(path []*project.Script) []extmodel.Script {
	out := make([]extmodel.Script, 0, len(path))
	for _, sc := range path {
		out = append(out, extmodel.Script{Path: sc.Source.Path, File: sc.Source.SQL})
	}
	return out
}

func describePath(path []*project.Script) string {
	var parts []string
	for _, sc := range path {
		parts = append(parts, filepath.Base(sc.Source.Path))
	}
	return strings.Join(parts, " + ")
}

// membersQuery lists the members of extension ext, one row per object:
// its description, for functions, aggregates, operators, casts and
// operator classes the attributes the model knows (catalogAttrs), the
// comment when there is one; and a row per operator and support function
// of each member operator family.
func membersQuery(ext string) string {
	return fmt.Sprintf(`WITH m AS (
	SELECT d.classid, d.objid FROM pg_depend d
	WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
	  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = %s))
SELECT pg_describe_object(m.classid, m.objid, 0)
	|| coalesce(' {' || (
		SELECT concat_ws(' ', 'cost=' || p.procost, 'language=' || l.lanname,
			'leakproof=' || p.proleakproof, 'parallel=' || CASE p.proparallel WHEN 's' THEN 'safe' WHEN 'r' THEN 'restricted' ELSE 'unsafe' END,
			'returns=' || CASE WHEN p.proretset THEN 'setof ' ELSE '' END || format_type(p.prorettype, NULL),
			'rows=' || p.prorows, 'security=' || CASE WHEN p.prosecdef THEN 'definer' ELSE 'invoker' END,
			'strict=' || p.proisstrict,
			'volatility=' || CASE p.provolatile WHEN 'i' THEN 'immutable' WHEN 's' THEN 'stable' ELSE 'volatile' END)
		FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
		WHERE m.classid = 'pg_proc'::regclass AND p.oid = m.objid AND p.prokind = 'f') || '}', '')
	|| coalesce(' {' || (
		SELECT concat_ws(' ', 'combinefunc=' || pg_temp.pn(a.aggcombinefn), 'deserialfunc=' || pg_temp.pn(a.aggdeserialfn),
			'finalfunc=' || pg_temp.pn(a.aggfinalfn), 'finalfunc_extra=' || a.aggfinalextra, 'initcond=' || coalesce(a.agginitval, ''),
			'mfinalfunc=' || pg_temp.pn(a.aggmfinalfn), 'mfinalfunc_extra=' || a.aggmfinalextra, 'minitcond=' || coalesce(a.aggminitval, ''),
			'minvfunc=' || pg_temp.pn(a.aggminvtransfn), 'msfunc=' || pg_temp.pn(a.aggmtransfn), 'mstype=' || pg_temp.tn(a.aggmtranstype),
			'parallel=' || CASE p.proparallel WHEN 's' THEN 'safe' WHEN 'r' THEN 'restricted' ELSE 'unsafe' END,
			'serialfunc=' || pg_temp.pn(a.aggserialfn), 'sfunc=' || pg_temp.pn(a.aggtransfn), 'sortop=' || pg_temp.opn(a.aggsortop), 'stype=' || pg_temp.tn(a.aggtranstype))
		FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
		WHERE m.classid = 'pg_proc'::regclass AND a.aggfnoid = m.objid) || '}', '')
	|| coalesce(' {' || (
		SELECT concat_ws(' ', 'commutator=' || pg_temp.opn(o.oprcom), 'function=' || pg_temp.pn(o.oprcode), 'hashes=' || o.oprcanhash,
			'join=' || pg_temp.pn(o.oprjoin), 'merges=' || o.oprcanmerge, 'negator=' || pg_temp.opn(o.oprnegate), 'restrict=' || pg_temp.pn(o.oprrest))
		FROM pg_operator o WHERE m.classid = 'pg_operator'::regclass AND o.oid = m.objid) || '}', '')
	|| coalesce(' {' || (
		SELECT concat_ws(' ', 'context=' || CASE c.castcontext WHEN 'i' THEN 'implicit' WHEN 'a' THEN 'assignment' ELSE 'explicit' END,
			'function=' || pg_temp.pn(c.castfunc), 'method=' || CASE c.castmethod WHEN 'f' THEN 'function' WHEN 'i' THEN 'inout' ELSE 'binary' END)
		FROM pg_cast c WHERE m.classid = 'pg_cast'::regclass AND c.oid = m.objid) || '}', '')
	|| coalesce(' {' || (
		SELECT concat_ws(' ', 'default=' || c.opcdefault, 'family=' || quote_ident(f.opfname), 'storage=' || pg_temp.tn(c.opckeytype),
			'type=' || pg_temp.tn(c.opcintype))
		FROM pg_opclass c JOIN pg_opfamily f ON f.oid = c.opcfamily
		WHERE m.classid = 'pg_opclass'::regclass AND c.oid = m.objid) || '}', '')
	|| coalesce(' comment=' || obj_description(m.objid, m.classid::regclass::name), '')
FROM m
UNION ALL
SELECT pg_describe_object(m.classid, m.objid, 0) || ': operator ' || o.amopstrategy
	|| '(' || pg_temp.tn(o.amoplefttype) || ',' || pg_temp.tn(o.amoprighttype) || ') ' || pg_temp.opn(o.amopopr)
	|| CASE WHEN o.amoppurpose = 'o' THEN ' for order by ' || (SELECT quote_ident(opfname) FROM pg_opfamily WHERE oid = o.amopsortfamily) ELSE '' END
FROM m JOIN pg_amop o ON m.classid = 'pg_opfamily'::regclass AND o.amopfamily = m.objid
UNION ALL
SELECT pg_describe_object(m.classid, m.objid, 0) || ': function ' || p.amprocnum
	|| '(' || pg_temp.tn(p.amproclefttype) || ',' || pg_temp.tn(p.amprocrighttype) || ') ' || p.amproc::regprocedure
FROM m JOIN pg_amproc p ON m.classid = 'pg_opfamily'::regclass AND p.amprocfamily = m.objid
ORDER BY 1;`, sqlLiteral(ext))
}

// helpersSQL creates, in the session's temporary schema, the functions
// membersQuery spells catalog references with: a function by its name
// (pn), an operator as regoperator prints it (opn), a type as format_type
// does (tn), "" for none.
const helpersSQL = `CREATE FUNCTION pg_temp.pn(regproc) RETURNS text LANGUAGE sql AS
	$$SELECT coalesce((SELECT proname::text FROM pg_catalog.pg_proc WHERE oid = $1), '')$$;
CREATE FUNCTION pg_temp.opn(oid) RETURNS text LANGUAGE sql AS
	$$SELECT CASE WHEN $1 = 0 THEN '' ELSE $1::regoperator::text END$$;
CREATE FUNCTION pg_temp.tn(oid) RETURNS text LANGUAGE sql AS
	$$SELECT CASE WHEN $1 = 0 THEN '' ELSE pg_catalog.format_type($1, NULL) END$$;
`

// publicObject matches the schema pg_describe_object adds to an object in
// public when a pg_catalog object of the same name hides it (pgcrypto's
// gen_random_uuid() since PostgreSQL 13).
var publicObject = regexp.MustCompile(`^((?:[a-z-]+ )+?)public\.`)

// serverRows splits membersQuery's output into rows, with the objects of
// the extension's schema unqualified, as the model names them.
func serverRows(out string) []string {
	var rows []string
	for _, l := range strings.Split(out, "\n") {
		if l != "" {
			rows = append(rows, publicObject.ReplaceAllString(l, "$1"))
		}
	}
	return rows
}

// catalogAttrs are the attributes membersQuery lists for each kind of
// object (routines of language-less kinds are aggregates).
var catalogAttrs = map[string][]string{
	"function":       {"cost", "language", "leakproof", "parallel", "returns", "rows", "security", "strict", "volatility"},
	"aggregate":      {"combinefunc", "deserialfunc", "finalfunc", "finalfunc_extra", "initcond", "mfinalfunc", "mfinalfunc_extra", "minitcond", "minvfunc", "msfunc", "mstype", "parallel", "serialfunc", "sfunc", "sortop", "stype"},
	"operator":       {"commutator", "function", "hashes", "join", "merges", "negator", "restrict"},
	"cast":           {"context", "function", "method"},
	"operator class": {"default", "family", "storage", "type"},
}

// modelRows spells the model's members as membersQuery does.
func modelRows(c *extmodel.Catalog) []string {
	var rows []string
	for _, o := range c.Members() {
		row := o.ID.String()
		if o.ID.Kind == "procedure" {
			// PostgreSQL 15's pg_describe_object calls a procedure a
			// function.
			row = "function" + strings.TrimPrefix(row, "procedure")
		}
		kind := o.ID.Kind
		switch {
		case o.Aggregate():
			kind = "aggregate"
		case kind == "function" && o.Attrs["language"] == "":
			kind = ""
		}
		if keys := catalogAttrs[kind]; keys != nil {
			var kv []string
			for _, k := range keys {
				kv = append(kv, k+"="+o.Attrs[k])
			}
			row += " {" + strings.Join(kv, " ") + "}"
		}
		if o.Comment != "" {
			row += " comment=" + o.Comment
		}
		rows = append(rows, row)
		if kind == "operator family" {
			for k, v := range o.Attrs {
				rows = append(rows, o.ID.String()+": "+k+" "+v)
			}
		}
	}
	sort.Strings(rows)
	return rows
}

// diffLines returns the lines only in want (-) and only in got (+), or "".
func diffLines(want, got []string) string {
	count := map[string]int{}
	for _, l := range want {
		count[l]++
	}
	for _, l := range got {
		count[l]--
	}
	var out []string
	for l, n := range count {
		switch {
		case n > 0:
			out = append(out, "- "+l)
		case n < 0:
			out = append(out, "+ "+l)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][2:] < out[j][2:] })
	return strings.Join(out, "\n")
}
