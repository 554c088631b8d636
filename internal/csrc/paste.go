package csrc

import "strings"

// PastedOnly reports whether a function-like macro's body uses its
// parameter param only as an operand of ## (token pasting) or # (making a
// string): the argument written there is spliced into another token or
// quoted, so it does not name anything itself. String in
// "IsA(node, String)" becomes T_String, which every major declares, and
// is not a use of the String node type of 15 and later.
func PastedOnly(body, param string) bool {
	toks := lex([]byte(body), false)
	used := false
	for i, t := range toks {
		if t.kind != tokIdent || t.text != param {
			continue
		}
		used = true
		before := i > 0 && (toks[i-1].punct("##") || toks[i-1].punct("#"))
		after := i+1 < len(toks) && toks[i+1].punct("##")
		if !before && !after {
			return false
		}
	}
	return used
}

// DefineParts splits the text of a function-like macro definition,
// "#define IsA(nodeptr,_type_) (nodeTag(nodeptr) == T_##_type_)", into
// its parameters and its body; ok is false for any other text.
func DefineParts(define string) (params []string, body string, ok bool) {
	s := strings.TrimSpace(define)
	s, ok = strings.CutPrefix(s, "#")
	if !ok {
		return nil, "", false
	}
	s, ok = strings.CutPrefix(strings.TrimSpace(s), "define")
	if !ok {
		return nil, "", false
	}
	s = strings.TrimLeft(s, " \t")
	open := strings.IndexByte(s, '(')
	if open <= 0 || !ValidName(s[:open]) {
		return nil, "", false
	}
	end := strings.IndexByte(s[open:], ')')
	if end < 0 {
		return nil, "", false
	}
	for _, p := range strings.Split(s[open+1:open+end], ",") {
		params = append(params, strings.TrimSpace(p))
	}
	return params, s[open+end+1:], true
}
