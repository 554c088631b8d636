#include "postgres.h"
#include "fmgr.h"
/* PG_MODULE_MAGIC and gen_hello are in the generated gen_funcs.c: no PGX007, no PGX001. */
