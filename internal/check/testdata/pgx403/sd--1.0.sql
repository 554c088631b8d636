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

-- The path pinned as CREATE EXTENSION sets it.
CREATE FUNCTION sd_current(text) RETURNS boolean
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
