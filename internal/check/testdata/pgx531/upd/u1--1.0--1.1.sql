\echo Use "ALTER EXTENSION u1 UPDATE TO '1.1'" to load this file. \quit
CREATE OR REPLACE FUNCTION u1_f(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1 + 1'; -- want PGX532
