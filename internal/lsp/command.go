package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/pgext-ls/pgext-ls/internal/project"
)

// commandShowIndex dumps what the server knows about the extension that
// holds a file. Arguments: the file's URI, then optionally "json" for a
// JSON object instead of the default markdown text.
const commandShowIndex = "pgext-ls.showIndex"

func (s *server) executeCommand(ctx context.Context, v *view, params json.RawMessage) (any, error) {
	var p struct {
		Command   string            `json:"command"`
		Arguments []json.RawMessage `json:"arguments"`
	}
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	if p.Command != commandShowIndex {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "unknown command %q", p.Command)
	}
	if len(p.Arguments) == 0 {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, commandShowIndex+" needs a document URI")
	}
	var arg string
	if err := json.Unmarshal(p.Arguments[0], &arg); err != nil {
		// VS Code may pass {uri: ...} or a TextDocumentIdentifier.
		var obj struct {
			URI string `json:"uri"`
		}
		if json.Unmarshal(p.Arguments[0], &obj) != nil || obj.URI == "" {
			return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, commandShowIndex+": the first argument must be a URI")
		}
		arg = obj.URI
	}
	path, err := uriToPath(protocol.DocumentURI(arg))
	if err != nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%v", err)
	}
	format := "markdown"
	if len(p.Arguments) > 1 {
		_ = json.Unmarshal(p.Arguments[1], &format)
	}
	dump := indexOf(v.snap, path)
	if format == "json" {
		return dump, nil
	}
	return dump.markdown(), nil
}

// The JSON shape of pgext-ls.showIndex.
type (
	indexDump struct {
		File       string           `json:"file"`
		Extensions []indexExtension `json:"extensions"`
		// Modules lists the modules the file is compiled into when it
		// belongs to no extension.
		Modules []indexModule `json:"modules,omitempty"`
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
		Modules        []indexModule  `json:"modules"`
		Bindings       []indexBinding `json:"bindings"`
	}
	indexScript struct {
		File     string `json:"file"`
		From     string `json:"from,omitempty"`
		To       string `json:"to"`
		Template bool   `json:"template,omitempty"`
	}
	indexModule struct {
		Name  string   `json:"name"`
		Files []string `json:"files"`
		V1    []string `json:"v1"`
	}
	indexBinding struct {
		Script  string `json:"script"`
		SQL     string `json:"sql"`
		Symbol  string `json:"symbol"`
		Library string `json:"library"`
		Module  string `json:"module,omitempty"`
		V1      string `json:"v1,omitempty"`
		Def     string `json:"definition,omitempty"`
		How     string `json:"how"`
	}
)

// indexOf collects the extensions that hold path.
func indexOf(snap *project.Snapshot, path string) *indexDump {
	d := &indexDump{File: path, Extensions: []indexExtension{}}
	for _, e := range snap.ExtensionsOf(path) {
		x := indexExtension{
			Name: e.Name, Dir: e.Dir, Control: rel(e.Dir, e.Control.Path),
			DefaultVersion: e.DefaultVersion, ModulePathname: e.ModulePathname,
			Versions: e.Versions(), Scripts: []indexScript{}, InstallPath: []string{},
			Modules: []indexModule{}, Bindings: []indexBinding{},
		}
		for _, sc := range e.Scripts {
			x.Scripts = append(x.Scripts, indexScript{rel(e.Dir, sc.Source.Path), sc.From, sc.To, sc.Template})
		}
		for _, sc := range e.InstallPath {
			x.InstallPath = append(x.InstallPath, rel(e.Dir, sc.Source.Path))
		}
		for _, m := range e.Modules {
			x.Modules = append(x.Modules, moduleIndex(e.Dir, m))
		}
		for _, b := range snap.Bindings() {
			if b.Ext != e {
				continue
			}
			ib := indexBinding{Script: rel(e.Dir, b.Script.Source.Path), SQL: b.Func.Name, Symbol: b.Func.LinkSymbol, Library: b.Library, How: b.How}
			if b.Module != nil {
				ib.Module = b.Module.Name
			}
			if b.V1 != nil {
				ib.V1 = where(e.Dir, b.V1.File, b.V1.V1.Range.Start)
			}
			if b.Def != nil {
				ib.Def = where(e.Dir, b.Def.File, b.Def.Func.NameRange.Start)
			}
			x.Bindings = append(x.Bindings, ib)
		}
		d.Extensions = append(d.Extensions, x)
	}
	if len(d.Extensions) == 0 {
		for _, m := range snap.ModulesOf(path) {
			d.Modules = append(d.Modules, moduleIndex(m.Dir, m))
		}
	}
	return d
}

func moduleIndex(dir string, m *project.Module) indexModule {
	im := indexModule{Name: m.Name, Files: []string{}, V1: []string{}}
	for _, f := range m.Files {
		im.Files = append(im.Files, rel(dir, f.Path))
	}
	for sym := range m.V1 {
		im.V1 = append(im.V1, sym)
	}
	sort.Strings(im.V1)
	return im
}

// where formats file:line of an offset.
func where(dir string, f *project.Source, off int) string {
	line, col := f.Mapper.LineCol(off)
	return fmt.Sprintf("%s:%d:%d", rel(dir, f.Path), line, col)
}

func rel(dir, path string) string {
	if r, err := filepath.Rel(dir, path); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return path
}

// markdown renders the dump for people.
func (d *indexDump) markdown() string {
	var b strings.Builder
	if len(d.Extensions) == 0 && len(d.Modules) == 0 {
		fmt.Fprintf(&b, "_%s belongs to no extension pgext-ls knows._\n", d.File)
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
		fmt.Fprintf(&b, "- CREATE EXTENSION runs: %s\n\n", strings.Join(e.InstallPath, " → "))
		b.WriteString("## Scripts\n\n")
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
		b.WriteString("\n## Modules\n\n")
		for _, m := range e.Modules {
			fmt.Fprintf(&b, "- `%s`: %s; %d PG_FUNCTION_INFO_V1\n", m.Name, strings.Join(m.Files, ", "), len(m.V1))
		}
		b.WriteString("\n## Bindings\n\n| script | SQL function | symbol | module | V1 | definition |\n|---|---|---|---|---|---|\n")
		for _, x := range e.Bindings {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", x.Script, x.SQL, x.Symbol, orDash(x.Module), orDash(x.V1), orDash(x.Def))
		}
		b.WriteString("\n")
	}
	for _, m := range d.Modules {
		fmt.Fprintf(&b, "# Module `%s`\n\n%s; %d PG_FUNCTION_INFO_V1\n", m.Name, strings.Join(m.Files, ", "), len(m.V1))
	}
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
