\echo Use "ALTER EXTENSION upd UPDATE TO '1.1'" to load this file. \quit
-- DROP FUNCTION by its name alone drops the one upd_bare: recreating it
-- is fine (PostgreSQL 15 runs this update).
DROP FUNCTION upd_bare;
CREATE FUNCTION upd_bare(integer) RETURNS bigint AS 'SELECT $1::bigint' LANGUAGE sql IMMUTABLE;
CREATE FUNCTION upd_kept(integer) RETURNS integer AS 'SELECT $1 + 1' LANGUAGE sql IMMUTABLE; -- want PGX513 PGX532
