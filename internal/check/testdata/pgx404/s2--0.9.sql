\echo Use "CREATE EXTENSION s2" to load this file. \quit
-- an old install script, not on the path to 1.1: not judged
CREATE FUNCTION s2_old(integer) RETURNS integer AS 'MODULE_PATHNAME' LANGUAGE C STRICT;
