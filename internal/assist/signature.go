package assist

import (
	"fmt"
	"strings"

	"github.com/pgext-ls/pgext-ls/internal/csrc"
	"github.com/pgext-ls/pgext-ls/internal/pgapi"
	"github.com/pgext-ls/pgext-ls/internal/project"
)

// SignatureHelp shows the signature of the call whose argument list
// encloses offset: a server API function or macro (one signature per
// distinct declaration among the supported versions, the newest active),
// an fmgr macro, or a function of the file's module. It reports false
// outside a call.
func SignatureHelp(s *project.Snapshot, path string, offset int, env Env) (SignatureResult, bool) {
	env = env.forFile(s, path)
	f := source(s, path, offset)
	if f == nil || (f.Kind != project.KindC && f.Kind != project.KindHeader) {
		return SignatureResult{}, false
	}
	st := f.C.CursorAt(offset)
	if st.InComment || st.InDirective {
		return SignatureResult{}, false
	}
	// The innermost call with a name we know.
	for i := len(st.Calls) - 1; i >= 0; i-- {
		fr := st.Calls[i]
		if fr.Name == "" {
			continue
		}
		if sigs := signaturesOf(s, f, fr.Name, env); len(sigs) > 0 {
			return SignatureResult{Signatures: sigs, ActiveSignature: len(sigs) - 1, ActiveParameter: fr.Arg}, true
		}
	}
	return SignatureResult{}, false
}

// signaturesOf returns the signatures of name.
func signaturesOf(s *project.Snapshot, f *project.Source, name string, env Env) []Signature {
	vs := env.versions()
	if db := env.API; db != nil {
		if a, ok := db.APIFunc(name); ok {
			return apiSignatures(a, vs)
		}
		if m, ok := db.FmgrMacro(name); ok {
			return macroSignatures(m, vs)
		}
	}
	for _, m := range s.ModulesOf(f.Path) {
		for _, d := range m.Defs[name] {
			return []Signature{cFuncSignature(name, d.Func.Return, d.Func.Params, location(s, d.File.Path, d.Func.NameRange.Start))}
		}
		for _, d := range m.Decls[name] {
			return []Signature{cFuncSignature(name, d.Decl.Return, d.Decl.Params, location(s, d.File.Path, d.Decl.NameRange.Start))}
		}
	}
	if f.C != nil {
		for i := range f.C.Funcs {
			if fn := &f.C.Funcs[i]; fn.Name == name {
				return []Signature{cFuncSignature(name, fn.Return, fn.Params, location(s, f.Path, fn.NameRange.Start))}
			}
		}
	}
	return nil
}

// buildSignature formats "ret name(p1, p2)" and records where each
// parameter is.
func buildSignature(head string, params []string, doc string) Signature {
	sig := Signature{Documentation: doc}
	var b strings.Builder
	b.WriteString(head + "(")
	for i, p := range params {
		if i > 0 {
			b.WriteString(", ")
		}
		start := b.Len()
		b.WriteString(p)
		sig.Parameters = append(sig.Parameters, Parameter{Label: p, Start: start, End: b.Len()})
	}
	b.WriteString(")")
	sig.Label = b.String()
	return sig
}

func apiSignatures(a *pgapi.APIFunc, vs []int) []Signature {
	type group struct {
		majors []int
		d      *pgapi.APIDecl
		key    string
	}
	var groups []group
	for _, v := range vs {
		d, ok := a.In(v)
		if !ok {
			continue
		}
		key := apiSigKey(d)
		if n := len(groups); n > 0 && groups[n-1].key == key {
			groups[n-1].majors = append(groups[n-1].majors, v)
			continue
		}
		groups = append(groups, group{majors: []int{v}, d: d, key: key})
	}
	var out []Signature
	for _, g := range groups {
		doc := a.Note
		if len(groups) > 1 || len(g.majors) < len(vs) {
			doc = strings.TrimSpace(fmt.Sprintf("PostgreSQL %s. %s", formatMajors(g.majors), a.Note))
		}
		switch {
		case g.d.Kind == "macro":
			out = append(out, buildSignature(a.Name, g.d.MacroParams, doc))
		default:
			var ps []string
			for _, p := range g.d.Params {
				ps = append(ps, strings.TrimSpace(p.Decl))
			}
			head := strings.TrimSpace(g.d.ReturnType + " " + a.Name)
			if g.d.ReturnType != "" && strings.HasSuffix(g.d.ReturnType, "*") {
				head = g.d.ReturnType + a.Name
			}
			out = append(out, buildSignature(head, ps, doc))
		}
	}
	return out
}

func apiSigKey(d *pgapi.APIDecl) string {
	if d.Kind == "macro" {
		return "macro(" + strings.Join(d.MacroParams, ",") + ")"
	}
	var ps []string
	for _, p := range d.Params {
		ps = append(ps, p.Decl)
	}
	return d.ReturnType + "(" + strings.Join(ps, ",") + ")"
}

func macroSignatures(m *pgapi.FmgrMacro, vs []int) []Signature {
	for i := len(vs) - 1; i >= 0; i-- {
		if mv, ok := m.In(vs[i]); ok {
			doc := m.Note
			if m.CType != "" {
				doc = strings.TrimSpace(fmt.Sprintf("`%s`. %s", m.CType, m.Note))
			}
			return []Signature{buildSignature(m.Name, mv.Params, doc)}
		}
	}
	return nil
}

func cFuncSignature(name, ret string, params []csrc.Param, where string) Signature {
	var ps []string
	for _, p := range params {
		ps = append(ps, cDecl(p.Type, p.Name))
	}
	head := strings.TrimSpace(ret + " " + name)
	if strings.HasSuffix(ret, "*") {
		head = ret + name
	}
	return buildSignature(head, ps, "Defined at "+where+".")
}

// cDecl joins a type and a name the way C code is written: "int x",
// "QueryDesc *queryDesc".
func cDecl(typ, name string) string {
	if name == "" {
		return typ
	}
	if strings.HasSuffix(typ, "*") {
		return typ + name
	}
	return strings.TrimSpace(typ + " " + name)
}
