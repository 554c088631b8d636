// Package control parses extension control files (ext.control and the
// secondary ext--1.0.control) the way PostgreSQL's
// parse_extension_control_file (src/backend/commands/extension.c) does, and
// validates keys and values per PostgreSQL major version.
package control

import "github.com/pgext-ls/pgext-ls/internal/span"

// File is one parsed control file.
type File struct {
	Path string
	// Extension is the extension name taken from the file name
	// ("hstore" for hstore.control and hstore--1.4.control).
	Extension string
	// Version is set for secondary control files (hstore--1.4.control).
	Version string
	Entries []Entry
	// Errors are syntax errors and key/value problems the server would
	// report; Code is a stable diagnostic code.
	Errors []Problem

	// src is the text the entries were read from: the cursor queries of
	// cursor.go read it, so features ask the File, not the bytes.
	src []byte
	// comments are the ranges of the '#' comments, in order.
	comments []span.Range
}

// Comments returns the ranges of f's comments, from their '#' to the end
// of their line, in order.
func (f *File) Comments() []span.Range {
	if f == nil {
		return nil
	}
	return f.comments
}

// Entry is one "key = value" line.
type Entry struct {
	Key        string
	Value      string // unquoted, with '' and backslash escapes resolved
	KeyRange   span.Range
	ValueRange span.Range // the value token, quotes included
	// Quoted is set when the value was written as a single-quoted string.
	Quoted bool
	// Recovered is set for an entry read from a line with a syntax error
	// (reported in File.Errors): Value is the rest of the line after the
	// key and the optional "=", which is what the author most likely
	// meant ("module_pathname = $libdir/x" gives "$libdir/x"). The server
	// rejects the whole file; the entry only keeps one error from
	// cascading into others.
	Recovered bool
}

// Problem is an error or warning found while parsing or validating.
type Problem struct {
	Code    string
	Error   bool // false for warnings
	Message string
	Range   span.Range
}

// Get returns the last entry for key (the server keeps the last one).
func (f *File) Get(key string) (Entry, bool) {
	for i := len(f.Entries) - 1; i >= 0; i-- {
		if f.Entries[i].Key == key {
			return f.Entries[i], true
		}
	}
	return Entry{}, false
}
