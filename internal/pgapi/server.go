package pgapi

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
)

// serverAPIData is gen's output: every declaration of src/include per major.
//
//go:embed data/serverapi.json.gz
var serverAPIData []byte

// ServerDecl is one declaration of the server C API, as it reads in the
// majors it lists.
type ServerDecl struct {
	Kind   string   `json:"k"` // func, macro, typedef, struct, enum or var
	Name   string   `json:"n"`
	Header string   `json:"h"`           // path under include/server
	Text   string   `json:"t"`           // the declaration, whitespace collapsed
	Doc    string   `json:"d,omitempty"` // the comment above it
	Params []string `json:"p,omitempty"` // a function-like macro's parameters
	Fields []string `json:"f,omitempty"` // a struct's fields or an enum's values
	Export bool     `json:"x,omitempty"` // declared PGDLLIMPORT / PGDLLEXPORT
	Majors []int    `json:"v"`           // the majors it reads so in, ascending
}

// ServerSource names the commit a major's declarations were read from.
type ServerSource struct {
	Major  int    `json:"major"`
	Commit string `json:"commit"`
}

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
	var f struct {
		Sources []ServerSource `json:"sources"`
		Decls   []ServerDecl   `json:"decls"`
	}
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
