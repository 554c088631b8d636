\echo Use "CREATE EXTENSION latin" to load this file. \quit
CREATE FUNCTION latin_one(integer) RETURNS integer
AS 'MODULE_PATHNAME', 'latin_one' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
