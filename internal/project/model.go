package project

import (
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/pgversion"
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
	// ScriptDir is the folder the server reads the scripts and secondary
	// control files from when it is not Dir: an installed extension's
	// control file in SHAREDIR/extension that sets directory = 'd' has
	// them in SHAREDIR/d (or in d itself when absolute). "" otherwise.
	ScriptDir string
	// InstallPath lists the scripts CREATE EXTENSION runs at
	// DefaultVersion, in order; nil when there is no way to install it.
	InstallPath []*Script
	// Modules lists the shared libraries built in Dir.
	Modules []*Module
	// VersionEvidence is what the extension's own files say about the
	// PostgreSQL majors it supports, in precedence order (META.json,
	// #error guards, a surrounding PostgreSQL source tree); see
	// pgversion.Resolve.
	VersionEvidence []pgversion.Evidence
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
	// Modules come from PGXS Makefiles first, wherever they are: an
	// extension folder's own, and libraries built outside any extension's
	// folder (auto_explain, passwordcheck: loaded through
	// shared_preload_libraries rather than CREATE EXTENSION).
	moduleByDir := map[string][]*Module{}
	for _, f := range s.Files() {
		if f.Kind != KindMakefile || f.Makefile == nil {
			continue
		}
		dir := filepath.Dir(f.Path)
		if _, ok := moduleByDir[dir]; ok || !f.Makefile.Has("MODULES") && !f.Makefile.Has("MODULE_big") {
			continue
		}
		if !f.Makefile.UsesPGXS && s.extensionAt(dir) == nil {
			continue
		}
		if mods := s.modulesIn(dir, f, "", ""); len(mods) > 0 {
			moduleByDir[dir] = mods
			s.modules = append(s.modules, mods...)
		}
	}
	for _, e := range s.exts {
		e.addBuiltTemplates(s)
		e.InstallPath = e.installPath(e.DefaultVersion)
		if mods, ok := moduleByDir[e.Dir]; ok {
			e.Modules = mods
			continue
		}
		// No module defined in the folder: the library module_pathname
		// names may be built elsewhere in the workspace (pglogical's
		// compat94/pglogical_origin uses $libdir/pglogical); else every
		// C file under the folder forms one implicit module.
		lib := libraryName(e.ModulePathname)
		if lib == "" {
			lib = e.Name
		}
		if m := s.moduleNamed(lib); m != nil {
			e.Modules = []*Module{m}
			continue
		}
		mods := s.modulesIn(e.Dir, nil, e.Name, e.ModulePathname)
		moduleByDir[e.Dir] = mods
		s.modules = append(s.modules, mods...)
		e.Modules = mods
	}
	old := map[string]*Module{}
	if prev != nil {
		for _, m := range prev.modules {
			old[m.Dir+"\x00"+m.Name] = m
		}
	}
	for _, m := range s.modules {
		if o := old[m.Dir+"\x00"+m.Name]; o != nil && sameSources(o.Files, m.Files) && sameSources(o.Headers, m.Headers) {
			m.V1, m.Defs, m.Decls = o.V1, o.Defs, o.Decls
			continue
		}
		m.index()
	}
	for _, e := range s.exts {
		e.VersionEvidence = s.versionEvidence(e)
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
		if v, ok := ctl.Control.Get("directory"); ok && v.Value != "" {
			e.ScriptDir = scriptDir(e.Dir, v.Value)
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

// scriptDir returns where the server reads the scripts of an extension
// whose control file in ctlDir sets directory: an absolute directory as it
// is; a relative one under SHAREDIR, the parent of the control file's
// folder, when that folder is SHAREDIR/extension (get_extension_script_directory
// in src/backend/commands/extension.c). In a source tree the scripts sit
// around the control file and PGXS installs them (MODULEDIR): "".
func scriptDir(ctlDir, directory string) string {
	if filepath.IsAbs(directory) {
		return filepath.Clean(directory)
	}
	if filepath.Base(ctlDir) != "extension" {
		return ""
	}
	return filepath.Join(filepath.Dir(ctlDir), directory)
}

// nearestExt returns the extension called name whose folder is the closest
// ancestor of path (scripts often live in a sql/ subfolder), or whose
// script directory holds path.
func (s *Snapshot) nearestExt(name, path string) *Extension {
	var best *Extension
	for _, e := range s.exts {
		if e.Name != name {
			continue
		}
		if e.ScriptDir != "" && e.ScriptDir == filepath.Dir(path) {
			return e
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

// extensionAt returns the extension whose primary control file is in dir.
func (s *Snapshot) extensionAt(dir string) *Extension {
	for _, e := range s.exts {
		if e.Dir == dir {
			return e
		}
	}
	return nil
}

// moduleNamed returns the module built as library name, or nil.
func (s *Snapshot) moduleNamed(name string) *Module {
	for _, m := range s.modules {
		if m.Name == name {
			return m
		}
	}
	return nil
}
