\echo Use "CREATE EXTENSION unp FROM unpackaged" to load this file. \quit
-- Only CREATE EXTENSION unp FROM unpackaged ran this script, and
-- PostgreSQL 13 removed that: from 13 on its problems are warnings
-- (PGX010) or not reported (PGX001), since nothing runs it.
ALTER EXTENSION unp ADD FUNCTION unp_old(integer DEFAULT 1); -- want PGX010
CREATE FUNCTION unp_gone() RETURNS integer AS 'MODULE_PATHNAME', 'unp_gone' LANGUAGE C STRICT VOLATILE PARALLEL UNSAFE; -- want@12 PGX001
