\echo Use "ALTER EXTENSION names UPDATE TO '1.1'" to load this file. \quit

ALTER FUNCTION nm_plus(integer, integer) COST 2;
GRANT EXECUTE ON FUNCTION nm_plus(integer, integer) TO PUBLIC;

CREATE FUNCTION nm_sum(integer, integer, integer) RETURNS integer
AS 'MODULE_PATHNAME', 'names_sum'
LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION nm_sum(integer, integer, integer) IS 'adds three';
GRANT EXECUTE ON FUNCTION nm_sum(integer, integer, integer) TO PUBLIC;
