\echo Use "CREATE EXTENSION ind" to load this file. \quit
SELECT 1;
