\echo Use "CREATE EXTENSION stubs" to load this file. \quit

-- Повтор строки 🐘: the C function does not exist yet
CREATE FUNCTION repeat_text(word text, n integer) RETURNS text
/* слон 🐘 */ AS 'MODULE_PATHNAME', 'repeat_text'
LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION clamp_int(val integer, lo integer, hi integer) RETURNS integer
AS 'MODULE_PATHNAME', 'clamp_int'
LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION clamp_int(integer, bigint) RETURNS integer
AS 'MODULE_PATHNAME', 'clamp_int'
LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
