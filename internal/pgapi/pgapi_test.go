package pgapi

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
)

func load(t *testing.T) *DB {
	t.Helper()
	db, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return db
}

func paramTypes(ps []csrc.Param) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Type)
	}
	return out
}

func TestMajors(t *testing.T) {
	db := load(t)
	if got, want := db.Majors(), []int{10, 11, 12, 13, 14, 15, 16, 17, 18}; !reflect.DeepEqual(got, want) {
		t.Errorf("Majors() = %v, want %v", got, want)
	}
	if got := db.PrereleaseMajors(); !reflect.DeepEqual(got, []int{19}) {
		t.Errorf("PrereleaseMajors() = %v, want [19]", got)
	}
	if !db.IsPrerelease(19) || db.IsPrerelease(18) {
		t.Errorf("IsPrerelease(19)=%v IsPrerelease(18)=%v", db.IsPrerelease(19), db.IsPrerelease(18))
	}
	if !db.Known(19) || !db.Known(10) || db.Known(9) {
		t.Errorf("Known: 19=%v 10=%v 9=%v", db.Known(19), db.Known(10), db.Known(9))
	}
	if got := DefaultSupported(); !reflect.DeepEqual(got, []int{14, 15, 16, 17, 18}) {
		t.Errorf("DefaultSupported() = %v", got)
	}
}

func TestProcessUtilityHookSignatureChanges(t *testing.T) {
	db := load(t)
	h, ok := db.Hook("ProcessUtility_hook")
	if !ok {
		t.Fatal("ProcessUtility_hook not found")
	}
	v13, ok13 := h.In(13)
	v14, ok14 := h.In(14)
	if !ok13 || !ok14 {
		t.Fatalf("ProcessUtility_hook missing in 13 (%v) or 14 (%v)", ok13, ok14)
	}
	if v13.SameSignature(v14) {
		t.Errorf("13 and 14 signatures compare equal:\n%s\n%s", v13.Signature(), v14.Signature())
	}
	if v14.Header != "tcop/utility.h" || v14.TypedefName != "ProcessUtility_hook_type" {
		t.Errorf("14: header %q typedef %q", v14.Header, v14.TypedefName)
	}
	if v14.Params[2].Type != "bool" || v14.Params[2].Name != "readOnlyTree" {
		t.Errorf("14 third param = %+v, want bool readOnlyTree", v14.Params[2])
	}
	if got := paramTypes(v13.Params); slices.Contains(got, "bool") {
		t.Errorf("13 params %v should not have bool readOnlyTree", got)
	}
	if v13.Params[len(v13.Params)-1].Type != "QueryCompletion *" {
		t.Errorf("13 last param type = %q", v13.Params[len(v13.Params)-1].Type)
	}
	if v14.Standard == nil || v14.Standard.Name != "standard_ProcessUtility" {
		t.Errorf("standard fallback = %+v", v14.Standard)
	}
	if len(v14.InvokedIn) == 0 || v14.InvokedIn[0].Function != "ProcessUtility" {
		t.Errorf("invoked in %v", v14.InvokedIn)
	}
	var majors []int
	for _, c := range h.Changes {
		majors = append(majors, c.Major)
	}
	if !reflect.DeepEqual(majors, []int{13, 14}) {
		t.Errorf("change majors = %v, want [13 14]", majors)
	}
	if c := h.Changes[1]; !reflect.DeepEqual(c.ParamsAdded, []string{"bool readOnlyTree"}) {
		t.Errorf("14 change = %+v", c)
	}
	if c := h.Changes[0]; len(c.ParamsReplaced) != 1 || c.ParamsReplaced[0].To != "QueryCompletion *qc" {
		t.Errorf("13 change = %+v", c)
	}
	v15, _ := h.In(15)
	if !v14.SameSignature(v15) {
		t.Errorf("14 and 15 should match")
	}
	if got, ok := db.HookByTypedef("ProcessUtility_hook_type"); !ok || got != h {
		t.Errorf("HookByTypedef failed")
	}
}

func TestShmemRequestHookFrom15(t *testing.T) {
	db := load(t)
	h, ok := db.Hook("shmem_request_hook")
	if !ok {
		t.Fatal("shmem_request_hook not found")
	}
	for _, m := range db.Majors() {
		if got, want := h.ExistsIn(m), m >= 15; got != want {
			t.Errorf("ExistsIn(%d) = %v, want %v", m, got, want)
		}
	}
	if h.Added.Major != 15 || h.Added.OrOlder {
		t.Errorf("Added = %v, want 15", h.Added)
	}
	if hs := db.HooksIn(14); slices.Contains(hs, h) {
		t.Errorf("HooksIn(14) contains shmem_request_hook")
	}
	// Counts per version from the README.
	for m, n := range map[int]int{10: 27, 13: 28, 15: 30, 18: 34, 19: 38} {
		if got := len(db.HooksIn(m)); got != n {
			t.Errorf("len(HooksIn(%d)) = %d, want %d", m, got, n)
		}
	}
}

