\echo Use "CREATE EXTENSION lmk" to load this file. \quit
CREATE TABLE lmk_items (id integer PRIMARY KEY, label text NOT NULL);
