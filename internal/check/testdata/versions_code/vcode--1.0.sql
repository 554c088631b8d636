\echo Use "CREATE EXTENSION vcode" to load this file. \quit
CREATE FUNCTION vcode_setting(text) RETURNS text
AS 'MODULE_PATHNAME', 'vcode_setting'
LANGUAGE C STRICT STABLE PARALLEL SAFE;
