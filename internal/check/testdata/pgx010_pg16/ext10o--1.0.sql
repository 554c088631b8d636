\echo Use "CREATE EXTENSION ext10o" to load this file. \quit
CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a) STORED);
-- PostgreSQL 17 grammar, which pg_query (PostgreSQL 16) rejects.
ALTER TABLE t ALTER COLUMN b SET EXPRESSION AS (a * 2); -- want PGX010
CREATE VIEW v AS SELECT * FROM JSON_TABLE('[1,2]'::jsonb, '$[*]' COLUMNS (x int PATH '$')) AS jt; -- want PGX010
CREATE FUNCTION m() RETURNS SETOF t LANGUAGE sql AS $$
  MERGE INTO t USING (SELECT 1 AS a) s ON t.a = s.a WHEN NOT MATCHED THEN INSERT (a) VALUES (s.a) RETURNING t.*
$$;
