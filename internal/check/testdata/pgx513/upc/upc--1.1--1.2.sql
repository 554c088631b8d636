\echo Use "ALTER EXTENSION upc UPDATE TO '1.2'" to load this file. \quit
-- A fresh 1.1 already has it: fails from 1.1 (and from 1.0).
CREATE FUNCTION upc_dropped(integer) RETURNS bigint AS 'SELECT $1::bigint' LANGUAGE sql IMMUTABLE; -- want PGX513
CREATE FUNCTION upc_new() RETURNS integer AS 'SELECT 3' LANGUAGE sql IMMUTABLE;
