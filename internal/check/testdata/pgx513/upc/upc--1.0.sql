\echo Use "CREATE EXTENSION upc" to load this file. \quit
CREATE FUNCTION upc_add(integer, integer) RETURNS integer AS 'SELECT $1 + $2' LANGUAGE sql IMMUTABLE;
CREATE FUNCTION upc_one() RETURNS integer AS 'SELECT 1' LANGUAGE sql IMMUTABLE;
CREATE FUNCTION upc_same() RETURNS int4 AS 'SELECT 1' LANGUAGE sql IMMUTABLE;
CREATE FUNCTION upc_dropped(integer) RETURNS integer AS 'SELECT $1' LANGUAGE sql IMMUTABLE;
CREATE TABLE upc_cfg (id integer);
CREATE TYPE upc_pair AS (a integer, b integer);
