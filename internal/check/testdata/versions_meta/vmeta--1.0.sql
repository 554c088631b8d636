\echo Use "CREATE EXTENSION vmeta" to load this file. \quit
CREATE FUNCTION f() RETURNS int AS '$libdir/vmeta' LANGUAGE C VOLATILE PARALLEL UNSAFE;
-- META.json says 18 only: a PostgreSQL 17 statement is not checked (info), not an error.
CREATE VIEW v AS SELECT * FROM JSON_TABLE('[1]'::jsonb, '$[*]' COLUMNS (x int PATH '$')) AS jt; -- want PGX010
