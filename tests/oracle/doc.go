// Package oracle proves pgext-ls's error-level checks against a real
// PostgreSQL 15 server.
//
// Each fixture under testdata/oracle is an extension. The tests build it
// with PGXS, install it into a staging tree, start a throwaway server that
// reads that tree, and run CREATE EXTENSION, the fixture's calls and ALTER
// EXTENSION ... UPDATE, recording the first step that fails and the server's
// (or compiler's) message. The same directory goes through
// `pgext-ls check --format json --pg-version <server major>`; the test
// passes when both agree with the
// fixture's manifest: the clean fixture passes every step and draws no
// pgext-ls error, and each variant fails at the predicted step with the
// predicted message while pgext-ls reports exactly the predicted code,
// quoting that message.
//
// Why a staging tree and a cluster per fixture: PostgreSQL 15 reads control
// files only from its share directory, and every variant is an extension
// named pgxo. The server computes its share and library directories relative
// to its own executable, so a copy of the postgres binary placed at
// STAGE/usr/lib/postgresql/15/bin finds STAGE/usr/share/postgresql/15; the
// harness fills the staging tree with symbolic links to the real
// installation plus what `make install DESTDIR=STAGE` put there. Nothing is
// written outside a temporary directory, and fixtures run in parallel, each
// on a copy of one data directory made by a single initdb.
//
// The package has only tests; see README.md for the table of checks and the
// server behaviour each fixture proves.
package oracle
