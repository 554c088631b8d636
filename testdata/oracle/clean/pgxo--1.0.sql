/* pgxo--1.0.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION pgxo" to load this file. \quit

CREATE FUNCTION pgxo_add(integer, integer) RETURNS integer
AS 'MODULE_PATHNAME', 'pgxo_add'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION pgxo_greet(text) RETURNS text
AS 'MODULE_PATHNAME', 'pgxo_greet'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION pgxo_greet_world() RETURNS text
AS 'MODULE_PATHNAME', 'pgxo_greet_world'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION pgxo_executor_starts() RETURNS bigint
AS 'MODULE_PATHNAME', 'pgxo_executor_starts'
LANGUAGE C VOLATILE PARALLEL RESTRICTED;

CREATE TYPE pgxo_point;

CREATE FUNCTION pgxo_point_in(cstring) RETURNS pgxo_point
AS 'MODULE_PATHNAME', 'pgxo_point_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION pgxo_point_out(pgxo_point) RETURNS cstring
AS 'MODULE_PATHNAME', 'pgxo_point_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE pgxo_point (
	INTERNALLENGTH = 8,
	INPUT = pgxo_point_in,
	OUTPUT = pgxo_point_out,
	ALIGNMENT = int4
);

CREATE FUNCTION pgxo_point_add(pgxo_point, pgxo_point) RETURNS pgxo_point
AS 'MODULE_PATHNAME', 'pgxo_point_add'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OPERATOR + (
	LEFTARG = pgxo_point,
	RIGHTARG = pgxo_point,
	FUNCTION = pgxo_point_add,
	COMMUTATOR = +
);

CREATE AGGREGATE pgxo_sum(pgxo_point) (
	SFUNC = pgxo_point_add,
	STYPE = pgxo_point,
	INITCOND = '(0,0)'
);
