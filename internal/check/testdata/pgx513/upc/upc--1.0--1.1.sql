\echo Use "ALTER EXTENSION upc UPDATE TO '1.1'" to load this file. \quit
-- Created again in the same form: ALTER EXTENSION UPDATE fails.
CREATE FUNCTION upc_add(int4, int4) RETURNS integer AS 'SELECT $1 + $2' LANGUAGE sql IMMUTABLE; -- want PGX513
-- Replaced with another result type: ALTER EXTENSION UPDATE fails.
CREATE OR REPLACE FUNCTION upc_one() RETURNS bigint AS 'SELECT 1::bigint' LANGUAGE sql IMMUTABLE; -- want PGX514
-- Replaced with the same result type, spelled otherwise: fine.
CREATE OR REPLACE FUNCTION upc_same() RETURNS integer AS 'SELECT 2' LANGUAGE sql IMMUTABLE;
-- Dropped, then created with another result type: fine.
DROP FUNCTION upc_dropped(integer);
CREATE FUNCTION upc_dropped(integer) RETURNS bigint AS 'SELECT $1::bigint' LANGUAGE sql IMMUTABLE;
CREATE TABLE IF NOT EXISTS upc_cfg (id integer);
CREATE TYPE upc_pair AS (a integer, b integer); -- want PGX513
