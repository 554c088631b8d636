package assist

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/span"
	"github.com/pgext-ls/pgext-ls/internal/sqlscript"
)

// Hover explains what is under the cursor at offset in the file at path.
// It reports false when there is nothing to say.
func Hover(s *project.Snapshot, path string, offset int, env Env) (HoverResult, bool) {
	env = env.forFile(s, path)
	f := source(s, path, offset)
	if f == nil {
		return HoverResult{}, false
	}
	switch f.Kind {
	case project.KindC, project.KindHeader:
		return hoverC(s, f, offset, env)
	case project.KindSQL:
		return hoverSQL(s, f, offset, env)
	case project.KindControl:
		if h, ok := hoverSupport(s, f, offset, env); ok {
			return h, true
		}
		return hoverControl(f, offset, env)
	}
	return HoverResult{}, false
}

func hoverC(s *project.Snapshot, f *project.Source, offset int, env Env) (HoverResult, bool) {
	st := f.C.CursorAt(offset)
	if st.InComment || st.InString {
		return HoverResult{}, false
	}
	word, r, _ := f.C.WordAt(offset)
	if word == "" {
		return HoverResult{}, false
	}
	vs := env.versions()
	if base, member := f.C.MemberBase(r.Start); member {
		if env.API == nil {
			return HoverResult{}, false
		}
		if md := fieldHover(env.API, f, word, base, r.Start, vs); md != "" {
			return HoverResult{Markdown: md, Range: r}, true
		}
		return HoverResult{}, false
	}
	var md string
	if db := env.API; db != nil {
		if h, ok := db.Hook(word); ok {
			md = hookHover(h, env, vs)
		} else if h, ok := db.HookByTypedef(word); ok {
			md = hookHover(h, env, vs)
		} else if m, ok := db.FmgrMacro(word); ok {
			md = macroHover(s, f, m, r, env, vs)
		} else if a, ok := db.APIFunc(word); ok {
			md = apiHover(a, env, vs)
		} else if c, ok := db.Constant(word); ok {
			md = constantHover(c, vs)
		} else if h, hv := standardOf(db, word); h != nil {
			md = standardHover(h, hv, env, vs)
		}
	}
	if md == "" {
		md = functionHover(s, f, word, env, vs)
	}
	if md == "" && env.API != nil {
		md = serverHover(env.API, word, vs)
	}
	if md == "" {
		return HoverResult{}, false
	}
	return HoverResult{Markdown: md, Range: r}, true
}

// standardOf finds the hook whose standard_ fallback is called name.
func standardOf(db *pgapi.DB, name string) (*pgapi.Hook, *pgapi.HookVersion) {
	if !strings.HasPrefix(name, "standard_") {
		return nil, nil
	}
	for _, h := range db.Hooks() {
		for _, m := range h.Majors() {
			if hv, _ := h.In(m); hv.Standard != nil && hv.Standard.Name == name {
				return h, hv
			}
		}
	}
	return nil, nil
}

// newestIn returns the hook as declared in the newest supported major that
// has it, else in the newest major at all.
func newestIn(h *pgapi.Hook, vs []int) *pgapi.HookVersion {
	for i := len(vs) - 1; i >= 0; i-- {
		if hv, ok := h.In(vs[i]); ok {
			return hv
		}
	}
	ms := h.Majors()
	if len(ms) == 0 {
		return nil
	}
	hv, _ := h.In(ms[len(ms)-1])
	return hv
}

// signatureGroups groups the supported majors that have the hook by its
// signature, in version order.
type sigGroup struct {
	majors []int
	hv     *pgapi.HookVersion
}

func hookGroups(h *pgapi.Hook, vs []int) []sigGroup {
	var groups []sigGroup
	for _, v := range vs {
		hv, ok := h.In(v)
		if !ok {
			continue
		}
		if n := len(groups); n > 0 && groups[n-1].hv.SameSignature(hv) {
			groups[n-1].majors = append(groups[n-1].majors, v)
			continue
		}
		groups = append(groups, sigGroup{majors: []int{v}, hv: hv})
	}
	return groups
}

