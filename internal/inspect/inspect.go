// Package inspect describes a project snapshot for people and tools: the
// extensions, their scripts and install path, the modules and every
// binding with the C location it resolved to and how. `pgext-ls index`
// prints it as JSON; the language server's pgext-ls.showIndex command
// returns it as JSON or markdown, and its pgext-ls.status command a Status:
// what the server indexed, and what it looked for when it found nothing.
package inspect

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

// Pos is a 1-based position in a file.
type Pos struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

// String formats p as file:line:column.
func (p Pos) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column) }

// Script is an install or upgrade script.
type Script struct {
	File     string `json:"file"`
	From     string `json:"from,omitempty"`
	To       string `json:"to"`
	Template bool   `json:"template,omitempty"`
}

// Binding is a LANGUAGE C function and what it resolved to.
type Binding struct {
	SQLFunction string   `json:"sqlFunction"`
	Arguments   []string `json:"arguments"`
	Returns     string   `json:"returns"`
	Declared    Pos      `json:"declared"`
	Library     string   `json:"library"`
	Symbol      string   `json:"symbol"`
	Module      string   `json:"module,omitempty"`
	V1          *Pos     `json:"v1,omitempty"`
	Definition  *Pos     `json:"definition,omitempty"`
	Resolved    bool     `json:"resolved"`
	How         string   `json:"how"`
}

// V1 is a PG_FUNCTION_INFO_V1 marker of a module.
type V1 struct {
	Symbol     string `json:"symbol"`
	At         Pos    `json:"at"`
	Via        string `json:"via,omitempty"`
	Definition *Pos   `json:"definition,omitempty"`
	Bound      bool   `json:"bound"`
}

// Module is a shared library and its C files.
type Module struct {
	Name     string   `json:"name"`
	Dir      string   `json:"dir"`
	Implicit bool     `json:"implicit"`
	Files    []string `json:"files"`
	V1       []V1     `json:"v1"`
}

// Extension is one extension.
type Extension struct {
	Name           string    `json:"name"`
	Dir            string    `json:"dir"`
	Control        string    `json:"control"`
	DefaultVersion string    `json:"defaultVersion"`
	ModulePathname string    `json:"modulePathname,omitempty"`
	Versions       []string  `json:"versions"`
	Scripts        []Script  `json:"scripts"`
	InstallPath    []string  `json:"installPath"`
	Makefile       string    `json:"makefile,omitempty"`
	Modules        []string  `json:"modules"`
	Bindings       []Binding `json:"bindings"`
	// PostgreSQL says which majors the extension is checked for and why;
	// the caller fills it in (it depends on the configuration).
	PostgreSQL *Support `json:"postgresql,omitempty"`
}

// Support is the PostgreSQL majors an extension is checked for.
type Support struct {
	Majors []int  `json:"majors"`
	Source string `json:"source"`
	Detail string `json:"detail,omitempty"`
	// Notes say what was overruled or adjusted (a pg_config that
	// disagrees with the project, a major newer than the facts).
	Notes []string `json:"notes,omitempty"`
}

// Model is the description of a set of extensions and modules.
type Model struct {
	Roots      []string    `json:"roots"`
	Extensions []Extension `json:"extensions"`
	Modules    []Module    `json:"modules"`
}

