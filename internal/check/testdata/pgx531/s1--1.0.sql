/* s1--1.0.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION s1" to load this file. \quit

CREATE OR REPLACE FUNCTION s1_f(integer) RETURNS integer -- want PGX531 PGX532
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS 'SELECT $1 + 1';

CREATE TABLE IF NOT EXISTS @extschema@.s1_t (id serial, v text); -- want PGX531

CREATE SCHEMA IF NOT EXISTS s1_shared; -- want PGX531

CREATE OR REPLACE VIEW s1_v AS SELECT 1 AS one; -- want PGX531

CREATE SEQUENCE IF NOT EXISTS s1_seq; -- want PGX531

CREATE FUNCTION s1_plain(integer) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS 'SELECT $1';

CREATE SCHEMA s1_own;

CREATE OR REPLACE FUNCTION s1_own.g(integer) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS 'SELECT $1';

CREATE TABLE IF NOT EXISTS "s1_own".t2 (v text);

CREATE OPERATOR CLASS s1_ops DEFAULT FOR TYPE integer USING btree AS
    OPERATOR 1 < , FUNCTION 1 btint4cmp(integer, integer);

CREATE OR REPLACE LANGUAGE s1_pl HANDLER plpgsql_call_handler;

CREATE TEMP TABLE IF NOT EXISTS scratch (v text);
CREATE TEMPORARY SEQUENCE IF NOT EXISTS scratch_seq;
