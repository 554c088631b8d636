/* fx--1.0.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION fx" to load this file. \quit

-- fx fixes its schema: nobody else creates objects in it.
--
CREATE FUNCTION fx_scale(bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS 'SELECT $1 OPERATOR(pg_catalog.*) 2';

CREATE FUNCTION fx_tag(name, integer DEFAULT 0) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS 'SELECT $1::pg_catalog.text';

CREATE FUNCTION fx_say(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS 'SELECT $1';

-- 42 is an integer: a role that creates fx_scale(integer) in the schema
-- captures the call (an exact match beats the cast to bigint).
CREATE VIEW fx_v1 AS SELECT @extschema@.fx_scale(42) AS a;

-- Cast to the declared type: exact, nothing better to create.
CREATE VIEW fx_v2 AS SELECT @extschema@.fx_scale(42::bigint) AS a, @extschema@.fx_scale(10000000000) AS b;

-- A string constant is of type unknown: fx_tag(text) would win over
-- fx_tag(name) (the string category is preferred); for a text parameter
-- it is already the best match.
CREATE VIEW fx_v3 AS SELECT @extschema@.fx_tag('x') AS a;
CREATE VIEW fx_v4 AS SELECT @extschema@.fx_tag('x'::name, 1) AS a, @extschema@.fx_say('y') AS b;

-- A column's type is not known from the text: not judged.
CREATE VIEW fx_v5 AS SELECT @extschema@.fx_scale(c.relpages) AS a FROM pg_catalog.pg_class c;

-- The same in a function body, run as its caller.
CREATE FUNCTION fx_body() RETURNS bigint
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  RETURN @extschema@.fx_scale(7)
    OPERATOR(pg_catalog.+) @extschema@.fx_scale(7::bigint);
END $$;
