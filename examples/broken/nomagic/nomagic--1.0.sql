\echo Use "CREATE EXTENSION nomagic" to load this file. \quit

-- PGX008: MODULE_PATHNAME, but nomagic.control sets no module_pathname
CREATE FUNCTION nomagic_answer() RETURNS integer
    AS 'MODULE_PATHNAME', 'nomagic_answer' -- want PGX008
    LANGUAGE C STRICT;
