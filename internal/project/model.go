package project

import (
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/span"
	"github.com/pgext-ls/pgext-ls/internal/sqlscript"
)

// Extension is one extension: a primary control file and what belongs to
// it.
type Extension struct {
	Name string
	Dir  string // folder of the primary control file
	// Control is the primary control file.
	Control *Source
	// Secondary maps a version to its secondary control file.
	Secondary map[string]*Source
	// Scripts lists install and upgrade scripts, sorted by path.
	Scripts []*Script
	// Makefile is the PGXS Makefile in Dir, or nil.
	Makefile *Source
	// DefaultVersion and ModulePathname come from the primary control
	// file ("" when not set).
	DefaultVersion string
	ModulePathname string
	// InstallPath lists the scripts CREATE EXTENSION runs at
	// DefaultVersion, in order; nil when there is no way to install it.
	InstallPath []*Script
	// Modules lists the shared libraries built in Dir.
	Modules []*Module
}

// Script is an install script (ext--V.sql) or an upgrade script
// (ext--A--B.sql).
type Script struct {
	Source *Source
	// From is "" for install scripts.
	From, To string
	// Template is set when the script is the template of a DATA_built
	// script (pgvector's sql/vector.sql becomes sql/vector--0.8.0.sql).
	Template bool
}

// Upgrade reports whether s is an upgrade script.
func (s *Script) Upgrade() bool { return s.From != "" }

// Module is one shared library and the C files it is built from.
type Module struct {
	Name string // library name without suffix, as in $libdir/Name
	Dir  string
	// Files lists the .c files compiled into the module.
	Files []*Source
	// Headers lists the .h files under Dir, used for macro expansion.
	Headers []*Source
	// Makefile is the Makefile that defines the module, nil when the
	// module is implicit (no PGXS Makefile: every .c file of the folder).
	Makefile *Source
	// Defined is the range of the module's name in the Makefile.
	Defined span.Range

	// V1 maps a symbol to its PG_FUNCTION_INFO_V1 markers in the module.
	V1 map[string][]V1Ref
	// Defs maps a function name to its definitions in the module.
	Defs map[string][]FuncRef
	// Decls maps a function name to its prototypes in the module.
	Decls map[string][]DeclRef
}

// V1Ref is a PG_FUNCTION_INFO_V1 marker and the file it is in.
type V1Ref struct {
	File *Source
	V1   csrc.V1
}

// FuncRef is a C function definition and the file it is in.
type FuncRef struct {
	File *Source
	Func *csrc.Func
}

// DeclRef is a C prototype and the file it is in.
type DeclRef struct {
	File *Source
	Decl *csrc.FuncDecl
}

// Binding is a LANGUAGE C function of a script and what it resolved to.
type Binding struct {
	Ext    *Extension
	Script *Script
	Func   *sqlscript.Function
	// Library is the library name the binding names, after
	// MODULE_PATHNAME substitution ("" when MODULE_PATHNAME is used
	// without module_pathname).
	Library string
	// Module is the workspace module Library names, or nil when it is
	// not built in the workspace.
	Module *Module
	// V1 and Def are the marker and definition of the symbol in Module.
	V1  *V1Ref
	Def *FuncRef
	// How explains the resolution step by step, for `pgext-ls index`.
	How string
}

// controlRE matches primary (ext.control) and secondary
// (ext--1.0.control) control file names.
var controlRE = regexp.MustCompile(`^(.+?)(?:--(.+))?\.control$`)

// build derives extensions, modules and bindings from the parsed files.
func (s *Snapshot) build() { s.rebuild(nil) }

