\echo Use "CREATE EXTENSION upx" to load this file. \quit
CREATE TYPE upx_pair AS (a integer, b integer);
CREATE FUNCTION upx_sum(upx_pair) RETURNS integer AS 'SELECT $1.a + $1.b' LANGUAGE sql IMMUTABLE STRICT;
CREATE FUNCTION upx_strict(integer) RETURNS integer AS 'SELECT $1' LANGUAGE sql IMMUTABLE STRICT;
CREATE FUNCTION upx_old_name(integer) RETURNS integer AS 'SELECT $1' LANGUAGE sql IMMUTABLE;
CREATE FUNCTION upx_forgotten(integer) RETURNS integer AS 'SELECT $1' LANGUAGE sql IMMUTABLE; -- want PGX511
CREATE FUNCTION upx_released(integer) RETURNS integer AS 'SELECT $1' LANGUAGE sql IMMUTABLE;
CREATE FUNCTION upx_eq(integer, integer) RETURNS boolean AS 'SELECT $1 = $2' LANGUAGE sql IMMUTABLE;
CREATE OPERATOR === (LEFTARG = integer, RIGHTARG = integer, PROCEDURE = upx_eq);
CREATE FUNCTION upx_disowned() RETURNS integer AS 'SELECT 1' LANGUAGE sql;
COMMENT ON FUNCTION upx_strict(integer) IS 'identity';
