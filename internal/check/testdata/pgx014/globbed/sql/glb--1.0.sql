\echo Use "CREATE EXTENSION glb" to load this file. \quit
SELECT 1;
