\echo Use "CREATE EXTENSION hookmacro" to load this file. \quit
