-- want PGX014 (the finding is about the whole file)
\echo Use "ALTER EXTENSION lst UPDATE TO '1.1'" to load this file. \quit
SELECT 1;
