/* oc--1.0.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION oc" to load this file. \quit

-- One finding, at the control file: it puts everything in public.
CREATE TABLE public.oc_t (a integer);
