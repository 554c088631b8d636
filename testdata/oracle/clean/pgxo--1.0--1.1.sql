/* pgxo--1.0--1.1.sql */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION pgxo UPDATE TO '1.1'" to load this file. \quit

CREATE FUNCTION pgxo_repeat(text, integer) RETURNS text
AS 'MODULE_PATHNAME', 'pgxo_repeat'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
