package actions

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/diag"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/span"
	"github.com/pgext-ls/pgext-ls/internal/sqlscript"
)

// bindingAt returns the binding of a PGX001 diagnostic: the LANGUAGE C
// function of the script whose link symbol (or name) is the diagnostic's
// range.
func (c *ctx) bindingAt(d diag.Diagnostic) *project.Binding {
	for _, b := range c.s.Bindings() {
		if b.Script.Source.Path != d.File || b.Module == nil {
			continue
		}
		r := b.Func.LinkSymbolRange
		if r.IsZero() {
			r = b.Func.NameRange
		}
		if r == d.Range {
			return b
		}
	}
	return nil
}

// fixBindingWithoutV1 adds PG_FUNCTION_INFO_V1 before an existing
// definition, or writes the C function.
func (c *ctx) fixBindingWithoutV1(d diag.Diagnostic) []Action {
	b := c.bindingAt(d)
	if b == nil || b.V1 != nil {
		return nil
	}
	sym := b.Func.LinkSymbol
	if defs := b.Module.Defs[sym]; len(defs) > 0 {
		def := defs[0]
		at := lineStart(def.File.Mapper, def.Func.Range.Start)
		marker := v1Marker(b.Module, def.File, sym)
		return []Action{{
			Title:       fmt.Sprintf("Add %s before the definition of %s in %s", marker, sym, filepath.Base(def.File.Path)),
			Edits:       map[string][]Edit{def.File.Path: {insert(at, marker+"\n\n")}},
			IsPreferred: true,
		}}
	}
	if !cIdent(sym) {
		return nil
	}
	f := moduleFile(b.Module)
	if f == nil {
		return nil
	}
	stub := c.cStub(v1Marker(b.Module, f, sym), sym, c.s.BindingsOf(b.Module, sym), b)
	a := Action{
		Title:       fmt.Sprintf("Create C function %s in %s", sym, filepath.Base(f.Path)),
		Edits:       map[string][]Edit{f.Path: {appendText(f.Mapper, "\n"+stub)}},
		IsPreferred: true,
	}
	// A prototype of sym that is not Datum sym(PG_FUNCTION_ARGS) would
	// conflict with the new definition: remove it when it stands on lines
	// of its own in a C file of the module.
	for _, d := range b.Module.Decls[sym] {
		if d.Decl.FmgrArgs && strings.TrimSpace(d.Decl.Return) == "Datum" {
			continue
		}
		if r, ok := d.File.C.OwnLines(d.Decl.Range); ok && d.File.Kind == project.KindC {
			a.Edits[d.File.Path] = append(a.Edits[d.File.Path], Edit{Range: r})
			a.Title += " (replacing the prototype " + prototype(d.Decl) + ")"
		}
	}
	return []Action{a}
}

// v1Marker returns the line that marks sym as a V1 function in file f of
// m, following the convention of the file's other markers (or, in a file
// without one, the module's): when most of them are written one way, that
// way: through a wrapper macro that takes the symbol alone
// (TS_FUNCTION_INFO_V1(f);) or after a prefix macro (pgvector's
// FUNCTION_PREFIX PG_FUNCTION_INFO_V1(f);); else PG_FUNCTION_INFO_V1(f);
// itself.
func v1Marker(m *project.Module, f *project.Source, sym string) string {
	count := func(inFile bool) (map[string]int, int) {
		by, total := map[string]int{}, 0
		for _, refs := range m.V1 {
			for _, r := range refs {
				if inFile && r.File != f {
					continue
				}
				total++
				if style, ok := markerStyle(r.File, r.V1); ok {
					by[style]++
				}
			}
		}
		return by, total
	}
	by, total := count(true)
	if total == 0 {
		by, total = count(false)
	}
	best, n := "", 0
	for w, k := range by {
		if k > n || k == n && w < best {
			best, n = w, k
		}
	}
	if 2*n > total {
		return strings.Replace(best, "%s", sym, 1)
	}
	return "PG_FUNCTION_INFO_V1(" + sym + ");"
}

