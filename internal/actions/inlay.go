package actions

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/project"
	"github.com/pgext-ls/pgext-ls/internal/span"
)

// Hint is an inlay hint: a label shown at a byte offset.
type Hint struct {
	Offset  int
	Label   string // "a: integer", "$2: text", "a|x: integer|bigint"
	Tooltip string // the SQL declarations the label comes from
}

// InlayHints returns, for each PG_GETARG_*(n) and PG_ARGISNULL(n) in the
// range r of a C file, in a V1 function bound by SQL, the name and type of
// SQL argument n, placed after the macro's "(". When overloads bound to
// the function disagree, the names and types are each joined with "|".
func InlayHints(s *project.Snapshot, path string, r span.Range) []Hint {
	f := s.File(path)
	if f == nil || f.C == nil || f.Unread() {
		return nil
	}
	var out []Hint
	seen := map[int]bool{}
	for _, m := range s.ModulesOf(path) {
		for sym, defs := range m.Defs {
			for _, def := range defs {
				if def.File != f || !overlaps(def.Func.Range, r) {
					continue
				}
				bs := s.BindingsOf(m, sym)
				if len(bs) == 0 {
					continue
				}
				uses := append(append([]csrc.ArgUse(nil), def.Func.GetArgs...), def.Func.ArgIsNull...)
				for _, u := range uses {
					if u.Index < 0 || !overlaps(u.Range, r) {
						continue
					}
					paren, ok := f.C.ParenIn(u.Range)
					if !ok || seen[u.Range.Start] {
						continue
					}
					if h, ok := argHint(bs, u.Index); ok {
						h.Offset = paren + 1
						seen[u.Range.Start] = true
						out = append(out, h)
					}
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Offset < out[j].Offset })
	return out
}

// argHint describes input argument n of the SQL declarations bs.
func argHint(bs []*project.Binding, n int) (Hint, bool) {
	var names, types, decls []string
	add := func(list []string, s string) []string {
		for _, x := range list {
			if x == s {
				return list
			}
		}
		return append(list, s)
	}
	for _, b := range bs {
		i := 0
		for _, a := range b.Func.Args {
			if a.Mode == "out" || a.Mode == "table" {
				continue
			}
			if i == n {
				name := a.Name
				if name == "" {
					name = fmt.Sprintf("$%d", n+1)
				}
				names = add(names, name)
				types = add(types, a.Type)
				decls = add(decls, signature(b.Func))
				break
			}
			i++
		}
	}
	if len(names) == 0 {
		return Hint{}, false
	}
	return Hint{
		Label:   strings.Join(names, "|") + ": " + strings.Join(types, "|"),
		Tooltip: strings.Join(decls, "\n"),
	}, true
}
