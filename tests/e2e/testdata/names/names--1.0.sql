\echo Use "CREATE EXTENSION names" to load this file. \quit

CREATE FUNCTION nm_plus(integer, integer) RETURNS integer
AS 'MODULE_PATHNAME', 'names_add'
LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION nm_twice(integer) RETURNS integer
AS 'MODULE_PATHNAME'
LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION nm_plus(integer, integer) IS 'adds';
CREATE OPERATOR <+> (LEFTARG = integer, RIGHTARG = integer, FUNCTION = nm_plus);
