\echo Use "ALTER EXTENSION demo UPDATE TO '1.1'" to load this file. \quit

-- Приветствие: новая функция версии 1.1
CREATE FUNCTION demo_greet(text) RETURNS text
AS 'MODULE_PATHNAME'
LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
