/* sc--1.0.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION sc" to load this file. \quit

CREATE FUNCTION sc_f(bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp
AS 'SELECT $1';

-- Bound when the view is created, through the extension's path.
CREATE VIEW sc_v AS SELECT sc_f(42) AS a, lower(relname) FROM pg_catalog.pg_class; -- want PGX535

CREATE TABLE sc_t (a bigint DEFAULT sc_f(1), b text CHECK (b <> '')); -- want PGX535

-- Qualified: nothing to capture.
CREATE VIEW sc_w AS SELECT @extschema@.sc_f(42::bigint) AS a, pg_catalog.lower(relname) FROM pg_catalog.pg_class;

-- A DO block runs as the script does: its statements are judged under the
-- path in effect, one finding per block.
DO $$ BEGIN PERFORM lower('x'); END $$; -- want PGX535

-- contrib's way: pin the path for the block, then restore it.
DO LANGUAGE plpgsql $$
DECLARE
  old_path pg_catalog.text := pg_catalog.current_setting('search_path');
BEGIN
  PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
  UPDATE pg_catalog.pg_proc SET procost = 2 WHERE proname = 'sc_f' AND prorows = 0;
  PERFORM pg_catalog.set_config('search_path', old_path, true);
END $$;

-- After the restore the extension's path is back: an EXECUTE of a
-- constant string is followed.
DO $$
BEGIN
  EXECUTE 'SELECT pg_catalog.length(''x'')';
  EXECUTE 'CREATE VIEW sc_y AS SELECT sc_f(2) AS a'; -- want PGX535
END $$;

-- So is the text of format() with a constant format string, its %I and
-- %s taken as names and %L as a literal, and of strings joined with ||;
-- a string held in a variable is not.
DO $$
DECLARE v text := 'CREATE VIEW sc_u AS SELECT sc_f(5) AS a';
BEGIN
  EXECUTE v;
  EXECUTE pg_catalog.format('CREATE VIEW %I AS SELECT %I.sc_f(%L::bigint) AS a', 'sc_z', 'sc', 3);
  EXECUTE 'CREATE VIEW ' OPERATOR(pg_catalog.||) pg_catalog.quote_ident('sc_s')
    OPERATOR(pg_catalog.||) ' AS SELECT @extschema@.sc_f(4::bigint) AS a';
  EXECUTE pg_catalog.format('CREATE VIEW sc_r AS SELECT sc_f(%s) AS a', 3); -- want PGX535
END $$;

SET search_path = pg_catalog, pg_temp;
UPDATE pg_catalog.pg_proc SET procost = 1 WHERE oid = 'sc.sc_f(bigint)'::regprocedure AND prorows = 0;

SET search_path = @extschema@, pg_catalog;
CREATE VIEW sc_x AS SELECT sc_f(1) AS a; -- want PGX535

RESET search_path;
SELECT set_config('sc.flag', 'on', false); -- want PGX535
