\echo Use "CREATE EXTENSION ext10m" to load this file. \quit
CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a) STORED);
-- PostgreSQL 17 grammar: 16, which the project supports too, rejects it,
-- so CREATE EXTENSION fails there.
ALTER TABLE t ALTER COLUMN b SET EXPRESSION AS (a * 2); -- want PGX010