// markerStyle returns how the V1 marker v of file f is written, as a
// format with %s for the symbol: "W(%s);" for a wrapper call that passes
// the symbol alone and has no body, "P PG_FUNCTION_INFO_V1(%s);" for a
// marker after prefix macros, "PG_FUNCTION_INFO_V1(%s);" for a plain one.
func markerStyle(f *project.Source, v csrc.V1) (string, bool) {
	if f.C == nil {
		return "", false
	}
	if v.Via != "" {
		for _, call := range f.C.MacroCalls {
			if call.Range == v.Range && call.Name == v.Via {
				if len(call.Args) == 1 && call.Args[0] == v.Name && call.Body.IsZero() && cIdent(call.Name) {
					return call.Name + "(%s);", true
				}
				return "", false
			}
		}
		return "", false
	}
	// The line up to the symbol: prefix macros, PG_FUNCTION_INFO_V1, "(".
	toks := f.C.LineBefore(v.Range.Start)
	n := len(toks)
	if n < 2 || toks[n-2] != "PG_FUNCTION_INFO_V1" || toks[n-1] != "(" {
		return "", false
	}
	for _, t := range toks[:n-2] {
		if !csrc.ValidName(t) {
			return "", false
		}
	}
	prefix := strings.Join(toks[:n-2], " ")
	if prefix != "" {
		prefix += " "
	}
	return prefix + "PG_FUNCTION_INFO_V1(%s);", true
}

// prototype formats a C declaration from its facts, without storage
// class: "int f(int x)".
func prototype(d *csrc.FuncDecl) string {
	var params []string
	for _, p := range d.Params {
		params = append(params, strings.TrimSpace(cDecl(p.Type, p.Name)))
	}
	return fmt.Sprintf("%s(%s)", cDecl(strings.TrimSpace(d.Return), d.Name), strings.Join(params, ", "))
}

// moduleFile returns the C file new functions of a module go to: the one
// with PG_MODULE_MAGIC, else the one named after the module, else the
// first.
func moduleFile(m *project.Module) *project.Source {
	if len(m.Files) == 0 {
		return nil
	}
	for _, f := range m.Files {
		if f.C != nil && len(f.C.Magic) > 0 {
			return f
		}
	}
	for _, f := range m.Files {
		if strings.TrimSuffix(filepath.Base(f.Path), ".c") == m.Name {
			return f
		}
	}
	return m.Files[0]
}

// cStub writes a V1 function for the SQL declaration b: every input
// argument read with the macro of its type (NULL-checked unless the
// function is STRICT) and a placeholder result.
func (c *ctx) cStub(marker, sym string, all []*project.Binding, b *project.Binding) string {
	fn := b.Func
	var decls, stmts []string
	used := map[string]bool{}
	n := 0
	for _, a := range fn.Args {
		if a.Mode == "out" || a.Mode == "table" {
			continue
		}
		name := a.Name
		if !cIdent(name) || used[name] {
			name = fmt.Sprintf("arg%d", n+1)
		}
		used[name] = true
		m := c.types.forSQL(a.Type, true)
		ctype := m.CType
		if ctype == "" {
			ctype = "Datum"
		}
		read := fmt.Sprintf("%s(%d)", m.Name, n)
		if fn.Strict {
			decls = append(decls, fmt.Sprintf("\t%s = %s;\t/* %s */", cDecl(ctype, name), read, a.Type))
		} else if zero, ok := byValueZero(ctype); ok {
			decls = append(decls, fmt.Sprintf("\t%s = PG_ARGISNULL(%d) ? %s : %s;\t/* %s */", cDecl(ctype, name), n, zero, read, a.Type))
		} else {
			decls = append(decls, fmt.Sprintf("\t%s;\t/* %s */", cDecl(ctype, name), a.Type))
			stmts = append(stmts, fmt.Sprintf("\tif (PG_ARGISNULL(%d))\n\t\tPG_RETURN_NULL();\n\t%s = %s;", n, name, read))
		}
		n++
	}
	var sb strings.Builder
	sb.WriteString(marker + "\n\n")
	var sigs []string
	for _, x := range all {
		sigs = append(sigs, signature(x.Func))
	}
	if len(sigs) == 0 {
		sigs = append(sigs, signature(fn))
	}
	fmt.Fprintf(&sb, "/*\n * %s\n */\n", strings.Join(sigs, "\n * "))
	fmt.Fprintf(&sb, "Datum\n%s(PG_FUNCTION_ARGS)\n{\n", sym)
	for _, l := range decls {
		sb.WriteString(l + "\n")
	}
	if len(decls) > 0 {
		sb.WriteString("\n")
	}
	for _, l := range stmts {
		sb.WriteString(l + "\n")
	}
	sb.WriteString(c.stubReturn(fn))
	sb.WriteString("}\n")
	return sb.String()
}

