\echo Use "ALTER EXTENSION upy UPDATE TO '1.1'" to load this file. \quit
-- What this block does to the extension's objects is not modelled, so
-- nothing is concluded about this path (upy_two may come from it).
DO $$
BEGIN
  EXECUTE 'CREATE FUNCTION upy_two() RETURNS integer AS ''SELECT 2'' LANGUAGE sql';
END
$$;
