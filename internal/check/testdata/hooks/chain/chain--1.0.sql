\echo Use "CREATE EXTENSION chain" to load this file. \quit
