/* sd--1.0--1.1.sql */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION sd UPDATE TO '1.1'" to load this file. \quit

CREATE OR REPLACE FUNCTION sd_replaced(text) RETURNS boolean
LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS 'SELECT $1 = ''x''';

ALTER FUNCTION sd_altered(text) SET search_path = pg_catalog, @extschema@, pg_temp; -- want PGX533 (pinned here; sd.control fixes no schema)

CREATE FUNCTION sd_new(text) RETURNS boolean -- want PGX403
LANGUAGE plpgsql SECURITY DEFINER
AS $$ BEGIN RETURN $1 = 'x'; END $$;

ALTER FUNCTION sd_made(text) SECURITY DEFINER;
ALTER FUNCTION sd_cleared(text) SECURITY INVOKER;
ALTER FUNCTION sd_reset(text) RESET search_path;

CREATE OR REPLACE FUNCTION sd_repinned(text) RETURNS boolean -- want PGX403
LANGUAGE sql SECURITY DEFINER
AS 'SELECT $1 = ''x''';
