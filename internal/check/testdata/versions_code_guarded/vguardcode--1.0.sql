\echo Use "CREATE EXTENSION vguardcode" to load this file. \quit
CREATE FUNCTION vguardcode_setting(text) RETURNS text
AS 'MODULE_PATHNAME', 'vguardcode_setting'
LANGUAGE C STRICT STABLE PARALLEL SAFE;
