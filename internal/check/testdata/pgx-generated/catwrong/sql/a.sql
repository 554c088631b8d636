\echo Use "CREATE EXTENSION catw" to load this file. \quit
CREATE TABLE catw_a (id int);
