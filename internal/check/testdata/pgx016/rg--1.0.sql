\echo Use "CREATE EXTENSION rg" to load this file. \quit
SELECT 1;
