\echo Use "ALTER EXTENSION ext2 UPDATE TO '1.1'" to load this file. \quit
-- A path from 1.0 still runs against today's library: a symbol removed
-- from the C sources since 1.1 was released breaks ALTER EXTENSION UPDATE.
CREATE FUNCTION added(integer) RETURNS integer AS 'MODULE_PATHNAME', 'added' LANGUAGE C STRICT VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION removed_since(integer) RETURNS integer
  AS 'MODULE_PATHNAME', 'removed_since' -- want PGX001
  LANGUAGE C STRICT VOLATILE PARALLEL UNSAFE;
