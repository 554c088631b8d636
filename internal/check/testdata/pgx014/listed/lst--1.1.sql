-- want PGX014 (the finding is about the whole file)
\echo Use "CREATE EXTENSION lst" to load this file. \quit
SELECT 2;
