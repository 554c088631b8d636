-- not installed, yet CREATE EXTENSION h installs 1.1 and updates it to 2.0
\echo Use "CREATE EXTENSION h" to load this file. \quit
CREATE FUNCTION h_one() RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION h_two() RETURNS int LANGUAGE sql AS 'SELECT 2';
