/* nr--1.0.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION nr" to load this file. \quit

-- Not relocatable: @extschema@ is substituted everywhere.
CREATE FUNCTION nr_one() RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS 'SELECT 1';

COMMENT ON FUNCTION @extschema@.nr_one() IS 'one';

CREATE FUNCTION nr_two() RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS 'SELECT @extschema@.nr_one() OPERATOR(pg_catalog.+) 1';
