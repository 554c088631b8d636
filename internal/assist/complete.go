package assist

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

// Complete proposes completions at offset in the file at path, best
// first. It returns nil when there is nothing to propose.
func Complete(s *project.Snapshot, path string, offset int, env Env) []CompletionItem {
	items, _ := CompleteList(s, path, offset, env)
	return items
}

// CompleteList is Complete that also reports whether the list is
// incomplete: more server symbols match than it proposes, so typing more
// of the word should ask again.
func CompleteList(s *project.Snapshot, path string, offset int, env Env) (items []CompletionItem, incomplete bool) {
	env = env.forFile(s, path)
	f := source(s, path, offset)
	if f == nil {
		return nil, false
	}
	switch f.Kind {
	case project.KindC, project.KindHeader:
		items, incomplete = completeC(s, f, offset, env)
	case project.KindSQL:
		items = completeSQL(s, f, offset, env)
	case project.KindControl:
		items = completeControl(s, f, offset, env)
	}
	for i := range items {
		items[i].SortText = sortText(i)
	}
	return items, incomplete
}

// matches reports whether label starts with the typed prefix, ignoring
// case.
func matches(label, prefix string) bool {
	return len(label) >= len(prefix) && strings.EqualFold(label[:len(prefix)], prefix)
}

func completeC(s *project.Snapshot, f *project.Source, offset int, env Env) (_ []CompletionItem, incomplete bool) {
	st := f.C.CursorAt(offset)
	if st.InComment || st.InString || st.InDirective {
		return nil, false
	}
	prefix, word := f.C.PrefixAt(offset)
	if fr, ok := st.Innermost(); ok && fr.Name == "PG_FUNCTION_INFO_V1" && fr.Arg == 0 {
		return v1Candidates(s, f, prefix, word), false
	}
	db := env.API
	if db == nil {
		return nil, false
	}
	vs := env.versions()
	fn := funcAt(f, offset)
	if st.BraceDepth == 0 {
		fn = nil
	}
	// What serves the function around the cursor comes first, then the
	// fmgr macros ranked by SQL type, the hooks, the rest of the server
	// API and the snippets; a name is offered once, where it ranks best.
	c := contextOf(s, f, fn, db, vs)
	var fmgr []CompletionItem
	if st.BraceDepth > 0 {
		fmgr = fmgrItems(s, f, fn, prefix, word, env, vs)
	}
	hooks := hookItems(s, f, st, fn, prefix, word, db, vs)
	offered := map[string]bool{}
	for _, it := range append(fmgr, hooks...) {
		offered[it.Label] = !slices.Contains(c.lead, it.Label)
	}
	lead, rest, incomplete := serverItems(db, c, prefix, word, vs, offered, env.LazyDocs)
	var l itemList
	l.add(savedHookItems(c, prefix, word))
	l.add(lead)
	l.add(fmgr)
	l.add(hooks)
	l.add(rest)
	l.add(apiItems(prefix, word, db, vs))
	l.add(snippetItems(s, f, st, fn, prefix, word, db, vs))
	return l.items, incomplete
}

// itemList collects completion items, each label once.
type itemList struct {
	items []CompletionItem
	seen  map[string]bool
}

// add appends the items whose label is not in l yet.
func (l *itemList) add(items []CompletionItem) {
	if l.seen == nil {
		l.seen = map[string]bool{}
	}
	for _, it := range items {
		if !l.seen[it.Label] {
			l.seen[it.Label] = true
			l.items = append(l.items, it)
		}
	}
}

// v1Candidates proposes, inside PG_FUNCTION_INFO_V1(, the link symbols
// that scripts bind in the file's modules and that have no
// PG_FUNCTION_INFO_V1 yet.
func v1Candidates(s *project.Snapshot, f *project.Source, prefix string, word span.Range) []CompletionItem {
	mods := map[*project.Module]bool{}
	for _, m := range s.ModulesOf(f.Path) {
		mods[m] = true
	}
	seen := map[string]bool{}
	var items []CompletionItem
	for _, b := range s.Bindings() {
		sym := b.Func.LinkSymbol
		if b.Module == nil || !mods[b.Module] || b.V1 != nil || seen[sym] || !matches(sym, prefix) {
			continue
		}
		seen[sym] = true
		items = append(items, CompletionItem{
			Label:         sym,
			Kind:          KindFunction,
			Detail:        "SQL " + sqlSignature(b.Func) + " RETURNS " + sqlReturns(b.Func),
			Documentation: fmt.Sprintf("Declared in %s:\n\n%s", location(s, b.Script.Source.Path, b.Func.NameRange.Start), codeBlock("sql", sqlDeclaration(b.Func))),
			InsertText:    sym,
			TextEdit:      word,
		})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].Label < items[j].Label })
	return items
}

