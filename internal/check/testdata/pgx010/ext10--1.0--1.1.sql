\echo Use "ALTER EXTENSION ext10 UPDATE TO '1.1'" to load this file. \quit
ALTER TABLE t ADD COLUMN b int;
SELEC 1; -- want PGX010
