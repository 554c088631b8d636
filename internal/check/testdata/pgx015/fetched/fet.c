#include "postgres.h"
#include "fmgr.h"

/* fet_parse, which fet--1.0.sql binds, is defined in third_party/ujson's
 * glue: the module's facts are incomplete until fetch-deps.sh has run, so
 * nothing is said about its missing PG_FUNCTION_INFO_V1. */
PG_MODULE_MAGIC;
