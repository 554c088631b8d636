\echo Use "ALTER EXTENSION upz UPDATE TO '1.1'" to load this file. \quit
-- Done as in a fresh 1.1: nothing to report.
ALTER OPERATOR < (upz_t, upz_t) SET (RESTRICT = scalarltsel);
-- Forgotten: the support function 4 a fresh 1.1 adds, the cast's
-- context and the aggregate's initial condition.