func TestExecutorRunHookLosesExecuteOnceIn18(t *testing.T) {
	db := load(t)
	h, _ := db.Hook("ExecutorRun_hook")
	v17, _ := h.In(17)
	v18, ok := h.In(18)
	if !ok || v17 == nil {
		t.Fatal("ExecutorRun_hook missing in 17 or 18")
	}
	hasExecuteOnce := func(v *HookVersion) bool {
		for _, p := range v.Params {
			if p.Name == "execute_once" {
				return true
			}
		}
		return false
	}
	if !hasExecuteOnce(v17) || hasExecuteOnce(v18) {
		t.Errorf("execute_once: 17=%v 18=%v; want true, false", hasExecuteOnce(v17), hasExecuteOnce(v18))
	}
	if len(h.Changes) != 1 || h.Changes[0].Major != 18 || !reflect.DeepEqual(h.Changes[0].ParamsRemoved, []string{"bool execute_once"}) {
		t.Errorf("changes = %+v", h.Changes)
	}
	if v18.Standard == nil || v18.Standard.Name != "standard_ExecutorRun" {
		t.Errorf("standard = %+v", v18.Standard)
	}
}

func TestFmgrMacros(t *testing.T) {
	db := load(t)
	m, ok := db.FmgrMacro("PG_GETARG_INT32")
	if !ok {
		t.Fatal("PG_GETARG_INT32 not found")
	}
	if m.CType != "int32" || !m.IsGetArg() || m.IsReturn() {
		t.Errorf("PG_GETARG_INT32: ctype %q getarg %v return %v", m.CType, m.IsGetArg(), m.IsReturn())
	}
	if got := m.TypeNames(); !reflect.DeepEqual(got, []string{"integer", "int4"}) {
		t.Errorf("TypeNames = %v", got)
	}
	if v, ok := m.In(15); !ok || v.Converter != "DatumGetInt32" || v.Header != "fmgr.h" {
		t.Errorf("In(15) = %+v, %v", v, ok)
	}
	r, ok := db.FmgrMacro("PG_RETURN_TEXT_P")
	if !ok || !r.IsReturn() || r.CType != "text *" || !slices.Contains(r.TypeNames(), "text") {
		t.Errorf("PG_RETURN_TEXT_P = %+v", r)
	}
	old, ok := db.FmgrMacro("PG_GETARG_JSONB")
	if !ok || old.ReplacedBy != "PG_GETARG_JSONB_P" || old.ExistsIn(11) || !old.ExistsIn(10) {
		t.Errorf("PG_GETARG_JSONB = %+v exists10=%v exists11=%v", old, old.ExistsIn(10), old.ExistsIn(11))
	}
	bless, _ := db.FmgrMacro("MAT_SRF_BLESS")
	if bless.FirstMinor[15] != "15.1" {
		t.Errorf("MAT_SRF_BLESS first minor = %v", bless.FirstMinor)
	}
	for name, want := range map[string]bool{
		"PG_GETARG_TEXT_PP": true, "PG_GETARG_ARRAYTYPE_P": true, "PG_GETARG_NUMERIC": true, "PG_GETARG_NAME": true,
		"PG_GETARG_INT32": false, "PG_GETARG_INT64": false, "PG_GETARG_DATUM": false, "PG_GETARG_OID": false,
	} {
		if m, ok := db.FmgrMacro(name); !ok || m.YieldsPointer() != want {
			t.Errorf("%s: YieldsPointer() = %v, want %v", name, ok && m.YieldsPointer(), want)
		}
	}
	for name, want := range map[string]bool{
		"PG_GETARG_TEXT_PP": true, "PG_GETARG_TEXT_P": true, "PG_GETARG_ARRAYTYPE_P": true, "PG_GETARG_NUMERIC": true,
		"PG_GETARG_VARLENA_P": true, "PG_GETARG_HEAPTUPLEHEADER": true, "PG_GETARG_BYTEA_PP": true,
		"PG_GETARG_POINTER": false, "PG_GETARG_CSTRING": false, "PG_GETARG_INTERVAL_P": false, "PG_GETARG_NAME": false,
		"PG_GETARG_UUID_P": false, "PG_GETARG_INT32": false, "PG_GETARG_DATUM": false,
	} {
		if m, ok := db.FmgrMacro(name); !ok || m.Dereferences() != want {
			t.Errorf("%s: Dereferences() = %v, want %v", name, ok && m.Dereferences(), want)
		}
	}
	if _, ok := db.FmgrMacro("PG_GETARG_NOPE"); ok {
		t.Error("unknown macro found")
	}
}