// stubReturn returns the placeholder result of a stub.
func (c *ctx) stubReturn(fn *sqlscript.Function) string {
	switch {
	case fn.ReturnsSet:
		return "\t/* TODO: return the rows (SRF_FIRSTCALL_INIT, SRF_RETURN_NEXT, SRF_RETURN_DONE) */\n\tPG_RETURN_NULL();\n"
	case fn.Returns == "" || fn.Returns == "void":
		return "\t/* TODO: implement */\n\tPG_RETURN_VOID();\n"
	}
	m := c.types.forSQL(fn.Returns, false)
	if zero, ok := byValueZero(m.CType); ok && zero != "NULL" && m.CType != "Datum" {
		return fmt.Sprintf("\t/* TODO: compute the result */\n\t%s(%s);\n", m.Name, zero)
	}
	return fmt.Sprintf("\t/* TODO: compute the %s result and return it with %s */\n\tPG_RETURN_NULL();\n", fn.Returns, m.Name)
}

// cDecl declares a C variable: "int32 a", "text *a".
func cDecl(ctype, name string) string {
	if strings.HasSuffix(ctype, "*") {
		return strings.TrimSpace(strings.TrimSuffix(ctype, "*")) + " *" + name
	}
	return ctype + " " + name
}

// signature formats a SQL function as "name(integer, text) RETURNS text".
func signature(fn *sqlscript.Function) string {
	var args []string
	for _, a := range fn.Args {
		if a.Mode == "out" || a.Mode == "table" {
			continue
		}
		args = append(args, strings.TrimSpace(a.Name+" "+a.Type))
	}
	ret := fn.Returns
	if fn.ReturnsSet {
		ret = "SETOF " + ret
	}
	s := fmt.Sprintf("%s(%s)", fn.Name, strings.Join(args, ", "))
	if ret != "" {
		s += " RETURNS " + ret
	}
	if fn.Strict {
		s += " STRICT"
	}
	return s
}

// fixUnboundV1 declares a V1 function in the scripts that reach
// default_version.
func (c *ctx) fixUnboundV1(d diag.Diagnostic) []Action {
	f := c.s.File(d.File)
	if f == nil || d.Range.End > f.Mapper.Len() {
		return nil
	}
	for _, m := range c.s.ModulesOf(d.File) {
		sym := v1At(m, d)
		if sym == "" {
			continue
		}
		for _, e := range c.s.Extensions() {
			if !hasModule(e, m) {
				continue
			}
			scripts := targetScripts(e)
			if len(scripts) == 0 {
				return nil
			}
			edits, names := c.declare(e, m, sym, scripts)
			return []Action{{
				Title:       fmt.Sprintf("Declare %s in %s", sym, strings.Join(names, " and ")),
				Edits:       edits,
				IsPreferred: true,
			}}
		}
	}
	return nil
}

