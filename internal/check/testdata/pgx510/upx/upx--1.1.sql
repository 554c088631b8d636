\echo Use "CREATE EXTENSION upx" to load this file. \quit
CREATE TYPE upx_couple AS (a integer, b integer);
CREATE FUNCTION upx_sum(upx_couple) RETURNS integer AS 'SELECT $1.a + $1.b' LANGUAGE sql IMMUTABLE STRICT; -- want PGX532
CREATE FUNCTION upx_strict(integer) RETURNS integer AS 'SELECT $1' LANGUAGE sql IMMUTABLE STRICT; -- want PGX512
CREATE FUNCTION upx_new_name(integer) RETURNS integer AS 'SELECT $1' LANGUAGE sql IMMUTABLE;
CREATE FUNCTION upx_released(bigint) RETURNS bigint AS 'SELECT $1' LANGUAGE sql IMMUTABLE;
CREATE FUNCTION upx_added(integer) RETURNS integer AS 'SELECT $1' LANGUAGE sql IMMUTABLE; -- want PGX510
CREATE FUNCTION upx_eq(integer, integer) RETURNS boolean AS 'SELECT $1 = $2' LANGUAGE sql IMMUTABLE; -- want PGX532
CREATE OPERATOR === (LEFTARG = integer, RIGHTARG = integer, PROCEDURE = upx_eq);
COMMENT ON FUNCTION upx_strict(integer) IS 'identity';
