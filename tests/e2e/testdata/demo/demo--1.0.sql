\echo Use "CREATE EXTENSION demo" to load this file. \quit

CREATE FUNCTION demo_add(integer, integer) RETURNS integer
AS 'MODULE_PATHNAME', 'demo_add'
LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