// declare returns the edits that append the CREATE FUNCTION of the V1
// function sym of m (sqlDeclaration) to scripts of e, and the scripts'
// names.
func (c *ctx) declare(e *project.Extension, m *project.Module, sym string, scripts []*project.Script) (map[string][]Edit, []string) {
	decl := c.sqlDeclaration(e, m, sym)
	edits := map[string][]Edit{}
	var names []string
	for _, sc := range scripts {
		edits[sc.Source.Path] = []Edit{appendToScript(e, sc, decl)}
		names = append(names, filepath.Base(sc.Source.Path))
	}
	return edits, names
}

// v1At returns the symbol of m's V1 marker at the range of d, or "".
func v1At(m *project.Module, d diag.Diagnostic) string {
	for sym, refs := range m.V1 {
		for _, r := range refs {
			if r.File.Path == d.File && r.V1.Range == d.Range {
				return sym
			}
		}
	}
	return ""
}

func hasModule(e *project.Extension, m *project.Module) bool {
	for _, x := range e.Modules {
		if x == m {
			return true
		}
	}
	return false
}

// targetScripts returns the scripts a new object goes to: every script
// that ends at default_version (the install script and the upgrade
// script to it), else the script of the newest version.
func targetScripts(e *project.Extension) []*project.Script {
	var out []*project.Script
	for _, sc := range e.Scripts {
		if sc.To == e.DefaultVersion && e.DefaultVersion != "" {
			out = append(out, sc)
		}
	}
	if len(out) > 0 {
		return out
	}
	var best *project.Script
	for _, sc := range e.Scripts {
		if best == nil || compareVersions(sc.To, best.To) > 0 {
			best = sc
		}
	}
	if best == nil {
		return nil
	}
	return []*project.Script{best}
}

// sqlDeclaration writes CREATE FUNCTION for the V1 function sym of m, with
// argument types from the PG_GETARG_* macros its body uses and the result
// type from its PG_RETURN_* macros.
func (c *ctx) sqlDeclaration(e *project.Extension, m *project.Module, sym string) string {
	var args []string
	ret := ""
	strict := true
	if defs := m.Defs[sym]; len(defs) > 0 {
		fn := defs[0].Func
		types := map[int]string{}
		arity := 0
		for _, u := range fn.GetArgs {
			if u.Index < 0 {
				continue
			}
			if u.Index+1 > arity {
				arity = u.Index + 1
			}
			if types[u.Index] == "" {
				types[u.Index] = c.types.sqlTypeOf(strings.TrimSuffix(u.Macro, "_COPY"))
			}
		}
		for _, u := range fn.ArgIsNull {
			strict = false // the function handles NULL arguments itself
			if u.Index+1 > arity {
				arity = u.Index + 1
			}
		}
		for i := 0; i < arity; i++ {
			t := types[i]
			if t == "" {
				t = "anyelement"
			}
			args = append(args, t)
		}
		for _, r := range fn.Returns {
			if r.Macro == "PG_RETURN_NULL" {
				continue
			}
			if t := c.types.sqlTypeOf(r.Macro); t != "" {
				ret = t
				break
			}
		}
		if ret == "" && len(fn.SRF) > 0 {
			ret = "SETOF record"
		}
	}
	if ret == "" {
		ret = "void"
	}
	obj := "'MODULE_PATHNAME'"
	if e.ModulePathname == "" || libraryName(e.ModulePathname) != m.Name {
		obj = "'$libdir/" + m.Name + "'"
	}
	lang := "LANGUAGE C"
	if strict {
		lang += " STRICT"
	}
	// Nothing in the C body tells whether the function is immutable or
	// parallel safe: the server's defaults are stated, so that PGX404
	// and PGX405 see a decision and the author sees what to revisit.
	lang += " VOLATILE PARALLEL UNSAFE"
	return fmt.Sprintf("CREATE FUNCTION %s(%s)\nRETURNS %s\nAS %s, '%s'\n%s;\n", sym, strings.Join(args, ", "), ret, obj, sym, lang)
}

