package control

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/testenv"
)

func loadDB(t testing.TB) *pgapi.DB {
	t.Helper()
	db, err := pgapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestParseEntries(t *testing.T) {
	src := "# comment\n" +
		"comment = 'it''s a \\'test\\'\\n' # trailing\n" +
		"default_version '1.0'\n" +
		"\n" +
		"relocatable=true\r\n" +
		"superuser = off\n" +
		"module_pathname = '$libdir/x'\n" +
		"schema = pg_catalog\n" +
		"requires = 'cube, \"Earth Distance\"'\n" +
		"directory = contrib/x-1.0\n" +
		"weird = 1.5e3\n" +
		"hex = 0x1Fkb\n" +
		"real = .5\n" +
		"neg = -3"
	f := Parse("/tmp/x.control", []byte(src))
	if len(f.Errors) != 0 {
		t.Fatalf("errors: %+v", f.Errors)
	}
	want := [][2]string{
		{"comment", "it's a 'test'\n"},
		{"default_version", "1.0"},
		{"relocatable", "true"},
		{"superuser", "off"},
		{"module_pathname", "$libdir/x"},
		{"schema", "pg_catalog"},
		{"requires", `cube, "Earth Distance"`},
		{"directory", "contrib/x-1.0"},
		{"weird", "1.5e3"},
		{"hex", "0x1Fkb"},
		{"real", ".5"},
		{"neg", "-3"},
	}
	var got [][2]string
	for _, e := range f.Entries {
		got = append(got, [2]string{e.Key, e.Value})
		if k := src[e.KeyRange.Start:e.KeyRange.End]; k != e.Key {
			t.Errorf("key range of %q covers %q", e.Key, k)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("entries:\n got %q\nwant %q", got, want)
	}
	if e, _ := f.Get("default_version"); !e.Quoted || src[e.ValueRange.Start:e.ValueRange.End] != "'1.0'" {
		t.Errorf("default_version entry %+v", e)
	}
	if e, _ := f.Get("relocatable"); e.Quoted || src[e.ValueRange.Start:e.ValueRange.End] != "true" {
		t.Errorf("relocatable entry %+v", e)
	}
	if f.Extension != "x" || f.Version != "" {
		t.Errorf("name: %q %q", f.Extension, f.Version)
	}
}

func TestParseFileName(t *testing.T) {
	for _, tc := range []struct{ path, ext, version string }{
		{"hstore.control", "hstore", ""},
		{"/a/b/hstore--1.4.control", "hstore", "1.4"},
		{"uuid-ossp--1.1.control", "uuid-ossp", "1.1"},
		{"x--1.0--beta.control", "x", "1.0--beta"},
	} {
		f := Parse(tc.path, nil)
		if f.Extension != tc.ext || f.Version != tc.version {
			t.Errorf("%s: got %q %q, want %q %q", tc.path, f.Extension, f.Version, tc.ext, tc.version)
		}
	}
}

func TestParseSyntaxErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src, msg, near string
		entries              int
	}{
		{"dollar unquoted", "comment = 'ok'\nmodule_pathname = $libdir/x\n", `syntax error in file "e.control" line 2, near token "$"`, "$", 1},
		{"dotted version unquoted", "default_version = 1.0.1\n", `line 1, near token ".1"`, ".1", 0},
		{"missing value", "comment =\nrelocatable = true\n", `line 1, near end of line`, "", 1},
		{"unterminated string", "comment = 'abc\n", `line 1, near token "'"`, "'", 0},
		{"two values", "comment = a b\n", `near token "b"`, "b", 0},
		{"key not identifier", "= x\n", `near token "="`, "=", 0},
		{"number key", "1 = x\n", `near token "1"`, "1", 0},
		// At end of file without a newline the server's line number lags
		// one behind, because the line counter never saw the newline.
		{"eof after equals", "comment = 'a'\nschema =", `line 1, near end of line`, "", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := Parse("/x/e.control", []byte(tc.src))
			if len(f.Errors) != 1 {
				t.Fatalf("errors = %+v", f.Errors)
			}
			p := f.Errors[0]
			if p.Code != CodeSyntax || !p.Error || !strings.Contains(p.Message, tc.msg) {
				t.Errorf("problem = %+v, want message containing %q", p, tc.msg)
			}
			if got := tc.src[p.Range.Start:p.Range.End]; got != tc.near {
				t.Errorf("range covers %q, want %q", got, tc.near)
			}
			good := 0
			for _, e := range f.Entries {
				if !e.Recovered {
					good++
				}
			}
			if good != tc.entries {
				t.Errorf("entries = %+v, want %d not recovered", f.Entries, tc.entries)
			}
		})
	}
}

