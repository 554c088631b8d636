\echo Use "CREATE EXTENSION other" to load this file. \quit

CREATE FUNCTION other_hello() RETURNS text
AS 'MODULE_PATHNAME', 'other_hello'
LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
