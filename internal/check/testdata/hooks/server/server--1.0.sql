\echo Use "CREATE EXTENSION server" to load this file. \quit

CREATE FUNCTION open_bad(oid) RETURNS int
AS 'MODULE_PATHNAME', 'open_bad' LANGUAGE C STRICT;

CREATE FUNCTION open_good(oid) RETURNS int
AS 'MODULE_PATHNAME', 'open_good' LANGUAGE C STRICT;
