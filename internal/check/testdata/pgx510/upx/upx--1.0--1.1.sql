\echo Use "ALTER EXTENSION upx UPDATE TO '1.1'" to load this file. \quit
-- Renames follow into the signatures that name the type.
ALTER TYPE upx_pair RENAME TO upx_couple;
ALTER FUNCTION upx_old_name(integer) RENAME TO upx_new_name;
-- Replaced without STRICT: a fresh 1.1 has it STRICT.
CREATE OR REPLACE FUNCTION upx_strict(integer) RETURNS integer AS 'SELECT $1' LANGUAGE sql IMMUTABLE;
DROP FUNCTION upx_released(integer);
CREATE FUNCTION upx_released(bigint) RETURNS bigint AS 'SELECT $1' LANGUAGE sql IMMUTABLE;
ALTER EXTENSION upx DROP FUNCTION upx_disowned();
