package pgapi

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	gojson "github.com/goccy/go-json"

	"github.com/pgext-ls/pgext-ls/internal/pgapi/apiformat"
)

// serverAPIData is gen's output: every declaration of src/include per major.
//
//go:embed data/serverapi.json.gz
var serverAPIData []byte

// ServerDecl is one declaration of the server C API, as it reads in the
// majors it lists (Majors, ascending); Header is the path under
// include/server, Text the declaration with its white space collapsed.
type ServerDecl = apiformat.Entry

// ServerSource names the commit a major's declarations were read from.
type ServerSource = apiformat.Source

// serverAPI is the server API data: its head decoded and indexed by
// name, each declaration decoded from its line when asked about.
type serverAPI struct {
	sources []ServerSource
	headers []string
	syms    []apiformat.Sym
	lines   [][]byte // each declaration's JSON, by index
	// byName and constants give, for a name, the indexes of its
	// declarations and of the enums that declare it as a constant, in
	// the data's order (by kind, then by the first major).
	byName, constants map[string][]int
	// names lists every declared name, ordered by its lower case and
	// then by itself; lower holds those lower cases (ServerNames).
	names, lower []string
	mentions     map[string][]int
	generated    map[int]map[string][]string
	err          error

	mu      sync.Mutex
	decoded []*ServerDecl // by index; nil until decoded

	// byField lists, for a field name, the structs that have it, by
	// name and then by the first major they hold for: built, decoding
	// every struct, on the first StructsWithField.
	fieldsOnce sync.Once
	byField    map[string][]ServerDecl
}

// lazyServer parses the server API data's head on first use, so Load and
// a hover that needs none of it do not pay for it.
type lazyServer struct {
	once sync.Once
	api  *serverAPI
}

// Preload parses the server API data's head now, if no call has yet, so
// that the first hover, completion or check that needs it does not wait
// for it. The language server calls it in the background once a
// workspace is indexed, and pgext-ls check while the workspace loads.
func (db *DB) Preload() { db.server.get() }

// PreloadStructs decodes the server structs now, which the first
// StructsWithField (a hover or completion on a struct member) would
// otherwise wait for; the language server calls it in the background
// after Preload.
func (db *DB) PreloadStructs() {
	if api := db.server.get(); api.err == nil {
		api.fields()
	}
}

func (l *lazyServer) get() *serverAPI {
	l.once.Do(func() { l.api = parseServerAPI(serverAPIData) })
	return l.api
}

// unmarshalFast decodes JSON with go-json, which reads the data three to four
// times faster than encoding/json with the same result
// (TestDecodeServerAPI).
func unmarshalFast(data []byte, v any) error { return gojson.Unmarshal(data, v) }

// parseServerAPI decompresses gen's output and decodes its head: what
// each declaration is, where, and in which majors; the declarations
// themselves wait on their lines.
func parseServerAPI(data []byte) *serverAPI {
	api := &serverAPI{byName: map[string][]int{}, constants: map[string][]int{}}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		api.err = fmt.Errorf("pgapi: reading embedded serverapi.json.gz: %w", err)
		return api
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		api.err = fmt.Errorf("pgapi: reading embedded serverapi.json.gz: %w", err)
		return api
	}
	headLine, lines := apiformat.Split(plain)
	var h apiformat.Head
	if err := unmarshalFast(headLine, &h); err != nil {
		api.err = fmt.Errorf("pgapi: parsing embedded serverapi.json.gz: %w", err)
		return api
	}
	if len(lines) != len(h.Index) {
		api.err = fmt.Errorf("pgapi: embedded serverapi.json.gz has %d declarations for %d index entries", len(lines), len(h.Index))
		return api
	}
	api.sources, api.mentions, api.generated = h.Sources, h.Mentions, h.Generated
	api.headers, api.syms, api.lines = h.Headers, h.Index, lines
	api.decoded = make([]*ServerDecl, len(lines))
	for i, s := range h.Index {
		api.byName[s.Name] = append(api.byName[s.Name], i)
		for _, c := range s.Constants {
			api.constants[c] = append(api.constants[c], i)
		}
	}
	// Each name is lower-cased once, not at every comparison of the sort.
	type entry struct{ name, lower string }
	entries := make([]entry, 0, len(api.byName))
	for name := range api.byName {
		entries = append(entries, entry{name, strings.ToLower(name)})
	}
	sort.Slice(entries, func(i, j int) bool {
		a, b := entries[i], entries[j]
		return a.lower < b.lower || a.lower == b.lower && a.name < b.name
	})
	api.names, api.lower = make([]string, len(entries)), make([]string, len(entries))
	for i, e := range entries {
		api.names[i], api.lower[i] = e.name, e.lower
	}
	return api
}