func hookHover(h *pgapi.Hook, env Env, vs []int) string {
	hv := newestIn(h, vs)
	if hv == nil {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** — hook variable", h.Name)
	if h.Category != "" {
		fmt.Fprintf(&b, " (%s)", h.Category)
	}
	b.WriteString("\n\n")
	if h.Note != "" {
		b.WriteString(h.Note + "\n\n")
	}
	decl := hv.Typedef
	if decl == "" {
		decl = fmt.Sprintf("typedef %s (*%s) (%s);", hv.ReturnType, hv.TypedefName, paramDecls(hv.Params))
	}
	decl += fmt.Sprintf("\nextern PGDLLIMPORT %s %s;", hv.TypedefName, h.Name)
	b.WriteString(codeBlock("c", decl))
	fmt.Fprintf(&b, "Declared in `%s` (PostgreSQL %d).", hv.Header, hv.Major)
	if len(hv.InvokedIn) > 0 {
		var sites []string
		for _, s := range hv.InvokedIn {
			sites = append(sites, fmt.Sprintf("`%s` (%s)", s.Function, s.File))
		}
		fmt.Fprintf(&b, " Called by %s.", strings.Join(sites, ", "))
	}
	b.WriteString("\n\n")

	have, missing := split(vs, h.ExistsIn)
	groups := hookGroups(h, vs)
	switch {
	case len(groups) == 1 && len(missing) == 0:
		fmt.Fprintf(&b, "Same signature in every supported version (%s).\n\n", formatMajors(have))
	case len(groups) > 0:
		b.WriteString("Signature by version:\n\n")
		for i, g := range groups {
			fmt.Fprintf(&b, "- %s: `%s`", formatMajors(g.majors), g.hv.Signature())
			if i > 0 {
				if d := describeHookChange(h, groups[i-1].majors, g.majors[0]); d != "" {
					b.WriteString(" — " + d)
				}
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	if len(missing) > 0 {
		fmt.Fprintf(&b, "**Not available in %s** (added in %s", formatMajors(missing), h.Added)
		if h.Removed.Major != 0 {
			fmt.Fprintf(&b, ", removed in %s", h.Removed)
		}
		b.WriteString("): guard its use with `#if PG_VERSION_NUM`.\n\n")
	}
	if hv.Standard != nil {
		fmt.Fprintf(&b, "Fallback when no previous hook is set: `%s`\n\n", strings.TrimSuffix(strings.TrimPrefix(hv.Standard.Prototype, "extern "), ";"))
	}
	b.WriteString("Chain to the previous hook:\n\n")
	b.WriteString(codeBlock("c", chainPattern(h, hv)))
	if d, ok := headerDecl(env, hv.TypedefHeader, hv.TypedefName); ok {
		b.WriteString(d)
	}
	b.WriteString(supportedLine(vs))
	return b.String()
}

// describeHookChange describes what changed in major compared with the
// previous group.
func describeHookChange(h *pgapi.Hook, prev []int, major int) string {
	var parts []string
	for _, c := range h.Changes {
		if c.Major <= prev[len(prev)-1] || c.Major > major {
			continue
		}
		for _, p := range c.ParamsAdded {
			parts = append(parts, fmt.Sprintf("%d added `%s`", c.Major, p))
		}
		for _, p := range c.ParamsRemoved {
			parts = append(parts, fmt.Sprintf("%d removed `%s`", c.Major, p))
		}
		for _, p := range c.ParamsReplaced {
			parts = append(parts, fmt.Sprintf("%d replaced `%s` with `%s`", c.Major, p.From, p.To))
		}
		if c.ReturnType != nil {
			parts = append(parts, fmt.Sprintf("%d changed the return type from `%s` to `%s`", c.Major, c.ReturnType.From, c.ReturnType.To))
		}
	}
	return strings.Join(parts, "; ")
}

// prevVar is the conventional name of the variable holding a hook's
// previous value: prev_ExecutorStart for ExecutorStart_hook.
func prevVar(hook string) string {
	return "prev_" + strings.TrimSuffix(hook, "_hook")
}

// myFunc is the conventional name of an extension's hook function.
func myFunc(hook string) string {
	return "my_" + strings.TrimSuffix(hook, "_hook")
}

// chainPattern is the save / install / call pattern for a hook.
func chainPattern(h *pgapi.Hook, hv *pgapi.HookVersion) string {
	prev, fn := prevVar(h.Name), myFunc(h.Name)
	var b strings.Builder
	fmt.Fprintf(&b, "static %s %s = NULL;\n\n", hv.TypedefName, prev)
	b.WriteString("/* in _PG_init() */\n")
	fmt.Fprintf(&b, "%s = %s;\n%s = %s;\n\n", prev, h.Name, h.Name, fn)
	fmt.Fprintf(&b, "/* in %s() */\n", fn)
	b.WriteString(chainCall(h.Name, hv, "") + "\n")
	return b.String()
}

// chainCall is the call of the previous hook (or the standard_ fallback)
// from a hook function, indented by indent.
func chainCall(hook string, hv *pgapi.HookVersion, indent string) string {
	prev := prevVar(hook)
	args := paramNames(hv.Params)
	ret := ""
	if csrc.NormalizeType(hv.ReturnType) != "void" {
		ret = "return "
	}
	if hv.Standard != nil {
		return fmt.Sprintf("%sif (%s)\n%s\t%s%s(%s);\n%selse\n%s\t%s%s(%s);", indent, prev, indent, ret, prev, args, indent, indent, ret, hv.Standard.Name, args)
	}
	if ret != "" {
		return fmt.Sprintf("%sif (%s)\n%s\treturn %s(%s);", indent, prev, indent, prev, args)
	}
	return fmt.Sprintf("%sif (%s)\n%s\t%s(%s);", indent, prev, indent, prev, args)
}

// paramNames lists parameter names for a call, inventing names for
// unnamed parameters.
func paramNames(ps []csrc.Param) string {
	var names []string
	for i, p := range ps {
		n := p.Name
		if n == "" {
			n = fmt.Sprintf("arg%d", i+1)
		}
		names = append(names, n)
	}
	return strings.Join(names, ", ")
}

// paramDecls lists parameter declarations, naming unnamed ones.
func paramDecls(ps []csrc.Param) string {
	if len(ps) == 0 {
		return "void"
	}
	var out []string
	for i, p := range ps {
		if p.Name == "" {
			out = append(out, fmt.Sprintf("%s arg%d", p.Type, i+1))
			continue
		}
		out = append(out, strings.TrimSpace(p.Decl))
	}
	return strings.Join(out, ", ")
}

// headerDecl quotes a declaration from the installed headers.
func headerDecl(env Env, header, name string) (string, bool) {
	if env.Headers == nil || header == "" || name == "" {
		return "", false
	}
	d, err := env.Headers.Lookup(header, name)
	if err != nil {
		return "", false
	}
	var b strings.Builder
	fmt.Fprintf(&b, "From the installed headers (`%s:%d`):\n\n", d.Path, d.Line)
	b.WriteString(codeBlock("c", d.Text))
	if d.Comment != "" {
		b.WriteString("\n" + d.Comment + "\n")
	}
	b.WriteString("\n")
	return b.String(), true
}

func standardHover(h *pgapi.Hook, hv *pgapi.HookVersion, env Env, vs []int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** — the server's own implementation behind `%s`\n\n", hv.Standard.Name, h.Name)
	if env.API != nil {
		// Each supported major's own prototype, from the server headers.
		if sv := serverHover(env.API, hv.Standard.Name, vs); sv != "" {
			_, rest, _ := strings.Cut(sv, "\n\n")
			fmt.Fprintf(&b, "%sA hook function calls it when no previous hook was installed; defined in `%s`.\n\n", strings.TrimSuffix(rest, supportedLine(vs)), hv.Standard.DefinedIn)
			b.WriteString(supportedLine(vs))
			return b.String()
		}
	}
	b.WriteString(codeBlock("c", strings.TrimPrefix(hv.Standard.Prototype, "extern ")))
	fmt.Fprintf(&b, "Declared in `%s`, defined in `%s`. A hook function calls it when no previous hook was installed.\n\n", hv.Standard.Header, hv.Standard.DefinedIn)
	if d, ok := headerDecl(env, hv.Standard.Header, hv.Standard.Name); ok {
		b.WriteString(d)
	}
	b.WriteString(supportedLine(vs))
	return b.String()
}

func apiHover(a *pgapi.APIFunc, env Env, vs []int) string {
	var b strings.Builder
	kind := "server API"
	if len(a.Decls) > 0 {
		kind = a.Decls[len(a.Decls)-1].Kind
	}
	fmt.Fprintf(&b, "**%s** — %s (%s)\n\n", a.Name, kind, a.Group)
	// One block per distinct declaration among the supported versions.
	type group struct {
		majors []int
		text   string
		decl   *pgapi.APIDecl
	}
	var groups []group
	for _, v := range vs {
		d, ok := a.In(v)
		if !ok {
			continue
		}
		text := declText(a.Name, d)
		if n := len(groups); n > 0 && groups[n-1].text == text {
			groups[n-1].majors = append(groups[n-1].majors, v)
			continue
		}
		groups = append(groups, group{majors: []int{v}, text: text, decl: d})
	}
	for _, g := range groups {
		if len(groups) > 1 {
			fmt.Fprintf(&b, "PostgreSQL %s:\n", formatMajors(g.majors))
		}
		b.WriteString(codeBlock("c", g.text))
	}
	if a.Note != "" {
		b.WriteString("\n" + a.Note + "\n\n")
	}
	header := ""
	if len(groups) > 0 {
		header = groups[len(groups)-1].decl.Header
		fmt.Fprintf(&b, "Declared in `%s`.", header)
		if a.GeneratedHeader != "" {
			fmt.Fprintf(&b, " (generated header `%s`)", a.GeneratedHeader)
		}
		b.WriteString("\n\n")
	}
	have, missing := split(vs, a.ExistsIn)
	if len(missing) > 0 {
		fmt.Fprintf(&b, "**Not available in %s**", formatMajors(missing))
		if a.Added.Major != 0 {
			fmt.Fprintf(&b, " (added in %s", a.Added)
			if a.Removed.Major != 0 {
				fmt.Fprintf(&b, ", removed in %s", a.Removed)
			}
			b.WriteString(")")
		}
		b.WriteString(": guard its use with `#if PG_VERSION_NUM`.\n\n")
	} else if len(have) > 0 {
		fmt.Fprintf(&b, "Available in every supported version (%s).\n\n", formatMajors(have))
	}
	for _, v := range have {
		if m := a.FirstMinor[v]; m != "" && !strings.HasSuffix(m, ".0") {
			fmt.Fprintf(&b, "In PostgreSQL %d only since minor release %s.\n\n", v, m)
		}
	}
	if a.Convention != "" {
		b.WriteString(a.Convention + "\n\n")
	}
	if header != "" {
		if d, ok := headerDecl(env, header, a.Name); ok {
			b.WriteString(d)
		}
	}
	b.WriteString(supportedLine(vs))
	return b.String()
}

// declText renders an API declaration.
func declText(name string, d *pgapi.APIDecl) string {
	switch {
	case d.Prototype != "":
		return d.Prototype + ";"
	case d.Typedef != "":
		return d.Typedef
	case d.Kind == "variable":
		return fmt.Sprintf("extern %s %s;", d.Type, name)
	case d.Kind == "macro":
		s := "#define " + name
		if d.MacroParams != nil {
			s += "(" + strings.Join(d.MacroParams, ", ") + ")"
		}
		if d.Value != "" {
			s += " " + d.Value
		}
		return s
	case d.Kind == "struct":
		tag := d.StructTag
		if tag == "" {
			tag = name
		}
		return fmt.Sprintf("typedef struct %s\n{\n\t%s;\n} %s;", tag, strings.Join(d.Fields, ";\n\t"), name)
	case d.Kind == "enum":
		return fmt.Sprintf("typedef enum\n{\n\t%s\n} %s;", strings.Join(d.Values, ",\n\t"), name)
	}
	return name
}

func constantHover(c *pgapi.Constant, vs []int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** — constant (%s)\n\n", c.Name, c.Group)
	type group struct {
		majors []int
		def    *pgapi.ConstantDef
	}
	var groups []group
	for _, v := range vs {
		d, ok := c.In(v)
		if !ok {
			continue
		}
		if n := len(groups); n > 0 && groups[n-1].def.Value == d.Value {
			groups[n-1].majors = append(groups[n-1].majors, v)
			continue
		}
		groups = append(groups, group{majors: []int{v}, def: d})
	}
	for _, g := range groups {
		fmt.Fprintf(&b, "- %s: `#define %s %s` (`%s`)\n", formatMajors(g.majors), c.Name, g.def.Value, g.def.Header)
	}
	if _, missing := split(vs, func(v int) bool { _, ok := c.In(v); return ok }); len(missing) > 0 {
		fmt.Fprintf(&b, "\n**Not available in %s.**\n", formatMajors(missing))
	}
	b.WriteString("\n" + supportedLine(vs))
	return b.String()
}

// macroHover explains an fmgr macro; at a PG_GETARG_*(n) use inside a V1
// function it also names the SQL argument n.
func macroHover(s *project.Snapshot, f *project.Source, m *pgapi.FmgrMacro, r span.Range, env Env, vs []int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**", m.Name)
	var mv *pgapi.MacroVersion
	for i := len(vs) - 1; i >= 0 && mv == nil; i-- {
		mv, _ = m.In(vs[i])
	}
	if mv != nil && len(mv.Params) > 0 {
		fmt.Fprintf(&b, "(%s)", strings.Join(mv.Params, ", "))
	}
	fmt.Fprintf(&b, " — %s\n\n", m.Role)
	if m.CType != "" {
		switch {
		case m.IsGetArg():
			fmt.Fprintf(&b, "Yields `%s`.", m.CType)
		case m.IsReturn():
			fmt.Fprintf(&b, "Returns a `%s` as the function's Datum result.", m.CType)
		default:
			fmt.Fprintf(&b, "C type `%s`.", m.CType)
		}
		if mv != nil && mv.Converter != "" {
			fmt.Fprintf(&b, " Converts with `%s`.", mv.Converter)
		}
		b.WriteString("\n\n")
	}
	if len(m.SQLTypes) > 0 {
		fmt.Fprintf(&b, "SQL types: %s.\n\n", strings.Join(m.SQLTypes, ", "))
	}
	if m.Note != "" {
		b.WriteString(m.Note + "\n\n")
	}
	if m.ReplacedBy != "" {
		fmt.Fprintf(&b, "Renamed: use `%s`.\n\n", m.ReplacedBy)
	}
	if _, missing := split(vs, m.ExistsIn); len(missing) > 0 {
		fmt.Fprintf(&b, "**Not available in %s**", formatMajors(missing))
		if m.Added.Major != 0 {
			fmt.Fprintf(&b, " (added in %s", m.Added)
			if m.Removed.Major != 0 {
				fmt.Fprintf(&b, ", removed in %s", m.Removed)
			}
			b.WriteString(")")
		}
		b.WriteString(".\n\n")
	}
	if m.IsGetArg() || m.Name == "PG_ARGISNULL" {
		if n, ok := f.C.IntArgAfter(r.End); ok {
			b.WriteString(argBindingText(s, f, r.Start, n))
		}
	}
	if m.IsReturn() {
		b.WriteString(returnBindingText(s, f, r.Start))
	}
	if mv != nil {
		if d, ok := headerDecl(env, mv.Header, m.Name); ok {
			b.WriteString(d)
		}
	}
	b.WriteString(supportedLine(vs))
	return b.String()
}

// funcAt returns the function definition of f that contains offset.
func funcAt(f *project.Source, offset int) *csrc.Func {
	if f.C == nil {
		return nil
	}
	for i := range f.C.Funcs {
		fn := &f.C.Funcs[i]
		if fn.Range.Start <= offset && offset < fn.Range.End {
			return fn
		}
	}
	return nil
}

// bindingsOfFunc returns the SQL declarations bound to the C function
// called name in the modules that compile f.
func bindingsOfFunc(s *project.Snapshot, f *project.Source, name string) []*project.Binding {
	var out []*project.Binding
	for _, m := range s.ModulesOf(f.Path) {
		out = append(out, s.BindingsOf(m, name)...)
	}
	return out
}

// inArgs returns the input arguments of a SQL function, the ones fcinfo
// carries.
func inArgs(fn *sqlscript.Function) []sqlscript.Arg {
	var out []sqlscript.Arg
	for _, a := range fn.Args {
		if a.Mode != "out" && a.Mode != "table" {
			out = append(out, a)
		}
	}
	return out
}

func argBindingText(s *project.Snapshot, f *project.Source, offset, n int) string {
	fn := funcAt(f, offset)
	if fn == nil {
		return ""
	}
	var b strings.Builder
	for _, bd := range bindingsOfFunc(s, f, fn.Name) {
		args := inArgs(bd.Func)
		if n < len(args) {
			name := args[n].Name
			if name != "" {
				name = " `" + name + "`"
			}
			fmt.Fprintf(&b, "Argument %d of `%s` is%s `%s`.\n\n", n, sqlSignature(bd.Func), name, args[n].Type)
		} else {
			fmt.Fprintf(&b, "**`%s` has only %d argument(s): there is no argument %d.**\n\n", sqlSignature(bd.Func), len(args), n)
		}
	}
	return b.String()
}

func returnBindingText(s *project.Snapshot, f *project.Source, offset int) string {
	fn := funcAt(f, offset)
	if fn == nil {
		return ""
	}
	var b strings.Builder
	for _, bd := range bindingsOfFunc(s, f, fn.Name) {
		fmt.Fprintf(&b, "`%s` returns `%s`.\n\n", sqlSignature(bd.Func), sqlReturns(bd.Func))
	}
	return b.String()
}

// sqlSignature formats "name(integer, text)".
func sqlSignature(fn *sqlscript.Function) string {
	var types []string
	for _, a := range fn.Args {
		if a.Mode == "table" {
			continue
		}
		t := a.Type
		switch a.Mode {
		case "out", "inout", "variadic":
			t = strings.ToUpper(a.Mode) + " " + t
		}
		types = append(types, t)
	}
	name := fn.Name
	if fn.Schema != "" {
		name = fn.Schema + "." + name
	}
	return name + "(" + strings.Join(types, ", ") + ")"
}

// sqlReturns formats the return type, with SETOF and TABLE.
func sqlReturns(fn *sqlscript.Function) string {
	if len(fn.TableColumns) > 0 {
		var cols []string
		for _, c := range fn.TableColumns {
			cols = append(cols, strings.TrimSpace(c.Name+" "+c.Type))
		}
		return "TABLE(" + strings.Join(cols, ", ") + ")"
	}
	if fn.ReturnsSet {
		return "SETOF " + fn.Returns
	}
	return fn.Returns
}

// sqlDeclaration renders a binding's CREATE FUNCTION in short.
func sqlDeclaration(fn *sqlscript.Function) string {
	kw := "FUNCTION"
	if fn.Procedure {
		kw = "PROCEDURE"
	}
	var args []string
	for _, a := range fn.Args {
		if a.Mode == "table" {
			continue
		}
		parts := []string{}
		if a.Mode != "" && a.Mode != "in" {
			parts = append(parts, strings.ToUpper(a.Mode))
		}
		if a.Name != "" {
			parts = append(parts, a.Name)
		}
		parts = append(parts, a.Type)
		if a.HasDefault {
			parts = append(parts, "DEFAULT ...")
		}
		args = append(args, strings.Join(parts, " "))
	}
	name := fn.Name
	if fn.Schema != "" {
		name = fn.Schema + "." + name
	}
	s := fmt.Sprintf("CREATE %s %s(%s)", kw, name, strings.Join(args, ", "))
	if !fn.Procedure {
		s += " RETURNS " + sqlReturns(fn)
	}
	var attrs []string
	if fn.Strict {
		attrs = append(attrs, "STRICT")
	}
	if fn.Volatility != "" {
		attrs = append(attrs, strings.ToUpper(fn.Volatility))
	}
	if fn.Parallel != "" {
		attrs = append(attrs, "PARALLEL "+strings.ToUpper(fn.Parallel))
	}
	if fn.SecurityDefiner {
		attrs = append(attrs, "SECURITY DEFINER")
	}
	s += "\n  AS '" + fn.ObjFile + "'"
	if !fn.SymbolImplicit {
		s += ", '" + fn.LinkSymbol + "'"
	}
	s += " LANGUAGE C"
	if len(attrs) > 0 {
		s += " " + strings.Join(attrs, " ")
	}
	return s + ";"
}

// location formats path:line for a byte offset of a workspace file.
func location(s *project.Snapshot, path string, offset int) string {
	f := s.File(path)
	if f == nil {
		return filepath.Base(path)
	}
	return fmt.Sprintf("%s:%d", relPath(s, path), f.Mapper.Line(offset)+1)
}

// relPath shows path relative to the workspace root that holds it.
func relPath(s *project.Snapshot, path string) string {
	for _, r := range s.Roots() {
		if rel, err := filepath.Rel(r, path); err == nil && !strings.HasPrefix(rel, "..") {
			return rel
		}
	}
	return path
}

// functionHover explains a C function of the workspace: the SQL
// declarations bound to it and the hooks it is installed as.
func functionHover(s *project.Snapshot, f *project.Source, name string, env Env, vs []int) string {
	var b strings.Builder
	bindings := bindingsOfFunc(s, f, name)
	var hooks []string
	for _, m := range s.ModulesOf(f.Path) {
		for _, mf := range m.Files {
			if mf.C == nil {
				continue
			}
			for _, a := range mf.C.HookAssigns {
				if a.Func == name {
					hooks = append(hooks, a.Hook)
				}
			}
		}
	}
	if len(bindings) == 0 && len(hooks) == 0 {
		return ""
	}
	fmt.Fprintf(&b, "**%s**", name)
	for _, m := range s.ModulesOf(f.Path) {
		for _, d := range m.Defs[name] {
			fmt.Fprintf(&b, " — defined at %s", location(s, d.File.Path, d.Func.NameRange.Start))
			break
		}
		break
	}
	b.WriteString("\n\n")
	if len(bindings) > 0 {
		fmt.Fprintf(&b, "Bound to %d SQL declaration(s):\n\n", len(bindings))
		for _, bd := range bindings {
			fmt.Fprintf(&b, "%s:\n", location(s, bd.Script.Source.Path, bd.Func.NameRange.Start))
			b.WriteString(codeBlock("sql", sqlDeclaration(bd.Func)))
		}
		b.WriteString("\n")
	}
	sort.Strings(hooks)
	for i, h := range hooks {
		if i > 0 && hooks[i-1] == h {
			continue
		}
		fmt.Fprintf(&b, "Installed as `%s`", h)
		if env.API != nil {
			if hk, ok := env.API.Hook(h); ok {
				groups := hookGroups(hk, vs)
				if len(groups) == 1 {
					fmt.Fprintf(&b, ": must be `%s`", groups[0].hv.Signature())
				} else if len(groups) > 1 {
					var parts []string
					for _, g := range groups {
						parts = append(parts, fmt.Sprintf("`%s` in %s", g.hv.Signature(), formatMajors(g.majors)))
					}
					fmt.Fprintf(&b, ": must be %s", strings.Join(parts, "; "))
				}
			}
		}
		b.WriteString(".\n\n")
	}
	b.WriteString(supportedLine(vs))
	return b.String()
}

// hoverSQL explains a LANGUAGE C function at its name or link symbol: its
// C definition and what the C body reads. A function of a SQL file that is
// no script of an extension (so has no binding) gets its declaration.
func hoverSQL(s *project.Snapshot, f *project.Source, offset int, env Env) (HoverResult, bool) {
	if f.SQL == nil {
		return HoverResult{}, false
	}
	for _, b := range s.Bindings() {
		if b.Script.Source != f {
			continue
		}
		if r, ok := cFunctionNameAt(b.Func, offset); ok {
			return HoverResult{Markdown: bindingHover(s, b, env), Range: r}, true
		}
	}
	for i := range f.SQL.Functions {
		fn := &f.SQL.Functions[i]
		if !fn.IsC() {
			continue
		}
		if r, ok := cFunctionNameAt(fn, offset); ok {
			return HoverResult{Markdown: unboundHover(fn, env), Range: r}, true
		}
	}
	return HoverResult{}, false
}

// cFunctionNameAt returns the range of a LANGUAGE C function's name or link
// symbol that holds offset.
func cFunctionNameAt(fn *sqlscript.Function, offset int) (span.Range, bool) {
	switch {
	case fn.NameRange.Contains(offset) && !fn.NameRange.IsZero():
		return fn.NameRange, true
	case fn.LinkSymbolRange.Contains(offset) && !fn.LinkSymbolRange.IsZero():
		return fn.LinkSymbolRange, true
	}
	return span.Range{}, false
}

// unboundHover explains a LANGUAGE C function of a file no extension runs:
// its declaration, and that its library and C symbol are not looked up.
func unboundHover(fn *sqlscript.Function, env Env) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** — LANGUAGE C, symbol `%s`\n\n", sqlSignature(fn), fn.LinkSymbol)
	b.WriteString(codeBlock("sql", sqlDeclaration(fn)))
	b.WriteString("This file is no install or update script of an extension (no `*.control` file names it), " +
		"so the library and the C definition of the symbol are not looked up.\n\n")
	b.WriteString(supportedLine(env.versions()))
	return b.String()
}

func bindingHover(s *project.Snapshot, b *project.Binding, env Env) string {
	var sb strings.Builder
	fn := b.Func
	fmt.Fprintf(&sb, "**%s** — LANGUAGE C, symbol `%s`", sqlSignature(fn), fn.LinkSymbol)
	if b.Library != "" {
		fmt.Fprintf(&sb, " in library `%s`", b.Library)
	}
	sb.WriteString("\n\n")
	switch {
	case b.Def != nil:
		d := b.Def.Func
		fmt.Fprintf(&sb, "C definition: %s\n\n", location(s, b.Def.File.Path, d.NameRange.Start))
		sb.WriteString(codeBlock("c", fmt.Sprintf("%s\n%s(%s)", d.Return, d.Name, cParams(d))))
		if b.V1 == nil {
			sb.WriteString("**No `PG_FUNCTION_INFO_V1(" + fn.LinkSymbol + ")` in the module.**\n\n")
		}
		sb.WriteString(readsText(fn, d))
	case b.Module != nil:
		fmt.Fprintf(&sb, "**No C definition of `%s` in module `%s`.**\n\n", fn.LinkSymbol, b.Module.Name)
	default:
		fmt.Fprintf(&sb, "Library not built in this workspace (%s).\n\n", b.How)
	}
	sb.WriteString(supportedLine(env.versions()))
	return sb.String()
}

func cParams(fn *csrc.Func) string {
	if fn.FmgrArgs {
		return "PG_FUNCTION_ARGS"
	}
	var ps []string
	for _, p := range fn.Params {
		ps = append(ps, cDecl(p.Type, p.Name))
	}
	return strings.Join(ps, ", ")
}

// readsText lists what the C body reads per SQL argument and how it
// returns.
func readsText(fn *sqlscript.Function, d *csrc.Func) string {
	var b strings.Builder
	args := inArgs(fn)
	byIndex := map[int][]string{}
	var unknown []string
	for _, u := range d.GetArgs {
		if u.Index < 0 {
			unknown = append(unknown, u.Macro)
			continue
		}
		byIndex[u.Index] = appendUnique(byIndex[u.Index], u.Macro)
	}
	nulls := map[int]bool{}
	for _, u := range d.ArgIsNull {
		nulls[u.Index] = true
	}
	if len(byIndex)+len(unknown) > 0 || len(args) > 0 {
		b.WriteString("| # | SQL argument | C reads |\n|---|---|---|\n")
		max := len(args)
		for i := range byIndex {
			if i+1 > max {
				max = i + 1
			}
		}
		for i := 0; i < max; i++ {
			sqlArg := "—"
			if i < len(args) {
				sqlArg = strings.TrimSpace(args[i].Name + " `" + args[i].Type + "`")
			}
			reads := "—"
			if ms := byIndex[i]; len(ms) > 0 {
				reads = "`" + strings.Join(ms, "`, `") + "`"
			}
			if nulls[i] {
				reads += " (checks `PG_ARGISNULL`)"
			}
			fmt.Fprintf(&b, "| %d | %s | %s |\n", i, sqlArg, reads)
		}
		b.WriteString("\n")
	}
	if len(unknown) > 0 {
		fmt.Fprintf(&b, "Also reads with a computed index: `%s`.\n\n", strings.Join(unknown, "`, `"))
	}
	var rets []string
	for _, r := range d.Returns {
		rets = appendUnique(rets, r.Macro)
	}
	if len(rets) > 0 {
		fmt.Fprintf(&b, "Returns with `%s`; SQL return type `%s`.\n\n", strings.Join(rets, "`, `"), sqlReturns(fn))
	}
	return b.String()
}

func appendUnique(ss []string, s string) []string {
	for _, x := range ss {
		if x == s {
			return ss
		}
	}
	return append(ss, s)
}

// hoverControl explains a control-file key.
// hoverSupport says, on the first line of a primary control file, which
// PostgreSQL majors the extension is checked for and why, with what was
// overruled (a pg_config that disagrees with the project).
func hoverSupport(s *project.Snapshot, f *project.Source, offset int, env Env) (HoverResult, bool) {
	if env.Supported == nil || f.Mapper.Line(offset) != 0 {
		return HoverResult{}, false
	}
	for _, e := range s.ExtensionsOf(f.Path) {
		if e.Control != f {
			continue
		}
		sup := env.Supported(e)
		var b strings.Builder
		fmt.Fprintf(&b, "**%s** is checked for %s", e.Name, sup)
		for _, n := range sup.Notes {
			fmt.Fprintf(&b, "\n\n%s", n)
		}
		md := b.String()
		r := span.Range{Start: f.Mapper.LineStart(0), End: f.Mapper.LineStart(1)}
		if h, ok := hoverControl(f, offset, env); ok {
			md += "\n\n---\n\n" + h.Markdown
			r = h.Range
		}
		return HoverResult{Markdown: md, Range: r}, true
	}
	return HoverResult{}, false
}

func hoverControl(f *project.Source, offset int, env Env) (HoverResult, bool) {
	if env.API == nil || f.Control == nil {
		return HoverResult{}, false
	}
	word, r, ok := f.Control.KeyAt(offset)
	if !ok {
		return HoverResult{}, false
	}
	md := controlKeyDoc(env.API, word, env.versions())
	if md == "" {
		return HoverResult{}, false
	}
	return HoverResult{Markdown: md, Range: r}, true
}

// controlKeyDoc documents a control-file key for the supported versions;
// "" when no major knows the key.
func controlKeyDoc(db *pgapi.DB, name string, vs []int) string {
	majors := db.ControlKeyMajors(name)
	if len(majors) == 0 {
		return ""
	}
	var k pgapi.ControlKey
	found := false
	for i := len(vs) - 1; i >= 0 && !found; i-- {
		k, found = db.ControlKey(vs[i], name)
	}
	if !found {
		k, _ = db.ControlKey(majors[len(majors)-1], name)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** — control-file key (%s)\n\n", name, k.Type)
	if k.Note != "" {
		b.WriteString(k.Note + "\n\n")
	}
	if vals := controlValues(k.Type); len(vals) > 0 {
		fmt.Fprintf(&b, "Values: %s.\n\n", strings.Join(vals, ", "))
	} else if k.Validation != "" {
		fmt.Fprintf(&b, "Value: %s.\n\n", k.Validation)
	}
	if k.HasDefault {
		fmt.Fprintf(&b, "Default: `%s`.\n\n", k.Default)
	} else {
		b.WriteString("Default: unset.\n\n")
	}
	if k.PrimaryOnly {
		b.WriteString("Only in the primary control file (not in `ext--version.control`).\n\n")
	}
	if len(k.ConsumedIn) > 0 {
		fmt.Fprintf(&b, "Read by `%s` (src/backend/commands/extension.c).\n\n", strings.Join(k.ConsumedIn, "`, `"))
	}
	have, missing := split(vs, func(v int) bool { _, ok := db.ControlKey(v, name); return ok })
	if len(missing) > 0 {
		fmt.Fprintf(&b, "**Not accepted by %s** (accepted by %s): those servers reject the control file.\n\n", formatMajors(missing), formatMajors(majors))
	} else {
		fmt.Fprintf(&b, "Accepted by every supported version (%s).\n\n", formatMajors(have))
	}
	b.WriteString(supportedLine(vs))
	return b.String()
}

// controlValues lists the literal values of a key type.
func controlValues(t pgapi.KeyType) []string {
	switch t {
	case pgapi.KeyBool:
		return []string{"`true`", "`false`"}
	}
	return nil
}
