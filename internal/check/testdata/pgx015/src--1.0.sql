\echo Use "CREATE EXTENSION src" to load this file. \quit
SELECT 1;
