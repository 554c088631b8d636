package assist

import (
	"path/filepath"
	"sort"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/span"
	"github.com/pgext-ls/pgext-ls/internal/sqlscript"
)

func completeSQL(s *project.Snapshot, f *project.Source, offset int, env Env) []CompletionItem {
	cur := f.SQL.CursorAt(offset)
	stmt := cur.Stmt
	switch cur.Inside.Kind {
	case 0:
	case sqlscript.TokString:
		switch {
		case endsWith(stmt, "as", "'", ","):
			return linkSymbols(s, f, offset, cur.Typed, cur.TypedRange)
		case endsWith(stmt, "as"):
			return objFiles(s, f, cur.Typed, cur.TypedRange)
		}
		return nil
	default:
		return nil
	}
	prefix, word := cur.Prefix, cur.PrefixRange
	if !isCreateRoutine(stmt) {
		return nil
	}
	switch {
	case endsWith(stmt, "language"):
		return keywords([]string{"c", "sql", "plpgsql", "internal"}, "language", prefix, word)
	case endsWith(stmt, "parallel"):
		return keywords([]string{"SAFE", "RESTRICTED", "UNSAFE"}, "parallel safety", prefix, word)
	case endsWith(stmt, "returns"), endsWith(stmt, "returns", "setof"), endsWith(stmt, "::"),
		endsWith(stmt, "setof"), len(stmt) >= 3 && stmt[len(stmt)-1].Kind == sqlscript.TokWord && endsWith(stmt[:len(stmt)-1], "table", "("):
		return typeItems(s, f, prefix, word)
	}
	depth, closed := cur.Parens()
	switch {
	case depth > 0:
		// In the argument list: after "(" or "," a name or a type, after
		// a name a type.
		return typeItems(s, f, prefix, word)
	case closed:
		return keywords([]string{
			"RETURNS", "LANGUAGE c", "IMMUTABLE", "STABLE", "VOLATILE", "STRICT",
			"CALLED ON NULL INPUT", "RETURNS NULL ON NULL INPUT", "PARALLEL SAFE", "PARALLEL RESTRICTED",
			"PARALLEL UNSAFE", "LEAKPROOF", "SECURITY DEFINER", "SECURITY INVOKER", "COST", "ROWS", "SET search_path = ",
			"AS 'MODULE_PATHNAME', ",
		}, "function option", prefix, word)
	}
	return nil
}

// endsWith reports whether the statement's last tokens are the given
// ones: a keyword (matched ignoring case), "'" for any string constant, or
// punctuation.
func endsWith(stmt []sqlscript.Word, want ...string) bool {
	if len(stmt) < len(want) {
		return false
	}
	for i, w := range want {
		t := stmt[len(stmt)-len(want)+i]
		switch {
		case w == "'":
			if t.Kind != sqlscript.TokString {
				return false
			}
		case sqlscript.IsIdentStart(w[0]):
			if !t.Is(w) {
				return false
			}
		case t.Text != w:
			return false
		}
	}
	return true
}

// isCreateRoutine reports whether the statement starts with CREATE [OR
// REPLACE] FUNCTION or PROCEDURE.
func isCreateRoutine(stmt []sqlscript.Word) bool {
	i := 0
	if len(stmt) > 0 && stmt[0].Is("create") {
		i++
	} else {
		return false
	}
	if len(stmt) > i+1 && stmt[i].Is("or") && stmt[i+1].Is("replace") {
		i += 2
	}
	return len(stmt) > i && (stmt[i].Is("function") || stmt[i].Is("procedure"))
}

func keywords(words []string, detail, prefix string, word span.Range) []CompletionItem {
	var items []CompletionItem
	for _, w := range words {
		if !matches(w, prefix) {
			continue
		}
		items = append(items, CompletionItem{Label: w, Kind: KindKeyword, Detail: detail, InsertText: w, TextEdit: word})
	}
	return items
}

// typeItems proposes the extension's own types first, then built-in ones.
func typeItems(s *project.Snapshot, f *project.Source, prefix string, word span.Range) []CompletionItem {
	var items []CompletionItem
	seen := map[string]bool{}
	for _, t := range extensionTypes(s, f.Path) {
		if seen[t] || !matches(t, prefix) {
			continue
		}
		seen[t] = true
		items = append(items, CompletionItem{Label: t, Kind: KindType, Detail: "type defined by the extension", InsertText: t, TextEdit: word})
	}
	for _, t := range builtinTypes {
		if seen[t] || !matches(t, prefix) {
			continue
		}
		items = append(items, CompletionItem{Label: t, Kind: KindType, Detail: "built-in type", InsertText: t, TextEdit: word})
	}
	return items
}

