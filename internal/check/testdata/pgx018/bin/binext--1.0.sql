\echo Use "CREATE EXTENSION binext" to load this file. \quit
CREATE FUNCTION binext_f() RETURNS integer
AS 'MODULE_PATHNAME', 'binext_f' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
