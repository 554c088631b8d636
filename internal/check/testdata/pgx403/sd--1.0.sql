/* sd--1.0.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION sd" to load this file. \quit

-- Never replaced: the install path leaves it open to the caller's path.
CREATE FUNCTION sd_open(text) RETURNS boolean -- want PGX403
LANGUAGE plpgsql SECURITY DEFINER
AS $$ BEGIN RETURN $1 = 'x'; END $$;

-- Replaced in 1.1 with a pinned path: only the final definition counts.
CREATE FUNCTION sd_replaced(text) RETURNS boolean
LANGUAGE sql SECURITY DEFINER
AS 'SELECT $1 = ''x''';

-- Pinned later by ALTER FUNCTION in 1.1.
CREATE FUNCTION sd_altered(text) RETURNS boolean
LANGUAGE sql SECURITY DEFINER
AS 'SELECT $1 = ''x''';

-- The path pinned as CREATE EXTENSION sets it: @extschema@, pg_temp, in
-- a schema the installer picks (PGX533).
CREATE FUNCTION sd_current(text) RETURNS boolean -- want PGX533
LANGUAGE sql SECURITY DEFINER
SET search_path FROM CURRENT
AS 'SELECT $1 = ''x''';

-- A SQL-standard body binds its names at CREATE FUNCTION.
CREATE FUNCTION sd_atomic(text) RETURNS boolean
LANGUAGE sql SECURITY DEFINER
RETURN $1 = 'x'; -- want PGX535 (bound now, through the extension's path)

CREATE FUNCTION sd_atomic2(text) RETURNS boolean
LANGUAGE sql SECURITY DEFINER
BEGIN ATOMIC
  SELECT $1 = 'x'; -- want PGX535
END;

-- SECURITY INVOKER (the default): the caller's own privileges, so not
-- PGX403; its unqualified = is PGX532's.
CREATE FUNCTION sd_invoker(text) RETURNS boolean -- want PGX532
LANGUAGE sql
AS 'SELECT $1 = ''x''';

-- C resolves no SQL names.
CREATE FUNCTION sd_c(text) RETURNS boolean
LANGUAGE internal SECURITY DEFINER STRICT
AS 'texteq';

-- Made SECURITY DEFINER by ALTER FUNCTION in 1.1, without a path: the
-- install path leaves it as PGX403 judges it (not PGX532's any more).
CREATE FUNCTION sd_made(text) RETURNS boolean -- want PGX403
LANGUAGE sql
AS 'SELECT $1 = ''x''';

-- Made SECURITY INVOKER in 1.1: the caller's privileges, PGX532's.
CREATE FUNCTION sd_cleared(text) RETURNS boolean -- want PGX532
LANGUAGE sql SECURITY DEFINER
AS 'SELECT $1 = ''x''';

-- Its pinned path reset in 1.1.
CREATE FUNCTION sd_reset(text) RETURNS boolean -- want PGX403
LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS 'SELECT $1 = ''x''';

-- Pinned by an ALTER that a later CREATE OR REPLACE (in 1.1) undoes:
-- the replaced definition is not judged, the new one is.
CREATE FUNCTION sd_repinned(text) RETURNS boolean
LANGUAGE sql SECURITY DEFINER
AS 'SELECT $1 = ''x''';
ALTER FUNCTION sd_repinned(text) SET search_path = pg_catalog, pg_temp;

-- Pinned by an ALTER naming another overload: not this one.
CREATE FUNCTION sd_overload(text) RETURNS boolean -- want PGX403
LANGUAGE sql SECURITY DEFINER
AS 'SELECT $1 = ''x''';
CREATE FUNCTION sd_overload(integer) RETURNS boolean
LANGUAGE sql SECURITY DEFINER
AS 'SELECT $1 OPERATOR(pg_catalog.=) 1';
ALTER FUNCTION sd_overload(integer) SET search_path = pg_catalog, pg_temp;
