package assist

import (
	"fmt"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

// This file builds the code that snippets and chained-hook completions
// insert. Texts are plain C; snippet() turns them into LSP snippets by
// escaping everything except the placeholders written as «n:default»,
// «n» and «0».

// snippet converts a template with «n:default» / «n» / «0» placeholders
// into an LSP snippet, escaping the literal text.
func snippet(tmpl string) string {
	var b strings.Builder
	for {
		i := strings.Index(tmpl, "«")
		if i < 0 {
			b.WriteString(escapeSnippet(tmpl))
			return b.String()
		}
		b.WriteString(escapeSnippet(tmpl[:i]))
		rest := tmpl[i+len("«"):]
		j := strings.Index(rest, "»")
		if j < 0 {
			b.WriteString(escapeSnippet("«" + rest))
			return b.String()
		}
		ph := rest[:j]
		if n, def, ok := strings.Cut(ph, ":"); ok {
			fmt.Fprintf(&b, "${%s:%s}", n, escapeSnippet(def))
		} else {
			b.WriteString("$" + ph)
		}
		tmpl = rest[j+len("»"):]
	}
}

// namePrefix is the prefix for generated C names: the extension's name,
// else "my".
func namePrefix(s *project.Snapshot, path string) string {
	for _, e := range s.ExtensionsOf(path) {
		if e.Name != "" {
			return cIdent(e.Name)
		}
	}
	return "my"
}

// libraryOf is the shared library the C file is built into.
func libraryOf(s *project.Snapshot, path string) string {
	if ms := s.ModulesOf(path); len(ms) > 0 {
		return ms[0].Name
	}
	return namePrefix(s, path)
}

// cIdent turns a name into a C identifier.
func cIdent(name string) string {
	b := []byte(name)
	for i, c := range b {
		if !isIdentByte(c) || c >= 0x80 {
			b[i] = '_'
		}
	}
	if len(b) > 0 && b[0] >= '0' && b[0] <= '9' {
		return "_" + string(b)
	}
	return string(b)
}

// versionGuard returns the #if condition that selects majors from first
// to last (either may be 0 for open ends), or "".
func versionGuard(first, last int) string {
	var parts []string
	if first > 0 {
		parts = append(parts, fmt.Sprintf("PG_VERSION_NUM >= %d0000", first))
	}
	if last > 0 {
		parts = append(parts, fmt.Sprintf("PG_VERSION_NUM < %d0000", last+1))
	}
	return strings.Join(parts, " && ")
}

// hookCode is the C code that installs a chained hook.
type hookCode struct {
	// Decls is the static variable and the hook function(s), at file
	// scope, guarded as needed.
	Decls string
	// Install is the two lines for _PG_init, guarded as needed.
	Install string
}

// chainedHook writes the code for installing h chained, with a hook
// function called fn whose signature matches every supported version
// that has the hook (one definition per distinct signature).
func chainedHook(h *pgapi.Hook, vs []int, fn string) (hookCode, bool) {
	groups := hookGroups(h, vs)
	if len(groups) == 0 {
		return hookCode{}, false
	}
	have, _ := split(vs, h.ExistsIn)
	guardFirst, guardLast := 0, 0
	if have[0] > vs[0] {
		guardFirst = have[0]
	}
	if have[len(have)-1] < vs[len(vs)-1] {
		guardLast = have[len(have)-1]
	}
	guard := versionGuard(guardFirst, guardLast)
	prev := prevVar(h.Name)
	hv := groups[len(groups)-1].hv

	var d strings.Builder
	if guard != "" {
		fmt.Fprintf(&d, "#if %s\n", guard)
	}
	fmt.Fprintf(&d, "static %s %s = NULL;\n\n", hv.TypedefName, prev)
	for i := len(groups) - 1; i >= 0; i-- {
		g := groups[i]
		if len(groups) > 1 {
			switch {
			case i == len(groups)-1:
				fmt.Fprintf(&d, "#if PG_VERSION_NUM >= %d0000\n", g.majors[0])
			case i == 0:
				d.WriteString("#else\n")
			default:
				fmt.Fprintf(&d, "#elif PG_VERSION_NUM >= %d0000\n", g.majors[0])
			}
		}
		fmt.Fprintf(&d, "static %s\n%s(%s)\n{\n", strings.TrimSpace(g.hv.ReturnType), fn, paramDecls(g.hv.Params))
		d.WriteString("\t«0»\n")
		d.WriteString(chainCall(h.Name, g.hv, "\t") + "\n}\n")
	}
	if len(groups) > 1 {
		d.WriteString("#endif\n")
	}
	if guard != "" {
		d.WriteString("#endif\n")
	}

	var in strings.Builder
	if guard != "" {
		fmt.Fprintf(&in, "#if %s\n", guard)
	}
	fmt.Fprintf(&in, "%s = %s;\n%s = %s;\n", prev, h.Name, h.Name, fn)
	if guard != "" {
		in.WriteString("#endif\n")
	}
	return hookCode{Decls: d.String(), Install: in.String()}, true
}

// indent prefixes every non-empty line that is not a preprocessor line.
func indent(text, tab string) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	for i, l := range lines {
		if l != "" && !strings.HasPrefix(l, "#") {
			lines[i] = tab + l
		}
	}
	return strings.Join(lines, "\n")
}

