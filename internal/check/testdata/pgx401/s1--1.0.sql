/* s1--1.0.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION s1" to load this file. \quit

CREATE FUNCTION s1_f(integer) RETURNS integer
AS 'MODULE_PATHNAME', 's1_f'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

BEGIN; -- want PGX401
CREATE TABLE s1_t (a integer);
COMMIT; -- want PGX401
SAVEPOINT s1_sp; -- want PGX401
start transaction isolation level serializable; -- want PGX401

DO $$
BEGIN
	PERFORM 1;
END
$$;

CREATE FUNCTION s1_atomic() RETURNS integer LANGUAGE sql
BEGIN ATOMIC
	SELECT 1;
END;

CREATE FUNCTION s1_definer() RETURNS integer -- want PGX403
LANGUAGE plpgsql SECURITY DEFINER
AS $$ BEGIN RETURN 1; END $$;

CREATE FUNCTION s1_definer_safe() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$ BEGIN RETURN 1; END $$;

CREATE FUNCTION s1_definer_altered() RETURNS integer
LANGUAGE sql SECURITY DEFINER
AS 'SELECT 1';
ALTER FUNCTION s1_definer_altered() SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION s1_invoker() RETURNS integer
LANGUAGE sql SECURITY INVOKER
AS 'SELECT 1';

CREATE FUNCTION s1_c_definer(integer) RETURNS integer
AS 'MODULE_PATHNAME', 's1_f'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE SECURITY DEFINER;
