\echo Use "CREATE EXTENSION demo" to load this file. \quit

-- Сложение 🐘
CREATE FUNCTION demo_add(integer, integer) RETURNS integer /* сумма 🐘 */ AS 'MODULE_PATHNAME', 'demo_add' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION demo_greet(text) RETURNS text
AS 'MODULE_PATHNAME'
LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION demo_elephant() RETURNS text
AS $$ SELECT '🐘 слон' $$
LANGUAGE sql IMMUTABLE PARALLEL SAFE;

CREATE TYPE demo_pair AS (a integer, b integer);