// hookItem builds the completion that installs a chained hook. Inside a
// function body the install lines go at the cursor and the declarations
// before the enclosing function; at file scope the declarations go at
// the cursor and the install lines into _PG_init (created when missing).
func hookItem(s *project.Snapshot, f *project.Source, h *pgapi.Hook, vs []int, st csrc.Cursor, fn *csrc.Func, word span.Range) (CompletionItem, bool) {
	name := namePrefix(s, f.Path) + "_" + strings.TrimSuffix(h.Name, "_hook")
	code, ok := chainedHook(h, vs, name)
	if !ok {
		return CompletionItem{}, false
	}
	item := CompletionItem{
		Label:      h.Name + " (chained)",
		FilterText: h.Name,
		Kind:       KindSnippet,
		Detail:     "install a chained " + h.Name + " calling " + name,
		TextEdit:   word,
		IsSnippet:  true,
	}
	if st.BraceDepth > 0 && fn != nil {
		item.InsertText = snippet(continueLines(code.Install, f.Mapper.Indent(word.Start))) + "$0"
		decls := strings.ReplaceAll(code.Decls, "\t«0»\n", "")
		item.AdditionalEdits = []Edit{{Range: span.Range{Start: fn.Range.Start, End: fn.Range.Start}, NewText: decls + "\n"}}
		item.Documentation = "Inserts the install lines here and, before this function:\n\n" + codeBlock("c", decls)
		return item, true
	}
	text := code.Decls
	if init := initFunc(f); init != nil {
		if pos, ok := f.C.BeforeClosingBrace(init.Range); ok {
			item.AdditionalEdits = []Edit{{Range: span.Range{Start: pos, End: pos}, NewText: indent(code.Install, "\t") + "\n"}}
		}
	}
	if len(item.AdditionalEdits) == 0 {
		text += "\nvoid\n_PG_init(void)\n{\n" + indent(code.Install, "\t") + "\n}\n"
	}
	item.InsertText = snippet(text)
	item.Documentation = codeBlock("c", strings.ReplaceAll(text, "\t«0»\n", ""))
	return item, true
}

// continueLines joins the lines of text so that each line after the first
// starts with ind, except preprocessor lines.
func continueLines(text, ind string) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	for i := 1; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "#") {
			lines[i] = ind + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}

// initFunc returns the file's _PG_init definition.
func initFunc(f *project.Source) *csrc.Func {
	if f.C == nil {
		return nil
	}
	for i := range f.C.Funcs {
		if f.C.Funcs[i].Name == "_PG_init" {
			return &f.C.Funcs[i]
		}
	}
	return nil
}

