/* ef--1.0.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION ef" to load this file. \quit

-- The control file fixes the schema: @extschema@ is ef.
CREATE FUNCTION ef_definer(integer) RETURNS integer
LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, @extschema@, pg_temp
AS 'SELECT ef_helper($1)';

CREATE FUNCTION ef_helper(integer) RETURNS integer
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS 'SELECT $1';

-- FROM CURRENT keeps ef, pg_temp: the schema is fixed, so it is secure.
CREATE FUNCTION ef_current(integer) RETURNS integer
LANGUAGE sql
SET search_path FROM CURRENT
AS 'SELECT ef_helper($1)';
