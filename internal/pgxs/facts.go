// Package pgxs reads the variables of a PGXS Makefile (MODULES, MODULE_big,
// OBJS, EXTENSION, DATA, DATA_built, REGRESS, ...) without running make: it
// understands "=", ":=", "::=", "?=", "+=", line continuations, comments,
// $(VAR) and ${VAR} expansion and the conditionals PostgreSQL's contrib
// Makefiles use (ifdef USE_PGXS ... else ... endif), keeping both branches;
// File.EvalFor evaluates it for one server instead, taking one branch of
// the conditionals on the server's version.
package pgxs

import (
	"path/filepath"

	"github.com/pgext-ls/pgext-ls/internal/span"
)

// File is one parsed Makefile.
type File struct {
	Path string
	// Assigns lists every variable assignment in file order.
	Assigns []Assign
	// UsesPGXS is set when the Makefile includes $(PGXS) or PostgreSQL's
	// contrib-global.mk / pgxs.mk.
	UsesPGXS bool
	// Includes lists the include, -include and sinclude lines.
	Includes []Include
	// Problems are structural errors make would stop at: a conditional
	// without endif, an else or endif without a conditional, a define
	// without endef.
	Problems []Problem
	// Rules lists the explicit and pattern rules in file order, both
	// branches of every conditional included.
	Rules []Rule

	comments []span.Range // the comments, in order
	pgxsAt   int          // the end of the first PGXS include, when UsesPGXS
}

// Comments returns the ranges of f's comments, from their '#' to the end
// of their logical line, in order. Recipe lines are the shell's: a '#'
// there is no make comment.
func (f *File) Comments() []span.Range {
	if f == nil {
		return nil
	}
	return f.comments
}

// Rule is one rule "targets: prerequisites" and its recipe.
type Rule struct {
	Targets, Prereqs Raw
	// Recipe holds the commands, unexpanded, with continuations joined
	// and command prefixes (@, -, +) removed.
	Recipe []Raw
	// Range covers the rule line.
	Range span.Range
	Conds []Cond
}

// Raw is unexpanded make source and where it is in the Makefile.
type Raw struct {
	Text string
	offs []int // source offset of each byte of Text
}

// Include is one include directive.
type Include struct {
	Path  string // raw, unexpanded words after the directive
	Range span.Range
	Conds []Cond
}

// Cond is one conditional an assignment or include is nested in.
type Cond struct {
	// Directive is the conditional as written: "ifdef USE_PGXS",
	// "ifeq ($(PORTNAME), win32)".
	Directive string
	// Else is set inside the else branch.
	Else bool
	// Start is the offset of the directive in the Makefile.
	Start int
	// Prior lists the conditions of the earlier branches of an
	// "else ifeq ..." chain, which are all false where this branch is
	// read.
	Prior []Cond
}

// Problem is a structural error in a Makefile.
type Problem struct {
	Message string
	Range   span.Range
}

// Assign is one assignment "NAME op value".
type Assign struct {
	Name       string
	Op         string // "=", ":=", "::=", "?=", "+="
	Value      string // raw value with continuations joined
	NameRange  span.Range
	ValueRange span.Range
	// Conds are the conditionals around the assignment, outermost first.
	// Both branches of a conditional are read.
	Conds    []Cond
	Override bool // written with the override prefix
	Export   bool // written with the export prefix

	// offs maps each byte of Value to its offset in the Makefile.
	offs []int
}

// Word is one whitespace-separated word of an expanded variable value.
// Range points at the text in the Makefile the word came from (for words
// produced by expanding another variable, the reference's range).
type Word struct {
	Text  string
	Range span.Range
	// Glob is set for a pattern from $(wildcard ...): Text is a shell glob
	// relative to the Makefile's directory that the caller may match
	// against the files it knows.
	Glob bool
	// Unexpanded is set when Text is make source that pgext-ls does not
	// evaluate ($(shell ...), $(foreach ...), functions applied to
	// $(wildcard ...) results, ...).
	Unexpanded bool
	// Pattern is, for an Unexpanded word, Text with each unexpanded part
	// replaced by the shell glob "*" (the literal parts escaped): the
	// files it may name.
	Pattern string
	// Version is set when an unexpanded part of the word comes from the
	// server version (see EvalFor): $(MAJORVERSION) outside EvalFor, a
	// $(shell pg_config --version | ...) pgext-ls does not follow.
	Version bool
	// Unsure is set, by EvalFor, on a word that an assignment under a
	// conditional on the server version added when that conditional
	// could not be decided: the word may or may not be there.
	Unsure bool
}

// Listed reports whether the file at rel (relative to
// the Makefile's folder) is among words, literally or through a
// $(wildcard ...) pattern; ok is false when the list cannot be judged
// because a word is not expanded.
func Listed(words []Word, rel string) (found, ok bool) {
	for _, w := range words {
		if w.Unexpanded {
			return false, false
		}
		if w.Glob {
			if m, _ := filepath.Match(w.Text, rel); m {
				return true, true
			}
			continue
		}
		if filepath.Clean(w.Text) == rel {
			return true, true
		}
	}
	return false, true
}
