\echo Use "CREATE EXTENSION nodef" to load this file. \quit
SELECT 1;
