\echo Use "ALTER EXTENSION demo UPDATE TO '1.1'" to load this file. \quit

-- Приветствие: новая функция версии 1.1
CREATE FUNCTION demo_greet(text) RETURNS text
AS 'MODULE_PATHNAME'
LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION demo_elephant() RETURNS text
AS $$ SELECT '🐘 слон' $$
LANGUAGE sql IMMUTABLE PARALLEL SAFE;

CREATE TYPE demo_pair AS (a integer, b integer);
