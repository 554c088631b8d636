\echo Use "CREATE EXTENSION r4" to load this file. \quit
CREATE FUNCTION r4_version() RETURNS integer AS '$libdir/r4', 'r4_version' LANGUAGE C VOLATILE PARALLEL UNSAFE;