// appendToScript is the edit that appends the statement text to the
// script sc of e: after a blank line, or, in a script with no statement
// and no guard yet, after the guard, so that the result starts like a
// script PGX402 accepts.
func appendToScript(e *project.Extension, sc *project.Script, text string) Edit {
	f := sc.Source
	if f.SQL != nil && len(f.SQL.Statements) == 0 && !e.LaterPart(sc) {
		guarded := false
		for _, m := range f.SQL.Meta {
			guarded = guarded || m.Name == "quit"
		}
		if !guarded {
			if f.Mapper.Len() == 0 {
				return Edit{Range: span.Range{Start: 0, End: f.Mapper.Len()}, NewText: newScript(e, filepath.Base(f.Path), sc.To, sc.Upgrade(), text)}
			}
			return appendText(f.Mapper, "\n"+psqlGuard(e, sc.To, sc.Upgrade())+"\n"+text)
		}
	}
	return appendText(f.Mapper, "\n"+text)
}

// libraryName turns "$libdir/x" or "x.so" into "x".
func libraryName(obj string) string {
	name := filepath.Base(strings.TrimPrefix(obj, "$libdir/"))
	for _, suf := range []string{".so", ".dll", ".dylib"} {
		name = strings.TrimSuffix(name, suf)
	}
	return name
}

// fixMissingMagic adds PG_MODULE_MAGIC after the last #include of the
// module's first C file.
func (c *ctx) fixMissingMagic(d diag.Diagnostic) []Action {
	for _, m := range c.s.Modules() {
		if len(m.Files) == 0 {
			continue
		}
		if !(m.Makefile != nil && m.Makefile.Path == d.File && m.Defined == d.Range) &&
			!(m.Makefile == nil && m.Files[0].Path == d.File) {
			continue
		}
		f := moduleFile(m)
		var edit Edit
		if last, ok := lastUnconditionalInclude(f); ok {
			edit = insert(lineEnd(f.Mapper, last.Range.End), "\n\nPG_MODULE_MAGIC;")
		} else {
			edit = insert(0, "#include \"postgres.h\"\n#include \"fmgr.h\"\n\nPG_MODULE_MAGIC;\n\n")
		}
		return []Action{{
			Title:       "Add PG_MODULE_MAGIC to " + filepath.Base(f.Path),
			Edits:       map[string][]Edit{f.Path: {edit}},
			IsPreferred: true,
		}}
	}
	return nil
}

// lastUnconditionalInclude returns the last #include of f that no
// preprocessor condition governs: PG_MODULE_MAGIC goes after it, where
// every major and platform compiles it.
func lastUnconditionalInclude(f *project.Source) (csrc.Include, bool) {
	if f.C == nil {
		return csrc.Include{}, false
	}
	for i := len(f.C.Includes) - 1; i >= 0; i-- {
		inc := f.C.Includes[i]
		governed := false
		for _, r := range f.C.Conds {
			if r.Cond != "" && r.Range.Start <= inc.Range.Start && inc.Range.Start < r.Range.End {
				governed = true
				break
			}
		}
		if !governed {
			return inc, true
		}
	}
	return csrc.Include{}, false
}

// fixModulePathname adds module_pathname to the control file.
func (c *ctx) fixModulePathname(d diag.Diagnostic) []Action {
	for _, e := range c.s.ExtensionsOf(d.File) {
		if e.ModulePathname != "" || e.Control.Control == nil {
			continue
		}
		lib := e.Name
		if len(e.Modules) == 1 {
			lib = e.Modules[0].Name
		}
		ctl := e.Control
		line := fmt.Sprintf("module_pathname = '$libdir/%s'\n", lib)
		var edit Edit
		if dv, ok := ctl.Control.Get("default_version"); ok {
			edit = insertLineAfter(ctl.Mapper, dv.ValueRange.End, line)
		} else {
			edit = appendText(ctl.Mapper, line)
		}
		return []Action{{
			Title:       fmt.Sprintf("Set module_pathname = '$libdir/%s' in %s", lib, filepath.Base(ctl.Path)),
			Edits:       map[string][]Edit{ctl.Path: {edit}},
			IsPreferred: true,
		}}
	}
	return nil
}

