\echo Use "ALTER EXTENSION ext2 UPDATE TO '1.0.5'" to load this file. \quit
-- A side step that no update to the default version takes (1.0 goes
-- straight to 1.1): only UPDATE TO '1.0.5' runs it, so binding a symbol the
-- library no longer has is a warning, not an error.
CREATE FUNCTION side_gone(integer) RETURNS integer
  AS 'MODULE_PATHNAME', 'side_gone' -- want PGX001
  LANGUAGE C STRICT VOLATILE PARALLEL UNSAFE;
