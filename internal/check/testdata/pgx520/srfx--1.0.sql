\echo Use "CREATE EXTENSION srfx" to load this file. \quit
-- Value-per-call SRF declared as a scalar: every call fails.
CREATE FUNCTION srfx_count(integer) RETURNS integer AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE; -- want PGX520
-- The same C function declared as a set: fine.
CREATE FUNCTION srfx_count_set(integer) RETURNS SETOF integer AS 'MODULE_PATHNAME', 'srfx_count' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
-- Materialized SRF declared as a scalar.
CREATE FUNCTION srfx_mat() RETURNS integer AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE; -- want PGX520
CREATE FUNCTION srfx_table() RETURNS TABLE (a integer) AS 'MODULE_PATHNAME', 'srfx_mat' LANGUAGE C IMMUTABLE PARALLEL SAFE;
-- Set declared, one Datum returned: one row per call.
CREATE FUNCTION srfx_one() RETURNS SETOF integer AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE; -- want PGX521
CREATE FUNCTION srfx_one_scalar() RETURNS integer AS 'MODULE_PATHNAME', 'srfx_one' LANGUAGE C IMMUTABLE PARALLEL SAFE;
-- The protocol in a static helper of the file handed fcinfo, declared as a set: fine.
CREATE FUNCTION srfx_helper() RETURNS SETOF integer AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
-- The same helper, declared as a scalar: every call fails.
CREATE FUNCTION srfx_helper_scalar() RETURNS integer AS 'MODULE_PATHNAME', 'srfx_helper' LANGUAGE C IMMUTABLE PARALLEL SAFE; -- want PGX520
-- Behind a project macro: not judged.
CREATE FUNCTION srfx_macro() RETURNS SETOF integer AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
-- Serves both contexts, testing how it was called: fine either way.
CREATE FUNCTION srfx_dual() RETURNS integer AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
-- Tuplestore by hand through ReturnSetInfo: a set, fine.
CREATE FUNCTION srfx_store() RETURNS SETOF integer AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
