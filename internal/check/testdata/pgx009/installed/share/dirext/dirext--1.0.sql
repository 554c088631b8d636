\echo Use "CREATE EXTENSION dirext" to load this file. \quit
CREATE FUNCTION dirext_add(integer, integer) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