// rebuild derives the model, reusing the symbol tables of modules of prev
// whose files are unchanged (the same parsed Sources), so that an edit
// re-indexes only the modules it touches.
func (s *Snapshot) rebuild(prev *Snapshot) {
	s.sorted = nil
	s.sorted = s.Files()
	s.exts, s.modules, s.bindings = nil, nil, nil
	s.byFile = map[string][]*Extension{}
	byDir := map[string][]*Source{}
	for _, f := range s.files {
		dir := filepath.Dir(f.Path)
		byDir[dir] = append(byDir[dir], f)
	}
	// Primary control files define extensions.
	for _, f := range s.Files() {
		if f.Kind != KindControl {
			continue
		}
		m := controlRE.FindStringSubmatch(filepath.Base(f.Path))
		if m == nil || m[2] != "" {
			continue
		}
		s.exts = append(s.exts, s.newExtension(m[1], f))
	}
	// Secondary control files and scripts attach to the extension of the
	// same name whose folder is nearest above them.
	for _, f := range s.Files() {
		base := filepath.Base(f.Path)
		switch f.Kind {
		case KindControl:
			m := controlRE.FindStringSubmatch(base)
			if m == nil || m[2] == "" {
				continue
			}
			if e := s.nearestExt(m[1], f.Path); e != nil {
				e.Secondary[m[2]] = f
			}
		case KindSQL:
			name, from, to, ok := splitScriptName(base)
			if !ok {
				continue
			}
			if e := s.nearestExt(name, f.Path); e != nil {
				e.Scripts = append(e.Scripts, &Script{Source: f, From: from, To: to})
			}
		}
	}
	moduleByDir := map[string][]*Module{}
	for _, e := range s.exts {
		e.addBuiltTemplates(s)
		if _, ok := moduleByDir[e.Dir]; !ok {
			moduleByDir[e.Dir] = s.modulesIn(e.Dir, e.Makefile, e.Name, e.ModulePathname)
			s.modules = append(s.modules, moduleByDir[e.Dir]...)
		}
		e.Modules = moduleByDir[e.Dir]
		e.InstallPath = e.installPath(e.DefaultVersion)
	}
	old := map[string]*Module{}
	if prev != nil {
		for _, m := range prev.modules {
			old[m.Dir+"\x00"+m.Name] = m
		}
	}
	// Libraries built by a PGXS Makefile outside any extension's folder:
	// auto_explain, passwordcheck and the like, loaded through
	// shared_preload_libraries rather than CREATE EXTENSION.
	for _, f := range s.Files() {
		if f.Kind != KindMakefile || f.Makefile == nil || !f.Makefile.UsesPGXS {
			continue
		}
		dir := filepath.Dir(f.Path)
		if _, ok := moduleByDir[dir]; ok {
			continue
		}
		if !f.Makefile.Has("MODULES") && !f.Makefile.Has("MODULE_big") {
			continue
		}
		moduleByDir[dir] = s.modulesIn(dir, f, "", "")
		s.modules = append(s.modules, moduleByDir[dir]...)
	}
	for _, m := range s.modules {
		if o := old[m.Dir+"\x00"+m.Name]; o != nil && sameSources(o.Files, m.Files) && sameSources(o.Headers, m.Headers) {
			m.V1, m.Defs, m.Decls = o.V1, o.Defs, o.Decls
			continue
		}
		m.index()
	}
	for _, e := range s.exts {
		s.byFile[e.Control.Path] = append(s.byFile[e.Control.Path], e)
		for _, c := range e.Secondary {
			s.byFile[c.Path] = append(s.byFile[c.Path], e)
		}
		for _, sc := range e.Scripts {
			s.byFile[sc.Source.Path] = append(s.byFile[sc.Source.Path], e)
			s.bindScript(e, sc)
		}
		if e.Makefile != nil {
			s.byFile[e.Makefile.Path] = append(s.byFile[e.Makefile.Path], e)
		}
		for _, m := range e.Modules {
			for _, f := range append(append([]*Source(nil), m.Files...), m.Headers...) {
				if !containsExt(s.byFile[f.Path], e) {
					s.byFile[f.Path] = append(s.byFile[f.Path], e)
				}
			}
		}
	}
}

func containsExt(es []*Extension, e *Extension) bool {
	for _, x := range es {
		if x == e {
			return true
		}
	}
	return false
}

// splitScriptName splits "ext--1.0.sql" into ("ext", "", "1.0") and
// "ext--1.0--1.1.sql" into ("ext", "1.0", "1.1").
func splitScriptName(base string) (name, from, to string, ok bool) {
	if !strings.HasSuffix(base, ".sql") {
		return "", "", "", false
	}
	parts := strings.Split(strings.TrimSuffix(base, ".sql"), "--")
	switch {
	case len(parts) == 2 && parts[0] != "" && parts[1] != "":
		return parts[0], "", parts[1], true
	case len(parts) == 3 && parts[0] != "" && parts[1] != "" && parts[2] != "":
		return parts[0], parts[1], parts[2], true
	}
	return "", "", "", false
}