// bgworkerSnippet is a background worker: the main function with signal
// handling and a WaitLatch loop, and the registration for _PG_init.
func bgworkerSnippet(prefix, library string) string {
	return `PGDLLEXPORT void «1:` + prefix + `»_main(Datum main_arg);

/*
 * Register the worker; call from _PG_init() (the library must be in
 * shared_preload_libraries).
 */
static void
«1»_register(void)
{
	BackgroundWorker worker;

	memset(&worker, 0, sizeof(worker));
	worker.bgw_flags = BGWORKER_SHMEM_ACCESS | BGWORKER_BACKEND_DATABASE_CONNECTION;
	worker.bgw_start_time = BgWorkerStart_RecoveryFinished;
	worker.bgw_restart_time = «2:10»;
	snprintf(worker.bgw_library_name, BGW_MAXLEN, "` + library + `");
	snprintf(worker.bgw_function_name, BGW_MAXLEN, "«1»_main");
	snprintf(worker.bgw_name, BGW_MAXLEN, "«1» worker");
	snprintf(worker.bgw_type, BGW_MAXLEN, "«1»");
	worker.bgw_main_arg = (Datum) 0;
	RegisterBackgroundWorker(&worker);
}

void
«1»_main(Datum main_arg)
{
	pqsignal(SIGHUP, SignalHandlerForConfigReload);
	pqsignal(SIGTERM, die);
	BackgroundWorkerUnblockSignals();
	BackgroundWorkerInitializeConnection("«3:postgres»", NULL, 0);

	for (;;)
	{
		(void) WaitLatch(MyLatch,
						 WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH,
						 «4:1000»L,
						 PG_WAIT_EXTENSION);
		ResetLatch(MyLatch);
		CHECK_FOR_INTERRUPTS();

		if (ConfigReloadPending)
		{
			ConfigReloadPending = false;
			ProcessConfigFile(PGC_SIGHUP);
		}

		«0»
	}
}
`
}

// srfSnippet is a value-per-call set-returning function.
func srfSnippet(prefix string) string {
	return `PG_FUNCTION_INFO_V1(«1:` + prefix + `_srf»);

Datum
«1»(PG_FUNCTION_ARGS)
{
	FuncCallContext *funcctx;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext oldcontext;

		funcctx = SRF_FIRSTCALL_INIT();
		oldcontext = MemoryContextSwitchTo(funcctx->multi_call_memory_ctx);
		funcctx->max_calls = «2:10»;
		MemoryContextSwitchTo(oldcontext);
	}

	funcctx = SRF_PERCALL_SETUP();
	if (funcctx->call_cntr < funcctx->max_calls)
	{
		«0»
		SRF_RETURN_NEXT(funcctx, Int64GetDatum((int64) funcctx->call_cntr));
	}
	SRF_RETURN_DONE(funcctx);
}
`
}

// materializeSnippet is a materialize-mode set-returning function.
func materializeSnippet(prefix string) string {
	return `PG_FUNCTION_INFO_V1(«1:` + prefix + `_srf»);

Datum
«1»(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Datum		values[«2:1»];
	bool		nulls[«2»] = {0};

	InitMaterializedSRF(fcinfo, 0);

	«0»
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	return (Datum) 0;
}
`
}

// gucSnippet defines an integer GUC and reserves the extension's prefix:
// MarkGUCPrefixReserved where every supported version has it,
// EmitWarningsOnPlaceholders where none does, and both behind #if
// otherwise.
func gucSnippet(db *pgapi.DB, vs []int, prefix, variable string) string {
	var reserve string
	mark, ok := db.APIFunc("MarkGUCPrefixReserved")
	var have, missing []int
	if ok {
		have, missing = split(vs, mark.ExistsIn)
	} else {
		missing = vs
	}
	switch {
	case len(missing) == 0:
		reserve = `MarkGUCPrefixReserved("«1»");`
	case len(have) == 0:
		reserve = `EmitWarningsOnPlaceholders("«1»");`
	default:
		reserve = fmt.Sprintf("#if PG_VERSION_NUM >= %d0000\nMarkGUCPrefixReserved(\"«1»\");\n#else\nEmitWarningsOnPlaceholders(\"«1»\");\n#endif", have[0])
	}
	return `DefineCustomIntVariable("«1:` + prefix + `».«2:` + strings.TrimPrefix(variable, prefix+"_") + `»",
						"«3:Short description.»",
						NULL,
						&` + variable + `,
						` + variable + `,
						«4:0», «5:INT_MAX»,
						PGC_«6:USERSET»,
						0,
						NULL, NULL, NULL);
` + reserve + `
«0»`
}
