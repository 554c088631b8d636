\echo Use "CREATE EXTENSION plain" to load this file. \quit
CREATE TABLE plain_items (id integer PRIMARY KEY);
