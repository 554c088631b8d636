\echo Use "CREATE EXTENSION deep" to load this file. \quit
