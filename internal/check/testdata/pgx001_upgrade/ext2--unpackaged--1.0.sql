\echo Use "CREATE EXTENSION ext2 FROM unpackaged" to load this file. \quit
-- PostgreSQL 13 and later never run a FROM unpackaged script: its
-- binding of a long-gone symbol is not an error.
ALTER EXTENSION ext2 ADD FUNCTION kept(integer);
CREATE OR REPLACE FUNCTION ancient(integer) RETURNS integer AS 'MODULE_PATHNAME', 'ancient' LANGUAGE C STRICT VOLATILE PARALLEL UNSAFE;
