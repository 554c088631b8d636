/* rl--1.0.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION rl" to load this file. \quit

-- rl is relocatable: the server leaves @extschema@ as written, and the
-- statement fails with syntax error at or near "@".
CREATE FUNCTION rl_one() RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = @extschema@, pg_temp -- want PGX537
AS 'SELECT 1';

COMMENT ON FUNCTION @extschema@.rl_one() IS 'one'; -- want PGX537

-- In a function body it is text until the function is called (warning).
CREATE FUNCTION rl_two() RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS 'SELECT @extschema@.rl_one() OPERATOR(pg_catalog.+) 1'; -- want PGX537

-- In a comment (@extschema@.rl_one) or a string that is not a body it
-- is harmless text.
COMMENT ON FUNCTION rl_two() IS 'calls @extschema@.rl_one()';

-- SET search_path FROM CURRENT keeps the schema the extension was put
-- in, chosen by the installer (PGX533, not PGX537).
CREATE FUNCTION rl_three() RETURNS integer -- want PGX533
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT
AS 'SELECT rl_one()';
