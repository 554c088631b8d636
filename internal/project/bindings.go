package project

import (
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/sqlscript"
)

// bindScript resolves every LANGUAGE C function of a script.
func (s *Snapshot) bindScript(e *Extension, sc *Script) {
	if sc.Source.SQL == nil {
		return
	}
	for i := range sc.Source.SQL.Functions {
		if fn := &sc.Source.SQL.Functions[i]; fn.IsC() {
			s.bindings = append(s.bindings, s.bindFunc(e, sc, fn))
		}
	}
}

// bindFunc resolves the LANGUAGE C function fn of script sc of e.
func (s *Snapshot) bindFunc(e *Extension, sc *Script, fn *sqlscript.Function) *Binding {
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
			return b
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
	return b
}

// rebind returns the binding b of an unchanged script made for e, whose
// module is now m (b's, or the copy of it an update re-indexed): the
// symbol is looked up again in m, and b's explanation is kept while it
// resolves to a marker of the same file, or to none.
func (s *Snapshot) rebind(b *Binding, e *Extension, m *Module) *Binding {
	c := *b
	c.Ext, c.Module = e, m
	if m == nil || m == b.Module {
		return &c
	}
	c.V1, c.Def = nil, nil
	if refs := m.V1[c.Func.LinkSymbol]; len(refs) > 0 {
		c.V1 = &refs[0]
	}
	if defs := m.Defs[c.Func.LinkSymbol]; len(defs) > 0 {
		c.Def = &defs[0]
	}
	if (c.V1 == nil) != (b.V1 == nil) || c.V1 != nil && c.V1.File.Path != b.V1.File.Path {
		return s.bindFunc(e, b.Script, b.Func)
	}
	return &c
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
