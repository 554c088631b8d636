\echo Use "CREATE EXTENSION uq" to load this file. \quit
CREATE TABLE uq_t (i int);
