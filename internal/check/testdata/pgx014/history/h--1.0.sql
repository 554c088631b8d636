-- want PGX014 (info: version 1.0 is not offered)
\echo Use "CREATE EXTENSION h" to load this file. \quit
CREATE FUNCTION h_one() RETURNS int LANGUAGE sql AS 'SELECT 1';
