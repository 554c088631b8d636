// Package project builds the Snapshot: an immutable model of the PostgreSQL
// extensions found under a set of workspace roots.
//
// Discovery walks the roots for .control files, extension scripts, PGXS
// Makefiles and C sources; every file is parsed by the package that owns its
// kind (csrc, sqlscript, control, pgxs), keyed by content hash so an edit
// re-parses only the changed file. From those facts the snapshot derives, for
// each extension, its versions and script graph, the scripts CREATE
// EXTENSION runs at default_version, its modules (shared libraries) and
// their C files, and for every LANGUAGE C function the PG_FUNCTION_INFO_V1
// marker and definition it resolves to.
//
// # Text and encodings
//
// Whether a file is text, and in which encoding, is decided once, in
// Parse (see Judge), and every parser, check and feature obeys that
// verdict. A binary file (a NUL byte, or many control characters early
// on) is not given to any parser; check PGX018 reports it, and nothing
// else looks at it. Text that is not valid UTF-8 (C files saved in Latin-1
// exist in the wild) is decoded to UTF-8 when it is read (see Decode), and
// Source.Content holds the decoded text: parsers, facts, ranges and the
// span.Mapper all work on it, and it is indexed like any other file.
//
// No mapping back to the bytes on disk is kept, because nothing needs one:
// pgext-ls hands positions out only as lines and characters (LSP, the
// CLI's line:column, SARIF), never as byte offsets into a file, and an
// editor that shows the file in Latin-1 (or with a replacement character
// per invalid byte) counts each such byte as one character, as the
// decoded text does. An open buffer always arrives as UTF-8 from the
// editor and needs no decoding.
//
// Snapshots are never mutated after they are built: Update returns a new
// Snapshot that shares the parses of unchanged files.
package project
