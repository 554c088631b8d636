package pgapi

import (
	"regexp"
	"slices"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
)

// Rename is a server name that another replaces mechanically: a use of Old
// reads the same with New, with the same arguments.
type Rename struct {
	Old, New string
	// Params are Old's macro parameters ("r", "l"), nil for an
	// object-like name: a compatibility macro for the majors before Since
	// is "#define New(Params) Old(Params)".
	Params []string
	// Since is the first major that declares New.
	Since int
}

// curatedRenames are the renames the data cannot show: Old's last
// definition has several branches (AssertArg is Assert in the backend,
// assert in frontend code).
var curatedRenames = []Rename{
	{Old: "AssertArg", New: "Assert", Params: []string{"condition"}},
	{Old: "AssertState", New: "Assert", Params: []string{"condition"}},
}

// aliasMacroRE matches a macro that only passes its parameters on to
// another name: "#define heap_open(r, l) table_open(r, l)", "#define
// pg_lsn XLogRecPtr".
var aliasMacroRE = regexp.MustCompile(`^#\s*define\s+(\w+)(?:\(([\w\s,]*)\))?\s+(?:\\\s*)?\(?\s*(\w+)\s*(?:\(([\w\s,()]*)\))?\s*\)?$`)

// ServerRename returns the mechanical replacement of old: old is declared
// by no major from some major on, and the last major that declares it
// defines it as a macro for New with the same arguments, which every major
// from Since on declares; or the curated list says so.
func (db *DB) ServerRename(old string) (Rename, bool) {
	sym, ok := db.ServerSymbol(old)
	if !ok || len(sym.Missing) == 0 || sym.Missing[len(sym.Missing)-1] < sym.Declared[len(sym.Declared)-1] {
		return Rename{}, false // not removed
	}
	for _, r := range curatedRenames {
		if r.Old == old {
			if n, ok := db.ServerSymbol(r.New); ok {
				r.Since = n.Declared[0]
				return r, true
			}
		}
	}
	last := sym.Declared[len(sym.Declared)-1]
	decls, _ := db.ServerDeclsIn(old, last)
	if len(decls) != 1 || decls[0].Kind != "macro" {
		return Rename{}, false
	}
	m := aliasMacroRE.FindStringSubmatch(decls[0].Text)
	if m == nil || m[3] == old {
		return Rename{}, false
	}
	params, args := splitList(m[2]), splitList(strings.NewReplacer("(", "", ")", "").Replace(m[4]))
	if !slices.Equal(params, args) || (m[2] == "") != (m[4] == "") {
		return Rename{}, false
	}
	n, ok := db.ServerSymbol(m[3])
	if !ok || len(n.Missing) > 0 && n.Missing[len(n.Missing)-1] > last {
		return Rename{}, false // the new name is gone again
	}
	return Rename{Old: old, New: m[3], Params: params, Since: n.Declared[0]}, true
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Arity returns how many arguments a call of the function or function-like
// macro d takes: n, or at least n when variadic ("...", a macro's
// __VA_ARGS__); false when d is neither, or its parameter list does not
// read.
func Arity(d ServerDecl) (n int, variadic, ok bool) {
	var params []string
	switch d.Kind {
	case "macro":
		open := strings.IndexByte(d.Text, '(')
		head := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(strings.TrimPrefix(d.Text, "#")), "define"))
		if open < 0 || !strings.HasPrefix(head, d.Name+"(") {
			return 0, false, false // object-like
		}
		// The text, not Params, which lacks a trailing "...".
		params, _ = csrc.DeclParams(head, d.Name)
	case "func":
		var found bool
		if params, found = csrc.DeclParams(d.Text, d.Name); !found {
			return 0, false, false
		}
	default:
		return 0, false, false
	}
	if len(params) == 1 && strings.TrimSpace(params[0]) == "void" {
		return 0, false, true
	}
	for _, p := range params {
		if strings.HasSuffix(strings.TrimSpace(p), "...") {
			return n, true, true
		}
		n++
	}
	return n, false, true
}
