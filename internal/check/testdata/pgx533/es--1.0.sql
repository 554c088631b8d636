/* es--1.0.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION es" to load this file. \quit

-- The installer picks the schema: @extschema@ may be public.
CREATE FUNCTION es_definer(integer) RETURNS integer -- want PGX533
LANGUAGE sql SECURITY DEFINER
SET search_path = @extschema@, pg_temp
AS 'SELECT es_helper($1)';

CREATE FUNCTION es_first(integer) RETURNS integer -- want PGX533
LANGUAGE plpgsql
SET search_path = @extschema@, pg_catalog, pg_temp
AS $$ BEGIN RETURN es_helper($1); END $$;

-- Secure wherever the extension lives: no @extschema@ on the path.
CREATE FUNCTION es_safe(integer) RETURNS integer
LANGUAGE sql
SET search_path = pg_catalog, pg_temp
AS 'SELECT @extschema@.es_helper($1)';

-- public on the path: PGX530's, one finding.
CREATE FUNCTION es_public(integer) RETURNS integer -- want PGX530
LANGUAGE sql
SET search_path = @extschema@, public
AS 'SELECT es_helper($1)';

CREATE FUNCTION es_helper(integer) RETURNS integer
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS 'SELECT $1';

-- Pinned to @extschema@ by a later ALTER FUNCTION: reported there.
CREATE FUNCTION es_altered(integer) RETURNS integer
LANGUAGE sql
AS 'SELECT @extschema@.es_helper($1)';
ALTER FUNCTION es_altered(integer) SET search_path = @extschema@, pg_temp; -- want PGX533

-- Pinned to @extschema@, then to pg_catalog by ALTER FUNCTION: secure.
CREATE FUNCTION es_repinned(integer) RETURNS integer
LANGUAGE sql
SET search_path = @extschema@, pg_temp
AS 'SELECT @extschema@.es_helper($1)';
ALTER FUNCTION es_repinned(integer) SET search_path = pg_catalog, pg_temp;

-- Its @extschema@ path reset: no pinned path left (a qualified body, so
-- no PGX532 either).
CREATE FUNCTION es_reset(integer) RETURNS integer
LANGUAGE sql
SET search_path = @extschema@, pg_temp
AS 'SELECT @extschema@.es_helper($1)';
ALTER FUNCTION es_reset(integer) RESET ALL;

-- SET search_path FROM CURRENT keeps the path CREATE EXTENSION set,
-- @extschema@, pg_temp (execute_extension_script, extension.c).
CREATE FUNCTION es_current(integer) RETURNS integer -- want PGX533
LANGUAGE sql
SET search_path FROM CURRENT
AS 'SELECT es_helper($1)';

CREATE FUNCTION es_altered_current(integer) RETURNS integer
LANGUAGE sql
AS 'SELECT @extschema@.es_helper($1)';
ALTER FUNCTION es_altered_current(integer) SET search_path FROM CURRENT; -- want PGX533

-- After the script's own SET search_path, FROM CURRENT keeps that one.
SET search_path = pg_catalog, pg_temp;
CREATE FUNCTION es_current_pinned(integer) RETURNS integer
LANGUAGE sql
SET search_path FROM CURRENT
AS 'SELECT @extschema@.es_helper($1)';