func TestAPIFunc(t *testing.T) {
	db := load(t)
	f, ok := db.APIFunc("InitMaterializedSRF")
	if !ok {
		t.Fatal("InitMaterializedSRF not found")
	}
	if f.FirstMinor[15] != "15.1" || f.Group != "srf" {
		t.Errorf("first minor %v group %q", f.FirstMinor, f.Group)
	}
	if f.ExistsIn(14) || !f.ExistsIn(15) {
		t.Errorf("ExistsIn(14)=%v ExistsIn(15)=%v", f.ExistsIn(14), f.ExistsIn(15))
	}
	if got := f.Prototype(16); got != "void InitMaterializedSRF(FunctionCallInfo fcinfo, bits32 flags)" {
		t.Errorf("Prototype(16) = %q", got)
	}
	if got := f.Prototype(19); !strings.Contains(got, "uint32 flags") {
		t.Errorf("Prototype(19) = %q", got)
	}
	if f.Header(15) != "funcapi.h" {
		t.Errorf("Header(15) = %q", f.Header(15))
	}
	if len(f.Changes) != 1 || !f.Changes[0].Prerelease || f.Changes[0].Params == nil {
		t.Errorf("changes = %+v", f.Changes)
	}
	bw, _ := db.APIFunc("BackgroundWorkerInitializeConnection")
	d10, _ := bw.In(10)
	d11, _ := bw.In(11)
	if len(d10.Params) != 2 || len(d11.Params) != 3 || d11.Params[2].Type != "uint32" {
		t.Errorf("BackgroundWorkerInitializeConnection params 10=%v 11=%v", d10.Params, d11.Params)
	}
	if errs := db.ServerErrorsOf("RequestAddinShmemSpace", 15); len(errs) == 0 || !strings.Contains(errs[0].Message, "shmem_request_hook") {
		t.Errorf("server errors = %v", errs)
	}
	if errs := db.ServerErrorsOf("RequestAddinShmemSpace", 14); errs != nil {
		t.Errorf("server errors in 14 = %v", errs)
	}
	c, ok := db.Constant("WL_EXIT_ON_PM_DEATH")
	if d, ok2 := c.In(18); !ok || !ok2 || d.Header != "storage/waiteventset.h" {
		t.Errorf("WL_EXIT_ON_PM_DEATH in 18 = %+v", d)
	}
	if _, ok := c.In(11); ok {
		t.Error("WL_EXIT_ON_PM_DEATH should not exist in 11")
	}
}

func TestControlKeys(t *testing.T) {
	db := load(t)
	names := func(m int) []string {
		var out []string
		for _, k := range db.ControlKeys(m) {
			out = append(out, k.Name)
		}
		return out
	}
	if slices.Contains(names(12), "trusted") || !slices.Contains(names(13), "trusted") {
		t.Errorf("trusted: 12 %v, 13 %v", names(12), names(13))
	}
	if slices.Contains(names(15), "no_relocate") || !slices.Contains(names(16), "no_relocate") {
		t.Errorf("no_relocate: 15 %v, 16 %v", names(15), names(16))
	}
	if got := db.ControlKeyMajors("trusted"); got[0] != 13 {
		t.Errorf("ControlKeyMajors(trusted) = %v", got)
	}
	k, ok := db.ControlKey(15, "relocatable")
	if !ok || k.Type != KeyBool || k.Default != "false" || !k.HasDefault || k.PrimaryOnly {
		t.Errorf("relocatable = %+v", k)
	}
	k, _ = db.ControlKey(15, "directory")
	if !k.PrimaryOnly || k.Type != KeyString || k.HasDefault {
		t.Errorf("directory = %+v", k)
	}
	k, _ = db.ControlKey(15, "requires")
	if k.Type != KeyNameList || k.Errors[0] != `parameter "%s" must be a list of extension names` {
		t.Errorf("requires = %+v", k)
	}
	k, _ = db.ControlKey(15, "encoding")
	if k.Type != KeyEncoding {
		t.Errorf("encoding = %+v", k)
	}
	r := db.ControlRules(15)
	if r == nil || r.UnrecognizedKey != `unrecognized parameter "%s" in file "%s"` || len(r.CrossChecks) != 1 || r.HasExtensionControlPath {
		t.Fatalf("rules(15) = %+v", r)
	}
	if !db.ControlRules(18).HasExtensionControlPath {
		t.Error("18 should have extension_control_path")
	}
	if db.ControlKeys(9) != nil || db.ControlRules(9) != nil {
		t.Error("major 9 should be unknown")
	}
}

