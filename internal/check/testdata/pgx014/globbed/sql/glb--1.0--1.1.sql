\echo Use "ALTER EXTENSION glb UPDATE TO '1.1'" to load this file. \quit
SELECT 1;
