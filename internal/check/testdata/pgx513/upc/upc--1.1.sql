\echo Use "CREATE EXTENSION upc" to load this file. \quit
CREATE FUNCTION upc_add(integer, integer) RETURNS integer AS 'SELECT $1 + $2' LANGUAGE sql IMMUTABLE; -- want PGX532
CREATE FUNCTION upc_one() RETURNS bigint AS 'SELECT 1::bigint' LANGUAGE sql IMMUTABLE;
CREATE FUNCTION upc_same() RETURNS integer AS 'SELECT 2' LANGUAGE sql IMMUTABLE;
CREATE FUNCTION upc_dropped(integer) RETURNS bigint AS 'SELECT $1::bigint' LANGUAGE sql IMMUTABLE;
CREATE TABLE upc_cfg (id integer);
CREATE TYPE upc_pair AS (a integer, b integer);
