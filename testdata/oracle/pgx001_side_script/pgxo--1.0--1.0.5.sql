/* pgxo--1.0--1.0.5.sql: a side step no update to the default version takes */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION pgxo UPDATE TO '1.0.5'" to load this file. \quit

CREATE FUNCTION pgxo_retired(integer) RETURNS integer
AS 'MODULE_PATHNAME', 'pgxo_retired'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
