\echo Use "CREATE EXTENSION vguard" to load this file. \quit
CREATE FUNCTION f() RETURNS int AS '$libdir/vguard' LANGUAGE C VOLATILE PARALLEL UNSAFE;
