\echo Use "CREATE EXTENSION ext10" to load this file. \quit
CREATE TABLE t (a int);

CREATE FUNCTION f(a int,) RETURNS int AS 'SELECT 1' LANGUAGE sql; -- want PGX010
-- the statement after an error is still parsed and checked
CREATE FUNCTION g() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;
CREATE VIEW v AS SELECT @extschema@.f(1) AS x;
