\echo Use "CREATE EXTENSION fet" to load this file. \quit
CREATE FUNCTION fet_parse(text) RETURNS integer
AS 'MODULE_PATHNAME', 'fet_parse' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
