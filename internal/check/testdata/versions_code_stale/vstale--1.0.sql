\echo Use "CREATE EXTENSION vstale" to load this file. \quit
CREATE FUNCTION vstale_setting(text) RETURNS text
AS 'MODULE_PATHNAME', 'vstale_setting'
LANGUAGE C STRICT STABLE PARALLEL SAFE;
