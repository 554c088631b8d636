-- PGX402: no \echo ... \quit guard before the first statement
-- PGX008: MODULE_PATHNAME, but nomagic.control sets no module_pathname
CREATE FUNCTION nomagic_answer() RETURNS integer -- want PGX402
    AS 'MODULE_PATHNAME', 'nomagic_answer' -- want PGX008
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
