\echo Use "ALTER EXTENSION h UPDATE TO '2.0'" to load this file. \quit
CREATE FUNCTION h_two() RETURNS int LANGUAGE sql AS 'SELECT 2';