func (s *Snapshot) newExtension(name string, ctl *Source) *Extension {
	e := &Extension{Name: name, Dir: filepath.Dir(ctl.Path), Control: ctl, Secondary: map[string]*Source{}}
	if ctl.Control != nil {
		if v, ok := ctl.Control.Get("default_version"); ok {
			e.DefaultVersion = v.Value
		}
		if v, ok := ctl.Control.Get("module_pathname"); ok {
			e.ModulePathname = v.Value
		}
	}
	for _, mk := range []string{"Makefile", "GNUmakefile", "makefile"} {
		if f := s.files[filepath.Join(e.Dir, mk)]; f != nil {
			e.Makefile = f
			break
		}
	}
	return e
}

// nearestExt returns the extension called name whose folder is the closest
// ancestor of path (scripts often live in a sql/ subfolder).
func (s *Snapshot) nearestExt(name, path string) *Extension {
	var best *Extension
	for _, e := range s.exts {
		if e.Name != name {
			continue
		}
		if e.Dir != filepath.Dir(path) && !strings.HasPrefix(path, e.Dir+string(filepath.Separator)) {
			continue
		}
		if best == nil || len(e.Dir) > len(best.Dir) {
			best = e
		}
	}
	return best
}

// addBuiltTemplates treats a DATA_built install script that does not exist
// in the source tree as built from a template: pgvector builds
// sql/vector--$(EXTVERSION).sql from sql/vector.sql.
func (e *Extension) addBuiltTemplates(s *Snapshot) {
	if e.Makefile == nil || e.Makefile.Makefile == nil {
		return
	}
	for _, w := range e.Makefile.Makefile.Value("DATA_built") {
		base := filepath.Base(w.Text)
		name, from, to, ok := splitScriptName(base)
		if !ok || name != e.Name || from != "" {
			continue
		}
		target := filepath.Join(e.Dir, w.Text)
		if s.files[target] != nil {
			continue
		}
		tmpl := s.files[filepath.Join(filepath.Dir(target), name+".sql")]
		if tmpl == nil || e.hasScript(tmpl) {
			continue
		}
		e.Scripts = append(e.Scripts, &Script{Source: tmpl, To: to, Template: true})
	}
	sort.Slice(e.Scripts, func(i, j int) bool { return e.Scripts[i].Source.Path < e.Scripts[j].Source.Path })
}

func (e *Extension) hasScript(f *Source) bool {
	for _, sc := range e.Scripts {
		if sc.Source == f {
			return true
		}
	}
	return false
}

// installPath returns the scripts CREATE EXTENSION runs to install version
// v: the install script for v if there is one, else the shortest chain of
// an install script followed by upgrade scripts, as find_install_path in
// src/backend/commands/extension.c chooses it.
func (e *Extension) installPath(v string) []*Script {
	if v == "" {
		return nil
	}
	install := map[string]*Script{}
	upgrades := map[string][]*Script{}
	for _, sc := range e.Scripts {
		if sc.Upgrade() {
			upgrades[sc.From] = append(upgrades[sc.From], sc)
		} else {
			install[sc.To] = sc
		}
	}
	if sc, ok := install[v]; ok {
		return []*Script{sc}
	}
	var best []*Script
	for start, sc := range install {
		if p := shortestUpdatePath(start, v, upgrades); p != nil {
			cand := append([]*Script{sc}, p...)
			if best == nil || len(cand) < len(best) || (len(cand) == len(best) && sc.To > best[0].To) {
				best = cand
			}
		}
	}
	return best
}

// UpdatePath returns the upgrade scripts ALTER EXTENSION UPDATE runs from
// version from to version to, or nil when there is none.
func (e *Extension) UpdatePath(from, to string) []*Script {
	upgrades := map[string][]*Script{}
	for _, sc := range e.Scripts {
		if sc.Upgrade() {
			upgrades[sc.From] = append(upgrades[sc.From], sc)
		}
	}
	return shortestUpdatePath(from, to, upgrades)
}

// shortestUpdatePath finds the shortest chain of upgrade scripts from one
// version to another by breadth-first search.
func shortestUpdatePath(from, to string, upgrades map[string][]*Script) []*Script {
	if from == to {
		return []*Script{}
	}
	prev := map[string]*Script{}
	seen := map[string]bool{from: true}
	queue := []string{from}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, sc := range upgrades[v] {
			if seen[sc.To] {
				continue
			}
			seen[sc.To] = true
			prev[sc.To] = sc
			if sc.To == to {
				var path []*Script
				for x := to; x != from; x = prev[x].From {
					path = append([]*Script{prev[x]}, path...)
				}
				return path
			}
			queue = append(queue, sc.To)
		}
	}
	return nil
}

