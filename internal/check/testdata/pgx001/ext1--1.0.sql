CREATE FUNCTION has_v1(integer) RETURNS integer AS 'MODULE_PATHNAME', 'has_v1' LANGUAGE C STRICT;
CREATE FUNCTION implicit_sym(integer) RETURNS integer AS 'MODULE_PATHNAME' LANGUAGE C STRICT;
CREATE OR REPLACE FUNCTION via_libdir(integer) RETURNS integer LANGUAGE "c" AS '$libdir/ext1', 'via_libdir';
CREATE FUNCTION bare_lib(integer) RETURNS integer AS 'ext1', $$bare_lib$$ LANGUAGE C;
CREATE FUNCTION no_marker(integer) RETURNS integer AS 'MODULE_PATHNAME', 'no_marker' LANGUAGE C STRICT; -- want PGX001
CREATE FUNCTION nowhere(integer) RETURNS integer
  AS 'MODULE_PATHNAME', 'nowhere' -- want PGX001
  LANGUAGE C STRICT;
CREATE FUNCTION "Implicit_Upper"() RETURNS integer AS 'MODULE_PATHNAME' LANGUAGE C; -- want PGX001
CREATE FUNCTION other_library(integer) RETURNS integer AS '$libdir/not_in_this_workspace', 'x' LANGUAGE C;
CREATE FUNCTION sql_fn(integer) RETURNS integer AS 'SELECT $1' LANGUAGE sql;
