// Package pgxs reads the variables of a PGXS Makefile (MODULES, MODULE_big,
// OBJS, EXTENSION, DATA, DATA_built, REGRESS, ...) without running make: it
// understands "=", ":=", "::=", "?=", "+=", line continuations, comments,
// $(VAR) and ${VAR} expansion and the conditionals PostgreSQL's contrib
// Makefiles use (ifdef USE_PGXS ... else ... endif), keeping both branches.
package pgxs

import "github.com/pgext-ls/pgext-ls/internal/span"

// File is one parsed Makefile.
type File struct {
	Path string
	// Assigns lists every variable assignment in file order.
	Assigns []Assign
	// UsesPGXS is set when the Makefile includes $(PGXS) or PostgreSQL's
	// contrib-global.mk / pgxs.mk.
	UsesPGXS bool
}

// Assign is one assignment "NAME op value".
type Assign struct {
	Name       string
	Op         string // "=", ":=", "::=", "?=", "+="
	Value      string // raw value with continuations joined
	NameRange  span.Range
	ValueRange span.Range
}

// Word is one whitespace-separated word of an expanded variable value.
// Range points at the text in the Makefile the word came from (for words
// produced by expanding another variable, the reference's range).
type Word struct {
	Text  string
	Range span.Range
}