// Every hook version that exists must have a typedef and parameters, and
// every released major must agree with the hook count of the facts.
func TestHooksWellFormed(t *testing.T) {
	db := load(t)
	for _, h := range db.Hooks() {
		for _, m := range h.Majors() {
			v, _ := h.In(m)
			if v.TypedefName == "" || v.Header == "" || v.ReturnType == "" {
				t.Errorf("%s in %d: incomplete %+v", h.Name, m, v)
			}
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSQLTypeTable holds the SQL type table to the extracted fmgr facts:
// every macro it names exists in every supported major with the table's C
// type and serves the type, and every accepted stem is some macro's.
func TestSQLTypeTable(t *testing.T) {
	db := load(t)
	stems := map[string]bool{}
	for _, m := range db.FmgrMacros() {
		stems[MacroStem(m.Name)] = true
	}
	for _, st := range SQLTypes() {
		spellings := append([]string{st.Name, st.Catalog}, st.Aliases...)
		for _, name := range []string{st.GetArg, st.Return} {
			if name == "" {
				continue
			}
			m, ok := db.FmgrMacro(name)
			if !ok {
				t.Errorf("%s: %s is no fmgr macro", st.Name, name)
				continue
			}
			for _, v := range DefaultSupported() {
				if !m.ExistsIn(v) {
					t.Errorf("%s: %s missing in %d", st.Name, name, v)
				}
			}
			if m.ReplacedBy != "" {
				t.Errorf("%s: %s is renamed to %s", st.Name, name, m.ReplacedBy)
			}
			if want := strings.TrimSpace(m.CType); want != "None" && want != st.CType {
				t.Errorf("%s: %s has C type %q, the table says %q", st.Name, name, want, st.CType)
			}
			serves := false
			for _, s := range spellings {
				serves = serves || slices.Contains(m.TypeNames(), s) || m.ObservedSQLTypes[s] > 0
			}
			if !serves {
				t.Errorf("%s: %s serves %v, observed %v", st.Name, name, m.TypeNames(), m.ObservedSQLTypes)
			}
		}
		if st.GetArg != "" && !strings.HasPrefix(st.GetArg, "PG_GETARG_") || !strings.HasPrefix(st.Return, "PG_RETURN_") {
			t.Errorf("%s: macros %q, %q", st.Name, st.GetArg, st.Return)
		}
		for _, s := range st.Accepts {
			if !stems[s] {
				t.Errorf("%s accepts stem %s, which no macro has", st.Name, s)
			}
		}
		for _, s := range spellings {
			if got, ok := LookupSQLType(s); !ok || got.Name != st.Name && s != "char" {
				t.Errorf("LookupSQLType(%q) = %q, %v; want %q", s, got.Name, ok, st.Name)
			}
		}
		if got, ok := SQLTypeByCatalog(st.Catalog); !ok || got.Name != st.Name {
			t.Errorf("SQLTypeByCatalog(%q) = %q, %v", st.Catalog, got.Name, ok)
		}
	}
	for in, want := range map[string]string{"PG_GETARG_TEXT_PP": "TEXT", "PG_GETARG_BYTEA_P_COPY": "BYTEA",
		"PG_GETARG_TEXT_P_SLICE": "TEXT", "PG_RETURN_INT32": "INT32", "PG_GETARG_RAW_VARLENA_P": "RAW_VARLENA"} {
		if got := MacroStem(in); got != want {
			t.Errorf("MacroStem(%s) = %s, want %s", in, got, want)
		}
	}
	for name, want := range map[string]bool{"PG_GETARG_DATUM": true, "PG_RETURN_POINTER": true, "PG_GETARG_VARLENA_PP": true,
		"PG_RETURN_NULL": false, "PG_GETARG_INT32": false, "PG_GETARG_TEXT_PP": false} {
		if AnyTypeMacro(name) != want {
			t.Errorf("AnyTypeMacro(%s) = %v", name, !want)
		}
	}
	if st, ok := SQLTypeOfMacro("PG_GETARG_OID"); !ok || st.Name != "oid" {
		t.Errorf("SQLTypeOfMacro(PG_GETARG_OID) = %q, %v; want oid", st.Name, ok)
	}
	if st, _ := LookupSQLType("char"); st.Catalog != "bpchar" {
		t.Errorf("LookupSQLType(char) = %q, want character", st.Name)
	}
	if _, ok := LookupSQLType("hstore"); ok {
		t.Error("hstore is in the built-in table")
	}
}