// extensionTypes lists the types and domains the scripts of the file's
// extensions create.
func extensionTypes(s *project.Snapshot, path string) []string {
	var out []string
	for _, e := range s.ExtensionsOf(path) {
		for _, sc := range e.Scripts {
			src := sc.Source
			if src.SQL == nil {
				continue
			}
			for _, e := range src.SQL.Effects {
				if e.Op != sqlscript.EffectCreate || e.Object.Kind != "type" {
					continue
				}
				name := e.Object.Name
				if e.Object.Schema != "" && !strings.HasPrefix(e.Object.Schema, "@") {
					name = e.Object.Schema + "." + name
				}
				out = appendUnique(out, name)
			}
		}
	}
	sort.Strings(out)
	return out
}

// linkSymbols proposes, inside AS 'obj_file', '...', every V1 symbol of
// the extension's modules that starts with what is typed: those no script
// binds yet first, then those other functions bind already (another
// overload, another version's script may bind the same symbol). The
// function whose AS clause is being written does not count as binding
// the symbol it names so far.
func linkSymbols(s *project.Snapshot, f *project.Source, offset int, typed string, r span.Range) []CompletionItem {
	var self *sqlscript.Function
	if f.SQL != nil {
		for i := range f.SQL.Functions {
			if fn := &f.SQL.Functions[i]; fn.Range.Contains(offset) || fn.Range.End == offset {
				self = fn
			}
		}
	}
	var items []CompletionItem
	seen := map[string]bool{}
	for _, e := range s.ExtensionsOf(f.Path) {
		for _, m := range e.Modules {
			for sym, refs := range m.V1 {
				if seen[sym] || !matches(sym, typed) {
					continue
				}
				seen[sym] = true
				var by []string
				for _, b := range s.BindingsOf(m, sym) {
					if b.Func != self {
						by = appendUnique(by, b.Func.Name+" in "+filepath.Base(b.Script.Source.Path))
					}
				}
				ref := refs[0]
				item := CompletionItem{
					Label: sym, Kind: KindFunction,
					Detail:     "PG_FUNCTION_INFO_V1 in " + location(s, ref.File.Path, ref.V1.Range.Start),
					InsertText: sym, TextEdit: r, SortText: "0" + sym,
				}
				if len(by) > 0 {
					sort.Strings(by)
					item.SortText = "1" + sym
					item.Detail += "; bound by " + strings.Join(by, ", ")
				}
				if defs := m.Defs[sym]; len(defs) > 0 {
					item.Documentation = readsSummary(defs[0])
				}
				items = append(items, item)
			}
		}
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].SortText < items[j].SortText })
	return items
}

// readsSummary lists the argument macros a C function uses, to help
// write its SQL declaration.
func readsSummary(d project.FuncRef) string {
	var parts []string
	byIndex := map[int]string{}
	max := -1
	for _, u := range d.Func.GetArgs {
		if u.Index >= 0 {
			if _, ok := byIndex[u.Index]; !ok {
				byIndex[u.Index] = u.Macro
			}
			if u.Index > max {
				max = u.Index
			}
		}
	}
	for i := 0; i <= max; i++ {
		m := byIndex[i]
		if m == "" {
			m = "?"
		}
		parts = append(parts, "`"+m+"`")
	}
	var rets []string
	for _, r := range d.Func.Returns {
		rets = appendUnique(rets, "`"+r.Macro+"`")
	}
	s := "Reads " + strings.Join(parts, ", ")
	if len(parts) == 0 {
		s = "Reads no arguments"
	}
	if len(rets) > 0 {
		s += "; returns with " + strings.Join(rets, ", ")
	}
	return s + "."
}

// objFiles proposes MODULE_PATHNAME and $libdir/<module> inside AS '...'.
func objFiles(s *project.Snapshot, f *project.Source, typed string, r span.Range) []CompletionItem {
	var items []CompletionItem
	for _, e := range s.ExtensionsOf(f.Path) {
		if e.ModulePathname != "" && matches("MODULE_PATHNAME", typed) {
			items = append(items, CompletionItem{Label: "MODULE_PATHNAME", Kind: KindConstant, Detail: "replaced by module_pathname = '" + e.ModulePathname + "'", InsertText: "MODULE_PATHNAME", TextEdit: r})
		}
		for _, m := range e.Modules {
			lib := "$libdir/" + m.Name
			if matches(lib, typed) {
				items = append(items, CompletionItem{Label: lib, Kind: KindConstant, Detail: "library built from " + relPath(s, m.Dir), InsertText: lib, TextEdit: r})
			}
		}
	}
	return items
}

