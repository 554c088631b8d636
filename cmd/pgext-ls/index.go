package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"sort"

	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

// The JSON shapes of `pgext-ls index`.
type (
	indexPos struct {
		File   string `json:"file"`
		Line   int    `json:"line"`
		Column int    `json:"column"`
	}
	indexScript struct {
		File     string `json:"file"`
		From     string `json:"from,omitempty"`
		To       string `json:"to"`
		Template bool   `json:"template,omitempty"`
	}
	indexBinding struct {
		SQLFunction string    `json:"sqlFunction"`
		Arguments   []string  `json:"arguments"`
		Returns     string    `json:"returns"`
		Declared    indexPos  `json:"declared"`
		Library     string    `json:"library"`
		Symbol      string    `json:"symbol"`
		Module      string    `json:"module,omitempty"`
		V1          *indexPos `json:"v1,omitempty"`
		Definition  *indexPos `json:"definition,omitempty"`
		Resolved    bool      `json:"resolved"`
		How         string    `json:"how"`
	}
	indexV1 struct {
		Symbol     string    `json:"symbol"`
		At         indexPos  `json:"at"`
		Via        string    `json:"via,omitempty"`
		Definition *indexPos `json:"definition,omitempty"`
		Bound      bool      `json:"bound"`
	}
	indexModule struct {
		Name     string    `json:"name"`
		Dir      string    `json:"dir"`
		Implicit bool      `json:"implicit"`
		Files    []string  `json:"files"`
		V1       []indexV1 `json:"v1"`
	}
	indexExtension struct {
		Name           string         `json:"name"`
		Dir            string         `json:"dir"`
		Control        string         `json:"control"`
		DefaultVersion string         `json:"defaultVersion"`
		ModulePathname string         `json:"modulePathname,omitempty"`
		Versions       []string       `json:"versions"`
		Scripts        []indexScript  `json:"scripts"`
		InstallPath    []string       `json:"installPath"`
		Makefile       string         `json:"makefile,omitempty"`
		Modules        []string       `json:"modules"`
		Bindings       []indexBinding `json:"bindings"`
	}
	indexDump struct {
		Roots      []string         `json:"roots"`
		Extensions []indexExtension `json:"extensions"`
		Modules    []indexModule    `json:"modules"`
	}
)

func runIndex(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("index", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "json", "output format: json")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *format != "json" {
		fmt.Fprintf(stderr, "pgext-ls index: unknown format %q (want json)\n", *format)
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "pgext-ls index: give at least one folder")
		return 2
	}
	snap, err := loadWorkspace(fs.Args(), nil)
	if err != nil {
		fmt.Fprintf(stderr, "pgext-ls index: %v\n", err)
		return 2
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(Dump(snap)); err != nil {
		fmt.Fprintf(stderr, "pgext-ls index: %v\n", err)
		return 2
	}
	return 0
}

func pos(s *project.Snapshot, path string, r span.Range) indexPos {
	p := indexPos{File: displayPath(path), Line: 1, Column: 1}
	if f := s.File(path); f != nil {
		p.Line, p.Column = f.Mapper.LineCol(r.Start)
	}
	return p
}

// Dump builds the JSON model of a snapshot.
func Dump(s *project.Snapshot) indexDump {
	d := indexDump{Roots: s.Roots(), Extensions: []indexExtension{}, Modules: []indexModule{}}
	for _, e := range s.Extensions() {
		x := indexExtension{Name: e.Name, Dir: displayPath(e.Dir), Control: displayPath(e.Control.Path),
			DefaultVersion: e.DefaultVersion, ModulePathname: e.ModulePathname, Versions: e.Versions(),
			Scripts: []indexScript{}, InstallPath: []string{}, Modules: []string{}, Bindings: []indexBinding{}}
		if e.Makefile != nil {
			x.Makefile = displayPath(e.Makefile.Path)
		}
		for _, sc := range e.Scripts {
			x.Scripts = append(x.Scripts, indexScript{File: displayPath(sc.Source.Path), From: sc.From, To: sc.To, Template: sc.Template})
		}
		for _, sc := range e.InstallPath {
			x.InstallPath = append(x.InstallPath, displayPath(sc.Source.Path))
		}
		for _, m := range e.Modules {
			x.Modules = append(x.Modules, m.Name)
		}
		for _, b := range s.Bindings() {
			if b.Ext != e {
				continue
			}
			ib := indexBinding{SQLFunction: b.Func.Name, Arguments: []string{}, Returns: b.Func.Returns,
				Declared: pos(s, b.Script.Source.Path, b.Func.NameRange), Library: b.Library,
				Symbol: b.Func.LinkSymbol, Resolved: b.V1 != nil && b.Def != nil, How: b.How}
			for _, a := range b.Func.Args {
				ib.Arguments = append(ib.Arguments, a.Type)
			}
			if b.Module != nil {
				ib.Module = b.Module.Name
			}
			if b.V1 != nil {
				p := pos(s, b.V1.File.Path, b.V1.V1.Range)
				ib.V1 = &p
			}
			if b.Def != nil {
				p := pos(s, b.Def.File.Path, b.Def.Func.NameRange)
				ib.Definition = &p
			}
			x.Bindings = append(x.Bindings, ib)
		}
		d.Extensions = append(d.Extensions, x)
	}
	for _, m := range s.Modules() {
		im := indexModule{Name: m.Name, Dir: displayPath(m.Dir), Implicit: m.Makefile == nil, Files: []string{}, V1: []indexV1{}}
		for _, f := range m.Files {
			im.Files = append(im.Files, displayPath(f.Path))
		}
		syms := make([]string, 0, len(m.V1))
		for sym := range m.V1 {
			syms = append(syms, sym)
		}
		sort.Strings(syms)
		for _, sym := range syms {
			ref := m.V1[sym][0]
			v := indexV1{Symbol: sym, At: pos(s, ref.File.Path, ref.V1.Range), Via: ref.V1.Via, Bound: len(s.BindingsOf(m, sym)) > 0}
			if defs := m.Defs[sym]; len(defs) > 0 {
				p := pos(s, defs[0].File.Path, defs[0].Func.NameRange)
				v.Definition = &p
			}
			im.V1 = append(im.V1, v)
		}
		d.Modules = append(d.Modules, im)
	}
	return d
}
