package assist

import "github.com/pgext-ls/pgext-ls/internal/span"

// cFrame is a call whose argument list is open at the cursor.
type cFrame struct {
	name      string // the identifier before "(", "" for (*f)(...)
	nameRange span.Range
	open      int // offset of "("
	arg       int // index of the argument the cursor is in
	argStart  int // offset just after "(" or the last top-level ","
}

// cState is the lexical state of C source at an offset.
type cState struct {
	inComment   bool
	inString    bool // a string or character constant
	inDirective bool // a preprocessor line
	frames      []cFrame
	braceDepth  int // 0 at file scope
}

// innermost returns the innermost open call, if any.
func (st *cState) innermost() (cFrame, bool) {
	if len(st.frames) == 0 {
		return cFrame{}, false
	}
	return st.frames[len(st.frames)-1], true
}

// scanC lexes content up to off and reports the state there. It is
// tolerant: unbalanced parentheses are forgotten at the next ";", "{" or
// "}" so that half-typed code does not leave stale calls open.
func scanC(content []byte, off int) cState {
	var st cState
	if off > len(content) {
		off = len(content)
	}
	lastIdent := span.Range{Start: -1}
	lineStart := true // only white space since the last newline
	i := 0
	for i < off {
		c := content[i]
		switch {
		case c == '\n':
			lineStart = true
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
			continue
		case c == '#' && lineStart:
			j := directiveEnd(content, i)
			if j >= off {
				st.inDirective = true
				return st
			}
			i = j
			continue
		case c == '/' && i+1 < len(content) && content[i+1] == '/':
			j := i + 2
			for j < len(content) && content[j] != '\n' {
				j++
			}
			if j >= off {
				st.inComment = true
				return st
			}
			i = j
			continue
		case c == '/' && i+1 < len(content) && content[i+1] == '*':
			j := i + 2
			for j+1 < len(content) && !(content[j] == '*' && content[j+1] == '/') {
				j++
			}
			j += 2
			if j > off || j > len(content) {
				st.inComment = true
				return st
			}
			i = j
			continue
		}
		lineStart = false
		switch {
		case c == '"' || c == '\'':
			j := i + 1
			for j < len(content) && content[j] != c && content[j] != '\n' {
				if content[j] == '\\' {
					j++
				}
				j++
			}
			if j >= off {
				st.inString = true
				return st
			}
			i = j + 1
			lastIdent.Start = -1
			continue
		case isIdentByte(c):
			j := i
			for j < len(content) && isIdentByte(content[j]) {
				j++
			}
			lastIdent = span.Range{Start: i, End: j}
			i = j
			continue
		case c == '(':
			f := cFrame{open: i, argStart: i + 1}
			if lastIdent.Start >= 0 {
				f.name = string(content[lastIdent.Start:lastIdent.End])
				f.nameRange = lastIdent
			}
			st.frames = append(st.frames, f)
		case c == ')':
			if len(st.frames) > 0 {
				st.frames = st.frames[:len(st.frames)-1]
			}
		case c == ',':
			if len(st.frames) > 0 {
				f := &st.frames[len(st.frames)-1]
				f.arg++
				f.argStart = i + 1
			}
		case c == ';':
			st.frames = nil
		case c == '{':
			st.frames = nil
			st.braceDepth++
		case c == '}':
			st.frames = nil
			if st.braceDepth > 0 {
				st.braceDepth--
			}
		}
		lastIdent.Start = -1
		i++
	}
	return st
}

// directiveEnd returns the offset of the newline ending the directive
// that starts at i, following backslash continuations and block comments.
func directiveEnd(content []byte, i int) int {
	for i < len(content) {
		switch content[i] {
		case '\\':
			if i+1 < len(content) && content[i+1] == '\n' {
				i += 2
				continue
			}
			if i+2 < len(content) && content[i+1] == '\r' && content[i+2] == '\n' {
				i += 3
				continue
			}
		case '/':
			if i+1 < len(content) && content[i+1] == '*' {
				j := i + 2
				for j+1 < len(content) && !(content[j] == '*' && content[j+1] == '/') {
					j++
				}
				i = j + 2
				continue
			}
		case '\n':
			return i
		}
		i++
	}
	return len(content)
}

// intArgAfter reads "(n" right after offset (white space allowed), the
// integer argument of a macro whose name ends at offset.
func intArgAfter(content []byte, offset int) (int, bool) {
	i := offset
	skip := func() {
		for i < len(content) && (content[i] == ' ' || content[i] == '\t') {
			i++
		}
	}
	skip()
	if i >= len(content) || content[i] != '(' {
		return 0, false
	}
	i++
	skip()
	n, digits := 0, 0
	for i < len(content) && content[i] >= '0' && content[i] <= '9' && digits < 4 {
		n = n*10 + int(content[i]-'0')
		i++
		digits++
	}
	return n, digits > 0
}

// followedByParen reports whether the next non-blank byte after offset is
// "(".
func followedByParen(content []byte, offset int) bool {
	for i := offset; i < len(content); i++ {
		switch content[i] {
		case ' ', '\t':
			continue
		case '(':
			return true
		}
		return false
	}
	return false
}
