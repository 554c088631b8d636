\echo Use "CREATE EXTENSION u1" to load this file. \quit
CREATE FUNCTION u1_f(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1';