// Describe describes the given extensions and modules of s; display turns
// an absolute path into the form to show.
func Describe(s *project.Snapshot, exts []*project.Extension, mods []*project.Module, display func(string) string) *Model {
	d := &Model{Roots: s.Roots(), Extensions: []Extension{}, Modules: []Module{}}
	pos := func(path string, r span.Range) Pos {
		p := Pos{File: display(path), Line: 1, Column: 1}
		if f := s.File(path); f != nil {
			p.Line, p.Column = f.Mapper.LineCol(r.Start)
		}
		return p
	}
	for _, e := range exts {
		x := Extension{Name: e.Name, Dir: display(e.Dir), Control: display(e.Control.Path),
			DefaultVersion: e.DefaultVersion, ModulePathname: e.ModulePathname, Versions: e.Versions(),
			Scripts: []Script{}, InstallPath: []string{}, Modules: []string{}, Bindings: []Binding{}}
		if e.Makefile != nil {
			x.Makefile = display(e.Makefile.Path)
		}
		for _, sc := range e.Scripts {
			x.Scripts = append(x.Scripts, Script{File: display(sc.Source.Path), From: sc.From, To: sc.To, Template: sc.Template})
		}
		for _, sc := range e.InstallPath {
			x.InstallPath = append(x.InstallPath, display(sc.Source.Path))
		}
		for _, m := range e.Modules {
			x.Modules = append(x.Modules, m.Name)
		}
		for _, b := range s.Bindings() {
			if b.Ext != e {
				continue
			}
			ib := Binding{SQLFunction: b.Func.Name, Arguments: []string{}, Returns: b.Func.Returns,
				Declared: pos(b.Script.Source.Path, b.Func.NameRange), Library: b.Library,
				Symbol: b.Func.LinkSymbol, Resolved: b.V1 != nil && b.Def != nil, How: b.How}
			for _, a := range b.Func.Args {
				ib.Arguments = append(ib.Arguments, a.Type)
			}
			if b.Module != nil {
				ib.Module = b.Module.Name
			}
			if b.V1 != nil {
				p := pos(b.V1.File.Path, b.V1.V1.Range)
				ib.V1 = &p
			}
			if b.Def != nil {
				p := pos(b.Def.File.Path, b.Def.Func.NameRange)
				ib.Definition = &p
			}
			x.Bindings = append(x.Bindings, ib)
		}
		d.Extensions = append(d.Extensions, x)
	}
	for _, m := range mods {
		im := Module{Name: m.Name, Dir: display(m.Dir), Implicit: m.Makefile == nil, Files: []string{}, V1: []V1{}}
		for _, f := range m.Files {
			im.Files = append(im.Files, display(f.Path))
		}
		syms := make([]string, 0, len(m.V1))
		for sym := range m.V1 {
			syms = append(syms, sym)
		}
		sort.Strings(syms)
		for _, sym := range syms {
			ref := m.V1[sym][0]
			v := V1{Symbol: sym, At: pos(ref.File.Path, ref.V1.Range), Via: ref.V1.Via, Bound: len(s.BindingsOf(m, sym)) > 0}
			if defs := m.Defs[sym]; len(defs) > 0 {
				p := pos(defs[0].File.Path, defs[0].Func.NameRange)
				v.Definition = &p
			}
			im.V1 = append(im.V1, v)
		}
		d.Modules = append(d.Modules, im)
	}
	return d
}

// Markdown renders the model for people.
func (d *Model) Markdown() string {
	var b strings.Builder
	if len(d.Extensions) == 0 && len(d.Modules) == 0 {
		b.WriteString("_No extension or module pgext-ls knows._\n")
		return b.String()
	}
	for _, e := range d.Extensions {
		fmt.Fprintf(&b, "# Extension `%s`\n\n", e.Name)
		fmt.Fprintf(&b, "- folder: `%s`\n- control file: `%s`\n", e.Dir, e.Control)
		fmt.Fprintf(&b, "- default_version: `%s`\n", e.DefaultVersion)
		if e.ModulePathname != "" {
			fmt.Fprintf(&b, "- module_pathname: `%s`\n", e.ModulePathname)
		}
		fmt.Fprintf(&b, "- versions: %s\n", strings.Join(e.Versions, ", "))
		install := strings.Join(e.InstallPath, " → ")
		if install == "" {
			install = "_nothing: no install path to default_version_"
		}
		fmt.Fprintf(&b, "- CREATE EXTENSION runs: %s\n\n## Scripts\n\n", install)
		for _, sc := range e.Scripts {
			kind := "install " + sc.To
			if sc.From != "" {
				kind = "upgrade " + sc.From + " → " + sc.To
			}
			if sc.Template {
				kind += " (template)"
			}
			fmt.Fprintf(&b, "- `%s`: %s\n", sc.File, kind)
		}
		b.WriteString("\n## Bindings\n\n| SQL function | symbol | module | V1 | definition |\n|---|---|---|---|---|\n")
		for _, x := range e.Bindings {
			fmt.Fprintf(&b, "| %s(%s) | %s | %s | %s | %s |\n", x.SQLFunction, strings.Join(x.Arguments, ", "), x.Symbol,
				orDash(x.Module), posOrDash(x.V1), posOrDash(x.Definition))
		}
		b.WriteString("\n")
	}
	for _, m := range d.Modules {
		fmt.Fprintf(&b, "# Module `%s`\n\n- folder: `%s`\n- files: %s\n\n", m.Name, m.Dir, strings.Join(m.Files, ", "))
		for _, v := range m.V1 {
			state := "bound"
			if !v.Bound {
				state = "not bound by any script"
			}
			fmt.Fprintf(&b, "- `%s` at %s: %s\n", v.Symbol, v.At, state)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func posOrDash(p *Pos) string {
	if p == nil {
		return "—"
	}
	return p.String()
}
