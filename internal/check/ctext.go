package check

// codeOnly returns a copy of C source with comments, string literals and
// character literals replaced by spaces (newlines kept), so that a textual
// search for an identifier finds only code. Offsets are unchanged.
func codeOnly(src []byte) []byte {
	out := make([]byte, len(src))
	copy(out, src)
	blank := func(i int) {
		if out[i] != '\n' {
			out[i] = ' '
		}
	}
	for i := 0; i < len(src); i++ {
		switch {
		case src[i] == '/' && i+1 < len(src) && src[i+1] == '*':
			j := i
			for j < len(src) && !(src[j] == '*' && j+1 < len(src) && src[j+1] == '/' && j > i+1) {
				blank(j)
				j++
			}
			if j < len(src) {
				blank(j)
				blank(j + 1)
				j++
			}
			i = j
		case src[i] == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				blank(i)
				i++
			}
		case src[i] == '"' || src[i] == '\'':
			q := src[i]
			blank(i)
			i++
			for i < len(src) && src[i] != q && src[i] != '\n' {
				if src[i] == '\\' && i+1 < len(src) {
					blank(i)
					i++
				}
				blank(i)
				i++
			}
			if i < len(src) && src[i] == q {
				blank(i)
			}
		}
	}
	return out
}