// fixScriptNotInData adds a script to DATA.
func (c *ctx) fixScriptNotInData(d diag.Diagnostic) []Action {
	for _, e := range c.s.ExtensionsOf(d.File) {
		if e.Makefile == nil || e.Makefile.Makefile == nil {
			continue
		}
		rel, err := filepath.Rel(e.Dir, d.File)
		if err != nil || strings.HasPrefix(rel, "..") {
			continue
		}
		edit, ok := addToData(e.Makefile, filepath.ToSlash(rel))
		if !ok {
			continue
		}
		return []Action{{
			Title:       fmt.Sprintf("Add %s to DATA in %s", rel, filepath.Base(e.Makefile.Path)),
			Edits:       map[string][]Edit{e.Makefile.Path: {edit}},
			IsPreferred: true,
		}}
	}
	return nil
}

// addToData returns the edit that appends word to the Makefile's last
// DATA assignment, continuing a multi-line value on a new line, or that
// adds a DATA line after DATA_built or EXTENSION.
func addToData(mk *project.Source, word string) (Edit, bool) {
	f := mk.Makefile
	if a, ok := f.Last("DATA"); ok {
		end := a.ValueRange.End
		if mk.Mapper.Line(a.ValueRange.Start) != mk.Mapper.Line(end) {
			return insert(end, " \\\n"+mk.Mapper.Indent(end)+word), true
		}
		if a.ValueRange.Start == end {
			return insert(end, word), true
		}
		return insert(end, " "+word), true
	}
	for _, name := range []string{"DATA_built", "EXTENSION"} {
		if a, ok := f.Last(name); ok {
			return insert(lineEnd(mk.Mapper, a.ValueRange.End), "\nDATA = "+word), true
		}
	}
	return Edit{}, false
}

// fixHookNotSaved saves the previous hook value before the assignment,
// in a static variable declared before the enclosing function.
func (c *ctx) fixHookNotSaved(d diag.Diagnostic) []Action {
	f := c.s.File(d.File)
	if f == nil || f.C == nil {
		return nil
	}
	for _, a := range f.C.HookAssigns {
		if a.Range != d.Range || !csrc.ValidName(a.Hook) {
			continue
		}
		prev := "prev_" + strings.TrimSuffix(a.Hook, "_hook")
		typ := c.hookType(a.Hook)
		edits := []Edit{insert(a.Range.Start, fmt.Sprintf("%s = %s;\n%s", prev, a.Hook, f.Mapper.Indent(a.Range.Start)))}
		declared := f.C.Mentions(prev)
		// The hook function must call what it saved (PGX202): add the
		// call before the end of its body, unless it already chains.
		hookFn, call, ok := c.chainCall(f, a, prev)
		if !ok {
			return nil
		}
		if !declared {
			at := -1
			for _, fn := range f.C.Funcs {
				if fn.Range.Start <= a.Range.Start && a.Range.End <= fn.Range.End || hookFn != nil && fn.Name == hookFn.Name && call != "" {
					if s := lineStart(f.Mapper, fn.Range.Start); at < 0 || s < at {
						at = s
					}
				}
			}
			if at < 0 {
				return nil
			}
			edits = append(edits, insert(at, fmt.Sprintf("static %s %s = NULL;\n\n", typ, prev)))
		}
		title := fmt.Sprintf("Save the previous %s in %s", a.Hook, prev)
		if call != "" {
			edits = append(edits, insert(lineStart(f.Mapper, hookFn.Range.End-1), call))
			title += " and call it from " + hookFn.Name
		}
		return []Action{{
			Title:       title,
			Edits:       map[string][]Edit{f.Path: edits},
			IsPreferred: true,
		}}
	}
	return nil
}

