-- no guard: ALTER EXTENSION runs it, but so would psql
CREATE FUNCTION s1_g() RETURNS integer -- want PGX402
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS 'SELECT 2';
