\echo Use "CREATE EXTENSION via" to load this file. \quit
SELECT 1;