// decls returns the declarations at the indexes, decoding those not yet
// decoded.
func (api *serverAPI) decls(idx []int) ([]ServerDecl, error) {
	api.mu.Lock()
	defer api.mu.Unlock()
	out := make([]ServerDecl, 0, len(idx))
	for _, i := range idx {
		if api.decoded[i] == nil {
			d := new(ServerDecl)
			if err := unmarshalFast(api.lines[i], d); err != nil {
				return nil, fmt.Errorf("pgapi: parsing embedded serverapi.json.gz, declaration of %s: %w", api.syms[i].Name, err)
			}
			api.decoded[i] = d
		}
		out = append(out, *api.decoded[i])
	}
	return out, nil
}

// fields builds byField.
func (api *serverAPI) fields() map[string][]ServerDecl {
	api.fieldsOnce.Do(func() {
		api.byField = map[string][]ServerDecl{}
		var structs []int
		for i, s := range api.syms {
			if s.Kind == "struct" {
				structs = append(structs, i)
			}
		}
		ds, _ := api.decls(structs)
		for _, d := range ds {
			for i, field := range d.Fields {
				if !slices.Contains(d.Fields[:i], field) {
					api.byField[field] = append(api.byField[field], d)
				}
			}
		}
		for _, ds := range api.byField {
			sort.SliceStable(ds, func(i, j int) bool {
				if ds[i].Name != ds[j].Name {
					return ds[i].Name < ds[j].Name
				}
				return ds[i].Majors[0] < ds[j].Majors[0]
			})
		}
	})
	return api.byField
}

// ServerSources returns the commits the server API data was read from, one
// per major, ascending.
func (db *DB) ServerSources() []ServerSource {
	return append([]ServerSource(nil), db.server.get().sources...)
}

// ServerDecls returns the declarations of name in the server headers of
// any major, ordered by kind, then by the first major they hold for. The
// first call parses the embedded data's head, and each name's
// declarations are decoded when first asked for.
func (db *DB) ServerDecls(name string) ([]ServerDecl, error) {
	api := db.server.get()
	if api.err != nil {
		return nil, api.err
	}
	idx := api.byName[name]
	if len(idx) == 0 {
		return nil, nil
	}
	return api.decls(idx)
}

// ServerNames returns the names the server headers of any major declare
// that begin with prefix, ignoring case, ordered by their lower case.
func (db *DB) ServerNames(prefix string) []string {
	api := db.server.get()
	p := strings.ToLower(prefix)
	i := sort.SearchStrings(api.lower, p)
	j := i
	for j < len(api.lower) && strings.HasPrefix(api.lower[j], p) {
		j++
	}
	return append([]string(nil), api.names[i:j]...)
}

// ServerDeclsIn returns the declarations of name that hold in major.
func (db *DB) ServerDeclsIn(name string, major int) ([]ServerDecl, error) {
	all, err := db.ServerDecls(name)
	var out []ServerDecl
	for _, d := range all {
		if i := sort.SearchInts(d.Majors, major); i < len(d.Majors) && d.Majors[i] == major {
			out = append(out, d)
		}
	}
	return out, err
}

// ServerStruct returns the name of the struct that the type name typ
// stands for in the server headers of major: typ itself when it is a struct, X for
// "typedef struct X typ;" or "typedef struct X *typ;"; "" when neither.
func (db *DB) ServerStruct(typ string, major int) string {
	all, _ := db.ServerDeclsIn(typ, major)
	for _, d := range all {
		if d.Kind == "struct" {
			return typ
		}
	}
	for _, d := range all {
		if d.Kind == "typedef" && strings.HasPrefix(d.Text, "typedef struct ") {
			if f := strings.Fields(strings.TrimPrefix(d.Text, "typedef struct ")); len(f) > 0 {
				return f[0]
			}
		}
	}
	return ""
}

// StructsWithField returns the server structs of any major that declare a
// field called field, ordered by struct name.
func (db *DB) StructsWithField(field string) []ServerDecl {
	api := db.server.get()
	if api.err != nil {
		return nil
	}
	return append([]ServerDecl(nil), api.fields()[field]...)
}

