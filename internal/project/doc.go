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
// Snapshots are never mutated after they are built: Update returns a new
// Snapshot that shares the parses of unchanged files.
package project
