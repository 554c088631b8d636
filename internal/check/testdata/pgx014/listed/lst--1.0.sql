\echo Use "CREATE EXTENSION lst" to load this file. \quit
SELECT 1;
