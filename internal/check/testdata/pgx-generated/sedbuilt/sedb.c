#include "postgres.h"
#include "fmgr.h"
PG_MODULE_MAGIC;
/* Bound by the generated script, whose content is unknown: no PGX004. */
PG_FUNCTION_INFO_V1(sedb_f);
Datum sedb_f(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