// Versions returns every version that has a script, sorted.
func (e *Extension) Versions() []string {
	set := map[string]bool{}
	for _, sc := range e.Scripts {
		set[sc.To] = true
		if sc.From != "" {
			set[sc.From] = true
		}
	}
	out := make([]string, 0, len(set))
	for v := range set {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

// modulesIn returns the modules built in dir: from the PGXS Makefile's
// MODULES and MODULE_big + OBJS, or, for an extension's folder without
// them (extName set), one implicit module holding every .c file under the
// folder, named after module_pathname or the extension.
func (s *Snapshot) modulesIn(dir string, makefile *Source, extName, modulePathname string) []*Module {
	headers := s.filesUnder(dir, KindHeader)
	var mods []*Module
	if makefile != nil && makefile.Makefile != nil {
		mk := makefile.Makefile
		for _, w := range mk.Value("MODULES") {
			m := &Module{Name: filepath.Base(w.Text), Dir: dir, Makefile: makefile, Defined: w.Range, Headers: headers}
			if f := s.files[filepath.Join(dir, w.Text+".c")]; f != nil {
				m.Files = append(m.Files, f)
			}
			mods = append(mods, m)
		}
		for _, w := range mk.Value("MODULE_big") {
			m := &Module{Name: filepath.Base(w.Text), Dir: dir, Makefile: makefile, Defined: w.Range, Headers: headers}
			for _, o := range mk.Value("OBJS") {
				if !strings.HasSuffix(o.Text, ".o") {
					continue
				}
				if f := s.files[filepath.Join(dir, strings.TrimSuffix(o.Text, ".o")+".c")]; f != nil {
					m.Files = append(m.Files, f)
				}
			}
			if len(m.Files) == 0 {
				// OBJS built from $(wildcard ...) or the like: fall
				// back to the folder's C files.
				m.Files = s.filesUnder(dir, KindC)
			}
			mods = append(mods, m)
			break
		}
	}
	if len(mods) == 0 && extName != "" {
		cfiles := s.filesUnder(dir, KindC)
		if len(cfiles) == 0 {
			return nil
		}
		name := extName
		if lib := libraryName(modulePathname); lib != "" {
			name = lib
		}
		mods = append(mods, &Module{Name: name, Dir: dir, Files: cfiles, Headers: headers})
	}
	return mods
}

// filesUnder returns the files of kind under dir, excluding folders that
// hold another extension's primary control file.
func (s *Snapshot) filesUnder(dir string, kind Kind) []*Source {
	var out []*Source
	for _, f := range s.Files() {
		if f.Kind != kind || !strings.HasPrefix(f.Path, dir+string(filepath.Separator)) {
			continue
		}
		if s.ownedByOtherExtension(dir, f.Path) {
			continue
		}
		out = append(out, f)
	}
	return out
}

// ownedByOtherExtension reports whether path lies in a folder below dir that
// has its own extension.
func (s *Snapshot) ownedByOtherExtension(dir, path string) bool {
	for d := filepath.Dir(path); d != dir && strings.HasPrefix(d, dir); d = filepath.Dir(d) {
		for _, e := range s.exts {
			if e.Dir == d {
				return true
			}
		}
	}
	return false
}

// index fills the module's symbol tables from its C files, expanding
// wrapper macros defined anywhere in the module's files and headers.
func (m *Module) index() {
	m.V1 = map[string][]V1Ref{}
	m.Defs = map[string][]FuncRef{}
	m.Decls = map[string][]DeclRef{}
	var cfiles []*csrc.File
	for _, f := range append(append([]*Source(nil), m.Files...), m.Headers...) {
		if f.C != nil {
			cfiles = append(cfiles, f.C)
		}
	}
	macros := csrc.MacroTable(cfiles)
	for _, f := range m.Files {
		if f.C == nil {
			continue
		}
		// Expanded returns a copy with the facts of wrapper macros
		// defined in other files of the module merged in; the cached
		// parse is left as it is.
		c := csrc.Expanded(f.C, macros)
		for _, v := range c.V1 {
			m.V1[v.Name] = append(m.V1[v.Name], V1Ref{File: f, V1: v})
		}
		for i := range c.Funcs {
			fn := &c.Funcs[i]
			m.Defs[fn.Name] = append(m.Defs[fn.Name], FuncRef{File: f, Func: fn})
		}
		for i := range c.Decls {
			d := &c.Decls[i]
			m.Decls[d.Name] = append(m.Decls[d.Name], DeclRef{File: f, Decl: d})
		}
	}
}

// libraryName turns an obj_file ("$libdir/hstore", "hstore", "/x/hstore.so")
// into a library name.
func libraryName(objFile string) string {
	name := strings.TrimPrefix(objFile, "$libdir/")
	name = filepath.Base(name)
	for _, suf := range []string{".so", ".dll", ".dylib"} {
		name = strings.TrimSuffix(name, suf)
	}
	if name == "." || name == "/" {
		return ""
	}
	return name
}

// bindScript resolves every LANGUAGE C function of a script.
func (s *Snapshot) bindScript(e *Extension, sc *Script) {
	if sc.Source.SQL == nil {
		return
	}
	for i := range sc.Source.SQL.Functions {
		fn := &sc.Source.SQL.Functions[i]
		if !fn.IsC() {
			continue
		}
		b := &Binding{Ext: e, Script: sc, Func: fn}
		var how []string
		obj := fn.ObjFile
		if obj == "MODULE_PATHNAME" {
			if e.ModulePathname == "" {
				// The server will not substitute it; still link the
				// binding to the module the author most likely meant,
				// so navigation works and the C side is not reported
				// as unbound.
				how = append(how, "MODULE_PATHNAME: the control file sets no module_pathname")
				if m := guessModule(e); m != nil {
					b.Module = m
					how = append(how, "assuming module "+m.Name)
					s.resolveSymbol(b, &how)
				}
				b.How = strings.Join(how, "; ")
				s.bindings = append(s.bindings, b)
				continue
			}
			how = append(how, "MODULE_PATHNAME -> module_pathname '"+e.ModulePathname+"'")
			obj = e.ModulePathname
		}
		obj = strings.ReplaceAll(obj, "MODULE_PATHNAME", e.ModulePathname)
		b.Library = libraryName(obj)
		how = append(how, "library "+b.Library)
		b.Module = s.findModule(e, b.Library)
		if b.Module == nil {
			how = append(how, "not built in this workspace")
		} else {
			how = append(how, "module "+b.Module.Name+" in "+b.Module.Dir)
			s.resolveSymbol(b, &how)
		}
		b.How = strings.Join(how, "; ")
		s.bindings = append(s.bindings, b)
	}
}

// findModule finds the module called lib: first among e's own modules, then
// anywhere in the workspace.
func (s *Snapshot) findModule(e *Extension, lib string) *Module {
	for _, m := range e.Modules {
		if m.Name == lib {
			return m
		}
	}
	for _, m := range s.modules {
		if m.Name == lib {
			return m
		}
	}
	// A module name built from a variable the Makefile takes from the
	// build environment expands short: contrib's hstore_plpython names
	// MODULE_big = hstore_plpython$(python_majorversion), installed as
	// hstore_plpython3.
	for _, m := range e.Modules {
		if rest, ok := strings.CutPrefix(lib, m.Name); ok && rest != "" && strings.Trim(rest, "0123456789") == "" {
			return m
		}
	}
	return nil
}

// ModulesOf returns the modules a C file is compiled into.
func (s *Snapshot) ModulesOf(path string) []*Module {
	var out []*Module
	for _, m := range s.modules {
		for _, f := range m.Files {
			if f.Path == path {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// BindingsOf returns the bindings whose C symbol is sym in module m.
func (s *Snapshot) BindingsOf(m *Module, sym string) []*Binding {
	var out []*Binding
	for _, b := range s.bindings {
		if b.Module == m && b.Func.LinkSymbol == sym {
			out = append(out, b)
		}
	}
	return out
}

// resolveSymbol looks up the binding's link symbol in its module.
func (s *Snapshot) resolveSymbol(b *Binding, how *[]string) {
	sym := b.Func.LinkSymbol
	if refs := b.Module.V1[sym]; len(refs) > 0 {
		b.V1 = &refs[0]
		*how = append(*how, "PG_FUNCTION_INFO_V1 in "+refs[0].File.Path)
	} else {
		*how = append(*how, "no PG_FUNCTION_INFO_V1("+sym+")")
	}
	if defs := b.Module.Defs[sym]; len(defs) > 0 {
		b.Def = &defs[0]
	}
}

// guessModule returns the module an extension most likely means when its
// scripts say MODULE_PATHNAME without module_pathname: its only module, or
// the one named after it.
func guessModule(e *Extension) *Module {
	if len(e.Modules) == 1 {
		return e.Modules[0]
	}
	for _, m := range e.Modules {
		if m.Name == e.Name {
			return m
		}
	}
	return nil
}

// sameSources reports whether two file lists hold the same parsed files.
func sameSources(a, b []*Source) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
