\echo Use "CREATE EXTENSION upz" to load this file. \quit
CREATE TYPE upz_t AS (a integer);
CREATE FUNCTION upz_lt(upz_t, upz_t) RETURNS boolean AS 'SELECT $1.a < $2.a' LANGUAGE sql IMMUTABLE STRICT;
CREATE FUNCTION upz_cmp(upz_t, upz_t) RETURNS integer AS 'SELECT 0' LANGUAGE sql IMMUTABLE STRICT;
CREATE FUNCTION upz_text(upz_t) RETURNS text AS 'SELECT $1.a::text' LANGUAGE sql IMMUTABLE STRICT;
CREATE FUNCTION upz_acc(integer, integer) RETURNS integer AS 'SELECT $1 + $2' LANGUAGE sql IMMUTABLE STRICT;
CREATE OPERATOR < (LEFTARG = upz_t, RIGHTARG = upz_t, PROCEDURE = upz_lt);
CREATE OPERATOR CLASS upz_ops DEFAULT FOR TYPE upz_t USING btree AS OPERATOR 1 <, FUNCTION 1 upz_cmp(upz_t, upz_t);
CREATE CAST (upz_t AS text) WITH FUNCTION upz_text(upz_t);
CREATE AGGREGATE upz_sum(integer) (SFUNC = upz_acc, STYPE = integer);
