package csrc

import (
	"bytes"
	"sort"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// MaxSize is the largest content Parse extracts facts from; larger content
// yields a File with TooLarge set.
const MaxSize = 8 << 20

// Parse extracts the facts of one C source or header file. src is text:
// whether a file is text, and in which encoding, is internal/project's
// verdict, made before Parse is called. Parse never fails: content over
// MaxSize yields a File with TooLarge set, and broken C the facts that can
// still be found. Wrapper macros defined in the file itself are expanded; wrappers
// defined elsewhere are expanded by Expanded.
func Parse(path string, src []byte) *File {
	f := &File{Path: path}
	if len(src) > MaxSize {
		f.TooLarge = true
		return f
	}
	extract(f, src)
	if len(f.Macros) > 0 && len(f.MacroCalls) > 0 {
		merge(f, Expand(f, MacroTable([]*File{f})))
	}
	return f
}

// IsCPlusPlus reports whether path names a C++ source or header (.cpp,
// .cc, .cxx, .hpp, .hh, .hxx), read with the C++ grammar.
func IsCPlusPlus(path string) bool {
	for _, ext := range []string{".cpp", ".cc", ".cxx", ".hpp", ".hh", ".hxx"} {
		if strings.HasSuffix(path, ext) {
			return true
		}
	}
	return false
}

// attributeWords are macros that decorate declarations; they are removed
// before parsing (with their parenthesised arguments) because tree-sitter
// reads them as types or declarators.
var attributeWords = map[string]bool{
	"PGDLLEXPORT": true, "PGDLLIMPORT": true, "pg_noreturn": true,
	"pg_nodiscard": true, "pg_noinline": true, "PG_USED_FOR_ASSERTS_ONLY": true,
	"__attribute__": true, "__declspec": true, "_Noreturn": true,
}

func isAttribute(name string) bool {
	return attributeWords[name] || strings.HasPrefix(name, "pg_attribute_")
}

// dropAttributes removes attribute macros (and their argument lists) from
// toks, and blanks them in a copy of src, keeping every offset.
func dropAttributes(src []byte, toks []token) ([]byte, []token, map[int]int) {
	var clean []byte
	// before maps the offset of the first non-space byte after a dropped
	// attribute to the attribute's start.
	before := make(map[int]int)
	out := toks[:0:0]
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind != tokIdent || !isAttribute(t.text) {
			out = append(out, t)
			continue
		}
		end := i
		if i+1 < len(toks) && toks[i+1].punct("(") {
			depth := 0
			for j := i + 1; j < len(toks); j++ {
				if toks[j].punct("(") {
					depth++
				} else if toks[j].punct(")") {
					depth--
					if depth == 0 {
						end = j
						break
					}
				} else if toks[j].kind == tokDirective || toks[j].punct(";") || toks[j].punct("{") {
					break
				}
			}
		}
		if clean == nil {
			clean = bytes.Clone(src)
		}
		next := toks[end].end
		for next < len(src) && isSpace(src[next]) {
			next++
		}
		before[next] = t.start
		for j := i; j <= end; j++ {
			for k := toks[j].start; k < toks[j].end; k++ {
				if clean[k] != '\n' {
					clean[k] = ' '
				}
			}
		}
		i = end
	}
	if clean == nil {
		clean = src
	}
	return clean, out, before
}

func isSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == '\v'
}

// extendStart moves start back over attribute macros written right before
// it ("PGDLLEXPORT Datum f(...)" starts at PGDLLEXPORT).
func extendStart(start int, before map[int]int) int {
	for i := 0; i < 8; i++ {
		s, ok := before[start]
		if !ok {
			break
		}
		start = s
	}
	return start
}

