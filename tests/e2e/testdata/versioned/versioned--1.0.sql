\echo Use "CREATE EXTENSION versioned" to load this file. \quit

CREATE FUNCTION versioned_count(int) RETURNS int
AS 'MODULE_PATHNAME', 'versioned_count' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
