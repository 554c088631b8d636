\echo Use "CREATE EXTENSION broken_demo" to load this file. \quit

-- PGX001: the C side has no PG_FUNCTION_INFO_V1(missing_fn)
CREATE FUNCTION missing_fn(integer) RETURNS integer
    AS 'MODULE_PATHNAME', 'missing_fn' -- want PGX001
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION ghost(integer) RETURNS integer
    AS 'MODULE_PATHNAME', 'ghost'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION bad_sig(integer) RETURNS integer
    AS 'MODULE_PATHNAME', 'bad_sig'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION twice(integer) RETURNS integer
    AS 'MODULE_PATHNAME', 'twice'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION widen(integer) RETURNS bigint -- want PGX404 PGX405
    AS 'MODULE_PATHNAME', 'widen'
    LANGUAGE C STRICT;

-- PGX010: a syntax error (missing comma between arguments)
CREATE FUNCTION oops(integer integer) RETURNS integer -- want PGX010
    AS 'MODULE_PATHNAME', 'oops'
    LANGUAGE C STRICT;

-- PGX403: SECURITY DEFINER resolves names through the caller's search_path
CREATE FUNCTION definer_count() RETURNS bigint -- want PGX403
    LANGUAGE sql SECURITY DEFINER
    AS 'SELECT count(*) FROM pg_class';

-- PGX401: the script runs inside the CREATE EXTENSION transaction
COMMIT; -- want PGX401
