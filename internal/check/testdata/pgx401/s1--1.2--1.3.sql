CREATE FUNCTION s1_h() RETURNS integer LANGUAGE sql AS 'SELECT 3'; -- want PGX402
\echo Use "ALTER EXTENSION s1 UPDATE TO '1.3'" to load this file. \quit
