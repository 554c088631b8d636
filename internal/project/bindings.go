package project

import (
	"strings"
)

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
