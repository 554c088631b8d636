-- an overload that shares the C function: opt(integer, integer) passes two
CREATE FUNCTION opt(integer, integer) RETURNS integer AS 'MODULE_PATHNAME' LANGUAGE C;
