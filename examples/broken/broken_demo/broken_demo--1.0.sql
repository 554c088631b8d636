\echo Use "CREATE EXTENSION broken_demo" to load this file. \quit

-- PGX001: the C side has no PG_FUNCTION_INFO_V1(missing_fn)
CREATE FUNCTION missing_fn(integer) RETURNS integer
    AS 'MODULE_PATHNAME', 'missing_fn' -- want PGX001
    LANGUAGE C STRICT;

CREATE FUNCTION ghost(integer) RETURNS integer
    AS 'MODULE_PATHNAME', 'ghost'
    LANGUAGE C STRICT;

CREATE FUNCTION bad_sig(integer) RETURNS integer
    AS 'MODULE_PATHNAME', 'bad_sig'
    LANGUAGE C STRICT;

CREATE FUNCTION twice(integer) RETURNS integer
    AS 'MODULE_PATHNAME', 'twice'
    LANGUAGE C STRICT;

CREATE FUNCTION widen(integer) RETURNS bigint
    AS 'MODULE_PATHNAME', 'widen'
    LANGUAGE C STRICT;

-- PGX010: a syntax error (missing comma between arguments)
CREATE FUNCTION oops(integer integer) RETURNS integer -- want PGX010
    AS 'MODULE_PATHNAME', 'oops'
    LANGUAGE C STRICT;
