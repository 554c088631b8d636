\echo Use "ALTER EXTENSION ext4 UPDATE TO '1.1'" to load this file. \quit
-- a function dropped in 1.1 still counts as bound: installs from 1.0 need it
DROP FUNCTION old_only();
CREATE FUNCTION in_upgrade() RETURNS int AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE TYPE mytype;
CREATE FUNCTION mytype_in(cstring) RETURNS mytype AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL UNSAFE;
