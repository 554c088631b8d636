CREATE FUNCTION r4_version() RETURNS integer AS '$libdir/r4', 'r4_version' LANGUAGE C;
