\echo Use "CREATE EXTENSION mk" to load this file. \quit
SELECT 1;
