package project

// An edit of a C file, a header or a script changes facts, not the shape
// of the workspace: the same files exist, the same extensions, scripts and
// modules are found, and only the symbol tables of the modules holding the
// file, the bindings into them and the extensions that own either change.
// patch derives such a snapshot's model from the previous one in time
// proportional to what the edit touches rather than to the workspace;
// every other change rebuilds (see rebuild). TestPatchMatchesRebuild
// holds the two to the same model.

// patchable reports whether old may be replaced by new by patch: the
// same kind, one whose content only feeds facts (C, header, SQL), and the
// same readability, which decides what the model makes of the file
// (a module of an unread source is incomplete, an unread script of unknown
// content).
func patchable(old, new *Source) bool {
	switch old.Kind {
	case KindC, KindHeader, KindSQL:
	default:
		return false
	}
	return new.Kind == old.Kind && new.Binary == old.Binary && new.TooLarge == old.TooLarge
}

// patch derives s's model from prev's, whose files differ from s's only in
// the sources of changed, each of them patchable.
func (s *Snapshot) patch(prev *Snapshot, changed map[string]bool) {
	s.setups = prev.setups // setup files are not patchable
	source := func(f *Source) (*Source, bool) {
		if changed[f.Path] {
			return s.files[f.Path], true
		}
		return f, false
	}
	s.sorted, _ = replaced(prev.sorted, source)

	// Modules holding a changed file are re-indexed.
	mods := map[*Module]*Module{}
	s.modules, _ = replaced(prev.modules, func(m *Module) (*Module, bool) {
		files, fc := replaced(m.Files, source)
		headers, hc := replaced(m.Headers, source)
		if !fc && !hc {
			return m, false
		}
		c := *m
		c.Files, c.Headers = files, headers
		c.index(m)
		mods[m] = &c
		return &c, true
	})
	module := func(m *Module) (*Module, bool) {
		if c := mods[m]; c != nil {
			return c, true
		}
		return m, false
	}

	// An extension changes with a script of its own or a module it uses
	// or binds to.
	bindsChanged := map[*Extension]bool{}
	for _, b := range prev.bindings {
		if mods[b.Module] != nil {
			bindsChanged[b.Ext] = true
		}
	}
	exts := map[*Extension]*Extension{}
	s.exts, _ = replaced(prev.exts, func(e *Extension) (*Extension, bool) {
		scripts, sc := replaced(e.Scripts, func(x *Script) (*Script, bool) {
			src, ok := source(x.Source)
			if !ok {
				return x, false
			}
			c := *x
			c.Source = src
			return &c, true
		})
		modules, mc := replaced(e.Modules, module)
		if !sc && !mc && !bindsChanged[e] {
			return e, false
		}
		c := *e
		c.Scripts, c.Modules = scripts, modules
		c.resolveInstall()
		exts[e] = &c
		return &c, true
	})

	// Bindings of unchanged extensions stay; a changed extension binds
	// its changed scripts again and rebinds the bindings of the others
	// (see rebind), in the order rebuild does.
	kept := map[*Extension][]*Binding{}
	type extScript struct {
		e  *Extension
		sc *Script
	}
	byScript := map[extScript][]*Binding{}
	for _, b := range prev.bindings {
		if exts[b.Ext] == nil {
			kept[b.Ext] = append(kept[b.Ext], b)
		} else {
			k := extScript{b.Ext, b.Script}
			byScript[k] = append(byScript[k], b)
		}
	}
	s.bindings = make([]*Binding, 0, len(prev.bindings))
	for i, e := range s.exts {
		old := prev.exts[i]
		if exts[old] == nil {
			s.bindings = append(s.bindings, kept[old]...)
			continue
		}
		e.VersionEvidence = s.versionEvidence(e)
		for j, sc := range e.Scripts {
			if sc != old.Scripts[j] {
				s.bindScript(e, sc)
				continue
			}
			for _, b := range byScript[extScript{old, sc}] {
				m, _ := module(b.Module)
				s.bindings = append(s.bindings, s.rebind(b, e, m))
			}
		}
	}

	// The files of each extension are the same, and so are the
	// extensions' places in s.exts.
	s.byFile = prev.byFile
}

// replaced returns xs with each element replaced by f's result, sharing xs
// when f replaces none; changed reports whether it replaced any.
func replaced[T any](xs []T, f func(T) (T, bool)) (out []T, changed bool) {
	for i, x := range xs {
		y, ok := f(x)
		if !ok {
			continue
		}
		if !changed {
			out = append(make([]T, 0, len(xs)), xs...)
			changed = true
		}
		out[i] = y
	}
	if !changed {
		return xs, false
	}
	return out, true
}
