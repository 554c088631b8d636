/* orl--1.0.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION orl" to load this file. \quit

-- Relocatable: the installer chooses the schema, not the author.
CREATE TABLE orl_t (a integer);
