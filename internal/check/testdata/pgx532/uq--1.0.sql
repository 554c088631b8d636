/* uq--1.0.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION uq" to load this file. \quit

CREATE FUNCTION uq_twice(integer) RETURNS integer -- want PGX532
LANGUAGE sql IMMUTABLE
AS 'SELECT $1 * 2';

CREATE FUNCTION uq_call(text) RETURNS text -- want PGX532
LANGUAGE sql IMMUTABLE
AS $$ SELECT @extschema@.uq_norm(lower($1)) $$;

CREATE FUNCTION uq_norm(text) RETURNS text -- want PGX532
LANGUAGE plpgsql IMMUTABLE
AS $$
BEGIN
  IF pg_catalog.length($1) OPERATOR(pg_catalog.>) 3 THEN
    RETURN pg_catalog.btrim($1);
  END IF;
  CASE $1 WHEN 'a' THEN RETURN 'b'; ELSE RETURN $1; END CASE;
  RETURN uq_call($1);
END $$;

-- Every name qualified: nothing to shadow.
CREATE FUNCTION uq_safe(integer) RETURNS integer
LANGUAGE sql IMMUTABLE
AS 'SELECT $1 OPERATOR(pg_catalog.*) 2';

CREATE FUNCTION uq_safe_pl(text) RETURNS text
LANGUAGE plpgsql IMMUTABLE
AS $$
DECLARE n integer := pg_catalog.length($1);
BEGIN
  RETURN $1;
END $$;

-- The path is pinned, here or later.
CREATE FUNCTION uq_pinned(integer) RETURNS integer
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp
AS 'SELECT $1 * 2';

CREATE FUNCTION uq_altered(integer) RETURNS integer
LANGUAGE sql IMMUTABLE
AS 'SELECT $1 * 2';
ALTER FUNCTION uq_altered(integer) SET search_path = pg_catalog, pg_temp;

-- SECURITY DEFINER without a path is PGX403's: one cause, one finding.
CREATE FUNCTION uq_definer(integer) RETURNS integer -- want PGX403
LANGUAGE sql SECURITY DEFINER
AS 'SELECT $1 * 2';

-- A SQL-standard body binds its names at CREATE FUNCTION: not PGX532's, but PGX535's.
CREATE FUNCTION uq_atomic(integer) RETURNS integer
LANGUAGE sql IMMUTABLE
RETURN $1 * 2; -- want PGX535 (bound now, through the extension's path)

-- The call of format itself goes through the path (its text, SELECT %L,
-- calls nothing).
CREATE FUNCTION uq_dyn(text) RETURNS void -- want PGX532
LANGUAGE plpgsql
AS $$ BEGIN EXECUTE format('SELECT %L', $1); END $$;

-- PL/pgSQL's simple CASE compares with = through the path: its only
-- unqualified name.
CREATE FUNCTION uq_case(text) RETURNS text -- want PGX532
LANGUAGE plpgsql IMMUTABLE
AS $$
BEGIN
  CASE $1 WHEN 'a', 'b' THEN RETURN 'x'; ELSE RETURN $1; END CASE;
END $$;

-- A searched CASE with qualified comparisons names no operator through it.
CREATE FUNCTION uq_case_safe(text) RETURNS text
LANGUAGE plpgsql IMMUTABLE
AS $$
BEGIN
  CASE WHEN $1 OPERATOR(pg_catalog.=) 'a' THEN RETURN 'x'; ELSE RETURN $1; END CASE;
END $$;

-- A cursor's query calls through the path like any statement (pg_query's
-- PL/pgSQL parser rejects cursor statements; they are read anyway).
CREATE FUNCTION uq_cursor(text) RETURNS text -- want PGX532
LANGUAGE plpgsql
AS $$
DECLARE c refcursor; r text;
BEGIN
  OPEN c FOR SELECT lower($1);
  FETCH c INTO r;
  CLOSE c;
  RETURN r;
END $$;

-- Qualified in every cursor statement: silent.
CREATE FUNCTION uq_cursor_safe(text) RETURNS text
LANGUAGE plpgsql
AS $$
DECLARE c CURSOR (k text) FOR SELECT pg_catalog.lower(k); r record;
BEGIN
  FOR r IN c($1) LOOP RETURN r.lower; END LOOP;
  OPEN c(pg_catalog.upper($1));
  CLOSE c;
  RETURN NULL;
END $$;

-- The text format() makes is read: lower() runs through the caller's path
-- though every other name is qualified.
CREATE FUNCTION uq_dyn_text(text) RETURNS text -- want PGX532
LANGUAGE plpgsql
AS $$
DECLARE r text;
BEGIN
  EXECUTE pg_catalog.format('SELECT lower(%L)', $1) INTO r;
  RETURN r;
END $$;

-- Qualified in the text too, and a string in a variable is not followed.
CREATE FUNCTION uq_dyn_safe(text) RETURNS text
LANGUAGE plpgsql
AS $$
DECLARE r text; q text := 'SELECT lower($1)';
BEGIN
  EXECUTE pg_catalog.format('SELECT pg_catalog.lower(%L) FROM %I.%I', $1, 'pg_catalog', 'pg_class') INTO r;
  EXECUTE q INTO r USING $1;
  RETURN r;
END $$;
