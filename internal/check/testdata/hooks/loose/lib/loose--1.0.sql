\echo Use "CREATE EXTENSION loose" to load this file. \quit
