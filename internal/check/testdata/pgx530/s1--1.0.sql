/* s1--1.0.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION s1" to load this file. \quit

CREATE FUNCTION s1_pub(integer) RETURNS integer -- want PGX530
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = public, pg_temp
AS 'SELECT $1 + 1';

CREATE FUNCTION s1_user(integer) RETURNS integer -- want PGX530
LANGUAGE plpgsql SECURITY DEFINER
SET search_path TO "$user", public
AS $$ BEGIN RETURN $1; END $$;

CREATE FUNCTION s1_pinned(integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$ BEGIN RETURN $1; END $$;

-- FROM CURRENT after the script's SET search_path = public keeps public.
SET search_path = public, pg_temp;
CREATE FUNCTION s1_current(integer) RETURNS integer -- want PGX530
LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT
AS $$ BEGIN RETURN $1; END $$;
RESET search_path;

-- After RESET: the path CREATE EXTENSION set, @extschema@ first (PGX533,
-- s1 is relocatable).
CREATE FUNCTION s1_current_reset(integer) RETURNS integer -- want PGX533
LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT
AS $$ BEGIN RETURN $1; END $$;