// ServerSymbol is what the server headers say about one name across the
// majors of the data: where it is declared (a declaration of its own or a
// constant of an enum) and where it is missing.
type ServerSymbol struct {
	Name string
	// Declared lists the majors that declare it, ascending.
	Declared []int
	// Missing lists the majors whose headers certainly lack it,
	// ascending: they neither declare nor mention it, and in the nearest
	// major that declares it, its declaration does not depend on the
	// platform (#ifndef HAVE_MEMMOVE, #ifndef M_PI), is not an alias
	// ("#define vprintf pg_vprintf") of a name a system header declares, and sits in a header that includes, in the
	// missing major, no generated header it did not include there (the
	// generator reads the headers of a source tree, which lack what the
	// build generates: catalog/pg_class_d.h from 11 on, nodes/nodetags.h
	// from 16 on).
	Missing []int
	// Header maps each major of Declared to the header that declares it.
	Header map[int]string
}

// ServerSymbol returns what the server headers of every major say about
// name; false when no major declares it.
func (db *DB) ServerSymbol(name string) (ServerSymbol, bool) {
	api := db.server.get()
	if api.err != nil {
		return ServerSymbol{}, false
	}
	sym := ServerSymbol{Name: name, Header: map[int]string{}}
	idx := append(append([]int(nil), api.byName[name]...), api.constants[name]...)
	for _, i := range idx {
		s := api.syms[i]
		for _, m := range apiformat.MajorList(s.Majors) {
			if _, ok := sym.Header[m]; !ok {
				sym.Header[m] = api.headers[s.Header]
				sym.Declared = append(sym.Declared, m)
			}
		}
	}
	if len(sym.Declared) == 0 {
		return ServerSymbol{}, false
	}
	sort.Ints(sym.Declared)
	mentioned, partial := api.mentions[name]
	var decls []ServerDecl // decoded for a major that may lack name
	for _, src := range api.sources {
		m := src.Major
		if _, ok := sym.Header[m]; ok || !partial || slices.Contains(mentioned, m) {
			continue
		}
		if decls == nil {
			var err error
			if decls, err = api.decls(idx); err != nil {
				return ServerSymbol{}, false
			}
		}
		h, near := sym.nearest(m)
		if !api.newGenerated(h, near, m) && !aliasOnly(decls, h, near) && !platform(decls, near) {
			sym.Missing = append(sym.Missing, m)
		}
	}
	return sym, true
}

// nearest returns the header of the declaring major nearest to m and that
// major (the older one of two as near).
func (s ServerSymbol) nearest(m int) (string, int) {
	best := s.Declared[0]
	for _, d := range s.Declared {
		if abs(d-m) < abs(best-m) {
			best = d
		}
	}
	return s.Header[best], best
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// platform reports whether a declaration of major depends on the
// platform (#ifndef HAVE_MEMMOVE): where the server does not declare it,
// the system's headers may.
func platform(decls []ServerDecl, major int) bool {
	for _, d := range decls {
		if d.Platform && slices.Contains(d.Majors, major) {
			return true
		}
	}
	return false
}

// aliasRE matches an object-like macro that stands for another name.
var aliasRE = regexp.MustCompile(`^#\s*define\s+\w+\s+\w+$`)

// aliasOnly reports whether name's declarations in header in major are
// all "#define name other": the server renaming what a system or library
// header declares under that name (port.h's "#define vprintf pg_vprintf",
// libpq-be-fe.h's "#define PQgetvalue libpqsrv_PQgetvalue"), which exists,
// as the system's, where the server does not rename it.
func aliasOnly(decls []ServerDecl, header string, major int) bool {
	for _, d := range decls {
		if d.Header == header && slices.Contains(d.Majors, major) && !aliasRE.MatchString(d.Text) {
			return false
		}
	}
	return true
}

// newGenerated reports whether header includes, in major to, a generated
// header it does not include in major from.
func (api *serverAPI) newGenerated(header string, from, to int) bool {
	for _, inc := range api.generated[to][header] {
		if !slices.Contains(api.generated[from][header], inc) {
			return true
		}
	}
	return false
}

// WordIndex returns the offset of the first whole-word occurrence of word
// in declaration text at or after from, or -1 (apiformat.WordIndex).
func WordIndex(text, word string, from int) int { return apiformat.WordIndex(text, word, from) }
