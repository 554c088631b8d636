package project

import (
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/pgxs"
)

// modulesIn returns the modules built in dir: from the PGXS Makefile's
// MODULES and MODULE_big + OBJS, or, for an extension's folder without
// them (extName set), one implicit module holding every .c file under the
// folder, named after module_pathname or the extension.
func (s *Snapshot) modulesIn(dir string, makefile *Source, extName, modulePathname string) []*Module {
	headers := s.filesUnder(dir, KindHeader)
	var mods []*Module
	if makefile != nil && makefile.Makefile != nil {
		mk := makefile.Makefile
		shell := s.shellAt(dir)
		env := mk.EvalWith(shell)
		for _, w := range env.Value("MODULES") {
			m := &Module{Name: filepath.Base(w.Text), Dir: dir, Makefile: makefile, Defined: w.Range, Headers: headers}
			if f := s.sourceOf(dir, w.Text); f != nil {
				m.Files = append(m.Files, f)
			} else if generated(mk, env, w.Text) || s.fetchedSource(dir, w.Text) {
				m.Incomplete = true
			}
			m.build = newVersionBuild(mk, shell, dir, "MODULES", m.Files)
			mods = append(mods, m)
		}
		for _, w := range env.Value("MODULE_big") {
			m := &Module{Name: filepath.Base(w.Text), Dir: dir, Makefile: makefile, Defined: w.Range, Headers: headers}
			objs := env.Value("OBJS")
			last := len(objs)
			// What an "OBJS =" in an earlier branch assigns, where a
			// later one replaces it (one list per major) is compiled too.
			objs = append(objs, env.Assigned(mk, "OBJS")...)
			for i, o := range objs {
				if !strings.HasSuffix(o.Text, ".o") {
					continue
				}
				base := strings.TrimSuffix(o.Text, ".o")
				if f := s.sourceOf(dir, base); f != nil {
					if i < last || !slices.Contains(m.Files, f) {
						m.Files = append(m.Files, f)
					}
				} else if fs := s.versionSources(dir, o); len(fs) > 0 {
					for _, f := range fs {
						if !slices.Contains(m.Files, f) {
							m.Files = append(m.Files, f) // each major compiles its own (CompiledAt)
						}
					}
				} else if generated(mk, env, base) || s.fetchedSource(dir, base) {
					m.Incomplete = true
				}
			}
			if len(m.Files) == 0 {
				// OBJS built from $(wildcard ...) or the like: fall
				// back to the folder's C files.
				m.Files = s.cFilesUnder(dir)
			} else {
				m.build = newVersionBuild(mk, shell, dir, "OBJS", m.Files)
			}
			mods = append(mods, m)
			break
		}
	}
	if len(mods) == 0 && extName != "" {
		cfiles := s.cFilesUnder(dir)
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

// CSourceExts are the suffixes of the C and C++ sources an object file
// is compiled from, in the order PGXS's implicit rules try them.
var CSourceExts = []string{".c", ".cpp", ".cc", ".cxx"}

// sourceOf returns the parsed C or C++ source of object base (a path
// relative to dir without suffix), or nil.
func (s *Snapshot) sourceOf(dir, base string) *Source {
	for _, ext := range CSourceExts {
		if f := s.files[filepath.Join(dir, base+ext)]; f != nil && f.Kind == KindC {
			return f
		}
	}
	return nil
}

// generated reports whether the Makefile has a rule that makes the C or
// C++ source of object base (x.c: x.c.in, %.c: %.pgc).
func generated(mk *pgxs.File, env *pgxs.Env, base string) bool {
	for _, ext := range CSourceExts {
		if _, ok := env.Builds(mk, filepath.Clean(base+ext)); ok {
			return true
		}
	}
	return false
}

// fetchedSource reports whether a setup script fetches or generates the
// C or C++ source of object base (FetchedSource): its facts are unknown.
func (s *Snapshot) fetchedSource(dir, base string) bool {
	_, ok := s.FetchedSource(dir, base)
	return ok
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
// wrapper macros defined anywhere in the module's files and headers. prev,
// when set, is the module this one replaces in an update: a file whose
// parse is prev's keeps prev's expansion when the macro table is the same.
func (m *Module) index(prev *Module) {
	var cfiles []*csrc.File
	for _, f := range append(append([]*Source(nil), m.Files...), m.Headers...) {
		if f.C != nil {
			cfiles = append(cfiles, f.C)
		}
	}
	m.macros = csrc.MacroTable(cfiles)
	if prev != nil && !reflect.DeepEqual(prev.macros, m.macros) {
		prev = nil
	}
	if prev == nil || !m.reindex(prev) {
		m.V1 = map[string][]V1Ref{}
		m.Defs = map[string][]FuncRef{}
		m.Decls = map[string][]DeclRef{}
		m.expanded = make(map[*Source]*csrc.File, len(m.Files))
		for _, f := range m.Files {
			if f.C == nil {
				continue
			}
			// Expanded returns a copy with the facts of wrapper macros
			// defined in other files of the module merged in; the
			// cached parse is left as it is.
			c := csrc.Expanded(f.C, m.macros)
			m.expanded[f] = c
			for _, r := range v1Refs(f, c) {
				m.V1[r.V1.Name] = append(m.V1[r.V1.Name], r)
			}
			for _, r := range defRefs(f, c) {
				m.Defs[r.Func.Name] = append(m.Defs[r.Func.Name], r)
			}
			for _, r := range declRefs(f, c) {
				m.Decls[r.Decl.Name] = append(m.Decls[r.Decl.Name], r)
			}
		}
	}
	m.v1Syms = sortedKeys(m.V1, prev)
}

// reindex derives m's tables from those of prev, the module m replaces in
// an update, with the same macro table and the same files but for some
// replaced in place by another parse: only the names the replaced files
// had or have are looked at again, and the entries of other names are
// prev's. It reports false, doing nothing, when the files differ
// otherwise.
func (m *Module) reindex(prev *Module) bool {
	if len(prev.Files) != len(m.Files) {
		return false
	}
	for i, f := range m.Files {
		if f.Path != prev.Files[i].Path {
			return false
		}
	}
	m.V1, m.Defs, m.Decls = maps.Clone(prev.V1), maps.Clone(prev.Defs), maps.Clone(prev.Decls)
	m.expanded = maps.Clone(prev.expanded)
	var index map[*Source]int
	position := func(f *Source) int {
		if index == nil {
			// Files replaced later in the loop still have entries
			// of their old parse.
			index = make(map[*Source]int, 2*len(m.Files))
			for i, f := range m.Files {
				index[f], index[prev.Files[i]] = i, i
			}
		}
		return index[f]
	}
	for i, f := range m.Files {
		old := prev.Files[i]
		if f == old {
			continue
		}
		oc := prev.expanded[old]
		delete(m.expanded, old)
		var c *csrc.File
		if f.C != nil {
			c = csrc.Expanded(f.C, m.macros)
			m.expanded[f] = c
		}
		at := func(g *Source) bool { return position(g) > i }
		replaceRefs(m.V1, old, at, v1Refs(old, oc), v1Refs(f, c), func(r V1Ref) (string, *Source) { return r.V1.Name, r.File })
		replaceRefs(m.Defs, old, at, defRefs(old, oc), defRefs(f, c), func(r FuncRef) (string, *Source) { return r.Func.Name, r.File })
		replaceRefs(m.Decls, old, at, declRefs(old, oc), declRefs(f, c), func(r DeclRef) (string, *Source) { return r.Decl.Name, r.File })
	}
	return true
}

// replaceRefs replaces, in a symbol table of a module, the entries of the
// file old (whose refs were oldRefs) with refs, the entries of the file
// that replaces it: at the place of the first entry of a file after it
// (after reports whether a file comes after it in the module), keeping
// the order of refs. The slices of the names it changes are new, the
// others are shared.
func replaceRefs[T any](table map[string][]T, old *Source, after func(*Source) bool, oldRefs, refs []T, of func(T) (string, *Source)) {
	byName := map[string][]T{}
	for _, r := range refs {
		name, _ := of(r)
		byName[name] = append(byName[name], r)
	}
	for _, r := range oldRefs {
		if name, _ := of(r); byName[name] == nil {
			byName[name] = []T{}
		}
	}
	for name, add := range byName {
		var out []T
		inserted := false
		for _, r := range table[name] {
			_, f := of(r)
			if f == old {
				continue
			}
			if !inserted && after(f) {
				out, inserted = append(out, add...), true
			}
			out = append(out, r)
		}
		if !inserted {
			out = append(out, add...)
		}
		if len(out) == 0 {
			delete(table, name)
		} else {
			table[name] = out
		}
	}
}

// refsOf returns a module table entry, made by ref, of each of items, the
// facts of one kind of the expansion of f.
func refsOf[F, R any](f *Source, items []F, ref func(*Source, *F) R) []R {
	out := make([]R, 0, len(items))
	for i := range items {
		out = append(out, ref(f, &items[i]))
	}
	return out
}

// v1Refs returns the PG_FUNCTION_INFO_V1 markers of c, the expansion of
// f (nil for none), as V1 entries.
func v1Refs(f *Source, c *csrc.File) []V1Ref {
	if c == nil {
		return nil
	}
	return refsOf(f, c.V1, func(f *Source, v *csrc.V1) V1Ref { return V1Ref{File: f, V1: *v} })
}

// defRefs returns the function definitions of c as Defs entries.
func defRefs(f *Source, c *csrc.File) []FuncRef {
	if c == nil {
		return nil
	}
	return refsOf(f, c.Funcs, func(f *Source, fn *csrc.Func) FuncRef { return FuncRef{File: f, Func: fn} })
}

// declRefs returns the prototypes of c as Decls entries.
func declRefs(f *Source, c *csrc.File) []DeclRef {
	if c == nil {
		return nil
	}
	return refsOf(f, c.Decls, func(f *Source, d *csrc.FuncDecl) DeclRef { return DeclRef{File: f, Decl: d} })
}

// sortedKeys returns the keys of v1, sorted: prev's, when it has the same.
func sortedKeys(v1 map[string][]V1Ref, prev *Module) []string {
	if prev != nil && len(prev.v1Syms) == len(v1) {
		same := true
		for _, k := range prev.v1Syms {
			if _, ok := v1[k]; !ok {
				same = false
				break
			}
		}
		if same {
			return prev.v1Syms
		}
	}
	return slices.Sorted(maps.Keys(v1))
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

// cFilesUnder returns the C files under dir that no other build owns: files
// in a subfolder with a Makefile of its own (citus builds cdc/ separately)
// or with another extension are left out.
func (s *Snapshot) cFilesUnder(dir string) []*Source {
	var out []*Source
	for _, f := range s.filesUnder(dir, KindC) {
		if !s.ownBuildBelow(dir, f.Path) {
			out = append(out, f)
		}
	}
	return out
}

// ownBuildBelow reports whether a folder between dir (excluded) and the
// file at path (its folder included) has a Makefile.
func (s *Snapshot) ownBuildBelow(dir, path string) bool {
	for d := filepath.Dir(path); d != dir && strings.HasPrefix(d, dir+string(filepath.Separator)); d = filepath.Dir(d) {
		for _, mk := range []string{"Makefile", "GNUmakefile", "makefile"} {
			if s.files[filepath.Join(d, mk)] != nil {
				return true
			}
		}
	}
	return false
}

// buildFiles are the names of files that build a folder's code: make's,
// and those of the build systems that generate a Makefile or replace it.
var buildFiles = []string{
	"Makefile", "GNUmakefile", "makefile",
	"Makefile.in", "GNUmakefile.in", "Makefile.am", "configure", "configure.ac",
	"meson.build", "CMakeLists.txt",
	"Cargo.toml", // pgrx extensions, whose C shims build.rs compiles
}

// BuildFile returns the file that builds the code of e: a build file
// (buildFiles) in its folder or, up to the workspace root it lies under,
// in a folder above it; "" when there is none.
func (s *Snapshot) BuildFile(e *Extension) string {
	root := s.rootOf(e.Dir)
	for dir := e.Dir; ; dir = filepath.Dir(dir) {
		for _, name := range buildFiles {
			if p := filepath.Join(dir, name); s.Exists(p) {
				return p
			}
		}
		if dir == root || filepath.Dir(dir) == dir || !strings.HasPrefix(dir, root) {
			return ""
		}
	}
}

// Unbuilt returns the C files of e that nothing builds: those of its
// implicit module (every C file of its folder, see modulesIn) when no
// build file is around it (BuildFile), or when the build file is its
// folder's PGXS Makefile and that defines no MODULES, MODULE_big or
// PROGRAM and includes nothing but PGXS itself. nil when something
// builds them, or may.
func (s *Snapshot) Unbuilt(e *Extension) []*Source {
	var files []*Source
	for _, m := range e.Modules {
		if m.Makefile != nil {
			return nil
		}
		files = append(files, m.Files...)
	}
	if len(files) == 0 {
		return nil
	}
	bf := s.BuildFile(e)
	if bf == "" {
		return files
	}
	if e.Makefile == nil || bf != e.Makefile.Path || !BuildsNothing(e.Makefile.Makefile) {
		return nil
	}
	return files
}

// BuildsNothing reports whether the PGXS Makefile mk builds no code: it
// sets none of MODULES, MODULE_big and PROGRAM, has no rules of its own
// and includes no makefile but PostgreSQL's own (pgxs.File.LocalInclude:
// an included file could set them).
func BuildsNothing(mk *pgxs.File) bool {
	if mk == nil || !mk.UsesPGXS || len(mk.Rules) > 0 {
		return false
	}
	for _, v := range []string{"MODULES", "MODULE_big", "PROGRAM"} {
		if mk.Has(v) {
			return false
		}
	}
	_, local := mk.LocalInclude()
	return !local
}

// ProgramFiles returns the paths of the C files that a PGXS Makefile of
// the snapshot compiles into an executable (PROGRAM, built from OBJS): a
// client program, such as pg_repack's bin/ with its pgut/ helpers, which
// runs outside the server and whose code the server's rules do not judge.
func (s *Snapshot) ProgramFiles() map[string]bool {
	out := map[string]bool{}
	for _, mf := range s.Files() {
		if mf.Kind != KindMakefile || mf.Makefile == nil || !mf.Makefile.Has("PROGRAM") {
			continue
		}
		dir := filepath.Dir(mf.Path)
		env := mf.Makefile.EvalWith(s.shellAt(dir))
		if len(env.Value("PROGRAM")) == 0 {
			continue
		}
		for _, o := range env.Value("OBJS") {
			if !strings.HasSuffix(o.Text, ".o") {
				continue
			}
			if f := s.sourceOf(dir, strings.TrimSuffix(o.Text, ".o")); f != nil {
				out[f.Path] = true
			}
		}
	}
	return out
}