// fmgrItems proposes PG_GETARG_* and PG_RETURN_* macros ranked by the SQL
// type they would serve in the enclosing V1 function, then the other
// fmgr macros.
func fmgrItems(s *project.Snapshot, f *project.Source, fn *csrc.Func, prefix string, word span.Range, env Env, vs []int) []CompletionItem {
	db := env.API
	if !matches("PG_", prefix) && !matches(prefix, "PG_") && !matches("SRF_", prefix) && !matches(prefix, "SRF_") {
		return nil
	}
	var bound []*project.Binding
	if fn != nil {
		bound = bindingsOfFunc(s, f, fn.Name)
	}
	// The argument index: written after the cursor, else the first one
	// the function does not read yet.
	index, explicit := f.C.IntArgAfter(word.End)
	if !explicit && fn != nil {
		used := map[int]bool{}
		for _, u := range fn.GetArgs {
			if u.Range.Start <= word.Start && word.Start < u.Range.End {
				continue // the macro being edited
			}
			used[u.Index] = true
		}
		for used[index] {
			index++
		}
	}
	argType, retType, sig := "", "", ""
	if len(bound) > 0 {
		sig = sqlSignature(bound[0].Func)
		if args := inArgs(bound[0].Func); index < len(args) {
			argType = args[index].Type
		}
		retType = bound[0].Func.Returns
	}
	paren := f.C.FollowedByParen(word.End)
	var items []CompletionItem
	getArgFirst := !matches(prefix, "PG_RETURN") && !matches(prefix, "PG_R")
	groups := [][]rankedMacro{rankMacros(db, true, argType, vs), rankMacros(db, false, retType, vs)}
	if !getArgFirst {
		groups[0], groups[1] = groups[1], groups[0]
	}
	for _, g := range groups {
		for _, r := range g {
			m := r.m
			if !matches(m.Name, prefix) {
				continue
			}
			item := CompletionItem{Label: m.Name, Kind: KindMacro, InsertText: m.Name, TextEdit: word, Documentation: m.Note}
			switch {
			case m.IsGetArg():
				item.Detail = m.CType
				if argType != "" && r.match {
					item.Detail += fmt.Sprintf(" ← %s (argument %d of %s)", argType, index, sig)
				}
				if !paren {
					item.InsertText = m.Name + "(" + strconv.Itoa(index) + ")"
				}
			case m.IsReturn():
				item.Detail = m.CType
				if retType != "" && r.match {
					item.Detail += " → " + retType + " (result of " + sig + ")"
				}
				if !paren {
					item.InsertText = m.Name + "(«1»)«0»"
					item.InsertText = snippet(item.InsertText)
					item.IsSnippet = true
				}
			}
			if len(m.SQLTypes) > 0 {
				item.Documentation = strings.TrimSpace(item.Documentation + "\n\nSQL types: " + strings.Join(m.SQLTypes, ", ") + ".")
			}
			items = append(items, item)
		}
	}
	// Other fmgr and SRF macros.
	for _, m := range db.FmgrMacros() {
		if m.IsGetArg() || m.IsReturn() || m.ReplacedBy != "" || !matches(m.Name, prefix) {
			continue
		}
		if _, missing := split(vs, m.ExistsIn); len(missing) > 0 {
			continue
		}
		items = append(items, CompletionItem{Label: m.Name, Kind: KindMacro, Detail: string(m.Role), Documentation: m.Note, InsertText: m.Name, TextEdit: word})
	}
	return items
}

