/* op--1.0.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION op" to load this file. \quit

CREATE FUNCTION public.op_f(bigint) RETURNS bigint -- want PGX534
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp
AS 'SELECT $1';

CREATE TABLE public.op_t (a integer); -- want PGX534

-- In the extension's schema.
CREATE FUNCTION op_g(bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp
AS 'SELECT $1';

CREATE TABLE @extschema@.op_u (a integer);
