\echo Use "CREATE EXTENSION upy" to load this file. \quit
CREATE FUNCTION upy_one() RETURNS integer AS 'SELECT 1' LANGUAGE sql;
CREATE FUNCTION upy_two() RETURNS integer AS 'SELECT 2' LANGUAGE sql;