// extract fills f with the facts of src, without wrapper expansion.
func extract(f *File, src []byte) {
	toks := lex(src, true)
	pp := scanDirectives(toks)
	f.Conds, f.Macros, f.Includes, f.CondLimit = pp.conds, pp.macros, pp.includes, pp.limit
	f.Errors = pp.errors
	clean, toks, attrs := dropAttributes(src, toks)
	match := matchParens(toks)

	f.CPlusPlus = IsCPlusPlus(f.Path)
	tf := parseTree(clean, f.CPlusPlus)
	f.ParseErrors = tf.errors
	tl := scanTopLevel(toks, match)
	f.V1, f.Magic, f.MacroCalls = tl.v1, tl.magic, tl.calls

	// Definitions and prototypes: tree-sitter's, then those only the token
	// scan found (typically inside ERROR nodes).
	f.Funcs = tf.funcs
	sortFuncs(f.Funcs)
	treeFuncs := f.Funcs
	seen := make(map[int]bool)
	for _, fn := range f.Funcs {
		seen[fn.NameRange.Start] = true
	}
	for _, fn := range tl.funcs {
		if !seen[fn.NameRange.Start] && funcAt(treeFuncs, fn.NameRange.Start) < 0 {
			f.Funcs = append(f.Funcs, fn)
			seen[fn.NameRange.Start] = true
		}
	}
	sortFuncs(f.Funcs)
	f.Decls = f.Decls[:0]
	for _, off := range tl.callNames {
		seen[off] = true // "PREFIX MACRO(x);" is an invocation, not a prototype
	}
	for _, d := range tf.decls {
		if !seen[d.NameRange.Start] {
			f.Decls = append(f.Decls, d)
			seen[d.NameRange.Start] = true
		}
	}
	for _, d := range tl.decls {
		if !seen[d.NameRange.Start] && funcAt(f.Funcs, d.NameRange.Start) < 0 {
			f.Decls = append(f.Decls, d)
		}
	}
	for i := range f.Decls {
		f.Decls[i].Range.Start = extendStart(f.Decls[i].Range.Start, attrs)
	}
	sort.Slice(f.Decls, func(i, j int) bool { return f.Decls[i].Range.Start < f.Decls[j].Range.Start })

	for i := range f.Funcs {
		fn := &f.Funcs[i]
		fn.Range.Start = extendStart(fn.Range.Start, attrs)
		from := sort.Search(len(toks), func(k int) bool { return toks[k].start >= fn.NameRange.End })
		for from < len(toks) && toks[from].start < fn.Range.End && !toks[from].punct("{") {
			if toks[from].punct("(") && match[from] >= 0 {
				from = match[from]
			}
			from++
		}
		to := sort.Search(len(toks), func(k int) bool { return toks[k].start >= fn.Range.End })
		if from < to {
			fn.Body = span.Range{Start: toks[from].start, End: fn.Range.End}
			scanBody(fn, toks, match, from+1, to)
		}
	}

	fw := scanFileWide(toks, match)
	f.HookAssigns, f.HookSaves, f.GUCs, f.BgWorkers = fw.hookAssigns, fw.hookSaves, fw.gucs, fw.bgws
	for i := range f.HookAssigns {
		f.HookAssigns[i].Enclosing = enclosing(f.Funcs, f.HookAssigns[i].Range.Start)
	}
	for i := range f.HookSaves {
		f.HookSaves[i].Enclosing = enclosing(f.Funcs, f.HookSaves[i].Range.Start)
	}
	for i := range f.GUCs {
		f.GUCs[i].Enclosing = enclosing(f.Funcs, f.GUCs[i].Range.Start)
	}
	setConds(f)
}

func sortFuncs(funcs []Func) {
	sort.SliceStable(funcs, func(i, j int) bool { return funcs[i].Range.Start < funcs[j].Range.Start })
}

// funcAt returns the index of the function in funcs (sorted by start) whose
// range contains off, or -1.
func funcAt(funcs []Func, off int) int {
	i := sort.Search(len(funcs), func(i int) bool { return funcs[i].Range.Start > off }) - 1
	if i >= 0 && off < funcs[i].Range.End {
		return i
	}
	return -1
}

// enclosing returns the name of the function definition containing off.
func enclosing(funcs []Func, off int) string {
	if i := funcAt(funcs, off); i >= 0 {
		return funcs[i].Name
	}
	return ""
}

// setConds sets the Cond of every fact from the file's condition regions.
func setConds(f *File) {
	at := func(r span.Range) Cond { return f.CondAt(r.Start) }
	for i := range f.V1 {
		f.V1[i].Cond = at(f.V1[i].Range)
	}
	for i := range f.Funcs {
		fn := &f.Funcs[i]
		fn.Cond = at(fn.NameRange)
		for j := range fn.GetArgs {
			fn.GetArgs[j].Cond = at(fn.GetArgs[j].Range)
		}
		for j := range fn.ArgIsNull {
			fn.ArgIsNull[j].Cond = at(fn.ArgIsNull[j].Range)
		}
		for j := range fn.Returns {
			fn.Returns[j].Cond = at(fn.Returns[j].Range)
		}
		for j := range fn.SRF {
			fn.SRF[j].Cond = at(fn.SRF[j].Range)
		}
		for j := range fn.Calls {
			fn.Calls[j].Cond = at(fn.Calls[j].Range)
		}
		for j := range fn.FcinfoPassed {
			fn.FcinfoPassed[j].Cond = at(fn.FcinfoPassed[j].Range)
		}
	}
	for i := range f.Decls {
		f.Decls[i].Cond = at(f.Decls[i].NameRange)
	}
	for i := range f.Magic {
		f.Magic[i].Cond = at(f.Magic[i].Range)
	}
	for i := range f.HookAssigns {
		f.HookAssigns[i].Cond = at(f.HookAssigns[i].Range)
	}
	for i := range f.HookSaves {
		f.HookSaves[i].Cond = at(f.HookSaves[i].Range)
	}
	for i := range f.GUCs {
		f.GUCs[i].Cond = at(f.GUCs[i].Range)
	}
	for i := range f.BgWorkers {
		f.BgWorkers[i].Cond = at(f.BgWorkers[i].Range)
	}
	for i := range f.MacroCalls {
		f.MacroCalls[i].Cond = at(f.MacroCalls[i].Range)
	}
}