// completeControl proposes keys at the start of a line and values after
// "key =".
func completeControl(s *project.Snapshot, f *project.Source, offset int, env Env) []CompletionItem {
	db := env.API
	if db == nil {
		return nil
	}
	vs := env.versions()
	cur := f.Control.CursorAt(offset)
	if cur.InComment {
		return nil
	}
	if !cur.HasEq {
		if !cur.AtKey {
			return nil
		}
		return controlKeys(f, db, vs, cur.Prefix, cur.PrefixRange)
	}
	key, typed, r := cur.Key, cur.Value, cur.ValueRange
	var values []string
	k, ok := newestKey(db, key, vs)
	if !ok {
		return nil
	}
	switch {
	case k.Type == pgapi.KeyBool:
		values = []string{"true", "false"}
	case key == "default_version":
		for _, e := range s.ExtensionsOf(f.Path) {
			vers := e.Versions()
			for i := len(vers) - 1; i >= 0; i-- {
				values = append(values, "'"+vers[i]+"'")
			}
		}
	case key == "module_pathname":
		for _, e := range s.ExtensionsOf(f.Path) {
			for _, m := range e.Modules {
				values = append(values, "'$libdir/"+m.Name+"'")
			}
			if len(e.Modules) == 0 {
				values = append(values, "'$libdir/"+e.Name+"'")
			}
		}
	case key == "requires":
		var names []string
		for _, e := range s.Extensions() {
			if !containsExt(s.ExtensionsOf(f.Path), e) {
				names = appendUnique(names, e.Name)
			}
		}
		sort.Strings(names)
		for _, n := range names {
			values = append(values, "'"+n+"'")
		}
	case k.Type == pgapi.KeyEncoding:
		values = []string{"UTF8", "SQL_ASCII", "LATIN1"}
	case key == "schema":
		values = []string{"pg_catalog"}
	}
	var items []CompletionItem
	for _, v := range values {
		if !matches(strings.TrimPrefix(v, "'"), typed) {
			continue
		}
		items = append(items, CompletionItem{Label: v, Kind: KindValue, Detail: key, InsertText: v, TextEdit: r})
	}
	return items
}

func containsExt(es []*project.Extension, e *project.Extension) bool {
	for _, x := range es {
		if x == e {
			return true
		}
	}
	return false
}

// newestKey returns the key as the newest supported version that accepts
// it knows it.
func newestKey(db *pgapi.DB, name string, vs []int) (pgapi.ControlKey, bool) {
	for i := len(vs) - 1; i >= 0; i-- {
		if k, ok := db.ControlKey(vs[i], name); ok {
			return k, true
		}
	}
	return pgapi.ControlKey{}, false
}

// controlKeys proposes the keys some supported version accepts and the
// file does not set yet; keys not every supported version accepts come
// last and say so.
func controlKeys(f *project.Source, db *pgapi.DB, vs []int, prefix string, word span.Range) []CompletionItem {
	set := map[string]bool{}
	if f.Control != nil {
		for _, e := range f.Control.Entries {
			if !e.KeyRange.Contains(word.Start) {
				set[e.Key] = true
			}
		}
	}
	seen := map[string]bool{}
	var all, partial []CompletionItem
	for _, v := range vs {
		for _, k := range db.ControlKeys(v) {
			if seen[k.Name] || set[k.Name] || !matches(k.Name, prefix) {
				continue
			}
			seen[k.Name] = true
			item := CompletionItem{
				Label: k.Name, Kind: KindProperty, Detail: string(k.Type),
				Documentation: controlKeyDoc(db, k.Name, vs),
				TextEdit:      word, IsSnippet: true,
			}
			switch k.Type {
			case pgapi.KeyBool:
				item.InsertText = k.Name + " = ${1|true,false|}"
			default:
				item.InsertText = k.Name + " = '$1'"
			}
			if _, missing := split(vs, func(v int) bool { _, ok := db.ControlKey(v, k.Name); return ok }); len(missing) > 0 {
				item.Detail += " (not accepted by " + formatMajors(missing) + ")"
				partial = append(partial, item)
				continue
			}
			all = append(all, item)
		}
	}
	return append(all, partial...)
}
