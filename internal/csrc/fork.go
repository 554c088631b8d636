package csrc

// InForkChild reports whether the code at byte offset off, in the
// definition fn, runs only in the child process of a fork() the same
// definition makes: inside the statement of "if (pid == 0)" (or
// "if (!pid)", "if ((pid = fork()) == 0)") where pid took fork()'s
// result, or in the "case 0:" section of "switch (pid)" or
// "switch (fork())".
func (f *File) InForkChild(fn *Func, off int) bool {
	if off < fn.Range.Start || off >= fn.Range.End {
		return false
	}
	toks := f.codeTokens(fn.Range.Start, fn.Range.End)
	match := matchBrackets(toks)
	at := -1
	for i, t := range toks {
		if t.start == off {
			at = i
			break
		}
	}
	if at < 0 {
		return false
	}
	pids, forks := map[string]bool{}, false
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].text != "fork" || !toks[i+1].punct("(") {
			continue
		}
		forks = true
		if i >= 2 && toks[i-1].punct("=") && toks[i-2].kind == tokIdent {
			pids[toks[i-2].text] = true
		}
	}
	if !forks {
		return false
	}
	for i := 0; i+1 < len(toks) && i < at; i++ {
		kw := toks[i].text
		if kw != "if" && kw != "switch" || toks[i].kind != tokIdent || !toks[i+1].punct("(") || match[i+1] < 0 {
			continue
		}
		open, close := i+1, match[i+1]
		cond := toks[open+1 : close]
		from, to := close+1, statementEnd(toks, match, close+1)
		if at < from || at > to {
			continue
		}
		if kw == "if" && childTest(cond, pids) {
			return true
		}
		if kw == "switch" && (isPid(cond, pids) || isForkCall(cond)) && toks[from].punct("{") && inCaseZero(toks, match, from, at) {
			return true
		}
	}
	return false
}

// matchBrackets pairs each "(" and "{" of toks with its close, -1 for the
// other tokens and for an open never closed.
func matchBrackets(toks []token) []int {
	match := make([]int, len(toks))
	var stack []int
	for i, t := range toks {
		match[i] = -1
		switch {
		case t.punct("(") || t.punct("{"):
			stack = append(stack, i)
		case (t.punct(")") || t.punct("}")) && len(stack) > 0:
			match[stack[len(stack)-1]] = i
			stack = stack[:len(stack)-1]
		}
	}
	return match
}

// statementEnd returns the index of the last token of the statement that
// starts at toks[i]: the "}" of a block, otherwise the ";" that ends it at
// its nesting level (a nested if or loop statement included).
func statementEnd(toks []token, match []int, i int) int {
	if i >= len(toks) {
		return len(toks) - 1
	}
	if toks[i].punct("{") && match[i] >= 0 {
		return match[i]
	}
	for k := i; k < len(toks); k++ {
		switch {
		case (toks[k].punct("(") || toks[k].punct("{")) && match[k] >= 0:
			k = match[k]
		case toks[k].punct(";"):
			return k
		}
	}
	return len(toks) - 1
}

// childTest reports whether cond is true in fork()'s child only: pid == 0,
// 0 == pid, !pid, or (pid = fork()) == 0.
func childTest(cond []token, pids map[string]bool) bool {
	zero := func(t token) bool { return t.kind == tokNumber && t.text == "0" }
	n := len(cond)
	switch {
	case n == 2 && cond[0].punct("!"):
		return isPid(cond[1:], pids)
	case n >= 3 && cond[n-2].punct("==") && zero(cond[n-1]):
		return isPid(cond[:n-2], pids) || isForkAssign(cond[:n-2])
	case n >= 3 && zero(cond[0]) && cond[1].punct("=="):
		return isPid(cond[2:], pids) || isForkAssign(cond[2:])
	}
	return false
}

// isPid reports whether toks is one variable that took fork()'s result.
func isPid(toks []token, pids map[string]bool) bool {
	return len(toks) == 1 && toks[0].kind == tokIdent && pids[toks[0].text]
}

// isForkCall reports whether toks is "fork()".
func isForkCall(toks []token) bool {
	return len(toks) == 3 && toks[0].text == "fork" && toks[1].punct("(") && toks[2].punct(")")
}

// isForkAssign reports whether toks is "(pid = fork())".
func isForkAssign(toks []token) bool {
	n := len(toks)
	return n == 7 && toks[0].punct("(") && toks[1].kind == tokIdent && toks[2].punct("=") && isForkCall(toks[3:6]) && toks[6].punct(")")
}

// inCaseZero reports whether toks[at] is in the "case 0:" section of the
// switch body whose "{" is toks[body].
func inCaseZero(toks []token, match []int, body, at int) bool {
	zero := false
	for k := body + 1; k < at && k < len(toks); k++ {
		switch t := toks[k]; {
		case (t.punct("(") || t.punct("{")) && match[k] >= 0 && match[k] < at:
			k = match[k] // a nested block or call before at
		case t.text == "case" && t.kind == tokIdent:
			zero = k+2 < len(toks) && toks[k+1].kind == tokNumber && toks[k+1].text == "0" && toks[k+2].punct(":")
		case t.text == "default" && t.kind == tokIdent:
			zero = false
		}
	}
	return zero
}
