-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION pgext_demo" to load this file. \quit

CREATE FUNCTION add_one(integer) RETURNS integer
    AS 'MODULE_PATHNAME', 'add_one'
    LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION text_reverse(t text) RETURNS text
    AS 'MODULE_PATHNAME', 'text_reverse'
    LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
