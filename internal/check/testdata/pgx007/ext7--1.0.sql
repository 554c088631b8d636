CREATE FUNCTION a() RETURNS int AS '$libdir/with_magic' LANGUAGE C;
CREATE FUNCTION b() RETURNS int AS '$libdir/without_magic' LANGUAGE C;
