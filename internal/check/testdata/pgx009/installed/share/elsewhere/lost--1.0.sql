\echo Use "CREATE EXTENSION lost" to load this file. \quit
SELECT 1;
