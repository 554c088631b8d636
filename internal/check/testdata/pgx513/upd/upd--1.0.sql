\echo Use "CREATE EXTENSION upd" to load this file. \quit
CREATE FUNCTION upd_bare(integer) RETURNS integer AS 'SELECT $1' LANGUAGE sql IMMUTABLE;
CREATE FUNCTION upd_kept(integer) RETURNS integer AS 'SELECT $1' LANGUAGE sql IMMUTABLE;