func TestParseRecoveredEntries(t *testing.T) {
	db := loadDB(t)
	src := "module_pathname = $libdir/x # comment\ndefault_version 1.0.1\ncomment = 'a' 'b'\n= x\ndirectory = 'ext_sql\n"
	f := Parse("e.control", []byte(src))
	var got [][2]string
	for _, e := range f.Entries {
		if !e.Recovered {
			t.Errorf("entry %+v not marked recovered", e)
		}
		got = append(got, [2]string{e.Key, e.Value})
		if v := src[e.ValueRange.Start:e.ValueRange.End]; e.Quoted == false && v != e.Value {
			t.Errorf("value range of %s covers %q", e.Key, v)
		}
	}
	// A quote not closed on its line is not part of the value.
	want := [][2]string{{"module_pathname", "$libdir/x"}, {"default_version", "1.0.1"}, {"comment", "'a' 'b'"}, {"directory", "ext_sql"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("recovered %q, want %q", got, want)
	}
	// Only the syntax errors are reported, not problems of the recovered
	// values.
	for _, p := range Validate(f, 15, db) {
		if p.Code != CodeSyntax {
			t.Errorf("unexpected %+v", p)
		}
	}
	if n := len(Validate(f, 15, db)); n != 5 {
		t.Errorf("%d problems, want 5", n)
	}
}

func TestParseRecoversAfterError(t *testing.T) {
	f := Parse("e.control", []byte("a = $x\nb = $y\ncomment = 'fine'\n"))
	if len(f.Errors) != 2 || len(f.Entries) != 3 || f.Entries[2].Key != "comment" || f.Entries[2].Recovered {
		t.Errorf("errors %+v entries %+v", f.Errors, f.Entries)
	}
	if !strings.Contains(f.Errors[1].Message, "line 2") {
		t.Errorf("second error %q", f.Errors[1].Message)
	}
}

func TestParseBool(t *testing.T) {
	for s, want := range map[string]bool{
		"true": true, "TRUE": true, "t": true, "tr": true, "yes": true, "y": true,
		"on": true, "ON": true, "1": true,
		"false": false, "f": false, "no": false, "n": false, "off": false, "of": false, "0": false,
	} {
		if got, ok := ParseBool(s); !ok || got != want {
			t.Errorf("ParseBool(%q) = %v, %v; want %v, true", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "o", "truex", "2", "10", " true", "enable", "nope", "offf"} {
		if _, ok := ParseBool(s); ok {
			t.Errorf("ParseBool(%q) accepted", s)
		}
	}
}

func TestValidServerEncoding(t *testing.T) {
	for _, s := range []string{"UTF8", "utf-8", "UNICODE", "LATIN1", "iso-8859-1", "SQL_ASCII", "win1252", "EUC_JP", "KOI8-R"} {
		if !ValidServerEncoding(s) {
			t.Errorf("%q rejected", s)
		}
	}
	for _, s := range []string{"", "SJIS", "BIG5", "GBK", "UHC", "GB18030", "JOHAB", "SHIFT_JIS_2004", "utf16", "klingon"} {
		if ValidServerEncoding(s) {
			t.Errorf("%q accepted", s)
		}
	}
}

func TestSplitIdentifiers(t *testing.T) {
	for s, want := range map[string][]string{
		"":                    nil,
		"   ":                 nil,
		"cube":                {"cube"},
		"Cube, earthdistance": {"cube", "earthdistance"},
		` "My Ext" ,b`:        {"My Ext", "b"},
		`"a""b"`:              {`a"b`},
		"a,b,c":               {"a", "b", "c"},
	} {
		got, ok := SplitIdentifiers(s)
		if !ok || !reflect.DeepEqual(got, want) {
			t.Errorf("SplitIdentifiers(%q) = %q, %v; want %q", s, got, ok, want)
		}
	}
	for _, s := range []string{"a,", ",a", "a b", `"a`, "a,,b", `"a"b`} {
		if got, ok := SplitIdentifiers(s); ok {
			t.Errorf("SplitIdentifiers(%q) accepted: %q", s, got)
		}
	}
}

// problemOf validates src as file name at major and returns the problems
// with the given code.
func problemsOf(t *testing.T, db *pgapi.DB, name, src string, major int, code string) []Problem {
	t.Helper()
	var out []Problem
	for _, p := range Validate(Parse("/share/extension/"+name, []byte(src)), major, db) {
		if p.Code == code {
			out = append(out, p)
		}
	}
	return out
}

func TestValidate(t *testing.T) {
	db := loadDB(t)
	for _, tc := range []struct {
		name    string
		file    string
		major   int
		code    string
		bad     string // source text the problem points at
		msg     string
		goodSrc string // a close variant that must not produce code
	}{
		{"unknown key", "commnt = 'x'\n", 15, CodeUnknownKey, "commnt",
			`unrecognized parameter "commnt" in file "e.control"; did you mean "comment"?`, "comment = 'x'\n"},
		{"case-sensitive key", "Comment = 'x'\n", 15, CodeUnknownKey, "Comment", `write "comment"`, "comment = 'x'\n"},
		{"trusted before 13", "trusted = true\n", 12, CodeUnknownKey, "trusted", "PostgreSQL 12 does not know \"trusted\" (PostgreSQL 13, 14", ""},
		{"no_relocate before 16", "requires = 'a'\nno_relocate = 'a'\n", 15, CodeUnknownKey, "no_relocate", "does not know", ""},
		{"bad boolean", "relocatable = maybe\n", 15, CodeBool, "maybe", `parameter "relocatable" requires a Boolean value; write true or false`, "relocatable = yes\n"},
		{"bad quoted boolean", "superuser = ' true'\n", 15, CodeBool, "' true'", "requires a Boolean value", "superuser = 'true'\n"},
		{"client encoding", "encoding = SJIS\n", 15, CodeEncoding, "SJIS", `"SJIS" is not a valid encoding name`, "encoding = UTF8\n"},
		{"requires syntax", "requires = 'cube,'\n", 15, CodeNameList, "'cube,'", `parameter "requires" must be a list of extension names`, "requires = 'cube'\n"},
		{"requires unclosed quote", "requires = '\"cube'\n", 15, CodeNameList, `'"cube'`, "must be a list", "requires = '\"cube\"'\n"},
		{"no_relocate syntax", "no_relocate = 'a b'\n", 16, CodeNameList, "'a b'", `parameter "no_relocate"`, "no_relocate = 'a, b'\n"},
		{"schema with relocatable", "relocatable = true\nschema = 'x'\n", 15, CodeSchemaRelocatable, "schema",
			`parameter "schema" cannot be specified when "relocatable" is true`, "relocatable = false\nschema = 'x'\n"},
		{"duplicate", "comment = 'a'\ncomment = 'b'\n", 15, CodeDuplicate, "comment", "set again", "comment = 'b'\n"},
		{"include", "include 'other.conf'\n", 15, CodeInclude, "include", "does not follow", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ps := problemsOf(t, db, "e.control", tc.file, tc.major, tc.code)
			if len(ps) != 1 {
				t.Fatalf("%s: got %+v", tc.code, Validate(Parse("e.control", []byte(tc.file)), tc.major, db))
			}
			p := ps[0]
			if got := tc.file[p.Range.Start:p.Range.End]; got != tc.bad {
				t.Errorf("range covers %q, want %q", got, tc.bad)
			}
			if !strings.Contains(p.Message, tc.msg) {
				t.Errorf("message %q does not contain %q", p.Message, tc.msg)
			}
			wantErr := tc.code != CodeDuplicate && tc.code != CodeInclude
			if p.Error != wantErr {
				t.Errorf("Error = %v, want %v", p.Error, wantErr)
			}
			if tc.goodSrc != "" {
				if ps := Validate(Parse("e.control", []byte(tc.goodSrc)), tc.major, db); len(ps) != 0 {
					t.Errorf("good variant %q: %+v", tc.goodSrc, ps)
				}
			}
		})
	}
}

func TestValidateNewerKeysAccepted(t *testing.T) {
	db := loadDB(t)
	src := "trusted = true\nrequires = 'a'\nno_relocate = 'a'\n"
	if ps := Validate(Parse("e.control", []byte(src)), 16, db); len(ps) != 0 {
		t.Errorf("16: %+v", ps)
	}
	if ps := Validate(Parse("e.control", []byte("trusted = true\n")), 13, db); len(ps) != 0 {
		t.Errorf("13: %+v", ps)
	}
}

func TestValidateSecondary(t *testing.T) {
	db := loadDB(t)
	src := "directory = 'x'\ndefault_version = '1.1'\nmodule_pathname = '$libdir/e'\nrequires = 'cube'\n"
	ps := problemsOf(t, db, "e--1.0.control", src, 15, CodeSecondaryOnly)
	if len(ps) != 2 {
		t.Fatalf("problems = %+v", ps)
	}
	for i, key := range []string{"directory", "default_version"} {
		if got := src[ps[i].Range.Start:ps[i].Range.End]; got != key {
			t.Errorf("problem %d covers %q, want %q", i, got, key)
		}
		if !strings.Contains(ps[i].Message, "cannot be set in a secondary extension control file; move it to e.control") {
			t.Errorf("message %q", ps[i].Message)
		}
	}
	// The same lines are fine in the primary file.
	if ps := Validate(Parse("e.control", []byte(src)), 15, db); len(ps) != 0 {
		t.Errorf("primary: %+v", ps)
	}
}

func TestValidateSecondaryWithPrimary(t *testing.T) {
	db := loadDB(t)
	primary := Parse("e.control", []byte("default_version = '1.0'\nrelocatable = true\n"))
	sec := Parse("e--1.0.control", []byte("schema = 'x'\n"))
	ps := ValidateSecondary(sec, primary, 15, db)
	if len(ps) != 1 || ps[0].Code != CodeSchemaRelocatable || ps[0].Range != sec.Entries[0].KeyRange {
		t.Errorf("relocatable primary, schema in secondary: %+v", ps)
	}
	if ps := Validate(sec, 15, db); len(ps) != 0 {
		t.Errorf("alone the secondary file is fine: %+v", ps)
	}
	// The secondary file turns relocatable on while the primary fixes a
	// schema.
	primary = Parse("e.control", []byte("schema = 'x'\n"))
	sec = Parse("e--1.0.control", []byte("relocatable = true\n"))
	if ps := ValidateSecondary(sec, primary, 15, db); len(ps) != 1 || ps[0].Range != sec.Entries[0].ValueRange {
		t.Errorf("schema in primary, relocatable in secondary: %+v", ps)
	}
	// Both in the secondary file, with or without a primary file.
	sec = Parse("e--1.0.control", []byte("relocatable = true\nschema = 'x'\n"))
	for _, pf := range []*File{nil, Parse("e.control", nil)} {
		if ps := ValidateSecondary(sec, pf, 15, db); len(ps) != 1 || ps[0].Range != sec.Entries[1].KeyRange {
			t.Errorf("both in secondary (primary %v): %+v", pf, ps)
		}
	}
	// The secondary file turns relocatable off: fine.
	primary = Parse("e.control", []byte("relocatable = true\n"))
	sec = Parse("e--1.0.control", []byte("relocatable = false\nschema = 'x'\n"))
	if ps := ValidateSecondary(sec, primary, 15, db); len(ps) != 0 {
		t.Errorf("relocatable off in secondary: %+v", ps)
	}
}

func TestValidateMissingDefaultVersionIsFine(t *testing.T) {
	db := loadDB(t)
	if ps := Validate(Parse("e.control", []byte("comment = 'no version'\n")), 15, db); len(ps) != 0 {
		t.Errorf("%+v", ps)
	}
}

func TestValidateVersions(t *testing.T) {
	db := loadDB(t)
	f := Parse("e.control", []byte("trusted = true\nrelocatable = nope\n"))
	ps := ValidateVersions(f, []int{12, 13, 14}, db)
	if len(ps) != 2 {
		t.Fatalf("%+v", ps)
	}
	if ps[0].Code != CodeUnknownKey || !strings.HasSuffix(ps[0].Message, "[PostgreSQL 12]") {
		t.Errorf("first = %+v", ps[0])
	}
	if ps[1].Code != CodeBool || strings.Contains(ps[1].Message, "[PostgreSQL") {
		t.Errorf("second = %+v", ps[1])
	}
}

// Every control file of PostgreSQL 15's contrib and test modules, and
// pgvector's, is accepted by PostgreSQL 15.
func TestRealControlFiles(t *testing.T) {
	db := loadDB(t)
	pg := testenv.PostgresSource(t)
	vec := testenv.Source(t, "pgvector")
	var files []string
	for _, pat := range []string{
		filepath.Join(pg, "contrib", "*", "*.control"),
		filepath.Join(pg, "src", "test", "modules", "*", "*.control"),
		filepath.Join(vec, "*.control"),
	} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 60 {
		t.Fatalf("only %d control files found", len(files))
	}
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f := Parse(path, src)
		if ps := Validate(f, 15, db); len(ps) != 0 {
			t.Errorf("%s: %+v", path, ps)
		}
		if len(f.Entries) == 0 {
			t.Errorf("%s: no entries", path)
		}
		if _, ok := f.Get("comment"); !ok && f.Version == "" {
			t.Errorf("%s: no comment entry parsed", path)
		}
	}
	f := Parse("hstore.control", mustRead(t, filepath.Join(pg, "contrib", "hstore", "hstore.control")))
	if e, _ := f.Get("module_pathname"); e.Value != "$libdir/hstore" {
		t.Errorf("hstore module_pathname = %q", e.Value)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"comment = 'x'\n", "a = 'it''s'\n", "a = $x\n", "a = 1.0.1", "'\n", "a = 'b\\", "x.y = -0x1fZ",
		"default_version '1.0' # c\nrelocatable = t\r\n", "\x00\xff = \x80",
	} {
		f.Add([]byte(s))
	}
	db, err := pgapi.Load()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		cf := Parse("fuzz--1.0.control", src)
		for _, e := range cf.Entries {
			if e.KeyRange.Start < 0 || e.KeyRange.End > len(src) || e.ValueRange.End > len(src) || e.KeyRange.End > e.ValueRange.Start {
				t.Fatalf("bad ranges %+v", e)
			}
		}
		for _, p := range Validate(cf, 15, db) {
			if p.Range.Start < 0 || p.Range.End > len(src) || p.Range.Start > p.Range.End {
				t.Fatalf("bad problem range %+v", p)
			}
		}
	})
}
