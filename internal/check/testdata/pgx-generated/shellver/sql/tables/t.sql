\echo Use "CREATE EXTENSION shv" to load this file. \quit
CREATE TABLE shv_log (id int);
