package csrc

// MemberBase returns the identifier left of the "->" or "." that precedes
// the identifier starting at off (for "fcinfo->flinfo" at flinfo, fcinfo),
// with member set when there is such an operator; base is "" when what
// stands left of it is no plain identifier ("a->b->c" at c, "f()->x").
func MemberBase(src []byte, off int) (base string, member bool) { return memberBaseFrom(src, 0, off) }

// memberBaseFrom is MemberBase lexing from from (see File.syncPoint). It
// keeps only the last three tokens before off, without their text.
func memberBaseFrom(src []byte, from, off int) (base string, member bool) {
	off = min(off, len(src))
	src = src[min(from, off):off]
	s := newScanner(src, false, false)
	s.noText = true
	var last [3]token // last[2] is the token right before off
	n := 0
	for {
		t, ok := s.next()
		if !ok {
			break
		}
		last[0], last[1], last[2] = last[1], last[2], t
		n++
	}
	if n == 0 || !memberOp(src, last[2]) {
		return "", false
	}
	if n < 2 || last[1].kind != tokIdent {
		return "", true
	}
	if n >= 3 && memberOp(src, last[0]) {
		return "", true
	}
	return string(src[last[1].start:last[1].end]), true
}

// memberOp reports whether t, a token of src without its text, is "->"
// or ".".
func memberOp(src []byte, t token) bool {
	w := string(src[t.start:t.end])
	return t.kind == tokPunct && (w == "->" || w == ".")
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
