\echo Use "CREATE EXTENSION h" to load this file. \quit
CREATE FUNCTION h_one() RETURNS int LANGUAGE sql AS 'SELECT 1';
