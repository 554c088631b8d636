package pgapi

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

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

// serverAPI is the parsed server API data, indexed by name.
type serverAPI struct {
	sources []ServerSource
	byName  map[string][]ServerDecl
	err     error
}

// lazyServer parses the server API data on first use, so Load and a hover
// that needs none of it do not pay for it.
type lazyServer struct {
	once sync.Once
	api  *serverAPI
}

// Preload parses the server API data now, if no call has yet, so that the
// first hover or completion that needs it does not wait for it. The
// language server calls it in the background once a workspace is indexed.
func (db *DB) Preload() { db.server.get() }

func (l *lazyServer) get() *serverAPI {
	l.once.Do(func() { l.api = parseServerAPI(serverAPIData) })
	return l.api
}

func parseServerAPI(data []byte) *serverAPI {
	api := &serverAPI{byName: map[string][]ServerDecl{}}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		api.err = fmt.Errorf("pgapi: reading embedded serverapi.json.gz: %w", err)
		return api
	}
	var f apiformat.File
	if err := json.NewDecoder(zr).Decode(&f); err != nil {
		api.err = fmt.Errorf("pgapi: parsing embedded serverapi.json.gz: %w", err)
		return api
	}
	api.sources = f.Sources
	for _, d := range f.Decls {
		api.byName[d.Name] = append(api.byName[d.Name], d)
	}
	return api
}

// ServerSources returns the commits the server API data was read from, one
// per major, ascending.
func (db *DB) ServerSources() []ServerSource {
	return append([]ServerSource(nil), db.server.get().sources...)
}

// ServerDecls returns the declarations of name in the server headers of
// any major, ordered by kind, then by the first major they hold for. The
// first call parses the embedded data.
func (db *DB) ServerDecls(name string) ([]ServerDecl, error) {
	api := db.server.get()
	if api.err != nil {
		return nil, api.err
	}
	return append([]ServerDecl(nil), api.byName[name]...), nil
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
	var out []ServerDecl
	for _, ds := range api.byName {
		for _, d := range ds {
			if d.Kind == "struct" && slices.Contains(d.Fields, field) {
				out = append(out, d)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].Majors[0] < out[j].Majors[0]
	})
	return out
}
