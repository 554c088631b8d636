\echo Use "CREATE EXTENSION miss" to load this file. \quit
SELECT 1;
