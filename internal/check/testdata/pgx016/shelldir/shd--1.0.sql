\echo Use "CREATE EXTENSION shd" to load this file. \quit
SELECT 1;
