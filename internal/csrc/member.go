package csrc

// MemberBase returns the identifier left of the "->" or "." that precedes
// the identifier starting at off (for "fcinfo->flinfo" at flinfo, fcinfo),
// with member set when there is such an operator; base is "" when what
// stands left of it is no plain identifier ("a->b->c" at c, "f()->x").
func MemberBase(src []byte, off int) (base string, member bool) { return memberBaseFrom(src, 0, off) }

// memberBaseFrom is MemberBase lexing from from (see File.syncPoint).
func memberBaseFrom(src []byte, from, off int) (base string, member bool) {
	off = min(off, len(src))
	toks := lex(src[min(from, off):off], false)
	n := len(toks)
	if n == 0 || !(toks[n-1].punct("->") || toks[n-1].punct(".")) {
		return "", false
	}
	if n < 2 || toks[n-2].kind != tokIdent {
		return "", true
	}
	if n >= 3 && (toks[n-3].punct("->") || toks[n-3].punct(".")) {
		return "", true
	}
	return toks[n-2].text, true
}

// DeclaredType returns the type name of the last declaration of the
// variable name in src before off ("QueryDesc" for "QueryDesc *qd;" or
// "QueryDesc *qd = ..."), the identifier before its declarator; "" when
// there is none.
func DeclaredType(src []byte, name string, off int) string {
	toks := lex(src[:min(off, len(src))], false)
	typ := ""
	for i := 1; i+1 < len(toks); i++ {
		t := toks[i]
		if t.kind != tokIdent || t.text != name {
			continue
		}
		next := toks[i+1]
		if !(next.punct(";") || next.punct("=") || next.punct(",") || next.punct(")") || next.punct("[")) {
			continue
		}
		j := i - 1
		for j >= 0 && toks[j].punct("*") {
			j--
		}
		if j < 0 || toks[j].kind != tokIdent || notType[toks[j].text] {
			continue
		}
		typ = toks[j].text
	}
	return typ
}

// notType lists the keywords that may stand before an identifier without
// declaring it.
var notType = map[string]bool{
	"return": true, "sizeof": true, "case": true, "goto": true, "else": true,
	"do": true, "const": true, "volatile": true, "struct": true, "union": true, "enum": true,
}

// MemberBase is MemberBase over the text of f.
func (f *File) MemberBase(off int) (base string, member bool) {
	return memberBaseFrom(f.text(), f.syncPoint(off), off)
}

// DeclaredType is DeclaredType over the text of f.
// A declaration in the function the cursor is in is the last one; only
// when there is none is the rest of the file read.
func (f *File) DeclaredType(name string, off int) string {
	src := f.text()
	off = min(max(off, 0), len(src))
	from := f.syncPoint(off)
	if t := DeclaredType(src[from:], name, off-from); t != "" || from == 0 {
		return t
	}
	return DeclaredType(src, name, off)
}
