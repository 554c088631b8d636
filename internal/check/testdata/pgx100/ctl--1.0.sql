\echo Use "CREATE EXTENSION ctl" to load this file. \quit
SELECT 1;
