\echo Use "ALTER EXTENSION pgext_demo UPDATE TO '1.1'" to load this file. \quit

CREATE FUNCTION add_ints(a bigint, b bigint DEFAULT 0) RETURNS bigint
    AS 'MODULE_PATHNAME'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION demo_executor_calls() RETURNS bigint
    AS 'MODULE_PATHNAME', 'demo_executor_calls'
    LANGUAGE C VOLATILE PARALLEL RESTRICTED;
