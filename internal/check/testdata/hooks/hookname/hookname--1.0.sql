\echo Use "CREATE EXTENSION hookname" to load this file. \quit