// hookItems proposes hook variables: the variable itself and a snippet
// that installs a chained hook.
func hookItems(s *project.Snapshot, f *project.Source, st csrc.Cursor, fn *csrc.Func, prefix string, word span.Range, db *pgapi.DB, vs []int) []CompletionItem {
	var items, chained []CompletionItem
	for _, h := range db.Hooks() {
		if !matches(h.Name, prefix) {
			continue
		}
		have, missing := split(vs, h.ExistsIn)
		if len(have) == 0 {
			continue
		}
		hv := newestIn(h, vs)
		detail := hv.TypedefName + ": " + hv.Signature()
		if len(missing) > 0 {
			detail += " (not in " + formatMajors(missing) + ")"
		}
		if st.BraceDepth > 0 {
			items = append(items, CompletionItem{
				Label: h.Name, Kind: KindVariable, Detail: detail, Documentation: h.Note,
				InsertText: h.Name, TextEdit: word,
			})
		}
		if it, ok := hookItem(s, f, h, vs, st, fn, word); ok {
			it.Detail = detail
			chained = append(chained, it)
		}
	}
	return append(items, chained...)
}

// apiKind maps an API declaration kind to a completion kind.
func apiKind(kind string) CompletionKind {
	switch kind {
	case "function", "static inline function":
		return KindFunction
	case "macro":
		return KindMacro
	case "variable":
		return KindVariable
	}
	return KindType
}

// apiItems proposes the curated server API names every supported version
// has (those the server headers' data lacks among them).
func apiItems(prefix string, word span.Range, db *pgapi.DB, vs []int) []CompletionItem {
	if prefix == "" {
		return nil
	}
	var items []CompletionItem
	for _, a := range db.APIFuncs() {
		if !matches(a.Name, prefix) {
			continue
		}
		if _, missing := split(vs, a.ExistsIn); len(missing) > 0 {
			continue
		}
		d, _ := a.In(vs[len(vs)-1])
		items = append(items, CompletionItem{
			Label: a.Name, Kind: apiKind(d.Kind), Detail: declText(a.Name, d),
			Documentation: strings.TrimSpace(a.Note + "\n\nDeclared in `" + d.Header + "`."),
			InsertText:    a.Name, TextEdit: word,
		})
	}
	return items
}

// snippetItems proposes the boilerplate snippets: a background worker and
// set-returning functions at file scope, a GUC inside a function.
func snippetItems(s *project.Snapshot, f *project.Source, st csrc.Cursor, fn *csrc.Func, prefix string, word span.Range, db *pgapi.DB, vs []int) []CompletionItem {
	pfx := namePrefix(s, f.Path)
	var items []CompletionItem
	add := func(label, detail, tmpl string, extra []Edit) {
		if !matches(label, prefix) {
			return
		}
		items = append(items, CompletionItem{
			Label: label, Kind: KindSnippet, Detail: detail,
			Documentation: codeBlock("c", stripPlaceholders(tmpl)),
			InsertText:    snippet(tmpl), IsSnippet: true, TextEdit: word, AdditionalEdits: extra,
		})
	}
	if st.BraceDepth == 0 {
		add("bgworker", "background worker: registration and main loop", bgworkerSnippet(pfx, libraryOf(s, f.Path)), nil)
		add("srf", "set-returning function (value per call)", srfSnippet(pfx), nil)
		if mat, ok := db.APIFunc("InitMaterializedSRF"); ok {
			if _, missing := split(vs, mat.ExistsIn); len(missing) == 0 {
				add("srf_materialize", "set-returning function (materialize mode, InitMaterializedSRF)", materializeSnippet(pfx), nil)
			}
		}
		return items
	}
	if fn != nil {
		variable := pfx + "_setting"
		decl := Edit{Range: span.Range{Start: fn.Range.Start, End: fn.Range.Start}, NewText: "static int\t" + variable + " = 0;\n\n"}
		add("guc", "integer GUC with its prefix reserved", gucSnippet(db, vs, pfx, variable), []Edit{decl})
	}
	return items
}

// stripPlaceholders renders a snippet template as plain code for
// documentation: placeholders become their defaults, mirrors repeat them.
func stripPlaceholders(tmpl string) string {
	defaults := map[string]string{}
	for _, m := range placeholderRE.FindAllStringSubmatch(tmpl, -1) {
		if m[2] != "" {
			defaults[m[1]] = m[2][1:]
		}
	}
	return placeholderRE.ReplaceAllStringFunc(tmpl, func(ph string) string {
		m := placeholderRE.FindStringSubmatch(ph)
		return defaults[m[1]]
	})
}

// placeholderRE matches «n» and «n:default».
var placeholderRE = regexp.MustCompile(`«([0-9]+)(:[^»]*)?»`)
