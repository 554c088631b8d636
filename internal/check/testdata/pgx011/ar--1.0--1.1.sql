\echo Use "ALTER EXTENSION ar UPDATE TO '1.1'" to load this file. \quit
-- an overload that shares the C function: opt(integer, integer) passes two
CREATE FUNCTION opt(integer, integer) RETURNS integer AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE PARALLEL UNSAFE;