// chainCall returns the hook function a installs, when it is defined in
// f, and the statement that calls the saved previous hook prev (or, when
// none is set, the standard_ fallback) to insert before the end of its
// body; "" when the function already calls either. ok is false when
// saving would leave the hook unchained and no call can be written: the
// function is in another file (prev is static here), returns a value, or
// its parameters are unnamed.
func (c *ctx) chainCall(f *project.Source, a csrc.HookAssign, prev string) (*csrc.Func, string, bool) {
	var fn *csrc.Func
	for i := range f.C.Funcs {
		if f.C.Funcs[i].Name == a.Func {
			fn = &f.C.Funcs[i]
		}
	}
	hv := c.hookVersion(a.Hook)
	standard := ""
	if hv != nil && hv.Standard != nil {
		standard = hv.Standard.Name
	}
	if fn != nil {
		for _, call := range fn.Calls {
			if call.Name == prev || standard != "" && call.Name == standard {
				return fn, "", true
			}
		}
	}
	if fn == nil || hv == nil || hv.ReturnType != "void" || len(fn.Params) != len(hv.Params) && !(len(hv.Params) == 0 && len(fn.Params) == 1 && fn.Params[0].Type == "void") ||
		lineStart(f.Mapper, fn.Range.End-1) <= fn.NameRange.End {
		return fn, "", false
	}
	var args []string
	for _, p := range fn.Params {
		if p.Type == "void" && p.Name == "" && len(fn.Params) == 1 {
			break
		}
		if !cIdent(p.Name) {
			return fn, "", false
		}
		args = append(args, p.Name)
	}
	list := strings.Join(args, ", ")
	call := fmt.Sprintf("\tif (%s)\n\t\t%s(%s);\n", prev, prev, list)
	if standard != "" {
		call += fmt.Sprintf("\telse\n\t\t%s(%s);\n", standard, list)
	}
	return fn, call, true
}

// hookVersion returns the facts of a hook in the newest released major
// that has it, or nil.
func (c *ctx) hookVersion(hook string) *pgapi.HookVersion {
	if c.env.API == nil {
		return nil
	}
	h, ok := c.env.API.Hook(hook)
	if !ok {
		return nil
	}
	majors := h.Majors()
	for i := len(majors) - 1; i >= 0; i-- {
		if c.env.API.IsPrerelease(majors[i]) {
			continue
		}
		if v, ok := h.In(majors[i]); ok {
			return v
		}
	}
	return nil
}

// hookType returns the typedef of a hook in the newest supported major
// that has it, or NAME_type.
func (c *ctx) hookType(hook string) string {
	if c.env.API != nil {
		if h, ok := c.env.API.Hook(hook); ok {
			majors := h.Majors()
			for i := len(majors) - 1; i >= 0; i-- {
				if c.env.API.IsPrerelease(majors[i]) {
					continue
				}
				if v, ok := h.In(majors[i]); ok && v.TypedefName != "" {
					return v.TypedefName
				}
			}
		}
	}
	return hook + "_type"
}

// compareVersions orders extension versions: numeric components
// numerically, others as strings.
func compareVersions(a, b string) int {
	as, bs := splitVersion(a), splitVersion(b)
	for i := 0; i < len(as) && i < len(bs); i++ {
		x, y := as[i], bs[i]
		if x.num >= 0 && y.num >= 0 {
			if x.num != y.num {
				if x.num < y.num {
					return -1
				}
				return 1
			}
			continue
		}
		if x.text != y.text {
			if x.text < y.text {
				return -1
			}
			return 1
		}
	}
	return len(as) - len(bs)
}

type versionPart struct {
	text string
	num  int // -1 when not numeric
}

func splitVersion(v string) []versionPart {
	var out []versionPart
	for _, p := range strings.FieldsFunc(v, func(r rune) bool { return r == '.' || r == '-' || r == '_' }) {
		n := -1
		if p != "" && strings.Trim(p, "0123456789") == "" && len(p) < 10 {
			n = 0
			for _, c := range p {
				n = n*10 + int(c-'0')
			}
		}
		out = append(out, versionPart{p, n})
	}
	return out
}
