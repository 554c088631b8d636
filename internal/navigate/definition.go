package navigate

import (
	"path/filepath"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

// Definition returns where the thing at byte offset off of the file at path
// is defined:
//
//   - from a SQL link symbol (AS 'MODULE_PATHNAME', 'sym', or the function
//     name when the symbol is implicit) to the C definition, or to the
//     PG_FUNCTION_INFO_V1 marker when the definition is not in the
//     workspace;
//   - from the argument of PG_FUNCTION_INFO_V1, or the name of a C function
//     that has one, to the SQL declarations bound to it in every script;
//   - from any other use of a C function of the module (a call, a
//     prototype) to its definition;
//   - from a SQL function named by CREATE TYPE, CREATE OPERATOR, DROP
//     FUNCTION and the like to its CREATE FUNCTION;
//   - from MODULE_PATHNAME to the control file's module_pathname, from a
//     library path to the Makefile line that builds it, from \i, \ir and
//     #include to the file, and in a control file from default_version to
//     the install script(s), from module_pathname to the module and from
//     requires to the required extensions' control files.
func Definition(s *project.Snapshot, path string, off int) []Location {
	f := s.File(path)
	if f == nil || f.Unread() {
		return nil
	}
	if locs, ok := linkDefinition(s, f, off); ok {
		return locs
	}
	t := resolve(s, path, off)
	switch t.kind {
	case cSymbol:
		if t.fromV1 {
			var out []Location
			for _, b := range t.bindings(s) {
				out = append(out, sqlLinkLoc(b))
			}
			if len(out) > 0 {
				return dedupe(out)
			}
		}
		for _, get := range []func() []Location{t.defs, t.v1Refs, t.decls} {
			if locs := get(); len(locs) > 0 {
				return locs
			}
		}
	case sqlFunction:
		return sqlFuncs(t.exts, t.name)
	}
	return nil
}

// linkDefinition handles the places that link to a file or a setting
// rather than to a symbol.
func linkDefinition(s *project.Snapshot, f *project.Source, off int) ([]Location, bool) {
	switch {
	case f.SQL != nil:
		exts := s.ExtensionsOf(f.Path)
		for _, p := range f.SQL.Placeholders {
			if p.Text == "MODULE_PATHNAME" && p.Range.Contains(off) {
				var out []Location
				for _, e := range exts {
					out = append(out, controlKeyLoc(e.Control, "module_pathname"))
				}
				return out, true
			}
		}
		for _, inc := range f.SQL.Includes {
			if inc.Range.Contains(off) {
				return fileLocs(resolveInclude(s, f, inc.Path, exts)), true
			}
		}
		if fn := functionAt(f, off); fn != nil && fn.IsC() && !fn.ObjFileRange.IsZero() && fn.ObjFileRange.Contains(off) {
			for _, b := range s.Bindings() {
				if b.Func == fn && b.Module != nil {
					return []Location{moduleLoc(b.Module)}, true
				}
			}
			return nil, true
		}
	case f.C != nil:
		for _, inc := range f.C.Includes {
			if inc.Range.Contains(off) {
				if inc.System {
					return nil, false
				}
				return fileLocs(resolveInclude(s, f, inc.Path, s.ExtensionsOf(f.Path))), true
			}
		}
	case f.Control != nil:
		for _, en := range f.Control.Entries {
			if !en.ValueRange.Contains(off) {
				continue
			}
			var out []Location
			for _, e := range s.ExtensionsOf(f.Path) {
				switch en.Key {
				case "default_version":
					for _, sc := range e.InstallPath {
						out = append(out, Location{Path: sc.Source.Path})
					}
					if len(out) == 0 {
						for _, sc := range e.Scripts {
							if sc.To == en.Value {
								out = append(out, Location{Path: sc.Source.Path})
							}
						}
					}
				case "module_pathname":
					lib := libraryName(strings.ReplaceAll(en.Value, "MODULE_PATHNAME", ""))
					for _, m := range e.Modules {
						if m.Name == lib {
							out = append(out, moduleLoc(m))
						}
					}
				}
			}
			if en.Key == "requires" {
				for _, name := range strings.Split(en.Value, ",") {
					name = strings.TrimSpace(name)
					for _, e := range s.Extensions() {
						if e.Name == name {
							out = append(out, Location{Path: e.Control.Path})
						}
					}
				}
			}
			return dedupe(out), true
		}
	}
	return nil, false
}

// controlKeyLoc returns the value of key in a control file, or the start of
// the file when the key is not set.
func controlKeyLoc(ctl *project.Source, key string) Location {
	if ctl.Control != nil {
		if en, ok := ctl.Control.Get(key); ok {
			return Location{ctl.Path, en.ValueRange}
		}
	}
	return Location{Path: ctl.Path}
}

// moduleLoc returns where a module is defined: its name in the Makefile,
// or its first C file.
func moduleLoc(m *project.Module) Location {
	if m.Makefile != nil {
		return Location{m.Makefile.Path, m.Defined}
	}
	if len(m.Files) > 0 {
		return Location{Path: m.Files[0].Path}
	}
	return Location{Path: m.Dir}
}

// libraryName turns "$libdir/hstore" or "/x/hstore.so" into "hstore".
func libraryName(obj string) string {
	name := filepath.Base(strings.TrimPrefix(obj, "$libdir/"))
	for _, suf := range []string{".so", ".dll", ".dylib"} {
		name = strings.TrimSuffix(name, suf)
	}
	return name
}

// resolveInclude finds the file an \i, \ir or #include names: relative to
// the including file, then to the folders of its extensions, then to the
// workspace roots; as a last resort a workspace file whose path ends with
// the name.
func resolveInclude(s *project.Snapshot, f *project.Source, name string, exts []*project.Extension) []string {
	if name == "" {
		return nil
	}
	if filepath.IsAbs(name) {
		if s.Exists(name) {
			return []string{filepath.Clean(name)}
		}
		return nil
	}
	dirs := []string{filepath.Dir(f.Path)}
	for _, e := range exts {
		dirs = append(dirs, e.Dir)
	}
	dirs = append(dirs, s.Roots()...)
	for _, d := range dirs {
		p := filepath.Join(d, name)
		if s.Exists(p) {
			return []string{p}
		}
	}
	suffix := string(filepath.Separator) + filepath.Clean(name)
	var out []string
	for _, x := range s.Files() {
		if strings.HasSuffix(x.Path, suffix) {
			out = append(out, x.Path)
		}
	}
	return out
}

func fileLocs(paths []string) []Location {
	out := make([]Location, 0, len(paths))
	for _, p := range paths {
		out = append(out, Location{Path: p, Range: span.Range{}})
	}
	return out
}
