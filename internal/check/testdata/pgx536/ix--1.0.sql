/* ix--1.0.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION ix" to load this file. \quit

-- ix fixes no schema: the installer picks it, and other roles
-- may be able to create objects there.
CREATE FUNCTION ix_scale(bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS 'SELECT $1 OPERATOR(pg_catalog.*) 2';

CREATE FUNCTION ix_tag(name, integer DEFAULT 0) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS 'SELECT $1::pg_catalog.text';

CREATE FUNCTION ix_say(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS 'SELECT $1';

-- 42 is an integer: a role that creates ix_scale(integer) in the schema
-- captures the call (an exact match beats the cast to bigint).
CREATE VIEW ix_v1 AS SELECT @extschema@.ix_scale(42) AS a; -- want PGX536

-- Cast to the declared type: exact, nothing better to create.
CREATE VIEW ix_v2 AS SELECT @extschema@.ix_scale(42::bigint) AS a, @extschema@.ix_scale(10000000000) AS b;

-- A string constant is of type unknown: ix_tag(text) would win over
-- ix_tag(name) (the string category is preferred); for a text parameter
-- it is already the best match.
CREATE VIEW ix_v3 AS SELECT @extschema@.ix_tag('x') AS a; -- want PGX536
CREATE VIEW ix_v4 AS SELECT @extschema@.ix_tag('x'::name, 1) AS a, @extschema@.ix_say('y') AS b;

-- A column's type is not known from the text: not judged.
CREATE VIEW ix_v5 AS SELECT @extschema@.ix_scale(c.relpages) AS a FROM pg_catalog.pg_class c;

-- The same in a function body, run as its caller.
CREATE FUNCTION ix_body() RETURNS bigint
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  RETURN @extschema@.ix_scale(7) -- want PGX536
    OPERATOR(pg_catalog.+) @extschema@.ix_scale(7::bigint);
END $$;

CREATE FUNCTION ix_near(bigint, bigint) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS 'SELECT $1 OPERATOR(pg_catalog.=) $2';
CREATE OPERATOR ~~~ (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = ix_near);

-- Operands of type integer: an operator ~~~ (integer, integer) created in
-- the schema is an exact match and wins.
CREATE VIEW ix_v6 AS SELECT 1 OPERATOR(@extschema@.~~~) 2 AS a; -- want PGX536

-- Exact operand types (an unknown constant takes the other's type), or a
-- column's: not reported.
CREATE VIEW ix_v7 AS SELECT 1::bigint OPERATOR(@extschema@.~~~) '2' AS a,
  c.relpages OPERATOR(@extschema@.~~~) 3 AS b FROM pg_catalog.pg_class c;
