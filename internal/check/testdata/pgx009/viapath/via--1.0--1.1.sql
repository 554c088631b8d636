\echo Use "ALTER EXTENSION via UPDATE TO '1.1'" to load this file. \quit
SELECT 1;
